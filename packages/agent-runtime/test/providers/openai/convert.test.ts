import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/ports/messages.js';
import { toChatMessages } from '../../../src/providers/openai/convert.js';

describe('toChatMessages', () => {
  it('puts tool messages before the user text that shares their Converse message', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ text: 'Time?' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'c1', name: 'clock', input: {} } }] },
      {
        role: 'user',
        content: [
          { text: 'Also, hurry.' },
          {
            toolResult: {
              toolUseId: 'c1',
              status: 'success',
              content: [{ text: '12:00' }, { json: [1, 2] }],
            },
          },
        ],
      },
    ];
    expect(toChatMessages(undefined, messages)).toEqual([
      { role: 'user', content: 'Time?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '12:00\n[1,2]' },
      { role: 'user', content: 'Also, hurry.' },
    ]);
  });

  it('answers a call that has no result and sends a result without its call as text', () => {
    const messages: Message[] = [
      {
        role: 'user',
        content: [{ toolResult: { toolUseId: 'old', status: 'error', content: [{ text: 'boom' }] } }],
      },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'c2', name: 'clock', input: {} } }] },
      { role: 'user', content: [{ text: 'Never mind.' }] },
    ];
    expect(toChatMessages(undefined, messages)).toEqual([
      { role: 'user', content: 'Result of tool call old: Error: boom' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c2', type: 'function', function: { name: 'clock', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c2', content: 'Error: no result was recorded for this tool call.' },
      { role: 'user', content: 'Never mind.' },
    ]);
  });

  it('joins text blocks (memory context first) and inlines text documents only', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { text: '<user_context>\nLikes tea\n</user_context>' },
          { text: 'Summarise these.' },
          { document: { format: 'md', name: 'notes', source: { bytes: encode('# Notes\nBuy tea') } } },
          { document: { format: 'pdf', name: 'scan', source: { bytes: new Uint8Array([37, 80, 68, 70]) } } },
        ],
      },
    ];
    expect(toChatMessages('sys', messages)).toEqual([
      { role: 'system', content: 'sys' },
      {
        role: 'user',
        content:
          '<user_context>\nLikes tea\n</user_context>\n\nSummarise these.\n\n' +
          '<document name="notes" format="md">\n# Notes\nBuy tea\n</document>\n\n' +
          '[Document "scan" (pdf) not sent: this model server accepts text documents only.]',
      },
    ]);
  });
});
