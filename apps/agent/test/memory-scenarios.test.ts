import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentProcess, sessionId, startAgent } from './agent-process.js';

const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';

const TEA =
  'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar';
const DRINKS = 'What kind of hot drinks do I like and how do I prefer them prepared?';

/** The seed scenarios through HTTP on the running agent, offline model, an empty data folder. */
describe('memory through HTTP, across SIGKILL restarts', () => {
  let agent: AgentProcess | undefined;
  afterEach(async () => {
    await agent?.stop('SIGKILL');
  });

  const env = (dir: string) => ({ MEMORY_URL: `sqlite:${join(dir, 'memory.db')}`, AGENT_DEV_API: 'true' });

  async function ask(prompt: string, session: string, actor = 'user123'): Promise<string> {
    const response = await fetch(`${agent!.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SESSION_HEADER]: session, [ACTOR_HEADER]: actor },
      body: JSON.stringify({ prompt }),
    });
    const body = (await response.json()) as { response?: string; error?: string };
    expect(response.status, body.error).toBe(200);
    return body.response!;
  }

  /** Polls the dev API until the session's extraction is done (bounded; no fixed sleep). */
  async function extractionDone(actorId: string, session: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    let state = '';
    while (Date.now() < deadline) {
      const query = new URLSearchParams({ actorId, sessionId: session });
      const view = (await (await fetch(`${agent!.url}/_dev/extraction?${query}`)).json()) as {
        state: string;
      };
      state = view.state;
      if (state === 'done') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`extraction of ${actorId}/${session} not done after 30 s (state ${state})`);
  }

  it('same session: "my favorite number" times 5 is 210, after a SIGKILL between the turns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-memory-'));
    const session = sessionId('favorite-number');
    agent = await startAgent(env(dir));
    expect(await ask('My favorite number is 42', session)).toContain('42');
    await agent.stop('SIGKILL');

    agent = await startAgent(env(dir));
    const answer = await ask('What is my favorite number multiplied by 5?', session);
    expect(answer).toContain('210');
  });

  it('across sessions: Earl Grey recalled for the same actor, not for another, after a SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-memory-'));
    const sessionA = sessionId('tea-session-a');
    agent = await startAgent(env(dir));
    await ask(TEA, sessionA);
    // Killed before extraction ran: the job is a row in the store, and the next start runs it.
    await agent.stop('SIGKILL');

    agent = await startAgent(env(dir));
    await extractionDone('user123', sessionA);
    const answer = await ask(DRINKS, sessionId('tea-session-b'));
    expect(answer).toMatch(/Earl Grey/);
    expect(answer).toMatch(/milk/);
    expect(answer).toMatch(/sugar/);

    const stranger = await ask(DRINKS, sessionId('tea-session-c'), 'someone-else');
    expect(stranger).not.toMatch(/Earl Grey|milk|sugar/);
  });
});
