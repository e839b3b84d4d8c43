import type { Message } from '@agentcore-ts/agent-runtime';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeMessage, payloadRole, turnsOf } from '../../src/long-term/event-codec.js';
import { repairHistory } from '../../src/long-term/history.js';
import type { Event } from '../../src/store/types.js';

const event = (payload: Event['payload'], eventId = '0000001752235548000#00000001'): Event => ({
  memoryId: 'local_memory-0000000000',
  actorId: 'a',
  sessionId: 's',
  eventId,
  eventTimestamp: new Date(1752235548000),
  payload,
});

describe('event codec', () => {
  const conversation: Message[] = [
    { role: 'user', content: [{ text: 'What is 25 * 4?' }] },
    {
      role: 'assistant',
      content: [
        { text: 'Let me compute.' },
        {
          toolUse: {
            toolUseId: 'tool-1',
            name: 'calculator',
            input: { expression: '25 * 4', nested: [1, null, true] },
          },
        },
      ],
    },
    {
      role: 'user',
      content: [
        {
          toolResult: {
            toolUseId: 'tool-1',
            status: 'success',
            content: [{ text: '100' }, { json: { value: 100 } }],
          },
        },
      ],
    },
    {
      role: 'user',
      content: [
        { text: 'and this picture?' },
        { image: { format: 'png', source: { bytes: new Uint8Array([0, 1, 2, 250, 255]) } } },
        { document: { format: 'txt', name: 'notes', source: { bytes: Buffer.from('hello') } } },
      ],
    },
    { role: 'assistant', content: [{ text: '25 * 4 = 100' }] },
  ];

  it('round-trips every Converse block losslessly, bytes included', () => {
    const decoded = conversation.flatMap((message) => decodeEvent(event(encodeMessage(message))));
    expect(decoded).toHaveLength(conversation.length);
    expect(decoded[1]).toEqual(conversation[1]);
    expect(decoded[2]).toEqual(conversation[2]);
    const image = decoded[3]!.content[1] as { image: { source: { bytes: Uint8Array } } };
    expect(image.image.source.bytes).toBeInstanceOf(Uint8Array);
    expect([...image.image.source.bytes]).toEqual([0, 1, 2, 250, 255]);
    const document = decoded[3]!.content[2] as { document: { source: { bytes: Uint8Array } } };
    expect(Buffer.from(document.document.source.bytes).toString()).toBe('hello');
  });

  it('stores the message as JSON in conversational text, with USER / ASSISTANT / TOOL roles', () => {
    const [item] = encodeMessage(conversation[1]!);
    expect(item!.conversational!.role).toBe('ASSISTANT');
    expect(JSON.parse(item!.conversational!.content.text)).toEqual({ message: conversation[1] });
    expect(payloadRole(conversation[2]!)).toBe('TOOL');
    expect(payloadRole(conversation[3]!)).toBe('USER');
  });

  it('puts messages of 100,000 characters or more in a blob, and reads them back', () => {
    const big: Message = { role: 'user', content: [{ text: 'x'.repeat(100_000) }] };
    const payload = encodeMessage(big);
    expect(payload[0]!.blob).toBeTypeOf('string');
    expect(decodeEvent(event(payload))).toEqual([big]);
  });

  it('reads plain-text events written by other integrations, and skips state blobs', () => {
    const decoded = decodeEvent(
      event([
        { conversational: { role: 'USER', content: { text: 'hello there' } } },
        { conversational: { role: 'ASSISTANT', content: { text: '{"not":"a message"}' } } },
        { blob: { stateType: 'SESSION' } },
        { json: { content: { a: 1 } } },
      ]),
    );
    expect(decoded).toEqual([
      { role: 'user', content: [{ text: 'hello there' }] },
      { role: 'assistant', content: [{ text: '{"not":"a message"}' }] },
    ]);
  });

  it('gives extraction the spoken text only: no tool traffic', () => {
    const events = conversation.map((message, index) =>
      event(encodeMessage(message), `000000175223554800${index}#0`),
    );
    expect(turnsOf(events).map((turn) => `${turn.role}: ${turn.text}`)).toEqual([
      'USER: What is 25 * 4?',
      'ASSISTANT: Let me compute.',
      'USER: and this picture?',
      'ASSISTANT: 25 * 4 = 100',
    ]);
  });
});

describe('repairHistory', () => {
  it('drops a half-written turn at the end and orphan tool results at the start', () => {
    const user: Message = { role: 'user', content: [{ text: 'hi' }] };
    const reply: Message = { role: 'assistant', content: [{ text: 'hello' }] };
    const toolUse: Message = {
      role: 'assistant',
      content: [{ toolUse: { toolUseId: 't', name: 'x', input: {} } }],
    };
    const toolResult: Message = {
      role: 'user',
      content: [{ toolResult: { toolUseId: 't', status: 'success', content: [{ text: '1' }] } }],
    };
    expect(repairHistory([user, reply])).toEqual([user, reply]);
    expect(repairHistory([toolResult, reply, user, reply, user, toolUse, toolResult])).toEqual([user, reply]);
    expect(repairHistory([user, toolUse, toolResult, reply])).toEqual([user, toolUse, toolResult, reply]);
  });
});
