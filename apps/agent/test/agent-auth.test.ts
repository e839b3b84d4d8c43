import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, sessionId, startAgent } from './agent-process.js';
import { type LocalIssuer, startLocalIssuer } from './oidc-issuer.js';

const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';

describe('the agent process with inbound JWT auth (AUTH_* settings)', () => {
  let idp: LocalIssuer;
  let agent: AgentProcess;
  beforeAll(async () => {
    idp = await startLocalIssuer();
    const dir = mkdtempSync(join(tmpdir(), 'agent-auth-'));
    agent = await startAgent({
      MEMORY_URL: `sqlite:${join(dir, 'memory.db')}`,
      AUTH_DISCOVERY_URL: idp.discoveryUrl,
      AUTH_ALLOWED_CLIENTS: 'web-app',
      AUTH_ALLOWED_SCOPES: 'agent/invoke',
      // Listens on every interface, as in a container; the tests reach it on 127.0.0.1.
      HOST: '0.0.0.0',
    });
  });
  afterAll(async () => {
    await agent?.stop();
    await idp?.close();
  });

  const invoke = (prompt: string, headers: Record<string, string>) =>
    fetch(`${agent.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ prompt }),
    });
  const as = (sub: string) => ({
    authorization: `Bearer ${idp.token({ sub, client_id: 'web-app', scope: 'agent/invoke' })}`,
    [SESSION_HEADER]: sessionId('shared'),
  });

  it('says auth is on, and does not warn about an open server', () => {
    expect(agent.logs.some((line) => line.msg === 'inbound JWT auth on')).toBe(true);
    expect(agent.logs.some((line) => String(line.msg).includes('INBOUND AUTH IS OFF'))).toBe(false);
  });

  it('answers 401 with a challenge without a token, 403 without the scope, and keeps /ping open', async () => {
    const missing = await invoke('hi', {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="agentcore"');
    const noScope = await invoke('hi', {
      authorization: `Bearer ${idp.token({ sub: 'alice', client_id: 'web-app', scope: 'openid' })}`,
    });
    expect(noScope.status).toBe(403);
    expect((await fetch(`${agent.url}/ping`)).status).toBe(200);
  });

  it('keeps each user in their own memory, whatever session id or actor header they send', async () => {
    const told = await invoke('My favorite number is 42', as('alice'));
    expect(told.status).toBe(200);
    const spoofed = await invoke('What is my favorite number multiplied by 5?', {
      ...as('bob'),
      [ACTOR_HEADER]: 'alice',
    });
    expect(spoofed.status).toBe(403);
    const bob = (await (await invoke('What is my favorite number multiplied by 5?', as('bob'))).json()) as {
      response: string;
    };
    expect(bob.response).not.toContain('210');
    const alice = (await (
      await invoke('What is my favorite number multiplied by 5?', as('alice'))
    ).json()) as {
      response: string;
    };
    expect(alice.response).toContain('210');
  });
});

describe('the agent process without auth on a public address', () => {
  it('warns at start-up, naming the settings to use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-open-'));
    const agent = await startAgent({ MEMORY_URL: `sqlite:${join(dir, 'memory.db')}`, HOST: '0.0.0.0' });
    try {
      const warning = agent.logs.find((line) => String(line.msg).includes('INBOUND AUTH IS OFF'));
      expect(warning?.level).toBe(40);
      expect(String(warning?.msg)).toContain('AUTH_DISCOVERY_URL');
    } finally {
      await agent.stop();
    }
  });
});
