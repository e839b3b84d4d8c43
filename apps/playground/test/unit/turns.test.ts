import { describe, expect, it } from 'vitest';
import type { AgentEvent, StoredEvent } from '../../src/api/types.js';
import { applyEvent, failTurn, historyToTurns, startTurn } from '../../src/chat/turns.js';

const stored = (
  eventId: string,
  role: 'user' | 'assistant',
  content: StoredEvent['messages'][0]['content'],
) => ({
  eventId,
  eventTimestamp: '2026-01-01T00:00:00.000Z',
  roles: [role.toUpperCase()],
  messages: [{ role, content }],
});

describe('chat turns', () => {
  it('builds a turn from streamed events: recall, tool call with its result and duration, text, usage', () => {
    const events: AgentEvent[] = [
      {
        type: 'recall',
        memories: [{ text: 'likes tea', score: 0.8, namespace: '/users/u/facts', memoryRecordId: 'mem-1' }],
      },
      { type: 'tool-call', toolUseId: 't1', name: 'calculator', input: { expression: '25 * 4 + 10' } },
      {
        type: 'tool-result',
        toolUseId: 't1',
        name: 'calculator',
        status: 'success',
        content: [{ text: '110' }],
        durationMs: 3,
      },
      { type: 'text-delta', text: '25 * 4 + 10 ' },
      { type: 'text-delta', text: '= 110' },
      {
        type: 'final',
        result: {
          text: '25 * 4 + 10 = 110',
          stopReason: 'end_turn',
          usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
        },
      },
    ];
    const turn = events.reduce(applyEvent, startTurn('t', 'What is 25 * 4 + 10?'));
    expect(turn.status).toBe('done');
    expect(turn.recalled).toHaveLength(1);
    expect(turn.items).toEqual([
      {
        kind: 'tool',
        toolUseId: 't1',
        name: 'calculator',
        input: { expression: '25 * 4 + 10' },
        result: { status: 'success', text: '110', durationMs: 3 },
      },
      { kind: 'text', text: '25 * 4 + 10 = 110' },
    ]);
    expect(turn.usage?.totalTokens).toBe(8);
    expect(failTurn(turn, 'boom')).toMatchObject({ status: 'error', error: 'boom' });
  });

  it('rebuilds past turns from stored events, pairing tool results with their calls', () => {
    const turns = historyToTurns([
      stored('e1', 'user', [{ text: 'What is 2 + 2?' }]),
      stored('e2', 'assistant', [
        { toolUse: { toolUseId: 't1', name: 'calculator', input: { expression: '2 + 2' } } },
      ]),
      stored('e3', 'user', [
        { toolResult: { toolUseId: 't1', status: 'success', content: [{ json: { value: 4 } }] } },
      ]),
      stored('e4', 'assistant', [{ text: '2 + 2 = 4' }]),
      stored('e5', 'user', [{ text: 'Thanks' }]),
    ]);
    expect(turns.map((turn) => turn.prompt)).toEqual(['What is 2 + 2?', 'Thanks']);
    expect(turns[0]!.items).toEqual([
      {
        kind: 'tool',
        toolUseId: 't1',
        name: 'calculator',
        input: { expression: '2 + 2' },
        result: { status: 'success', text: '{"value":4}' },
      },
      { kind: 'text', text: '2 + 2 = 4' },
    ]);
    expect(turns.every((turn) => turn.status === 'done' && turn.fromHistory)).toBe(true);
  });
});
