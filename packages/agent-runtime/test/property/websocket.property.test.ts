import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { createAgentApp } from '../../src/server/app.js';
import type { RunningAgentServer } from '../../src/server/serve.js';
import { ACTOR_HEADER, SESSION_HEADER, start } from '../server/helpers.js';
import { actorIdHeader, hostileBody, RUN_BOUNDS, sessionIdHeader } from './arbitraries.js';

const schema = z.object({ prompt: z.string().min(1) });

let server: RunningAgentServer;
let wsUrl: string;
beforeAll(async () => {
  const agentApp = createAgentApp({
    maxPayloadBytes: 4096,
    entrypoint: async function* (payload, context) {
      const { prompt } = schema.parse(payload);
      yield { actorId: context.actorId, length: prompt.length };
    },
  });
  server = await start(agentApp);
  wsUrl = `${server.url.replace('http', 'ws')}/ws`;
});
afterAll(async () => {
  await server.close();
});

/** Opens a socket, or resolves with the HTTP status that refused the upgrade. */
function open(headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', reject);
  });
}

describe('/ws under random and hostile frames', () => {
  it('answers every frame with exactly one JSON frame, in order, and keeps the socket open', async () => {
    const socket = (await open({})) as WebSocket;
    const replies: string[] = [];
    socket.on('message', (data) => replies.push(String(data)));
    const frame = fc.oneof(
      hostileBody,
      fc.string({ minLength: 4097, maxLength: 5000 }),
      fc
        .record({ prompt: fc.string({ minLength: 1, maxLength: 100 }) })
        .map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 5 }), async (frames) => {
        const expected = replies.length + frames.length;
        for (const data of frames) socket.send(data, { binary: typeof data !== 'string' });
        await new Promise<void>((resolve, reject) => {
          const check = () => {
            if (replies.length >= expected) resolve();
            else if (socket.readyState !== WebSocket.OPEN) reject(new Error('socket closed'));
            else setTimeout(check, 2);
          };
          check();
        });
        expect(replies).toHaveLength(expected);
        for (const reply of replies.slice(-frames.length)) {
          const parsed = JSON.parse(reply) as Record<string, unknown>;
          expect(typeof parsed.error === 'string' || typeof parsed.length === 'number').toBe(true);
          if (typeof parsed.error === 'string') expect(parsed.error).not.toMatch(/Internal error/);
        }
      }),
      RUN_BOUNDS,
    );
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  }, 30_000);

  it('answers random upgrade headers with an open socket or a 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(sessionIdHeader), fc.option(actorIdHeader), async (session, actor) => {
        const headers: Record<string, string> = {};
        if (session !== null) headers[SESSION_HEADER] = session;
        if (actor !== null) headers[ACTOR_HEADER] = actor;
        const result = await open(headers);
        if (typeof result === 'number') {
          expect(result).toBe(400);
          return;
        }
        const reply = await new Promise<string>((resolve) => {
          result.once('message', (data) => resolve(String(data)));
          result.send('{"prompt":"hi"}');
        });
        // HTTP drops a header value's surrounding blanks.
        expect(JSON.parse(reply)).toEqual({ actorId: actor?.trim() ?? 'user', length: 2 });
        result.close();
      }),
      { numRuns: 60, interruptAfterTimeLimit: 8_000 },
    );
  }, 30_000);
});
