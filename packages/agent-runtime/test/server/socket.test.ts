import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentApp, createAgentApp } from '../../src/server/app.js';
import type { RunningAgentServer } from '../../src/server/serve.js';
import { deferred, rawRequest, SESSION_HEADER, SESSION_ID, sseFrames, start, waitFor } from './helpers.js';

const servers: RunningAgentServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(agentApp: AgentApp): Promise<RunningAgentServer> {
  const server = await start(agentApp);
  servers.push(server);
  return server;
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('on a real socket', () => {
  it('streams SSE frames straight to the response, in order, with the headers', async () => {
    const agentApp = createAgentApp({
      entrypoint: async function* (payload) {
        const { count } = payload as { count: number };
        for (let i = 0; i < count; i += 1) yield { i };
        yield 'done';
      },
    });
    const server = await serve(agentApp);
    const res = await post(server.url, '{"count":3000}', { [SESSION_HEADER]: SESSION_ID });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get(SESSION_HEADER)).toBe(SESSION_ID);
    const frames = sseFrames(await res.text());
    expect(frames).toHaveLength(3001);
    expect(frames[0]).toBe('data: {"i":0}');
    expect(frames[2999]).toBe('data: {"i":2999}');
    expect(frames[3000]).toBe('data: "done"');
    expect(agentApp.inFlight.count).toBe(0);
  });

  it('ends a stream failing midway with one error frame', async () => {
    const agentApp = createAgentApp({
      entrypoint: async function* () {
        yield 'first';
        await sleep(5);
        throw Object.assign(new Error('tool input rejected'), { status: 400 });
      },
    });
    const server = await serve(agentApp);
    const res = await post(server.url, '{}');
    expect(sseFrames(await res.text())).toEqual([
      'data: "first"',
      'event: error\ndata: {"error":"tool input rejected"}',
    ]);
  });

  it('answers 413 on a declared Content-Length and on a chunked body over the limit', async () => {
    let calls = 0;
    const agentApp = createAgentApp({
      maxPayloadBytes: 1_000,
      entrypoint: () => {
        calls += 1;
        return { ok: true };
      },
    });
    const server = await serve(agentApp);
    const big = JSON.stringify({ text: 'x'.repeat(1_500) });
    const declared = await rawRequest(server.url, {
      path: '/invocations',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      chunks: [big],
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error).toContain(
      `Content-Length is ${big.length} bytes; limit is 1000 bytes`,
    );

    const chunked = await rawRequest(server.url, {
      path: '/invocations',
      headers: { 'content-type': 'application/json' },
      chunks: [big.slice(0, 600), big.slice(600, 1_200), big.slice(1_200)],
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toContain('received more than 1000 bytes; limit is 1000 bytes');
    expect(calls).toBe(0);

    const small = await rawRequest(server.url, {
      path: '/invocations',
      headers: { 'content-type': 'application/json' },
      chunks: ['{"a":', '1}'],
    });
    expect(small.status).toBe(200);
    expect(calls).toBe(1);
  });

  it('answers /ping promptly while an invocation awaits a 2-second promise', async () => {
    const agentApp = createAgentApp({
      entrypoint: async () => {
        await sleep(2_000);
        return { slow: true };
      },
    });
    const server = await serve(agentApp);
    const slow = post(server.url, '{}');
    await waitFor(() => agentApp.inFlight.count === 1, 5_000, 'the invocation to start');
    const ping = await fetch(`${server.url}/ping`);
    expect(ping.status).toBe(200);
    // An invocation is not background work: still Healthy.
    expect(((await ping.json()) as { status: string }).status).toBe('Healthy');
    // Answered while the invocation is still in flight: /ping did not wait for it.
    expect(agentApp.inFlight.count).toBe(1);
    expect(await (await slow).json()).toEqual({ slow: true });
  });

  it('reports HealthyBusy while background work tracked by the entrypoint runs', async () => {
    const work = deferred();
    const agentApp: AgentApp = createAgentApp({
      entrypoint: () => {
        agentApp.health.track(work.promise);
        return { accepted: true };
      },
    });
    const server = await serve(agentApp);
    expect((await post(server.url, '{}')).status).toBe(200);
    const busy = (await (await fetch(`${server.url}/ping`)).json()) as { status: string };
    expect(busy.status).toBe('HealthyBusy');
    work.resolve();
    await waitFor(() => agentApp.health.status() === 'Healthy', 2_000, 'the task to settle');
    expect(((await (await fetch(`${server.url}/ping`)).json()) as { status: string }).status).toBe('Healthy');
  });

  it('survives a thousand bad requests, then is Healthy and serves a good one', async () => {
    let calls = 0;
    const agentApp = createAgentApp({
      maxPayloadBytes: 1_000,
      entrypoint: (payload) => {
        calls += 1;
        return { echo: payload };
      },
    });
    const server = await serve(agentApp);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const bad: Array<{ body: string; headers: Record<string, string>; status: number }> = [
      { body: '{"prompt": ', headers: {}, status: 400 },
      { body: '\u0000\u0001garbage', headers: { 'content-type': 'application/octet-stream' }, status: 400 },
      { body: '', headers: {}, status: 400 },
      { body: '{}', headers: { [SESSION_HEADER]: 'too-short' }, status: 400 },
      { body: '{}', headers: { [SESSION_HEADER]: 'x'.repeat(300) }, status: 400 },
      {
        body: '{}',
        headers: { 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id': 'no spaces' },
        status: 400,
      },
      { body: JSON.stringify({ t: 'x'.repeat(2_000) }), headers: {}, status: 413 },
    ];
    const send = (index: number) =>
      new Promise<number>((resolve, reject) => {
        const { body, headers } = bad[index % bad.length]!;
        const req = httpRequest(
          `${server.url}/invocations`,
          {
            method: 'POST',
            agent,
            headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const statuses: number[] = [];
    for (let batch = 0; batch < 1_000; batch += 50) {
      const indexes = Array.from({ length: 50 }, (_, i) => batch + i);
      statuses.push(...(await Promise.all(indexes.map(send))));
    }
    agent.destroy();
    expect(statuses).toHaveLength(1_000);
    statuses.forEach((status, index) => {
      expect(status).toBe(bad[index % bad.length]!.status);
    });
    expect(calls).toBe(0);
    expect(agentApp.inFlight.count).toBe(0);
    const ping = (await (await fetch(`${server.url}/ping`)).json()) as { status: string };
    expect(ping.status).toBe('Healthy');
    const good = await post(server.url, '{"prompt":"still here"}');
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ echo: { prompt: 'still here' } });
  });

  it('aborts context.signal when the client goes away during a JSON invocation', async () => {
    const aborted = deferred<boolean>();
    const agentApp = createAgentApp({
      entrypoint: (_payload, context) =>
        new Promise((resolve) => {
          context.signal.addEventListener('abort', () => {
            aborted.resolve(true);
            resolve({ late: true });
          });
        }),
    });
    const server = await serve(agentApp);
    const req = httpRequest(`${server.url}/invocations`, { method: 'POST', agent: false });
    req.on('error', () => undefined);
    req.end('{}');
    await waitFor(() => agentApp.inFlight.count === 1, 5_000, 'the invocation to start');
    req.destroy();
    expect(await aborted.promise).toBe(true);
    await waitFor(() => agentApp.inFlight.count === 0, 5_000, 'the invocation to end');
  });

  it('gives an aborted signal when the entrypoint first looks after the client has gone', async () => {
    const go = deferred();
    const seen = deferred<boolean>();
    const agentApp = createAgentApp({
      entrypoint: async (_payload, context) => {
        await go.promise;
        seen.resolve(context.signal.aborted);
        return null;
      },
    });
    const server = await serve(agentApp);
    const req = httpRequest(`${server.url}/invocations`, { method: 'POST', agent: false });
    req.on('error', () => undefined);
    req.end('{}');
    await waitFor(() => agentApp.inFlight.count === 1, 5_000, 'the invocation to start');
    req.destroy();
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        server.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    const deadline = Date.now() + 5_000;
    while ((await connections()) > 0 && Date.now() < deadline) await sleep(10);
    go.resolve();
    expect(await seen.promise).toBe(true);
  });

  it('stops a stream and aborts its signal when the client goes away midway', async () => {
    let cleanedUp = false;
    let signalAborted = false;
    const agentApp = createAgentApp({
      entrypoint: async function* (_payload, context) {
        try {
          for (let i = 0; ; i += 1) {
            yield { i };
            await sleep(5);
          }
        } finally {
          cleanedUp = true;
          signalAborted = context.signal.aborted;
        }
      },
    });
    const server = await serve(agentApp);
    const firstChunk = deferred<string>();
    const req = httpRequest(`${server.url}/invocations`, { method: 'POST', agent: false }, (res) => {
      res.setEncoding('utf8');
      res.once('data', (chunk: string) => firstChunk.resolve(chunk));
    });
    req.on('error', () => undefined);
    req.end('{}');
    expect(await firstChunk.promise).toContain('data: {"i":0}');
    req.destroy();
    await waitFor(() => cleanedUp, 5_000, 'the generator to be stopped');
    expect(signalAborted).toBe(true);
    await waitFor(() => agentApp.inFlight.count === 0, 5_000, 'the invocation to end');
  });
});
