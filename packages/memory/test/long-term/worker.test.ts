import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { LongTermMemoryError } from '../../src/long-term/errors.js';
import { encodeMessage } from '../../src/long-term/event-codec.js';
import { CLAIM_CANDIDATES_SQL, ExtractionJobs, NEXT_DUE_SQL } from '../../src/long-term/extraction/jobs.js';
import { ruleExtractor } from '../../src/long-term/extraction/rule-extractor.js';
import type { Extractor } from '../../src/long-term/extraction/types.js';
import { ExtractionWorker, isOwnerAlive } from '../../src/long-term/extraction/worker.js';
import { tutorialStrategies } from '../../src/long-term/strategies.js';
import { SqliteMemoryStore } from '../../src/sqlite/sqlite-memory-store.js';
import { DEFAULT_MEMORY_ID } from '../../src/store/defaults.js';
import { waitFor } from './helpers.js';

const strategies = tutorialStrategies();
const key = { memoryId: DEFAULT_MEMORY_ID, actorId: 'user123', sessionId: 's1' };

describe('ExtractionJobs', () => {
  it('lets another process claim a running job only once its lease ran out', () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    const jobs = new ExtractionJobs(store.database);
    jobs.schedule(key, 1_000, 0);
    const alive = () => true; // an owner on another host: only the lease can tell
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'other-host:1:a', 999, 100, alive)).toBeUndefined(); // not due yet
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'other-host:1:a', 1_000, 100, alive)).toMatchObject({ attempts: 1 });
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'other-host:2:b', 1_050, 100, alive)).toBeUndefined(); // leased
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'other-host:2:b', 1_101, 100, alive)).toMatchObject({ attempts: 2 });
    jobs.saveCursor(key, 'other-host:2:b', 'FactExtractor-x', { ts: 5, eventId: 'e' }, 1_102);
    jobs.complete(key, 'other-host:2:b', 1_103);
    expect(jobs.get(key)).toMatchObject({
      status: 'idle',
      cursors: { 'FactExtractor-x': { ts: 5, eventId: 'e' } },
    });
    expect(jobs.pendingCount(DEFAULT_MEMORY_ID)).toBe(0);
  });

  it('an event arriving during a run leaves the job pending for another pass', () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    const jobs = new ExtractionJobs(store.database);
    jobs.schedule(key, 0, 0);
    jobs.claim(DEFAULT_MEMORY_ID, 'me', 0, 1_000, () => true);
    jobs.schedule(key, 10, 5);
    expect(jobs.get(key)?.status).toBe('running');
    jobs.complete(key, 'me', 6);
    expect(jobs.get(key)?.status).toBe('pending');
  });

  it('claims the oldest due job among thousands of idle ones, through the index, not a walk over every job', () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    const jobs = new ExtractionJobs(store.database);
    const at = (sessionId: string) => ({ ...key, sessionId });
    for (let index = 0; index < 3_000; index++) {
      jobs.schedule(at(`done-${index}`), index, index);
      jobs.claim(DEFAULT_MEMORY_ID, 'me', 10_000, 1_000, () => true);
      jobs.complete(at(`done-${index}`), 'me', 10_000);
    }
    jobs.schedule(at('later'), 20_500, 10_000);
    jobs.schedule(at('sooner'), 20_100, 10_000);
    expect(jobs.pendingCount(DEFAULT_MEMORY_ID)).toBe(2);
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'me', 20_000, 1_000, () => true)).toBeUndefined();
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'me', 30_000, 1_000, () => true)?.sessionId).toBe('sooner');
    expect(jobs.claim(DEFAULT_MEMORY_ID, 'me', 30_000, 1_000, () => true)?.sessionId).toBe('later');

    expect(jobs.nextDue(DEFAULT_MEMORY_ID)).toBe(31_000); // the lease of the running job
    for (const sql of [CLAIM_CANDIDATES_SQL, NEXT_DUE_SQL]) {
      const plan = store.database
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(
          ...(sql === NEXT_DUE_SQL
            ? [DEFAULT_MEMORY_ID, DEFAULT_MEMORY_ID]
            : [DEFAULT_MEMORY_ID, 0, DEFAULT_MEMORY_ID]),
        ) as { detail: string }[];
      const searches = plan
        .map((step) => step.detail)
        .filter((detail) => /^(SEARCH|SCAN) extraction_jobs/.test(detail));
      expect(searches).toHaveLength(2);
      for (const search of searches)
        expect(search).toMatch(
          /^SEARCH .*USING (COVERING )?INDEX extraction_jobs_by_due \(memory_id=\? AND status=\?/,
        );
    }
  });

  it('knows a dead local owner from a live one', () => {
    expect(isOwnerAlive(`${process.pid}`)).toBe(true); // not this host's format: assumed alive
    expect(isOwnerAlive(`${hostname()}:999999999:x`)).toBe(false);
    expect(isOwnerAlive(`${hostname()}:${process.ppid}:x`)).toBe(true);
  });
});

