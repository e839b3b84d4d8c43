import {
  DEFAULT_MEMORY_ID,
  PostgresExtractionJobs,
  PostgresMemoryStore,
  startTemporaryPostgres,
  type TemporaryPostgres,
  toMemorySessionId,
} from '@agentcore-ts/memory';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, sessionId, startAgent } from './agent-process.js';

const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';

const TEA =
  'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar';
const DRINKS = 'What kind of hot drinks do I like and how do I prefer them prepared?';

/**
 * Two agent processes (the built dist/main.js) sharing one PostgreSQL database through
 * MEMORY_URL=postgres://..., on a throwaway cluster (or MEMORY_TEST_POSTGRES_URL).
 */
describe('agent replicas on one PostgreSQL database', () => {
  let server: TemporaryPostgres;
  let store: PostgresMemoryStore;
  let jobs: PostgresExtractionJobs;
  let url: string;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    const external = process.env.MEMORY_TEST_POSTGRES_URL?.trim();
    server = await startTemporaryPostgres(external ? { url: external } : {});
    url = await server.createDatabase();
    store = new PostgresMemoryStore({ url });
    jobs = new PostgresExtractionJobs(store.pool);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop('SIGKILL')));
  });

  async function replicas(): Promise<[AgentProcess, AgentProcess]> {
    // Started at once: both run the migrations on start-up, under the advisory lock.
    const started = await Promise.all([startAgent({ MEMORY_URL: url }), startAgent({ MEMORY_URL: url })]);
    agents.push(...started);
    return started;
  }

  async function ask(agent: AgentProcess, prompt: string, session: string, actor: string): Promise<string> {
    const response = await fetch(`${agent.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SESSION_HEADER]: session, [ACTOR_HEADER]: actor },
      body: JSON.stringify({ prompt }),
    });
    const body = (await response.json()) as { response?: string; error?: string };
    expect(response.status, body.error).toBe(200);
    return body.response!;
  }

  /** Polls the job row in the database until the session's extraction is done (bounded; no fixed sleep). */
  async function extracted(actorId: string, session: string): Promise<void> {
    const key = { memoryId: DEFAULT_MEMORY_ID, actorId, sessionId: toMemorySessionId(session) };
    const deadline = Date.now() + 30_000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      status = (await jobs.get(key))?.status;
      if (status === 'idle') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`extraction of ${actorId}/${session} not done after 30 s (status ${status})`);
  }

  const doneLines = (agent: AgentProcess) =>
    agent.logs.filter((line) => line.msg === 'memory extraction done');

  it('a fact told to one replica is recalled through the other, in a new session of the same actor', async () => {
    const [a, b] = await replicas();
    const sessionA = sessionId('replica-tea-a');
    await ask(a, TEA, sessionA, 'user123');
    // The store said at start-up how it searches vectors (Debian has no pgvector for PostgreSQL 15).
    expect(a.logs.some((line) => line.backend === 'postgres' && line.vectorSearch === 'in-process')).toBe(
      true,
    );
    await extracted('user123', sessionA);

    const answer = await ask(b, DRINKS, sessionId('replica-tea-b'), 'user123');
    expect(answer).toMatch(/Earl Grey/);
    expect(answer).toMatch(/milk/);
    expect(answer).toMatch(/sugar/);
    const stranger = await ask(b, DRINKS, sessionId('replica-tea-c'), 'someone-else');
    expect(stranger).not.toMatch(/Earl Grey|milk|sugar/);
  });

  it('both replicas extracting at once produce each record once', async () => {
    const [a, b] = await replicas();
    const cities = ['Oslo', 'Lima', 'Kyiv', 'Rome'];
    const sessions = cities.map((city) => sessionId(`replica-city-${city.toLowerCase()}`));
    // One turn of each session through each replica: both replicas schedule every job, and both
    // workers wake up for them when the extraction delay is over.
    for (const [index, city] of cities.entries()) {
      await ask(a, `I live in ${city}.`, sessions[index]!, `mover-${index}`);
      await ask(b, 'My favorite color is green.', sessions[index]!, `mover-${index}`);
    }
    for (const [index, session] of sessions.entries()) await extracted(`mover-${index}`, session);

    for (const [index, city] of cities.entries()) {
      const listed = await store.listMemoryRecords({
        memoryId: DEFAULT_MEMORY_ID,
        namespace: `/users/mover-${index}/`,
        maxResults: 100,
      });
      const texts = listed.memoryRecordSummaries.map((record) => record.content.text);
      expect(texts.filter((text) => text === `The user lives in ${city}.`)).toHaveLength(1);
      expect(texts.filter((text) => text === "The user's favorite color is green.")).toHaveLength(1);
      expect(new Set(texts).size).toBe(texts.length);
    }
    // Each session's job ran exactly once, in one replica or the other. (The replicas also finish
    // jobs the killed replicas of the previous test left pending: those are not counted here.)
    const ours = new Set(sessions.map((session) => toMemorySessionId(session)));
    const done = [...doneLines(a), ...doneLines(b)]
      .map((line) => String(line.sessionId))
      .filter((session) => ours.has(session));
    expect(done.sort()).toEqual([...ours].sort());
  });
});
