import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AgentError } from '../../src/errors.js';
import { type AgentApp, createAgentApp } from '../../src/server/app.js';
import type { RequestContext } from '../../src/server/request-context.js';
import type { RunningAgentServer } from '../../src/server/serve.js';
import { ACTOR_HEADER, deferred, SESSION_HEADER, SESSION_ID, start, waitFor } from './helpers.js';

const servers: RunningAgentServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(agentApp: AgentApp): Promise<RunningAgentServer> {
  const server = await start(agentApp);
  servers.push(server);
  return server;
}

/** A connected client that queues the text frames it receives. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers });
  const frames: string[] = [];
  ws.on('message', (data) => frames.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (count: number): Promise<unknown[]> => {
    await waitFor(() => frames.length >= count, 5_000, `${count} frames`);
    return frames.splice(0, count).map((frame) => JSON.parse(frame));
  };
  return { ws, next, frames };
}

describe('GET /ws', () => {
  it('loads its WebSocket server on the first upgrade, not at start-up, and serves several sockets with it', async () => {
    const agentApp = createAgentApp({ entrypoint: (payload) => payload });
    const server = await serve(agentApp);
    const invoked = await fetch(`${server.url}/invocations`, { method: 'POST', body: '{"a":1}' });
    expect(await invoked.json()).toEqual({ a: 1 });
    expect(agentApp.webSocketServer).toBeUndefined();

    const [first, second] = await Promise.all([connect(server.url), connect(server.url)]);
    expect(agentApp.webSocketServer?.clients.size).toBe(2);
    first.ws.send('{"n":1}');
    second.ws.send('{"n":2}');
    expect(await first.next(1)).toEqual([{ n: 1 }]);
    expect(await second.next(1)).toEqual([{ n: 2 }]);
    first.ws.close();
    second.ws.close();
  });

  it('answers plain and streamed results, and error frames, on one open socket', async () => {
    const contexts: RequestContext[] = [];
    const agentApp = createAgentApp({
      entrypoint: (payload, context) => {
        contexts.push(context);
        const { mode, n } = payload as { mode: string; n?: number };
        if (mode === 'stream') {
          return (async function* () {
            for (let i = 0; i < (n ?? 0); i += 1) yield { i };
          })();
        }
        if (mode === 'fail') throw new AgentError({ id: 'BAD', category: 'user' }, 'mode fail asked');
        if (mode === 'crash') throw new Error('secret internals');
        return { echo: mode };
      },
    });
    const server = await serve(agentApp);
    const { ws, next } = await connect(server.url, { [SESSION_HEADER]: SESSION_ID, [ACTOR_HEADER]: 'bob' });

    ws.send(JSON.stringify({ mode: 'plain' }));
    expect(await next(1)).toEqual([{ echo: 'plain' }]);

    ws.send(JSON.stringify({ mode: 'stream', n: 3 }));
    expect(await next(3)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);

    ws.send('{"mode": ');
    const [malformed] = (await next(1)) as Array<{ error: string }>;
    expect(malformed!.error).toMatch(/^Invalid JSON: /);

    ws.send(JSON.stringify({ mode: 'fail' }));
    expect(await next(1)).toEqual([{ error: 'mode fail asked' }]);

    ws.send(JSON.stringify({ mode: 'crash' }));
    const [crash] = (await next(1)) as Array<{ error: string }>;
    expect(crash!.error).toMatch(/^Internal error \(request id [0-9a-f-]{36}\)$/);

    ws.send(Buffer.from('{"mode":"plain"}'), { binary: true });
    expect(await next(1)).toEqual([
      { error: 'Binary frames are not supported: send the JSON payload as a text frame' },
    ]);

    // Still open, and payloads are answered in the order sent.
    ws.send(JSON.stringify({ mode: 'stream', n: 2 }));
    ws.send(JSON.stringify({ mode: 'after' }));
    expect(await next(3)).toEqual([{ i: 0 }, { i: 1 }, { echo: 'after' }]);
    expect(ws.readyState).toBe(WebSocket.OPEN);

    expect(contexts[0]!.sessionId).toBe(SESSION_ID);
    expect(contexts[0]!.actorId).toBe('bob');
    expect(contexts[0]!.headers[ACTOR_HEADER.toLowerCase()]).toBe('bob');
    ws.close();
  });

  it('answers an error frame to a message over maxPayloadBytes', async () => {
    const server = await serve(createAgentApp({ maxPayloadBytes: 50, entrypoint: () => 'ok' }));
    const { ws, next } = await connect(server.url);
    ws.send(JSON.stringify({ text: 'x'.repeat(100) }));
    const [error] = (await next(1)) as Array<{ error: string }>;
    expect(error!.error).toBe(
      'Payload too large: the message is 111 bytes; limit is 50 bytes (set maxPayloadBytes / MAX_PAYLOAD_BYTES)',
    );
    ws.send('{"small":1}');
    expect(await next(1)).toEqual(['ok']);
    ws.close();
  });

  it('refuses the upgrade with 400 when the session id is invalid', async () => {
    const server = await serve(createAgentApp({ entrypoint: () => 'never' }));
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, {
      headers: { [SESSION_HEADER]: 'x'.repeat(32) },
    });
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('upgrade should have been refused')));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(400);
  });

  it('aborts context.signal when the socket closes, stopping a stream in progress', async () => {
    const stopped = deferred<boolean>();
    const agentApp = createAgentApp({
      entrypoint: (_payload, context) =>
        (async function* () {
          try {
            for (let i = 0; ; i += 1) {
              yield i;
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
          } finally {
            stopped.resolve(context.signal.aborted);
          }
        })(),
    });
    const server = await serve(agentApp);
    const { ws, next } = await connect(server.url);
    ws.send('{}');
    expect(await next(2)).toEqual([0, 1]);
    ws.close();
    expect(await stopped.promise).toBe(true);
    await waitFor(() => agentApp.inFlight.count === 0, 5_000, 'the stream to end');
  });
});