describe('ExtractionWorker', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });

  const setup = (extractor: Extractor, maxAttempts = 5) => {
    let worker: ExtractionWorker | undefined;
    const store = new SqliteMemoryStore({
      path: ':memory:',
      onEventCreated: (event, context) => worker?.onEventCreated(event, context),
    });
    worker = new ExtractionWorker({
      store,
      database: store.database,
      memoryId: DEFAULT_MEMORY_ID,
      strategies,
      extractor,
      delayMs: 10,
      maxAttempts,
    });
    open.push(store, worker);
    const say = (text: string, extractionMode?: 'SKIP') =>
      store.createEvent({
        memoryId: DEFAULT_MEMORY_ID,
        actorId: key.actorId,
        sessionId: key.sessionId,
        eventTimestamp: new Date(),
        payload: encodeMessage({ role: 'user', content: [{ text }] }),
        ...(extractionMode ? { extractionMode } : {}),
      });
    return { store, worker, say };
  };

  it('runs on the store hook after the delay, and only once per batch of events', async () => {
    const { store, worker, say } = setup(ruleExtractor());
    await say('I live in Paris.');
    await say('My favorite color is blue.');
    expect(worker.pending()).toBe(1);
    await waitFor(() => worker.pending() === 0, 5_000, 'extraction');
    const { memoryRecordSummaries } = await store.listMemoryRecords({
      memoryId: DEFAULT_MEMORY_ID,
      namespace: '/users/user123/facts',
    });
    expect(memoryRecordSummaries.map((r) => r.content.text).sort()).toEqual([
      'The user lives in Paris.',
      "The user's favorite color is blue.",
    ]);
    expect(memoryRecordSummaries.find((r) => r.content.text.includes('Paris'))!.metadata).toEqual({
      slot: { stringValue: 'lives in' },
    });
  });

  it('does not schedule events written with extractionMode SKIP', async () => {
    const { worker, say } = setup(ruleExtractor());
    await say('I live in Paris.', 'SKIP');
    expect(worker.pending()).toBe(0);
  });

  it('retries a failing job with backoff, then marks it failed', async () => {
    let calls = 0;
    const failing: Extractor = {
      ...ruleExtractor(),
      async extract() {
        calls++;
        throw new Error('model unavailable');
      },
    };
    const { worker, say } = setup(failing, 2);
    await say('I live in Paris.');
    await waitFor(() => worker.jobs.get(key)?.status === 'failed', 5_000, 'the job to fail');
    expect(calls).toBe(2);
    expect(worker.jobs.get(key)?.lastError).toContain('model unavailable');
    expect(worker.pending()).toBe(0);
  });

  it('fails at once on a permanent error', async () => {
    const broken: Extractor = {
      ...ruleExtractor(),
      async extract() {
        throw new LongTermMemoryError({ id: 'MEMORY_CONFIG_INVALID', category: 'config' }, 'bad config');
      },
    };
    const { worker, say } = setup(broken);
    await say('I live in Paris.');
    await waitFor(() => worker.jobs.get(key)?.status === 'failed', 5_000, 'the job to fail');
    expect(worker.jobs.get(key)?.attempts).toBe(1);
  });
});
