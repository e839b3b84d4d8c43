import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMemoryStore } from '../../src/index.js';
import { ftsString } from '../../src/sqlite/query-terms.js';
import {
  documentFrequency,
  memoryIsAlone,
  noteRecordsChanged,
  recordCount,
  scopeCoversMemory,
  settleRecordChanges,
} from '../../src/sqlite/term-stats.js';

const A = 'memory-a-0000000001';
const B = 'memory-b-0000000002';
const WORDS = ['coffee', 'tea', 'Paris', 'Berlin', 'dogs', 'running', 'likes', 'café'];
const TERMS = ['coffee', 'tea', 'paris', 'berlin', 'dog', 'run', 'like', 'cafe', 'unheardof', 'likes coffee'];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'term-stats-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** What a fresh count over the file says, for comparison with the kept statistics. */
function counted(store: SqliteMemoryStore, memoryId: string, term: string): { records: number; df: number } {
  const db = store.database;
  return {
    records: db.prepare('SELECT count(*) FROM records WHERE memory_id = ?').pluck().get(memoryId) as number,
    df: db
      .prepare(
        `SELECT count(*) FROM records_fts JOIN records r ON r.id = records_fts.rowid
         WHERE records_fts MATCH ? AND r.memory_id = ?`,
      )
      .pluck()
      .get(ftsString(term), memoryId) as number,
  };
}

function expectCurrent(store: SqliteMemoryStore, step: string): void {
  const memories = store.database.prepare('SELECT DISTINCT memory_id FROM records').pluck().all() as string[];
  for (const memoryId of [A, B]) {
    const alone = memories.length === 0 || (memories.length === 1 && memories[0] === memoryId);
    expect(memoryIsAlone(store.database, memoryId), `${step}: ${memoryId} alone`).toBe(alone);
    for (const term of TERMS) {
      expect(
        {
          records: recordCount(store.database, memoryId),
          df: documentFrequency(store.database, memoryId, term),
        },
        `${step}: ${memoryId} "${term}"`,
      ).toEqual(counted(store, memoryId, term));
    }
  }
}

describe('retrieval statistics kept across writes', () => {
  it('match a fresh count after every create, update and delete, in one memory or two', async () => {
    const store = new SqliteMemoryStore({
      path: join(dir, 'stats.db'),
      memories: [{ memoryId: A }, { memoryId: B }],
    });
    const random = seeded(42);
    const text = () =>
      Array.from(
        { length: 2 + Math.floor(random() * 5) },
        () => WORDS[Math.floor(random() * WORDS.length)],
      ).join(' ');
    const ids: { memoryId: string; id: string }[] = [];
    expectCurrent(store, 'empty');
    for (let step = 0; step < 60; step++) {
      const memoryId = random() < 0.7 ? A : B;
      const choice = random();
      if (choice < 0.5 || ids.length === 0) {
        const { successfulRecords } = await store.batchCreateMemoryRecords({
          memoryId,
          records: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, index) => ({
            requestIdentifier: `r${index}`,
            namespaces: [`/users/u${Math.floor(random() * 3)}/facts`],
            content: { text: text() },
            timestamp: new Date(1_700_000_000_000 + step),
          })),
        });
        for (const record of successfulRecords) ids.push({ memoryId, id: record.memoryRecordId });
      } else if (choice < 0.75) {
        const target = ids[Math.floor(random() * ids.length)]!;
        await store.batchUpdateMemoryRecords({
          memoryId: target.memoryId,
          records: [
            {
              memoryRecordId: target.id,
              content: { text: text() },
              ...(random() < 0.5 ? { namespaces: [`/users/u${Math.floor(random() * 4)}/facts`] } : {}),
              timestamp: new Date(1_700_000_000_000 + step),
            },
          ],
        });
      } else {
        const [target] = ids.splice(Math.floor(random() * ids.length), 1);
        if (random() < 0.5)
          await store.deleteMemoryRecord({ memoryId: target!.memoryId, memoryRecordId: target!.id });
        else
          await store.batchDeleteMemoryRecords({
            memoryId: target!.memoryId,
            records: [{ memoryRecordId: target!.id }],
          });
      }
      expectCurrent(store, `step ${step}`);
    }
    await store.close();
  });

  it('count again after a write that did not commit, and see another connection’s writes', async () => {
    const path = join(dir, 'other.db');
    const store = new SqliteMemoryStore({ path, memories: [{ memoryId: A }, { memoryId: B }] });
    const other = new SqliteMemoryStore({ path, memories: [{ memoryId: A }, { memoryId: B }] });
    const create = (target: SqliteMemoryStore, text: string, namespace = '/users/u1/facts') =>
      target.batchCreateMemoryRecords({
        memoryId: A,
        records: [
          { requestIdentifier: 'r', namespaces: [namespace], content: { text }, timestamp: new Date() },
        ],
      });
    await create(store, 'coffee in Paris');
    expectCurrent(store, 'first record');
    // A write that changed nothing in the end (rolled back): its reported change must not be applied.
    noteRecordsChanged(store.database, [
      { memoryId: A, namespace: '/users/u1/facts', text: 'coffee coffee', sign: 1 },
    ]);
    settleRecordChanges(store.database, false);
    expectCurrent(store, 'after a rollback');
    await create(other, 'tea in Berlin', '/users/u9/facts');
    expectCurrent(store, 'after another connection wrote');
    expect(scopeCoversMemory(store.database, A, { namespace: '/users/u1/' })).toBe(false);
    await other.close();
    await store.close();
  });
});
