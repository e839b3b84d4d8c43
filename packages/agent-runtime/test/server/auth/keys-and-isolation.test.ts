import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Agent } from '../../../src/agent/agent.js';
import type { AgentMemory, MemoryScope } from '../../../src/ports/memory.js';
import type { Message } from '../../../src/ports/messages.js';
import { offlineModel } from '../../../src/providers/offline/index.js';
import { createAgentApp } from '../../../src/server/app.js';
import type { JwtAuthOptions } from '../../../src/server/auth/options.js';
import type { RunningAgentServer } from '../../../src/server/serve.js';
import { SessionRegistry } from '../../../src/sessions/registry.js';
import { ACTOR_HEADER, invoke, SESSION_HEADER, SESSION_ID, start, waitFor } from '../helpers.js';
import { type OidcIssuer, startOidcIssuer } from './oidc-issuer.js';

let idp: OidcIssuer;
beforeAll(async () => {
  idp = await startOidcIssuer('ES256');
});
afterAll(async () => {
  await idp.close();
});
const servers: RunningAgentServer[] = [];
afterEach(async () => {
  idp.down = false;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const auth = (overrides: Partial<JwtAuthOptions> = {}): JwtAuthOptions => ({
  discoveryUrl: idp.discoveryUrl,
  allowedAudience: ['agent-api'],
  ...overrides,
});
const echoApp = (overrides: Partial<JwtAuthOptions> = {}) =>
  createAgentApp({
    auth: auth(overrides),
    entrypoint: (_payload, context) => ({ actorId: context.actorId }),
  });
const tokenFor = (sub: string, options?: Parameters<OidcIssuer['sign']>[1]) =>
  idp.sign({ sub, aud: 'agent-api' }, options);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Messages kept per (actor, session), like a memory backend would. */
function recordingMemory() {
  const stored = new Map<string, Message[]>();
  const key = (scope: MemoryScope) => `${scope.actorId}/${scope.sessionId}`;
  const memory: AgentMemory = {
    history: async (scope) => structuredClone(stored.get(key(scope)) ?? []),
    recall: async () => [],
    append: async (scope, messages) => {
      stored.set(key(scope), [...(stored.get(key(scope)) ?? []), ...structuredClone(messages)]);
    },
  };
  return { memory, stored };
}

describe('signing keys', () => {
  it('fetches discovery and keys once for many requests', async () => {
    const agentApp = echoApp();
    const before = { ...idp.fetches };
    const token = await tokenFor('alice');
    for (let i = 0; i < 20; i++) expect((await invoke(agentApp, '{}', bearer(token))).status).toBe(200);
    expect(idp.fetches.discovery - before.discovery).toBe(1);
    expect(idp.fetches.jwks - before.jwks).toBe(1);
  });

  it('picks up a rotated key on its unknown kid, and refuses a dropped key once keys are fetched again', async () => {
    const agentApp = echoApp({ jwksCooldownMs: 0 });
    const oldToken = await tokenFor('alice');
    expect((await invoke(agentApp, '{}', bearer(oldToken))).status).toBe(200);
    const fetched = idp.fetches.jwks;
    await idp.rotate({ dropOld: true });
    const newToken = await tokenFor('alice');
    expect((await invoke(agentApp, '{}', bearer(newToken))).status).toBe(200);
    expect(idp.fetches.jwks).toBe(fetched + 1);
    // The old key is gone from the set the verifier now holds.
    const refused = await invoke(agentApp, '{}', bearer(oldToken));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('AUTH_KEY_UNKNOWN');
  });

  it('does not fetch keys in a loop for tokens with made-up kids (cooldown)', async () => {
    const agentApp = echoApp();
    expect((await invoke(agentApp, '{}', bearer(await tokenFor('alice')))).status).toBe(200);
    const fetched = idp.fetches.jwks;
    for (let i = 0; i < 20; i++) {
      const stray = await idp.strayKey(`made-up-${i}`);
      expect((await invoke(agentApp, '{}', bearer(await tokenFor('mallory', { key: stray })))).status).toBe(
        401,
      );
    }
    expect(idp.fetches.jwks).toBe(fetched);
  });

  it('answers 503 with Retry-After while the identity provider is down, then recovers', async () => {
    const agentApp = echoApp();
    const token = await tokenFor('alice');
    idp.down = true;
    const down = await invoke(agentApp, '{}', bearer(token));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(((await down.json()) as { code: string }).code).toBe('AUTH_PROVIDER_UNAVAILABLE');
    idp.down = false;
    expect((await invoke(agentApp, '{}', bearer(token))).status).toBe(200);
  });
});

describe('the actor comes from the token', () => {
  it('accepts an actor header that names the same actor and refuses one that names another', async () => {
    const token = bearer(await tokenFor('alice'));
    const same = await invoke(echoApp(), '{}', { ...token, [ACTOR_HEADER]: 'alice' });
    expect(await same.json()).toEqual({ actorId: 'alice' });
    const other = await invoke(echoApp(), '{}', { ...token, [ACTOR_HEADER]: 'bob' });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('AUTH_ACTOR_MISMATCH');
  });

  it('keeps two users with the same session id apart: neither sees the other\u2019s conversation', async () => {
    const { memory, stored } = recordingMemory();
    const sessions = new SessionRegistry<Agent>({
      create: (scope) => new Agent({ model: offlineModel(), memory, scope }),
    });
    const agentApp = createAgentApp({
      auth: auth(),
      entrypoint: async (payload, context) => {
        const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
        return { response: (await agent.invoke((payload as { prompt: string }).prompt)).text };
      },
    });
    const alice = { ...bearer(await tokenFor('alice')), [SESSION_HEADER]: SESSION_ID };
    const bob = { ...bearer(await tokenFor('bob')), [SESSION_HEADER]: SESSION_ID };
    await invoke(agentApp, JSON.stringify({ prompt: 'My favorite number is 42' }), alice);
    // Bob claims Alice's actor in the header: refused before anything runs.
    const spoofed = await invoke(agentApp, JSON.stringify({ prompt: 'What is my favorite number?' }), {
      ...bob,
      [ACTOR_HEADER]: 'alice',
    });
    expect(spoofed.status).toBe(403);
    const asked = await invoke(agentApp, JSON.stringify({ prompt: 'What is my favorite number?' }), bob);
    expect(((await asked.json()) as { response: string }).response).not.toContain('42');
    expect([...stored.keys()].sort()).toEqual([`alice/${SESSION_ID}`, `bob/${SESSION_ID}`]);
    expect(JSON.stringify(stored.get(`bob/${SESSION_ID}`))).not.toContain('42');
    const again = await invoke(agentApp, JSON.stringify({ prompt: 'What is my favorite number?' }), alice);
    expect(((await again.json()) as { response: string }).response).toContain('42');
    sessions.close();
  });
});

describe('/ws with auth', () => {
  function connect(url: string, headers: Record<string, string>) {
    return new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers });
  }

  it('refuses the upgrade without a valid token and serves the token\u2019s actor with one', async () => {
    const server = await start(echoApp());
    servers.push(server);
    const refused = await new Promise<number>((resolve, reject) => {
      const socket = connect(server.url, {});
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('opened without a token')));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const socket = connect(server.url, bearer(await tokenFor('carol')));
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('open', () => socket.send('{}'));
      socket.on('message', (data) => resolve(String(data)));
      socket.on('error', reject);
    });
    expect(JSON.parse(reply)).toEqual({ actorId: 'carol' });
    socket.close();
  });

  it('closes with 1008 when a payload arrives after the token expired', async () => {
    const server = await start(echoApp({ clockToleranceSeconds: 0 }));
    servers.push(server);
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const socket = connect(server.url, bearer(await tokenFor('dave', { expiresIn: 2 })));
    const frames: string[] = [];
    let closeCode = 0;
    socket.on('message', (data) => frames.push(String(data)));
    socket.on('close', (code) => {
      closeCode = code;
    });
    await new Promise<void>((resolve) => socket.on('open', () => resolve()));
    socket.send('{}');
    await waitFor(() => frames.length === 1, 5_000, 'the first answer');
    await waitFor(() => Date.now() >= expiresAt * 1000, 5_000, 'the token to expire');
    socket.send('{}');
    await waitFor(() => closeCode !== 0, 5_000, 'the socket to close');
    expect(closeCode).toBe(1008);
    expect(JSON.parse(frames[1]!).error).toMatch(/expired/);
  });
});
