import type { ModelProvider, ModelRequest, ModelStreamEvent } from '@agentcore-ts/agent-runtime';
import { describe, expect, it } from 'vitest';
import { LongTermMemoryError } from '../../src/long-term/errors.js';
import type { ConversationTurn } from '../../src/long-term/event-codec.js';
import { modelExtractor } from '../../src/long-term/extraction/model-extractor.js';
import { tutorialStrategies } from '../../src/long-term/strategies.js';

/** A model that answers each call with the next scripted reply (text, or a tool call). */
function scriptedModel(replies: (string | { tool: string; input: unknown })[]) {
  const requests: ModelRequest[] = [];
  const model: ModelProvider = {
    system: 'test',
    modelId: 'scripted',
    async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
      requests.push(request);
      const reply = replies.shift();
      if (reply === undefined) throw new Error('no scripted reply left');
      if (typeof reply === 'string') {
        yield { type: 'text-delta', text: reply.slice(0, 5) };
        yield { type: 'text-delta', text: reply.slice(5) };
        yield { type: 'stop', stopReason: 'end_turn' };
      } else {
        yield { type: 'tool-use', toolUseId: 't1', name: reply.tool, input: reply.input as never };
        yield { type: 'stop', stopReason: 'tool_use' };
      }
    },
  };
  return { model, requests };
}

const [facts, preferences, summaries] = tutorialStrategies();
const turns: ConversationTurn[] = [
  { role: 'USER', text: 'I moved from Paris to Berlin.', eventId: '1#1', timestamp: new Date(0) },
];

describe('modelExtractor', () => {
  it('extracts facts from a JSON answer, with one prompt per strategy', async () => {
    const { model, requests } = scriptedModel([
      'Here you go:\n```json\n{"facts":[{"fact":"The user lives in Berlin."},{"fact":"The user lived in Paris.","retract":true}]}\n```',
    ]);
    const candidates = await modelExtractor({ model }).extract({ strategy: facts!, turns, context: [] });
    expect(candidates).toEqual([
      { text: 'The user lives in Berlin.' },
      { text: 'The user lived in Paris.', retract: true },
    ]);
    expect(requests[0]!.system).toContain('standalone FACTS');
    expect(requests[0]!.messages[0]!.content[0]).toEqual({
      text: expect.stringContaining('USER: I moved from Paris to Berlin.'),
    });
    expect(requests[0]!.tools[0]!.name).toBe('record_facts');
  });

  it('takes the answer from a tool call, and writes preferences as AgentCore JSON', async () => {
    const { model, requests } = scriptedModel([
      {
        tool: 'record_preferences',
        input: {
          preferences: [{ context: 'said so', preference: 'Prefers Berlin', categories: ['travel'] }],
        },
      },
    ]);
    const candidates = await modelExtractor({ model }).extract({
      strategy: preferences!,
      turns,
      context: [],
    });
    expect(candidates).toEqual([
      { text: '{"context":"said so","preference":"Prefers Berlin","categories":["travel"]}' },
    ]);
    expect(requests[0]!.system).toContain('PREFERENCES');
  });

  it('maps consolidation ids back to record ids', async () => {
    const { model } = scriptedModel([
      '{"operations":[{"action":"UPDATE","id":"0","text":"The user lives in Berlin."},{"action":"DELETE","id":1},{"action":"NONE"},{"action":"ADD","text":"The user has a bike."}]}',
    ]);
    const operations = await modelExtractor({ model }).consolidate({
      strategy: facts!,
      candidates: [{ text: 'The user lives in Berlin.' }],
      existing: [
        { memoryRecordId: 'mem-paris', text: 'The user lives in Paris.', score: 0.7 },
        { memoryRecordId: 'mem-old', text: 'The user is visiting Paris.', score: 0.4 },
      ],
    });
    expect(operations).toEqual([
      { action: 'UPDATE', memoryRecordId: 'mem-paris', text: 'The user lives in Berlin.' },
      { action: 'DELETE', memoryRecordId: 'mem-old' },
      { action: 'NONE' },
      { action: 'ADD', text: 'The user has a bike.' },
    ]);
  });

  it('skips the model call when nothing exists to consolidate against', async () => {
    const { model, requests } = scriptedModel([]);
    const operations = await modelExtractor({ model }).consolidate({
      strategy: facts!,
      candidates: [{ text: 'A' }, { text: 'B', retract: true }],
      existing: [],
    });
    expect(operations).toEqual([{ action: 'ADD', text: 'A' }]);
    expect(requests).toHaveLength(0);
  });

  it('writes the running summary', async () => {
    const { model } = scriptedModel([
      '{"summary":"<topic name=\\"Moving\\">The user moved to Berlin.</topic>"}',
    ]);
    const summary = await modelExtractor({ model }).summarize({ strategy: summaries!, turns });
    expect(summary).toBe('<topic name="Moving">The user moved to Berlin.</topic>');
  });

  it('rejects malformed answers cleanly, naming what was wrong', async () => {
    const cases: [string, RegExp][] = [
      ['I could not find any facts, sorry.', /did not answer with valid record_facts JSON/],
      ['{"facts":[{"fact":""}]}', /facts\.0\.fact/],
      ['{"facts": "The user lives in Berlin"}', /facts: /],
      ['{"facts":[{"fact":"ok"}', /\(root\)/],
    ];
    for (const [reply, message] of cases) {
      const { model } = scriptedModel([reply]);
      const attempt = modelExtractor({ model }).extract({ strategy: facts!, turns, context: [] });
      await expect(attempt, reply).rejects.toThrow(message);
      await attempt.catch((error: LongTermMemoryError) => {
        expect(error).toBeInstanceOf(LongTermMemoryError);
        expect(error.id).toBe('MEMORY_EXTRACTION_OUTPUT_INVALID');
        expect(error.retryable).toBe(true);
      });
    }
    const { model } = scriptedModel(['{"operations":[{"action":"DELETE","id":"7"}]}']);
    await expect(
      modelExtractor({ model }).consolidate({
        strategy: facts!,
        candidates: [{ text: 'x' }],
        existing: [{ memoryRecordId: 'mem-1', text: 'y', score: 1 }],
      }),
    ).rejects.toThrow(/only ids 0 to 0 exist/);
    const summary = scriptedModel(['{"summary":"no topics here"}']);
    await expect(
      modelExtractor({ model: summary.model }).summarize({ strategy: summaries!, turns }),
    ).rejects.toThrow(/<topic name/);
  });
});
