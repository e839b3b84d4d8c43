import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_ID, type Embedder, SqliteMemoryStore } from '../../src/index.js';
import { expectError } from '../conformance/fixtures.js';

const M = DEFAULT_MEMORY_ID;

// A deterministic stand-in for a semantic model: synonyms share a dimension, so "puppy" and
// "canine" are close without sharing a single word.
const CONCEPTS: Record<string, number> = {
  dog: 0,
  puppy: 0,
  canine: 0,
  car: 1,
  automobile: 1,
  vehicle: 1,
  tea: 2,
  drink: 2,
};
function conceptEmbedder(dimensions = 8, calls: string[][] = []): Embedder {
  return {
    dimensions,
    async embed(texts) {
      calls.push(texts);
      return texts.map((text) => {
        const vector = new Float32Array(dimensions);
        for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
          const index = CONCEPTS[word] ?? 3 + (word.length % (dimensions - 3));
          vector[index] = (vector[index] ?? 0) + (word in CONCEPTS ? 3 : 0.2);
        }
        return vector;
      });
    },
  };
}

function seed(store: SqliteMemoryStore) {
  return store.batchCreateMemoryRecords({
    memoryId: M,
    records: [
      ['canine', 'The user owns a canine'],
      ['auto', 'The user drives an automobile'],
      ['tea', 'The user likes tea'],
    ].map(([requestIdentifier, text]) => ({
      requestIdentifier: requestIdentifier!,
      namespaces: ['/users/alice/facts'],
      content: { text: text! },
      timestamp: new Date(),
    })),
  });
}

describe('hybrid retrieval (sqlite-vec)', () => {
  it('finds a record by meaning when no word matches, with a score in 0..1', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:', embedder: conceptEmbedder() });
    await seed(store);
    const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/users/alice/',
      searchCriteria: { searchQuery: 'puppy' },
    });
    expect(memoryRecordSummaries[0]?.content.text).toBe('The user owns a canine');
    const top = memoryRecordSummaries[0]!.score!;
    expect(top).toBeGreaterThan(0.2);
    expect(top).toBeLessThanOrEqual(1);
    for (const other of memoryRecordSummaries.slice(1)) expect(other.score!).toBeLessThan(top);
    await store.close();
  });

  it('embeds records written before the embedder was configured, and re-embeds after a dimension change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-'));
    const path = join(dir, 'memory.db');
    const plain = new SqliteMemoryStore({ path });
    await seed(plain);
    const lexical = await plain.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/',
      searchCriteria: { searchQuery: 'puppy' },
    });
    expect(lexical.memoryRecordSummaries).toEqual([]);
    await plain.close();

    const calls: string[][] = [];
    const withVectors = new SqliteMemoryStore({ path, embedder: conceptEmbedder(8, calls) });
    const found = await withVectors.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/',
      searchCriteria: { searchQuery: 'puppy' },
    });
    expect(found.memoryRecordSummaries[0]?.content.text).toBe('The user owns a canine');
    expect(calls.flat()).toContain('The user owns a canine');
    await withVectors.close();

    const wider = new SqliteMemoryStore({ path, embedder: conceptEmbedder(16) });
    const again = await wider.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/',
      searchCriteria: { searchQuery: 'automobile vehicle' },
    });
    expect(again.memoryRecordSummaries[0]?.content.text).toBe('The user drives an automobile');
    await wider.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-embeds updated text', async () => {
    const store = new SqliteMemoryStore({ path: ':memory:', embedder: conceptEmbedder() });
    const created = await seed(store);
    const id = created.successfulRecords.find((r) => r.requestIdentifier === 'tea')!.memoryRecordId;
    await store.batchUpdateMemoryRecords({
      memoryId: M,
      records: [{ memoryRecordId: id, timestamp: new Date(), content: { text: 'The user has a vehicle' } }],
    });
    const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
      memoryId: M,
      namespace: '/',
      searchCriteria: { searchQuery: 'car', topK: 2 },
    });
    expect(memoryRecordSummaries.map((r) => r.memoryRecordId)).toContain(id);
    await store.close();
  });

  it('reports a failing embedder as ServiceException and stores nothing', async () => {
    const store = new SqliteMemoryStore({
      path: ':memory:',
      embedder: { dimensions: 4, embed: async () => Promise.reject(new Error('model offline')) },
    });
    const error = await expectError(seed(store), 'ServiceException');
    expect(error.message).toContain('model offline');
    expect((await store.listMemoryRecords({ memoryId: M, namespace: '/' })).memoryRecordSummaries).toEqual(
      [],
    );
    await store.close();
  });
});
