import { randomUUID } from 'node:crypto';
import { toMemorySessionId } from '@agentcore-ts/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionView, RecordView, TraceView } from '../../src/dev-api/index.js';
import { createDevApp, type DevApp, waitFor } from './dev-app.js';

type Json = Record<string, unknown>;
type Groups = Array<{ namespace: string; records: RecordView[] }>;

const newSession = () => `playground-${randomUUID()}`;
const TEA =
  'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar';

describe('dev API (/_dev) over a real SQLite memory', () => {
  let app: DevApp;
  const get = async (path: string) => {
    const response = await app.request(path);
    return { status: response.status, body: (await response.json()) as Json };
  };
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const extraction = async (actorId: string, sessionId: string) =>
    (await get(`/_dev/extraction?actorId=${actorId}&sessionId=${sessionId}`))
      .body as unknown as ExtractionView;

  const sessionA = newSession();
  beforeAll(async () => {
    app = await createDevApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('describes the model and the memory', async () => {
    const { status, body } = await get('/_dev/info');
    expect(status).toBe(200);
    expect(body.model).toEqual({ system: 'offline', modelId: 'offline-dev' });
    const memory = body.memory as {
      backend: string;
      memoryId: string;
      strategies: Array<{ namespaces: string[] }>;
    };
    expect(memory.backend).toBe('sqlite');
    expect(memory.memoryId).toBe(app.memory.memoryId);
    expect(memory.strategies.flatMap((strategy) => strategy.namespaces)).toEqual([
      '/users/{actorId}/facts',
      '/users/{actorId}/preferences',
      '/summaries/{actorId}/{sessionId}',
    ]);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: Array<[Promise<{ status: number; body: Json }>, string]> = [
      [get('/_dev/sessions'), 'actorId'],
      [get('/_dev/records?actorId=bad%20actor'), 'actorId'],
      [get('/_dev/events?actorId=user123'), 'sessionId'],
      [get(`/_dev/events?actorId=user123&sessionId=${sessionA}&memorySessionId=x`), 'sessionId'],
      [get('/_dev/extraction?actorId=user123&sessionId=too-short'), 'sessionId'],
      [get('/_dev/events?actorId=user123&memorySessionId=has%20space'), 'memorySessionId'],
      [get('/_dev/traces'), 'sessionId'],
      [send('POST', '/_dev/retrieve', '{"actorId": '), 'body'],
      [send('POST', '/_dev/retrieve', { actorId: 'user123', query: '  ' }), 'query'],
      [send('POST', '/_dev/retrieve', { query: 'tea' }), 'actorId'],
      [send('DELETE', '/_dev/records/not-a-record-id'), 'id'],
    ];
    for (const [pending, field] of cases) {
      const { status, body } = await pending;
      expect(status, JSON.stringify(body)).toBe(400);
      expect(body.field).toBe(field);
      expect(String(body.error)).toContain(field);
    }
  });

  it('answers unknown dev routes with 404 listing the dev routes', async () => {
    const { status, body } = await get('/_dev/nothing');
    expect(status).toBe(404);
    expect(String(body.error)).toContain('GET /_dev/records?actorId=');
  });

  it('refuses clients that are not on the loopback interface', async () => {
    const remote = await app.request(
      '/_dev/info',
      {},
      { incoming: { socket: { remoteAddress: '10.1.2.3' } } },
    );
    expect(remote.status).toBe(403);
    const local = await app.request(
      '/_dev/info',
      {},
      { incoming: { socket: { remoteAddress: '::ffff:127.0.0.1' } } },
    );
    expect(local.status).toBe(200);
  });

  it('shows a session’s events, its extraction going to done, and the records it produced', async () => {
    expect((await extraction('user123', sessionA)).state).toBe('none');
    await app.invoke(TEA, { actorId: 'user123', sessionId: sessionA });

    const { body: sessions } = await get('/_dev/sessions?actorId=user123');
    expect(sessions.sessions).toEqual([
      { memorySessionId: sessionA, runtimeSessionId: sessionA, createdAt: expect.any(String) },
    ]);
    const { body: events } = await get(`/_dev/events?actorId=user123&sessionId=${sessionA}`);
    const list = events.events as Array<{
      roles: string[];
      messages: Array<{ role: string; content: Json[] }>;
    }>;
    expect(list.map((event) => event.roles[0])).toEqual(['USER', 'ASSISTANT']);
    expect(list[0]!.messages[0]!.content[0]).toEqual({ text: TEA });

    const states = new Set<string>();
    await waitFor(async () => {
      const state = (await extraction('user123', sessionA)).state;
      states.add(state);
      return state === 'done' ? state : undefined;
    }, 'extraction to finish');
    expect([...states].every((state) => ['pending', 'running', 'done'].includes(state))).toBe(true);

    const { body: records } = await get('/_dev/records?actorId=user123');
    const groups = records.namespaces as Groups;
    const preferences = groups.find((group) => group.namespace === '/users/user123/preferences');
    expect(preferences?.records.some((record) => record.text.includes('Earl Grey'))).toBe(true);
    expect(
      groups.every((group) => group.records.every((record) => record.namespace === group.namespace)),
    ).toBe(true);
    expect(groups.map((group) => group.namespace)).toEqual([
      '/users/user123/facts',
      '/users/user123/preferences',
      `/summaries/user123/${sessionA}`,
    ]);
  });

  it('retrieves with scores, marks what recall would pass, and keeps actors apart', async () => {
    const { status, body } = await send('POST', '/_dev/retrieve', {
      actorId: 'user123',
      query: 'What kind of hot drinks do I like and how do I prefer them prepared?',
    });
    expect(status).toBe(200);
    const results = body.results as Array<RecordView & { score: number; recalled: boolean }>;
    const tea = results.find((result) => result.text.includes('Earl Grey'));
    expect(tea?.score).toBeGreaterThan(0.2);
    expect(tea?.recalled).toBe(true);
    expect(results.map((result) => result.score)).toEqual(
      [...results.map((r) => r.score)].sort((a, b) => b - a),
    );

    const other = await send('POST', '/_dev/retrieve', { actorId: 'someone-else', query: 'hot drinks tea' });
    expect(other.body.results).toEqual([]);
    expect((await get('/_dev/records?actorId=someone-else')).body.namespaces).toEqual([]);
  });

  it('deletes a record, and answers 404 for one that is gone', async () => {
    const groups = (await get('/_dev/records?actorId=user123')).body.namespaces as Groups;
    const target = groups
      .flatMap((group) => group.records)
      .find((record) => record.text.includes('Earl Grey'))!;
    const deleted = await send('DELETE', `/_dev/records/${target.memoryRecordId}`);
    expect(deleted).toEqual({ status: 200, body: { deleted: target.memoryRecordId } });
    const after = (await get('/_dev/records?actorId=user123')).body.namespaces as Groups;
    expect(after.flatMap((group) => group.records).map((record) => record.memoryRecordId)).not.toContain(
      target.memoryRecordId,
    );
    const again = await send('DELETE', `/_dev/records/${target.memoryRecordId}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('ResourceNotFoundException');
  });

  it('lists actors', async () => {
    const { body } = await get('/_dev/actors');
    expect(body.actors).toContain('user123');
  });

  it('finds the runtime id of a hashed session id in the spans, and reads its events either way', async () => {
    const runtimeId = `tenant:acme/chat ${randomUUID()}`;
    const memoryId = toMemorySessionId(runtimeId);
    expect(memoryId).not.toBe(runtimeId);
    await app.invoke('My favorite number is 42', { actorId: 'hash-actor', sessionId: runtimeId });
    const { body } = await get('/_dev/sessions?actorId=hash-actor');
    expect(body.sessions).toEqual([
      { memorySessionId: memoryId, runtimeSessionId: runtimeId, createdAt: expect.any(String) },
    ]);
    const byRuntime = await get(`/_dev/events?actorId=hash-actor&sessionId=${encodeURIComponent(runtimeId)}`);
    const byMemory = await get(`/_dev/events?actorId=hash-actor&memorySessionId=${memoryId}`);
    expect(byRuntime.body.memorySessionId).toBe(memoryId);
    expect(byRuntime.body.events).toEqual(byMemory.body.events);
    expect((byMemory.body.events as unknown[]).length).toBe(2);
  });

  it('groups a session’s spans into invocations with model, tool and memory spans and token usage', async () => {
    const sessionId = newSession();
    await app.invoke('What is 25 * 4 + 10?', { actorId: 'user123', sessionId });
    await app.invoke('What is 2 + 2?', { actorId: 'user123', sessionId });
    const { status, body } = await get(`/_dev/traces?sessionId=${sessionId}`);
    expect(status).toBe(200);
    const traces = body.traces as TraceView[];
    expect(traces).toHaveLength(2);
    const [first, second] = traces as [TraceView, TraceView];
    expect(first.startTime).toBeLessThanOrEqual(second.startTime);
    expect(first.name).toBe('invoke_agent test-agent');
    const kinds = first.spans.map((span) => span.kind);
    expect(kinds).toEqual(expect.arrayContaining(['agent', 'model', 'tool', 'memory']));
    expect(kinds.filter((kind) => kind === 'model')).toHaveLength(2);
    expect(first.spans.map((span) => span.name)).toEqual(
      expect.arrayContaining(['memory.history', 'memory.recall', 'memory.append', 'execute_tool calculator']),
    );
    expect(first.usage.inputTokens).toBeGreaterThan(0);
    expect(first.usage.outputTokens).toBeGreaterThan(0);
    expect(first.spans.every((span) => span.offsetMs >= 0 && span.offsetMs <= first.durationMs)).toBe(true);
    const failedTool = second.spans.find((span) => span.kind === 'tool');
    expect(failedTool?.status.code).toBe('error');
    expect(second.status).toBe('error');
    const other = await get(`/_dev/traces?sessionId=${newSession()}`);
    expect(other.body.traces).toEqual([]);
  });
});
