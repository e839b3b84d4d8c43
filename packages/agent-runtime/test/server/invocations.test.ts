import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AgentError } from '../../src/errors.js';
import { createAgentApp } from '../../src/server/app.js';
import type { RequestContext } from '../../src/server/request-context.js';
import { ACTOR_HEADER, invoke, REQUEST_HEADER, SESSION_HEADER, SESSION_ID, sseFrames } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function echoApp(options: Partial<Parameters<typeof createAgentApp>[0]> = {}) {
  const seen: Array<{ payload: unknown; context: RequestContext }> = [];
  const agentApp = createAgentApp({
    entrypoint: (payload, context) => {
      seen.push({ payload, context });
      return { ok: true, payload };
    },
    ...options,
  });
  return { agentApp, seen };
}

function failingApp(error: unknown, options: Partial<Parameters<typeof createAgentApp>[0]> = {}) {
  return createAgentApp({
    entrypoint: () => {
      throw error;
    },
    ...options,
  });
}

describe('POST /invocations: JSON', () => {
  it('passes the payload and the context, answers JSON and echoes the session id', async () => {
    const { agentApp, seen } = echoApp({ requestHeaderAllowlist: ['X-Tenant'] });
    const res = await invoke(agentApp, '{"prompt":"hello"}', {
      [SESSION_HEADER]: SESSION_ID,
      [REQUEST_HEADER]: 'req-1',
      [ACTOR_HEADER]: 'alice:team/1',
      'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tier': 'gold',
      Authorization: 'Bearer abc',
      'X-Tenant': 'acme',
      'X-Other': 'hidden',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get(SESSION_HEADER)).toBe(SESSION_ID);
    expect(await res.json()).toEqual({ ok: true, payload: { prompt: 'hello' } });
    const { payload, context } = seen[0]!;
    expect(payload).toEqual({ prompt: 'hello' });
    expect(context.sessionId).toBe(SESSION_ID);
    expect(context.requestId).toBe('req-1');
    expect(context.actorId).toBe('alice:team/1');
    expect(context.acceptsEventStream).toBe(false);
    expect(context.signal.aborted).toBe(false);
    expect(context.headers).toEqual({
      'x-amzn-bedrock-agentcore-runtime-custom-tier': 'gold',
      'x-amzn-bedrock-agentcore-runtime-custom-actor-id': 'alice:team/1',
      authorization: 'Bearer abc',
      'x-tenant': 'acme',
    });
  });

  it('generates a session id and a request id when absent; the actor defaults to user', async () => {
    const { agentApp, seen } = echoApp();
    const res = await invoke(agentApp, '{}');
    expect(res.status).toBe(200);
    const { context } = seen[0]!;
    expect(context.sessionId).toMatch(UUID);
    expect(res.headers.get(SESSION_HEADER)).toBe(context.sessionId);
    expect(context.requestId).toMatch(UUID);
    expect(context.actorId).toBe('user');
  });

  it.each([
    [32, 400],
    [33, 200],
    [256, 200],
    [257, 400],
    [0, 400],
  ])('a session id of %i characters answers %i', async (length, status) => {
    const { agentApp, seen } = echoApp();
    const res = await invoke(agentApp, '{}', { [SESSION_HEADER]: 's'.repeat(length) });
    expect(res.status).toBe(status);
    if (status === 400) {
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain(SESSION_HEADER);
      expect(error).toContain('33 to 256 characters');
      expect(error).toContain(`got ${length}`);
      expect(seen).toHaveLength(0);
    } else {
      expect(seen[0]!.context.sessionId).toBe('s'.repeat(length));
    }
  });

  it.each([
    ['bad actor', 400],
    ['-leading-dash', 400],
    ['a'.repeat(256), 400],
    ['a'.repeat(255), 200],
    ['user_1-x/y:z', 200],
  ])('actor id %j answers %i', async (actor, status) => {
    const { agentApp } = echoApp();
    const res = await invoke(agentApp, '{}', { [ACTOR_HEADER]: actor });
    expect(res.status).toBe(status);
    if (status === 400) {
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain(ACTOR_HEADER);
      expect(error).toContain('AgentCore Memory actorId rule');
      expect(error).toContain('1 to 255 characters');
    }
  });

  it('refuses a forwarded header value over 4 KB, accepts 4096 bytes', async () => {
    const { agentApp } = echoApp();
    const name = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Big';
    expect((await invoke(agentApp, '{}', { [name]: 'x'.repeat(4096) })).status).toBe(200);
    const res = await invoke(agentApp, '{}', { [name]: 'x'.repeat(4097) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /custom-big is 4097 bytes.*at most 4096/i,
    );
  });

  it.each([
    ['{"prompt": ', /^Invalid JSON: /],
    ['not json', /^Invalid JSON: /],
    ['', /^Invalid JSON: the body is empty$/],
  ])('malformed body %j answers 400 JSON', async (body, message) => {
    const { agentApp, seen } = echoApp();
    const res = await invoke(agentApp, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it('tolerates a wrong content type when the body is JSON', async () => {
    const { agentApp } = echoApp();
    const res = await invoke(agentApp, '[1,2]', { 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, payload: [1, 2] });
  });

  it('answers 413 on a declared Content-Length over the limit, before reading', async () => {
    const { agentApp, seen } = echoApp({ maxPayloadBytes: 100 });
    const body = JSON.stringify({ text: 'x'.repeat(200) });
    const res = await invoke(agentApp, body, { 'content-length': String(body.length) });
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as { error: string };
    expect(error).toBe(
      `Payload too large: Content-Length is ${body.length} bytes; limit is 100 bytes (set maxPayloadBytes / MAX_PAYLOAD_BYTES)`,
    );
    expect(seen).toHaveLength(0);
  });

  it('answers 413 when the bytes read exceed the limit without a Content-Length', async () => {
    const { agentApp } = echoApp({ maxPayloadBytes: 100 });
    const res = await invoke(agentApp, JSON.stringify({ text: 'x'.repeat(200) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /more than 100 bytes; limit is 100 bytes/,
    );
    expect((await invoke(agentApp, JSON.stringify({ text: 'x'.repeat(80) }))).status).toBe(200);
  });

  it('answers null for an undefined result and 500 for a result that cannot be serialised', async () => {
    const nothing = createAgentApp({ entrypoint: () => undefined });
    expect(await (await invoke(nothing, '{}')).text()).toBe('null');
    const bigint = createAgentApp({ entrypoint: async () => ({ n: 1n }) });
    const res = await invoke(bigint, '{}', { [REQUEST_HEADER]: 'r-big' });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'Internal error (request id r-big)' });
  });
});

describe('POST /invocations: entrypoint errors', () => {
  it('keeps the status and message of an error with a 4xx status', async () => {
    const error = Object.assign(new Error('prompt is required'), { status: 422 });
    const res = await invoke(failingApp(error), '{}');
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'prompt is required' });
  });

  it('answers 400 for a user AgentError', async () => {
    const res = await invoke(failingApp(new AgentError({ id: 'NO', category: 'user' }, 'bad prompt')), '{}');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad prompt' });
  });

  it('treats the errors of the other packages (same fields, their own classes) as it treats AgentError', async () => {
    // As @agentcore-ts/tools' ToolError and @agentcore-ts/memory's LongTermMemoryError: no runtime import.
    class PackageError extends Error {
      readonly details = {};
      constructor(
        readonly id: string,
        readonly category: 'user' | 'third_party' | 'system',
        readonly retryable: boolean,
        message: string,
      ) {
        super(message);
      }
    }
    const user = await invoke(
      failingApp(new PackageError('TOOL_INPUT', 'user', false, 'x is not a number')),
      '{}',
    );
    expect(user.status).toBe(400);
    expect(await user.json()).toEqual({ error: 'x is not a number' });
    const down = new PackageError('MEMORY_UNAVAILABLE', 'third_party', true, 'db at 10.0.0.7 refused');
    const unavailable = await invoke(failingApp(down), '{}', { [REQUEST_HEADER]: 'r-7' });
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({
      error:
        'A service the agent depends on is unavailable (MEMORY_UNAVAILABLE); try again later (request id r-7)',
    });
    // An error that merely has an `id` is not one of ours.
    const other = await invoke(
      failingApp(Object.assign(new Error('secret'), { id: 'X', category: 'nope' })),
      '{}',
    );
    expect(other.status).toBe(500);
  });

  it('answers 400 listing the issues of a ZodError by path', async () => {
    const schema = z.object({ prompt: z.string(), options: z.object({ topK: z.number() }) });
    const agentApp = createAgentApp({ entrypoint: (payload) => schema.parse(payload) });
    const res = await invoke(agentApp, '{"options":{"topK":"3"}}');
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^Invalid payload: /);
    expect(error).toContain('prompt: ');
    expect(error).toContain('options.topK: ');
  });

  it('hides anything else behind a 500 naming the request id, and logs the details', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    );
    const agentApp = failingApp(new Error('db password is hunter2'), { logger });
    for (const thrown of [agentApp, failingApp('a string', { logger }), failingApp(null, { logger })]) {
      const res = await invoke(thrown, '{}', { [REQUEST_HEADER]: 'req-9', [SESSION_HEADER]: SESSION_ID });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'Internal error (request id req-9)' });
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('at ');
    }
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const first = logged.find((line) => line.msg === 'invocation failed')!;
    expect(first).toMatchObject({ requestId: 'req-9', sessionId: SESSION_ID, actorId: 'user', level: 50 });
    expect(JSON.stringify(first.err)).toContain('hunter2');
  });

  it('lets onError choose the reply, and ignores an onError that throws', async () => {
    const seen = vi.fn();
    const custom = failingApp(new Error('quota'), {
      onError: (error, context) => {
        seen(error, context.requestId);
        return { status: 429, message: 'slow down' };
      },
    });
    const res = await invoke(custom, '{}', { [REQUEST_HEADER]: 'r1' });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: 'slow down' });
    expect(seen).toHaveBeenCalledWith(expect.any(Error), 'r1');

    const broken = failingApp(new Error('x'), {
      onError: () => {
        throw new Error('hook broke');
      },
    });
    expect((await invoke(broken, '{}')).status).toBe(500);
  });
});

