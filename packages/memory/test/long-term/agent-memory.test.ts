import { join } from 'node:path';
import { Agent, type Tool } from '@agentcore-ts/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalMemory, type OwnedAgentMemory } from '../../src/long-term/local.js';
import { toMemorySessionId } from '../../src/long-term/session-id.js';
import { scriptedAgentModel, tempDir, waitFor } from './helpers.js';

const note: Tool = {
  name: 'note',
  description: 'Takes a note.',
  inputSchema: { type: 'object' },
  async invoke() {
    return { ok: true, saved: [1, 2, 3] };
  },
};
const TEA =
  'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar';
const QUESTION = 'What kind of hot drinks do I like and how do I prefer them prepared?';
// Runtime session ids are 33+ characters; this one does not fit a memory session id and gets mapped.
const SESSION_A = 'session-a:0123456789abcdef0123456789abcdef';
const SESSION_B = 'session-b-0123456789abcdef0123456789abcdef';

describe('createAgentMemory with createLocalMemory (real SQLite file, real Agent)', () => {
  const open: OwnedAgentMemory[] = [];
  let cleanup = () => {};
  afterEach(async () => {
    for (const memory of open.splice(0)) await memory.close();
    cleanup();
  });

  const localMemory = (path: string) => {
    const memory = createLocalMemory({ path, extractionDelayMs: 50 });
    open.push(memory);
    return memory;
  };

  it('restores history losslessly, recalls the tea records for user123 and nothing for another actor', async () => {
    const temp = tempDir('long-term-agent-');
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'memory.db');
    const memory = localMemory(path);
    const scopeA = { actorId: 'user123', sessionId: SESSION_A };

    const first = new Agent({ model: scriptedAgentModel(), tools: [note], memory, scope: scopeA });
    const result = await first.invoke(TEA);
    expect(result.text).toBe('Noted.');
    expect(first.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);

    // The events are stored under the mapped memory session id, one per message.
    const { events } = await memory.store.listEvents({
      memoryId: memory.memoryId,
      actorId: 'user123',
      sessionId: toMemorySessionId(SESSION_A),
    });
    expect(events).toHaveLength(4);
    expect(events.map((event) => event.payload[0]!.conversational?.role)).toEqual([
      'ASSISTANT',
      'TOOL',
      'ASSISTANT',
      'USER',
    ]);

    // A new Agent (as after a restart) gets the same conversation back, tool blocks included.
    const restored = await memory.history(scopeA);
    expect(restored).toEqual(first.messages);
    const model = scriptedAgentModel();
    const second = new Agent({ model, tools: [note], memory, scope: scopeA });
    await second.invoke('And I live in Lisbon.');
    expect(model.requests[0]!.messages.slice(0, 4)).toEqual(first.messages);

    // Extraction runs in the background; the server would report HealthyBusy meanwhile.
    await waitFor(() => memory.pendingExtractions() === 0, 10_000, 'extraction');
    const records = await memory.store.listMemoryRecords({
      memoryId: memory.memoryId,
      namespace: '/users/user123/',
    });
    const texts = records.memoryRecordSummaries.map((record) => record.content.text);
    expect(texts).toEqual(expect.arrayContaining([expect.stringContaining('The user lives in Lisbon.')]));

    // Session B, same actor: recall finds the tea records above the relevance floor.
    const recalled = await memory.recall({ actorId: 'user123', sessionId: SESSION_B }, QUESTION);
    const joined = recalled.map((memory) => memory.text).join('\n');
    expect(joined).toContain('Earl Grey');
    expect(joined).toContain('milk');
    expect(joined).toContain('sugar');
    for (const item of recalled) {
      expect(item.score).toBeGreaterThanOrEqual(0.2);
      expect(item.namespace.startsWith('/users/user123/')).toBe(true);
    }
    expect(recalled.map((item) => item.namespace)).toContain('/users/user123/preferences');
    expect(recalled.map((item) => item.score)).toEqual(
      [...recalled.map((item) => item.score)].sort((a, b) => b - a),
    );

    // Through an Agent in session B, the records reach the model in a <user_context> block.
    const modelB = scriptedAgentModel();
    const agentB = new Agent({
      model: modelB,
      tools: [note],
      memory,
      scope: { actorId: 'user123', sessionId: SESSION_B },
    });
    const answer = await agentB.invoke(QUESTION);
    expect(answer.recalled.length).toBeGreaterThan(0);
    expect(answer.text).toContain('Earl Grey');

    // Another actor asking the same gets nothing.
    expect(await memory.recall({ actorId: 'user999', sessionId: SESSION_B }, QUESTION)).toEqual([]);
    expect(await memory.history({ actorId: 'user999', sessionId: SESSION_A })).toEqual([]);

    // A summary of session A exists under its own namespace.
    const summaries = await memory.store.listMemoryRecords({
      memoryId: memory.memoryId,
      namespace: `/summaries/user123/${toMemorySessionId(SESSION_A)}`,
    });
    expect(summaries.memoryRecordSummaries[0]!.content.text).toContain('The user lives in Lisbon.');
  });

  it('keeps everything across a reopen of the file, and pending jobs run on the next start', async () => {
    const temp = tempDir('long-term-reopen-');
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'memory.db');
    const scope = { actorId: 'user123', sessionId: SESSION_A };
    const before = createLocalMemory({ path, extractionDelayMs: 60_000 });
    await new Agent({ model: scriptedAgentModel(), tools: [note], memory: before, scope }).invoke(
      'I live in Paris.',
    );
    expect(before.pendingExtractions()).toBe(1); // due in a minute; the process "stops" first
    await before.close();

    const after = createLocalMemory({ path, extractionDelayMs: 60_000 });
    open.push(after);
    expect(after.pendingExtractions()).toBe(1);
    await after.flushExtractions();
    expect(after.pendingExtractions()).toBe(0);
    const recalled = await after.recall(scope, 'Where do I live?');
    expect(recalled.map((item) => item.text)).toEqual(['The user lives in Paris.']);
  });

  it('replaces the old city when the user moves, instead of adding a contradiction', async () => {
    const temp = tempDir('long-term-move-');
    cleanup = temp.cleanup;
    const memory = localMemory(join(temp.dir, 'memory.db'));
    const scope = { actorId: 'user123', sessionId: SESSION_A };
    const agent = new Agent({ model: scriptedAgentModel(), tools: [note], memory, scope });
    await agent.invoke('I live in Paris.');
    await memory.flushExtractions();
    await agent.invoke('I moved from Paris to Berlin.');
    await memory.flushExtractions();
    await agent.invoke('I live in Berlin.'); // a duplicate: skipped
    await memory.flushExtractions();
    const { memoryRecordSummaries } = await memory.store.listMemoryRecords({
      memoryId: memory.memoryId,
      namespace: '/users/user123/facts',
    });
    expect(memoryRecordSummaries.map((record) => record.content.text)).toEqual([
      'The user lives in Berlin (moved there from Paris).',
    ]);
    await agent.invoke('Forget that I live in Berlin.');
    await memory.flushExtractions();
    const after = await memory.store.listMemoryRecords({
      memoryId: memory.memoryId,
      namespace: '/users/user123/facts',
    });
    expect(after.memoryRecordSummaries).toEqual([]);
  });
});
