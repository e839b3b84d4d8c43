import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.js';
import type { AgentMemory, MemoryScope } from '../../src/ports/memory.js';
import type { Message } from '../../src/ports/messages.js';
import { offlineModel } from '../../src/providers/offline/index.js';
import { type AgentAppOptions, createAgentApp } from '../../src/server/app.js';
import type { RunningAgentServer } from '../../src/server/serve.js';
import { SessionRegistry } from '../../src/sessions/registry.js';
import { type OidcIssuer, startOidcIssuer } from '../server/auth/oidc-issuer.js';
import { ACTOR_HEADER, REQUEST_HEADER, SESSION_HEADER, start } from '../server/helpers.js';
import {
  actorIdHeader,
  headerValue,
  hostileBody,
  method,
  RUN_BOUNDS,
  sessionIdHeader,
} from './arbitraries.js';

/** A memory that keeps messages per (actor, session) and counts appends. */
function countingMemory() {
  const stored = new Map<string, Message[]>();
  const key = (scope: MemoryScope) => JSON.stringify([scope.actorId, scope.sessionId]);
  let appends = 0;
  const memory: AgentMemory = {
    history: async (scope) => structuredClone(stored.get(key(scope)) ?? []),
    recall: async () => [],
    append: async (scope, messages) => {
      appends += 1;
      stored.set(key(scope), [...(stored.get(key(scope)) ?? []), ...structuredClone(messages)]);
    },
  };
  return { memory, stored, key, appends: () => appends };
}

/** The tutorial agent's shape: zod at the edge, one Agent per (actor, session), the offline model. */
function tutorialApp(options: Partial<AgentAppOptions> = {}) {
  const store = countingMemory();
  const sessions = new SessionRegistry<Agent>({
    create: (scope) =>
      new Agent({ model: offlineModel(), memory: store.memory, scope, maxPromptChars: 2_000 }),
  });
  const schema = z.object({ prompt: z.string().trim().min(1) });
  const agentApp = createAgentApp({
    maxPayloadBytes: 64 * 1024,
    ...options,
    entrypoint: async (payload, context) => {
      const { prompt } = schema.parse(payload);
      const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
      return { response: (await agent.invoke(prompt, { signal: context.signal })).text };
    },
  });
  return { agentApp, store, sessions };
}

const SEED_SESSION = 'seed-session-0123456789-0123456789-abcd';

interface Sent {
  status: number;
  contentType: string | null;
  body: string;
}

async function send(
  agentApp: ReturnType<typeof tutorialApp>['agentApp'],
  request: { method: string; body: string | Uint8Array; headers: Record<string, string> },
): Promise<Sent> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const response = await agentApp.app.request('/invocations', {
    method: request.method,
    headers: request.headers,
    ...(hasBody && { body: request.body }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

const requestArbitrary = fc.record(
  {
    method,
    body: hostileBody,
    session: sessionIdHeader,
    actor: actorIdHeader,
    requestId: headerValue,
    accept: fc.constantFrom('application/json', 'text/plain', '*/*', 'text/event-stream;q=0'),
    contentType: fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', ''),
  },
  { requiredKeys: ['method', 'body'] },
);

describe('POST /invocations under random and hostile input', () => {
  it('never answers 5xx, always answers JSON errors, and stores only what a 200 stored', async () => {
    const { agentApp, store, sessions } = tutorialApp();
    const seedScope = { actorId: 'seed', sessionId: SEED_SESSION };
    await sessions.get(seedScope).invoke('My favorite number is 42');
    const seeded = structuredClone(store.stored.get(store.key(seedScope)));
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (input) => {
        const headers: Record<string, string> = {};
        if (input.session !== undefined) headers[SESSION_HEADER] = input.session;
        if (input.actor !== undefined) headers[ACTOR_HEADER] = input.actor;
        if (input.requestId !== undefined) headers[REQUEST_HEADER] = input.requestId;
        if (input.accept !== undefined) headers.accept = input.accept;
        if (input.contentType) headers['content-type'] = input.contentType;
        const before = store.appends();
        const sent = await send(agentApp, { method: input.method, body: input.body, headers });
        expect(sent.status).toBeLessThan(500);
        if (sent.status >= 400) {
          expect(sent.contentType).toContain('application/json');
          // HEAD answers carry no body.
          if (input.method !== 'HEAD')
            expect(typeof (JSON.parse(sent.body) as { error: unknown }).error).toBe('string');
          expect(store.appends()).toBe(before);
        }
      }),
      RUN_BOUNDS,
    );
    expect(store.stored.get(store.key(seedScope))).toEqual(seeded);
    expect(agentApp.inFlight.count).toBe(0);
    sessions.close();
  }, 30_000);

  describe('with auth on', () => {
    let idp: OidcIssuer;
    beforeAll(async () => {
      idp = await startOidcIssuer();
    });
    afterAll(async () => {
      await idp.close();
    });

    it('answers 401/403 (never 2xx or 5xx) to random Authorization headers and runs nothing', async () => {
      const { agentApp, store } = tutorialApp({
        auth: { discoveryUrl: idp.discoveryUrl, allowedAudience: ['agent-api'] },
      });
      const valid = await idp.sign({ sub: 'alice', aud: 'agent-api' });
      const [header, payload, signature] = valid.split('.') as [string, string, string];
      const token = fc.oneof(
        headerValue,
        fc.string({ maxLength: 60 }).map((junk) => `Bearer ${junk}`),
        fc
          .tuple(fc.base64String(), fc.base64String(), fc.base64String())
          .map((parts) => `Bearer ${parts.join('.')}`),
        // A real token with one part swapped or truncated.
        fc.constantFrom(
          `Bearer ${header}.${payload}.`,
          `Bearer ${header}.${payload}`,
          `Bearer ${payload}.${header}.${signature}`,
          `Bearer ${header}.${payload}.${signature.slice(0, -4)}`,
          `bearer  ${valid}x`,
          `Bearer ${valid} ${valid}`,
        ),
      );
      await fc.assert(
        fc.asyncProperty(token, hostileBody, async (authorization, body) => {
          const sent = await send(agentApp, { method: 'POST', body, headers: { authorization } });
          expect([400, 401, 403]).toContain(sent.status);
          expect(store.appends()).toBe(0);
        }),
        { ...RUN_BOUNDS, numRuns: 100 },
      );
    }, 30_000);
  });
});

describe('the server socket under raw garbage', () => {
  let server: RunningAgentServer;
  beforeAll(async () => {
    server = await start(tutorialApp().agentApp);
  });
  afterAll(async () => {
    await server.close();
  });

  it('stays up after random bytes and malformed HTTP on raw connections', async () => {
    const port = new URL(server.url).port;
    const garbage = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 400 }),
      fc
        .string({ maxLength: 200 })
        .map((text) => new TextEncoder().encode(`POST /invocations HTTP/1.1\r\n${text}\r\n\r\n`)),
      fc
        .constantFrom(
          'POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
          'POST /invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n',
          'POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}',
          'GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n',
        )
        .map((text) => new TextEncoder().encode(text)),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        await new Promise<void>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
          socket.on('data', () => undefined);
          socket.on('close', () => resolve());
          socket.on('error', () => resolve());
          socket.setTimeout(2_000, () => socket.destroy());
        });
      }),
      { numRuns: 60, interruptAfterTimeLimit: 8_000 },
    );
    const ping = await fetch(`${server.url}/ping`);
    expect(ping.status).toBe(200);
  }, 30_000);
});