describe('POST /invocations: SSE (web stream path)', () => {
  it('sends one data frame per value with the SSE headers', async () => {
    const agentApp = createAgentApp({
      entrypoint: async function* () {
        yield 'a';
        yield { n: 1, text: 'line\nbreak' };
        yield undefined;
      },
    });
    const res = await invoke(agentApp, '{}', { [SESSION_HEADER]: SESSION_ID });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get(SESSION_HEADER)).toBe(SESSION_ID);
    expect(await res.text()).toBe('data: "a"\n\ndata: {"n":1,"text":"line\\nbreak"}\n\ndata: null\n\n');
    expect(agentApp.inFlight.count).toBe(0);
  });

  it('ends a stream that fails midway with one error frame', async () => {
    const agentApp = createAgentApp({
      entrypoint: async function* () {
        yield 1;
        yield 2;
        throw new Error('model connection reset');
      },
    });
    const res = await invoke(agentApp, '{}', { [REQUEST_HEADER]: 'r-mid' });
    expect(res.status).toBe(200);
    expect(sseFrames(await res.text())).toEqual([
      'data: 1',
      'data: 2',
      'event: error\ndata: {"error":"Internal error (request id r-mid)"}',
    ]);
  });

  it('shows the message of a user error midway', async () => {
    const agentApp = createAgentApp({
      entrypoint: async function* () {
        yield 'x';
        throw new AgentError({ id: 'TOOL_INPUT', category: 'user' }, 'expression is empty');
      },
    });
    const frames = sseFrames(await (await invoke(agentApp, '{}')).text());
    expect(frames.at(-1)).toBe('event: error\ndata: {"error":"expression is empty"}');
  });

  it('answers a JSON status when the stream fails before its first value', async () => {
    const agentApp = createAgentApp({
      // biome-ignore lint/correctness/useYield: the generator fails before it yields, on purpose.
      entrypoint: async function* () {
        throw Object.assign(new Error('unknown tool'), { status: 404 });
      },
    });
    const res = await invoke(agentApp, '{}');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'unknown tool' });
  });

  it('sets acceptsEventStream only when Accept names text/event-stream', async () => {
    const { agentApp, seen } = echoApp();
    await invoke(agentApp, '{}', { accept: 'application/json, text/event-stream;q=0.9' });
    await invoke(agentApp, '{}', { accept: '*/*' });
    await invoke(agentApp, '{}', { accept: 'text/event-stream;q=0' });
    expect(seen.map((s) => s.context.acceptsEventStream)).toEqual([true, false, false]);
  });
});
