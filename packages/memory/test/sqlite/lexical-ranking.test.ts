import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMemoryStore } from '../../src/index.js';
import { lexicalTopK, termWeight } from '../../src/sqlite/lexical-ranking.js';
import { ftsString, queryTerms } from '../../src/sqlite/query-terms.js';
import { recordScope } from '../../src/sqlite/records.js';

const A = 'memory-a-0000000001';
const B = 'memory-b-0000000002';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lexical-ranking-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A skewed vocabulary: a few words in most records, many rare ones; every record says "user".
const VOCABULARY = Array.from({ length: 400 }, (_, index) => `w${index.toString(36)}x`);
function sentence(random: () => number): string {
  const words = Array.from({ length: 3 + Math.floor(random() * 10) }, () => {
    return VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]!;
  });
  return `The user ${words.join(' ')}.`;
}

async function fill(
  store: SqliteMemoryStore,
  memoryId: string,
  namespace: string,
  count: number,
  random: () => number,
): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    const { failedRecords } = await store.batchCreateMemoryRecords({
      memoryId,
      records: Array.from({ length: Math.min(100, count - start) }, (_, index) => ({
        requestIdentifier: `r${start + index}`,
        namespaces: [namespace],
        content: { text: sentence(random) },
        timestamp: new Date(1_700_000_000_000 + start + index),
      })),
    });
    expect(failedRecords).toEqual([]);
  }
}

/** The coverage score of every record of `namespace`, by brute force: one FTS5 query per term. */
function referenceScores(store: SqliteMemoryStore, memoryId: string, namespace: string, query: string) {
  const db = store.database;
  const terms = queryTerms(query);
  const records = db
    .prepare('SELECT count(*) FROM records WHERE memory_id = ?')
    .pluck()
    .get(memoryId) as number;
  const scores = new Map<string, number>();
  let weightSum = 0;
  for (const term of terms) {
    const holders = db
      .prepare(
        `SELECT r.memory_record_id, r.namespace FROM records_fts JOIN records r ON r.id = records_fts.rowid
         WHERE records_fts MATCH ? AND r.memory_id = ?`,
      )
      .all(ftsString(term), memoryId) as { memory_record_id: string; namespace: string }[];
    const weight = termWeight(holders.length, records);
    weightSum += weight;
    for (const holder of holders) {
      if (!holder.namespace.startsWith(namespace)) continue;
      scores.set(holder.memory_record_id, (scores.get(holder.memory_record_id) ?? 0) + weight);
    }
  }
  for (const [id, score] of scores) scores.set(id, score / weightSum);
  return scores;
}

async function expectExactTopK(
  store: SqliteMemoryStore,
  memoryId: string,
  namespace: string,
  query: string,
  topK: number,
): Promise<void> {
  const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
    memoryId,
    namespace,
    searchCriteria: { searchQuery: query, topK },
    maxResults: 100,
  });
  const reference = referenceScores(store, memoryId, namespace, query);
  const best = [...reference.values()].sort((a, b) => b - a).slice(0, topK);
  const got = memoryRecordSummaries.map((record) => record.score!);
  expect(got.length, query).toBe(best.length);
  for (const [index, score] of got.entries()) {
    expect(score, `${query} #${index}`).toBeCloseTo(best[index]!, 9);
  }
  // Each record returned really has the score it carries, and lies in the namespace.
  for (const record of memoryRecordSummaries) {
    expect(record.namespaces[0]!.startsWith(namespace)).toBe(true);
    expect(record.score!).toBeCloseTo(reference.get(record.memoryRecordId)!, 9);
  }
}

function queries(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
      random() < 0.15 ? 'user' : random() < 0.1 ? 'unheardof' : VOCABULARY[Math.floor(random() * 200)]!,
    );
    return `What about ${words.join(' ')}?`;
  });
}

