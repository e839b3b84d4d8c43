import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryFromEnv,
  createPostgresMemory,
  DEFAULT_MEMORY_ID,
  ExtractionWorker,
  type Extractor,
  type OwnedAgentMemory,
  PostgresExtractionJobs,
  PostgresMemoryStore,
  ruleExtractor,
  toMemorySessionId,
  tutorialStrategies,
} from '../../src/index.js';
import { encodeMessage } from '../../src/long-term/event-codec.js';
import { waitFor } from '../long-term/helpers.js';
import { usePostgres } from './postgres-server.js';

const M = DEFAULT_MEMORY_ID;
const server = usePostgres();
const key = (sessionId: string) => ({ memoryId: M, actorId: 'user123', sessionId });
const alive = () => true; // owners on another host: only the lease can tell

describe('PostgresExtractionJobs', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });
  const storeAt = (url: string) => {
    const store = new PostgresMemoryStore({
      url,
      memories: [{ memoryId: M, strategies: tutorialStrategies() }],
    });
    open.push(store);
    return store;
  };

  it('lets another worker claim a running job only once its lease ran out; steps are fenced by the owner', async () => {
    const jobs = new PostgresExtractionJobs(storeAt(await server.createDatabase()).pool);
    open.push(jobs);
    await jobs.schedule(key('s1'), 1_000, 0);
    expect(await jobs.claim(M, 'host-a:1:a', 999, 100, alive)).toBeUndefined(); // not due yet
    expect(await jobs.claim(M, 'host-a:1:a', 1_000, 100, alive)).toMatchObject({ attempts: 1 });
    expect(await jobs.claim(M, 'host-b:2:b', 1_050, 100, alive)).toBeUndefined(); // leased
    expect(await jobs.claim(M, 'host-b:2:b', 1_101, 100, alive)).toMatchObject({ attempts: 2 });
    // The first owner lost the job: its heartbeat says so, and its steps change nothing.
    expect(await jobs.renew(key('s1'), 'host-a:1:a', 5_000)).toBe(false);
    await jobs.saveCursor(key('s1'), 'host-a:1:a', 'FactExtractor-x', { ts: 1, eventId: 'stale' }, 1_102);
    await jobs.complete(key('s1'), 'host-a:1:a', 1_102);
    expect((await jobs.get(key('s1')))?.status).toBe('running');
    expect(await jobs.renew(key('s1'), 'host-b:2:b', 5_000)).toBe(true);
    await jobs.saveCursor(key('s1'), 'host-b:2:b', 'FactExtractor-x', { ts: 5, eventId: 'e' }, 1_103);
    await jobs.complete(key('s1'), 'host-b:2:b', 1_104);
    expect(await jobs.get(key('s1'))).toMatchObject({
      status: 'idle',
      cursors: { 'FactExtractor-x': { ts: 5, eventId: 'e' } },
    });
    expect(await jobs.pendingCount(M)).toBe(0);
  });

  it('takes the job of a worker whose process is gone over at once, and waits for a live one', async () => {
    const store = storeAt(await server.createDatabase());
    const jobs = new PostgresExtractionJobs(store.pool);
    const live = new PostgresExtractionJobs(store.pool);
    const crashed = new PostgresExtractionJobs(store.pool);
    open.push(jobs, live, crashed);
    await jobs.schedule(key('s1'), 0, 0);
    await jobs.schedule(key('s2'), 1, 0);
    expect(await crashed.claim(M, 'host-x:1:crashed', 10, 60_000, alive)).toMatchObject({ sessionId: 's1' });
    expect(await live.claim(M, 'host-y:1:live', 10, 60_000, alive)).toMatchObject({ sessionId: 's2' });
    // The crashed worker's connection is gone (what a killed process leaves): so is its liveness lock.
    await crashed.close();
    expect(await jobs.claim(M, 'host-z:1:z', 20, 60_000, alive)).toMatchObject({
      sessionId: 's1',
      attempts: 2,
    });
    // The live one's job waits for its lease, whatever the host names say.
    expect(await jobs.claim(M, 'host-z:1:z', 30, 60_000, alive)).toBeUndefined();
    expect(await jobs.claim(M, 'host-z:1:z', 60_011, 60_000, alive)).toMatchObject({ sessionId: 's2' });
  });

  it('gives each job to exactly one of many workers claiming at once (FOR UPDATE SKIP LOCKED)', async () => {
    const url = await server.createDatabase();
    const workers = Array.from({ length: 4 }, () => new PostgresExtractionJobs(storeAt(url).pool));
    open.push(...workers);
    await workers[0]!.ready();
    for (let index = 0; index < 40; index++) await workers[0]!.schedule(key(`s${index}`), 0, 0);
    const claimed = await Promise.all(
      workers.map(async (jobs, worker) => {
        const mine: string[] = [];
        for (;;) {
          const job = await jobs.claim(M, `host-${worker}:1:w`, 10, 60_000, alive);
          if (!job) return mine;
          mine.push(job.sessionId);
        }
      }),
    );
    const all = claimed.flat();
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
  });

  it('skips a job another worker is claiming at this instant instead of waiting for it', async () => {
    const store = storeAt(await server.createDatabase());
    const jobs = new PostgresExtractionJobs(store.pool);
    open.push(jobs);
    await jobs.schedule(key('first'), 0, 0);
    await jobs.schedule(key('second'), 1, 0);
    // Another worker's claim in flight: the oldest job's row is locked by its transaction.
    const other = await (await store.pool).connect();
    try {
      await other.query('BEGIN');
      await other.query("SELECT 1 FROM extraction_jobs WHERE session_id = 'first' FOR UPDATE");
      const started = Date.now();
      expect(await jobs.claim(M, 'host-b:1:b', 10, 60_000, alive)).toMatchObject({ sessionId: 'second' });
      expect(Date.now() - started).toBeLessThan(10_000); // not blocked behind the lock (it would wait forever)
      expect(await jobs.claim(M, 'host-b:1:b', 10, 60_000, alive)).toBeUndefined();
      await other.query('ROLLBACK');
    } finally {
      other.release();
    }
    expect(await jobs.claim(M, 'host-c:1:c', 10, 60_000, alive)).toMatchObject({ sessionId: 'first' });
  });

  it('a worker picks up a job abandoned by a crashed replica once its lease runs out', async () => {
    const url = await server.createDatabase();
    const store = storeAt(url);
    const session = toMemorySessionId('abandoned-session-0123456789abcdef0123');
    await store.createEvent({
      memoryId: M,
      actorId: 'user123',
      sessionId: session,
      eventTimestamp: new Date(),
      payload: encodeMessage({ role: 'user', content: [{ text: 'I live in Oslo.' }] }),
    });
    const jobs = new PostgresExtractionJobs(store.pool, { pollIntervalMs: 50 });
    open.push(jobs);
    await jobs.schedule(key(session), 0, 0);
    // Claimed by a replica on another host, which then died: its lease runs out 300 ms from now.
    expect(await jobs.claim(M, 'other-host:7:dead', Date.now(), 300, alive)).toBeDefined();
    const worker = new ExtractionWorker({
      store,
      jobs,
      memoryId: M,
      strategies: tutorialStrategies(),
      extractor: ruleExtractor(),
    });
    open.push(worker);
    await waitFor(async () => (await jobs.get(key(session)))?.status === 'idle', 10_000, 'the abandoned job');
    const records = await store.listMemoryRecords({ memoryId: M, namespace: '/users/user123/' });
    expect(records.memoryRecordSummaries.map((record) => record.content.text)).toContain(
      'The user lives in Oslo.',
    );
  });

  it('a worker that lost its lease mid-job writes nothing twice', async () => {
    const url = await server.createDatabase();
    const store = storeAt(url);
    const session = 'stalled-session';
    await store.createEvent({
      memoryId: M,
      actorId: 'user123',
      sessionId: session,
      eventTimestamp: new Date(),
      payload: encodeMessage({
        role: 'user',
        content: [{ text: 'My favorite color is green. I live in Oslo.' }],
      }),
    });
    const rules = ruleExtractor();
    let resume = () => {};
    const resumed = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let stalled = false;
    // Worker A decides to add the records, then stalls before writing them (a long GC pause, a
    // network partition) while its heartbeats do not reach the database.
    const stalling: Extractor = {
      ...rules,
      async consolidate(input) {
        const operations = await rules.consolidate(input);
        if (operations.some((operation) => operation.action === 'ADD')) {
          stalled = true;
          await resumed;
        }
        return operations;
      },
    };
    class Partitioned extends PostgresExtractionJobs {
      override async renew(): Promise<boolean> {
        return true; // the heartbeat never reaches the database
      }
    }
    const partitioned = new Partitioned(store.pool, { pollIntervalMs: 60_000 });
    open.push(partitioned);
    const strategies = tutorialStrategies();
    const a = new ExtractionWorker({
      store,
      jobs: partitioned,
      memoryId: M,
      strategies,
      extractor: stalling,
      leaseMs: 300,
      delayMs: 0,
    });
    open.push(a);
    a.schedule({ actorId: 'user123', sessionId: session });
    await waitFor(() => stalled, 10_000, 'worker A to stall');

    // Worker B (another replica) takes the job over when A's lease runs out, and finishes it.
    const jobsB = new PostgresExtractionJobs(storeAt(url).pool, { pollIntervalMs: 50 });
    open.push(jobsB);
    const b = new ExtractionWorker({ store, jobs: jobsB, memoryId: M, strategies, extractor: rules });
    open.push(b);
    await waitFor(
      async () => (await jobsB.get(key(session)))?.status === 'idle',
      10_000,
      'worker B to finish',
    );
    const before = await store.listMemoryRecords({
      memoryId: M,
      namespace: '/users/user123/',
      maxResults: 100,
    });

    // A wakes up and goes on as if nothing happened: its writes must not add the records again.
    resume();
    await waitFor(async () => (await a.countPending()) === 0, 10_000, 'worker A to give up');
    await a.flush();
    const after = await store.listMemoryRecords({
      memoryId: M,
      namespace: '/users/user123/',
      maxResults: 100,
    });
    const texts = after.memoryRecordSummaries.map((record) => record.content.text).sort();
    expect(texts).toEqual(before.memoryRecordSummaries.map((record) => record.content.text).sort());
    expect(texts).toContain('The user lives in Oslo.');
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('createPostgresMemory: replicas extracting at once', () => {
  const open: OwnedAgentMemory[] = [];
  afterEach(async () => {
    for (const memory of open.splice(0)) await memory.close();
  });

  it('is what MEMORY_URL=postgres://... selects; ready() fails fast on a server that is not there', async () => {
    const memory = createMemoryFromEnv(
      { MEMORY_URL: await server.createDatabase() },
      { extractionDelayMs: 60_000 },
    );
    open.push(memory);
    expect(memory.backend).toBe('postgres');
    await memory.ready();
    const scope = { actorId: 'user123', sessionId: 'env-session-0123456789abcdef0123456789ab' };
    await memory.append(scope, [{ role: 'user', content: [{ text: 'My favorite color is green.' }] }]);
    await memory.flushExtractions();
    expect(memory.extractionJobs?.backend).toBe('postgres');
    expect(await memory.extractionJobs?.get({ memoryId: M, ...scope })).toMatchObject({
      status: 'idle',
      attempts: 0,
    });
    const recalled = await memory.recall(
      { ...scope, sessionId: 'another-session-0123456789abcdef01234' },
      'What is my favorite color?',
    );
    expect(recalled.map((item) => item.text)).toContain("The user's favorite color is green.");

    const missing = createMemoryFromEnv({ MEMORY_URL: 'postgres://nobody@127.0.0.1:1/none' });
    open.push(missing);
    await expect(missing.ready()).rejects.toThrow(/unreachable.*check MEMORY_URL/);
  });

  it('produces each record once when two replicas extract the same sessions concurrently', async () => {
    const url = await server.createDatabase();
    const replicas = [0, 1].map(() =>
      createPostgresMemory({ url, extractionDelayMs: 60_000, extractionPollMs: 60_000 }),
    );
    open.push(...replicas);
    const facts = ['Oslo', 'Lima', 'Kyiv', 'Rome', 'Oran', 'Nice', 'Bern', 'Riga'];
    // Each session gets one turn through each replica, so both replicas scheduled every job.
    for (const [index, city] of facts.entries()) {
      const scope = { actorId: `actor-${index}`, sessionId: `replica-session-${index}-0123456789abcdef0123` };
      await replicas[0]!.append(scope, [{ role: 'user', content: [{ text: `I live in ${city}.` }] }]);
      await replicas[1]!.append(scope, [{ role: 'assistant', content: [{ text: 'Noted.' }] }]);
    }
    await Promise.all(replicas.map((memory) => memory.flushExtractions()));
    for (const [index, city] of facts.entries()) {
      const listed = await replicas[0]!.store.listMemoryRecords({
        memoryId: M,
        namespace: `/users/actor-${index}/facts`,
        maxResults: 100,
      });
      expect(listed.memoryRecordSummaries.map((record) => record.content.text)).toEqual([
        `The user lives in ${city}.`,
      ]);
    }
    // /ping's count is read in the background (at most every 250 ms): it comes down to 0 on both.
    await waitFor(
      () => replicas.every((memory) => memory.pendingExtractions() === 0),
      5_000,
      'the pending count',
    );
  });
});
