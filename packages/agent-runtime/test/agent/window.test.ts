import { describe, expect, it } from 'vitest';
import { estimateTokens, windowMessages } from '../../src/agent/window.js';
import type { Message } from '../../src/ports/messages.js';

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ text }] });
const toolUse = (id: string): Message => ({
  role: 'assistant',
  content: [{ toolUse: { toolUseId: id, name: 'calculator', input: { expression: '1+1' } } }],
});
const toolResult = (id: string): Message => ({
  role: 'user',
  content: [{ toolResult: { toolUseId: id, status: 'success', content: [{ text: '2' }] } }],
});

describe('windowMessages', () => {
  it('keeps everything within the budget', () => {
    const messages = [user('a'), assistant('b')];
    expect(windowMessages(messages, 1000)).toBe(messages);
  });

  it('drops whole turns from the oldest end and starts with a user prompt', () => {
    const long = 'x'.repeat(400);
    const messages = [
      user(long),
      toolUse('1'),
      toolResult('1'),
      assistant(long),
      user('recent'),
      assistant('ok'),
    ];
    const window = windowMessages(messages, 50);
    expect(window).toEqual([user('recent'), assistant('ok')]);
  });

  it('never separates a tool use from its result', () => {
    const long = 'y'.repeat(200);
    const messages = [user(long), assistant(long), user('q'), toolUse('7'), toolResult('7'), assistant('a')];
    for (let budget = 1; budget < 400; budget += 7) {
      const window = windowMessages(messages, budget);
      expect(window[0]!.role).toBe('user');
      expect('text' in window[0]!.content[0]!).toBe(true);
      const uses = window.filter((m) => m.content.some((b) => 'toolUse' in b)).length;
      const results = window.filter((m) => m.content.some((b) => 'toolResult' in b)).length;
      expect(uses).toBe(results);
    }
  });

  it('keeps the newest turn even when it alone is over budget', () => {
    const messages = [user('old'), assistant('old'), user('z'.repeat(4000))];
    expect(windowMessages(messages, 10)).toEqual([messages[2]]);
  });

  it('estimates about four characters a token', () => {
    expect(estimateTokens(user('a'.repeat(400)))).toBe(104);
  });
});