describe('lexical retrieval (top k without scoring every match)', () => {
  it('returns exactly the best coverage scores of a brute-force ranking, one memory, one namespace', async () => {
    const store = new SqliteMemoryStore({ path: join(dir, 'one.db'), memories: [{ memoryId: A }] });
    const random = seeded(7);
    await fill(store, A, '/users/alice/facts', 3_000, random);
    for (const query of queries(random, 60)) {
      await expectExactTopK(store, A, '/users/alice/facts', query, 10);
    }
    await expectExactTopK(store, A, '/users/alice/facts', 'user', 25);
    await expectExactTopK(store, A, '/users/alice/facts', 'user unheardof', 5);
    await store.close();
  });

  it('stays exact within one actor of several memories and namespaces', async () => {
    const store = new SqliteMemoryStore({
      path: join(dir, 'many.db'),
      memories: [{ memoryId: A }, { memoryId: B }],
    });
    const random = seeded(11);
    await fill(store, A, '/users/alice/facts', 1_500, random);
    await fill(store, A, '/users/bob/facts', 1_500, random);
    await fill(store, B, '/users/alice/facts', 1_000, random);
    for (const query of queries(random, 40)) {
      await expectExactTopK(store, A, '/users/alice/', query, 10);
      await expectExactTopK(store, B, '/users/alice/', query, 3);
    }
    await store.close();
  });

  it('ranks a small scope among many actors from its own records exactly as through FTS5', async () => {
    const store = new SqliteMemoryStore({ path: join(dir, 'actors.db'), memories: [{ memoryId: A }] });
    const random = seeded(23);
    for (let actor = 0; actor < 40; actor++) {
      await fill(store, A, `/users/actor-${actor}/facts`, 5 + Math.floor(random() * 60), random);
    }
    // Text the tokenizer must fold and stem as FTS5 does: case, diacritics, plurals, a phrase.
    await store.batchCreateMemoryRecords({
      memoryId: A,
      records: ['Café CRÈME lovers', 'the user LIKES running shoes', 'new york style', 'york new style'].map(
        (text, index) => ({
          requestIdentifier: `t${index}`,
          namespaces: ['/users/actor-3/facts'],
          content: { text },
          timestamp: new Date(1_800_000_000_000 + index),
        }),
      ),
    });
    const texts = [
      ...queries(random, 40),
      'cafe creme lover',
      'likes run shoe',
      '"new york"',
      'New-York styles',
    ];
    for (const [index, query] of texts.entries()) {
      const namespace = `/users/actor-${index >= 40 || index % 7 === 0 ? 3 : index % 40}/`;
      const scope = { ...recordScope(A, { namespace }), namespace };
      const terms = queryTerms(query);
      const viaRecords = lexicalTopK(store.database, A, scope, terms, 10);
      const viaFts = lexicalTopK(store.database, A, scope, terms, 10, { smallScopeRecords: 0 });
      expect(
        viaRecords.map((hit) => [hit.row.id, hit.lexical, hit.bm25]),
        query,
      ).toEqual(viaFts.map((hit) => [hit.row.id, hit.lexical, hit.bm25]));
      await expectExactTopK(store, A, namespace, query, 10);
    }
    await store.close();
  });

  it('adds terms to the essential set until nothing outside the candidates can enter the top k', async () => {
    const store = new SqliteMemoryStore({ path: join(dir, 'bound.db'), memories: [{ memoryId: A }] });
    // Common words (in 30-70% of the records) and a rare word alone in its records: three common words together
    // outweigh it, so the rare word's records (the first candidates) are not the top k.
    const common = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const random = seeded(5);
    await store.batchCreateMemoryRecords({
      memoryId: A,
      records: Array.from({ length: 100 }, (_, index) => ({
        requestIdentifier: `r${index}`,
        namespaces: ['/facts'],
        content: {
          text:
            index % 25 === 0
              ? 'rare x'
              : `${common.filter((_, word) => random() < 0.3 + 0.1 * word).join(' ')} x`,
        },
        timestamp: new Date(1_700_000_000_000 + index),
      })),
    });
    for (const query of [
      'rare alpha beta gamma',
      'rare alpha beta gamma delta epsilon',
      'rare delta',
      'alpha',
    ]) {
      const scope = { ...recordScope(A, { namespace: '/facts' }), namespace: '/facts' };
      const terms = queryTerms(query);
      for (const topK of [1, 3, 10]) {
        const hits = lexicalTopK(store.database, A, scope, terms, topK, {
          essentialPostings: 0,
          smallScopeRecords: 0,
        });
        const reference = referenceScores(store, A, '/facts', query);
        const best = [...reference.values()].sort((a, b) => b - a).slice(0, topK);
        expect(
          hits.map((hit) => hit.lexical),
          `${query} top ${topK}`,
        ).toEqual(best.map((score) => expect.closeTo(score, 9)));
      }
    }
    await store.close();
  });

  it('sees new records at once, written here or through another connection', async () => {
    const path = join(dir, 'fresh.db');
    const store = new SqliteMemoryStore({ path, memories: [{ memoryId: A }] });
    const other = new SqliteMemoryStore({ path, memories: [{ memoryId: A }] });
    const random = seeded(3);
    await fill(store, A, '/facts', 500, random);
    await expectExactTopK(store, A, '/facts', 'w1x w2x', 10);
    await fill(store, A, '/facts', 300, random);
    await expectExactTopK(store, A, '/facts', 'w1x w2x', 10);
    await other.batchCreateMemoryRecords({
      memoryId: A,
      records: [
        {
          requestIdentifier: 'new',
          namespaces: ['/facts'],
          content: { text: 'w1x w2x brandnew' },
          timestamp: new Date(),
        },
      ],
    });
    await expectExactTopK(store, A, '/facts', 'w1x w2x brandnew', 10);
    const top = await store.retrieveMemoryRecords({
      memoryId: A,
      namespace: '/facts',
      searchCriteria: { searchQuery: 'brandnew w1x w2x', topK: 1 },
    });
    expect(top.memoryRecordSummaries[0]!.content.text).toBe('w1x w2x brandnew');
    await other.close();
    await store.close();
  });

  it('breaks ties by BM25: shorter records and repeated terms first', async () => {
    const store = new SqliteMemoryStore({ path: join(dir, 'ties.db'), memories: [{ memoryId: A }] });
    await store.batchCreateMemoryRecords({
      memoryId: A,
      records: [
        'coffee in the long and winding morning of a very long day',
        'coffee now',
        'coffee coffee coffee every day',
        'tea only',
      ].map((text, index) => ({
        requestIdentifier: `r${index}`,
        namespaces: ['/facts'],
        content: { text },
        timestamp: new Date(1_700_000_000_000 + index),
      })),
    });
    const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
      memoryId: A,
      namespace: '/facts',
      searchCriteria: { searchQuery: 'coffee', topK: 10 },
    });
    expect(memoryRecordSummaries.map((record) => record.content.text)).toEqual([
      'coffee coffee coffee every day',
      'coffee now',
      'coffee in the long and winding morning of a very long day',
    ]);
    await store.close();
  });
});
