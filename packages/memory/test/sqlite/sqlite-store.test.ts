import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEMORY_ID,
  type Event,
  type EventCreatedContext,
  isMemoryStoreError,
  SqliteMemoryStore,
} from '../../src/index.js';
import { expectError } from '../conformance/fixtures.js';

const M = DEFAULT_MEMORY_ID;
const DAY = 86_400_000;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function input(extra: Record<string, unknown> = {}) {
  return {
    memoryId: M,
    actorId: 'alice',
    sessionId: 's1',
    eventTimestamp: new Date(Date.UTC(2026, 0, 1)),
    payload: [{ conversational: { role: 'USER' as const, content: { text: 'hi' } } }],
    ...extra,
  };
}

describe('SqliteMemoryStore', () => {
  it('creates the database directory, uses WAL and keeps data across reopen', async () => {
    const path = join(dir, 'nested', 'deeper', 'memory.db');
    const first = new SqliteMemoryStore({ path });
    expect(first.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.database.pragma('synchronous', { simple: true })).toBe(1);
    await first.createEvent(input());
    await first.close();
    const second = new SqliteMemoryStore({ path });
    const { events } = await second.listEvents({ memoryId: M, actorId: 'alice', sessionId: 's1' });
    expect(events).toHaveLength(1);
    await second.close();
  });

  it('hides expired events at once and purges them (and their empty sessions)', async () => {
    let now = Date.UTC(2026, 0, 1);
    const store = new SqliteMemoryStore({
      path: join(dir, 'm.db'),
      memories: [{ memoryId: M, eventExpiryDuration: 3 }],
      now: () => now,
    });
    const { event } = await store.createEvent(input());
    now += 3 * DAY - 1;
    expect((await store.listEvents({ memoryId: M, actorId: 'alice', sessionId: 's1' })).events).toHaveLength(
      1,
    );
    now += 1;
    expect((await store.listEvents({ memoryId: M, actorId: 'alice', sessionId: 's1' })).events).toHaveLength(
      0,
    );
    await expectError(
      store.getEvent({ memoryId: M, actorId: 'alice', sessionId: 's1', eventId: event.eventId }),
      'ResourceNotFoundException',
    );
    expect((await store.listActors({ memoryId: M })).actorSummaries).toEqual([]);
    const hasEvents = await store.listSessions({
      memoryId: M,
      actorId: 'alice',
      filter: { eventFilter: 'HAS_EVENTS' },
    });
    expect(hasEvents.sessionSummaries).toEqual([]);
    now += 60_001;
    await store.createEvent(input({ actorId: 'bob' }));
    const count = store.database
      .prepare("SELECT count(*) AS n FROM events WHERE actor_id = 'alice'")
      .get() as { n: number };
    expect(count.n).toBe(0);
    expect((await store.listSessions({ memoryId: M, actorId: 'alice' })).sessionSummaries).toEqual([]);
    await store.close();
  });

  it('serves only its configured memories, each isolated', async () => {
    const other = 'second_memory-ABCDEFGHIJ';
    const store = new SqliteMemoryStore({
      path: ':memory:',
      memories: [{ memoryId: M }, { memoryId: other }],
    });
    await store.createEvent(input());
    expect((await store.listActors({ memoryId: other })).actorSummaries).toEqual([]);
    expect(store.memories.map((memory) => memory.memoryId)).toEqual([M, other]);
    await expectError(store.listActors({ memoryId: 'third_memory-ABCDEFGHIJ' }), 'ResourceNotFoundException');
    await store.close();
  });

  it('rejects invalid configuration naming the key', () => {
    expect(() => new SqliteMemoryStore({ path: ':memory:', memories: [{ memoryId: 'bad' }] })).toThrow(
      /memoryId/,
    );
    expect(
      () => new SqliteMemoryStore({ path: ':memory:', memories: [{ memoryId: M, eventExpiryDuration: 2 }] }),
    ).toThrow(/eventExpiryDuration/);
  });

  it('calls onEventCreated after the write, with extraction context, never for replays, surviving a throwing hook', async () => {
    const seen: [Event, EventCreatedContext][] = [];
    const store = new SqliteMemoryStore({
      path: ':memory:',
      onEventCreated: (event, context) => {
        seen.push([event, context]);
        throw new Error('listener bug');
      },
    });
    const { event } = await store.createEvent(input({ clientToken: 'tok-1', extractionMode: 'SKIP' }));
    await store.createEvent(input({ clientToken: 'tok-1', extractionMode: 'SKIP' }));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0].eventId).toBe(event.eventId);
    expect(seen[0]?.[1]).toEqual({ extractionMode: 'SKIP' });
    const stored = store.database.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    expect(stored.n).toBe(1);
    await store.close();
  });

  it('rejects a clientToken reused with a different request', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    await store.createEvent(input({ clientToken: 'tok-2' }));
    const error = await expectError(
      store.createEvent(input({ clientToken: 'tok-2', sessionId: 's2' })),
      'ValidationException',
      'clientToken',
    );
    expect(error.reason).toBe('IdempotentParameterMismatchException');
    await store.close();
  });

  it('keeps eventIds increasing within a millisecond', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    const ids: string[] = [];
    for (let index = 0; index < 50; index++) ids.push((await store.createEvent(input())).event.eventId);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.split('#')[0]))).toEqual(new Set([ids[0]!.split('#')[0]]));
    await store.close();
  });

  it('answers RetryableConflictException when another writer holds the lock, and stores nothing', async () => {
    const path = join(dir, 'locked.db');
    const store = new SqliteMemoryStore({ path, busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await expectError(store.createEvent(input()), 'RetryableConflictException');
      expect(isMemoryStoreError(error) && error.retryable).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await store.listEvents({ memoryId: M, actorId: 'alice', sessionId: 's1' })).events).toEqual([]);
    await store.createEvent(input());
    expect((await store.listEvents({ memoryId: M, actorId: 'alice', sessionId: 's1' })).events).toHaveLength(
      1,
    );
    await store.close();
  });

  it('lets two stores (two connections) share one file', async () => {
    const path = join(dir, 'shared.db');
    const a = new SqliteMemoryStore({ path });
    const b = new SqliteMemoryStore({ path });
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 ? a : b).createEvent(input({ sessionId: `s${index % 4}` })),
      ),
    );
    const actors = await a.listSessions({ memoryId: M, actorId: 'alice' });
    expect(actors.sessionSummaries).toHaveLength(4);
    await a.close();
    await b.close();
  });

  it('rejects calls after close', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    await store.close();
    const error = await expectError(store.listActors({ memoryId: M }), 'ServiceException');
    expect((error as unknown as { id: string }).id).toBe('MEMORY_STORE_CLOSED');
  });

  it('scores an exact match 1 and a partial match by weighted coverage', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:' });
    await store.batchCreateMemoryRecords({
      memoryId: M,
      records: [
        {
          requestIdentifier: 'a',
          namespaces: ['/u/a'],
          content: { text: 'green tea' },
          timestamp: new Date(),
        },
        {
          requestIdentifier: 'b',
          namespaces: ['/u/a'],
          content: { text: 'black coffee' },
          timestamp: new Date(),
        },
        {
          requestIdentifier: 'c',
          namespaces: ['/u/a'],
          content: { text: 'green paint' },
          timestamp: new Date(),
        },
      ],
    });
    const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/u/',
      searchCriteria: { searchQuery: 'Green tea?' },
    });
    expect(memoryRecordSummaries.map((r) => [r.content.text, r.score])).toEqual([
      ['green tea', 1],
      ['green paint', expect.any(Number)],
    ]);
    const partial = memoryRecordSummaries[1]!.score!;
    // "tea" (1 holder of 3) weighs more than "green" (2 of 3): ln(1+4/1.5) > ln(1+4/2.5).
    const wTea = Math.log(1 + 4 / 1.5);
    const wGreen = Math.log(1 + 4 / 2.5);
    expect(partial).toBeCloseTo(wGreen / (wTea + wGreen), 10);
    // A word no record holds counts as if one record held it.
    const withAbsent = await store.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/u/',
      searchCriteria: { searchQuery: 'green tea kettle' },
    });
    expect(withAbsent.memoryRecordSummaries[0]?.score).toBeCloseTo((wTea + wGreen) / (2 * wTea + wGreen), 10);
    await store.close();
  });
});

describe('SqliteMemoryStore onEventCreated', () => {
  it('runs inside the event transaction: what the hook writes to the same file commits with the event', async () => {
    const path = join(dir, 'hooked.db');
    let store: SqliteMemoryStore | undefined;
    store = new SqliteMemoryStore({
      path,
      onEventCreated: (event) => {
        const db = store!.database;
        expect(db.inTransaction).toBe(true);
        db.prepare('INSERT INTO hook_log (event_id) VALUES (?)').run(event.eventId);
      },
    });
    store.database.exec('CREATE TABLE hook_log (event_id TEXT)');
    const { event } = await store.createEvent(input());
    expect(store.database.inTransaction).toBe(false);
    const other = new Database(path, { readonly: true });
    expect(other.prepare('SELECT event_id FROM hook_log').pluck().all()).toEqual([event.eventId]);
    other.close();
    await store.close();
  });
});
