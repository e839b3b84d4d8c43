import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEMORY_ID,
  type Embedder,
  type MemoryStore,
  migratePostgres,
  PostgresMemoryStore,
  SqliteMemoryStore,
} from '../../src/index.js';
import { expectError } from '../conformance/fixtures.js';
import { usePostgres } from './postgres-server.js';

const M = DEFAULT_MEMORY_ID;
const server = usePostgres();

const FACTS = [
  'The user prefers Python for backend programming',
  'The user has a dog named Rex',
  'The user lives in Paris near the river',
  'The user drinks green tea every morning',
  'The user dislikes green paint in the kitchen',
  'Crème brûlée is the user’s favourite dessert',
  'The user’s e-mail is rex@example.com and the dog is called Rex',
  'The user runs marathons; running keeps the user calm',
  'The user started learning Japanese (日本語) in 2024',
  'The user’s favorite numbers are 42 and 3.14',
];
const QUERIES = [
  'Which programming language does the user prefer?',
  'green tea',
  'What is my dog called?',
  'creme brulee',
  'Does the user run?',
  'e-mail address',
  '日本語',
  'favorite number 42',
  'kettle',
  'Where does the user live and what do they drink?',
];

// A deterministic stand-in for a semantic model: synonyms share a dimension.
const CONCEPTS: Record<string, number> = {
  dog: 0,
  puppy: 0,
  canine: 0,
  car: 1,
  automobile: 1,
  tea: 2,
  drink: 2,
};
function conceptEmbedder(dimensions = 8): Embedder {
  return {
    dimensions,
    async embed(texts) {
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

async function seed(store: MemoryStore, texts: string[]): Promise<void> {
  const output = await store.batchCreateMemoryRecords({
    memoryId: M,
    records: texts.map((text, index) => ({
      requestIdentifier: `r${index}`,
      namespaces: ['/users/alice/facts'],
      content: { text },
      timestamp: new Date(Date.UTC(2026, 0, 1) + index),
    })),
  });
  expect(output.failedRecords).toEqual([]);
}

async function scores(store: MemoryStore, query: string): Promise<[string, number][]> {
  const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
    memoryId: M,
    namespace: '/users/alice/',
    searchCriteria: { searchQuery: query, topK: 20 },
  });
  return memoryRecordSummaries.map((record) => [record.content.text, record.score ?? Number.NaN]);
}

describe('PostgresMemoryStore', () => {
  const open: MemoryStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  const postgres = (
    url: string,
    options: Partial<ConstructorParameters<typeof PostgresMemoryStore>[0]> = {},
  ) => {
    const store = new PostgresMemoryStore({ url, ...options });
    open.push(store);
    return store;
  };

  it('migrates once when replicas start at once, and says how vectors are searched', async () => {
    const url = await server.createDatabase();
    const lines: [Record<string, unknown>, string][] = [];
    const logger = {
      info: (fields: Record<string, unknown>, message: string) => lines.push([fields, message]),
      warn() {},
    };
    const replicas = Array.from({ length: 6 }, () => postgres(url, { logger }));
    await Promise.all(replicas.map((store) => store.ready()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const migrations = await client.query('SELECT component, version FROM schema_migrations ORDER BY 1, 2');
    await client.end();
    expect(migrations.rows).toEqual([{ component: 'memory-store', version: 1 }]);
    // Debian packages no pgvector for PostgreSQL 15: vectors are searched in process, and it is said.
    expect(await replicas[0]!.vectorSearch()).toBe('in-process');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual([
      { backend: 'postgres', vectorSearch: 'in-process' },
      'memory store on PostgreSQL; vectors searched in process (pgvector is not installed)',
    ]);
  });

  it('migrates ahead of the replicas (a deploy step), then finds nothing left to do', async () => {
    const url = await server.createDatabase();
    expect(await migratePostgres(url)).toEqual({
      applied: { 'memory-store': [1], extraction: [1] },
      versions: { 'memory-store': 1, extraction: 1 },
      vectorSearch: 'in-process',
    });
    expect((await migratePostgres(url)).applied).toEqual({ 'memory-store': [], extraction: [] });
    const store = postgres(url);
    await store.ready();
    await expect(migratePostgres('postgres://nobody@127.0.0.1:1/none')).rejects.toThrow(/unreachable/);
  });

  it('scores exactly as the SQLite store: same records, same queries, same scores and order', async () => {
    const store = postgres(await server.createDatabase());
    const sqlite = new SqliteMemoryStore({ path: ':memory:' });
    open.push(sqlite);
    await seed(store, FACTS);
    await seed(sqlite, FACTS);
    for (const query of QUERIES) {
      const expected = await scores(sqlite, query);
      const actual = await scores(store, query);
      expect(actual.map(([text]) => text).sort(), query).toEqual(expected.map(([text]) => text).sort());
      const byText = new Map(expected);
      for (const [text, score] of actual)
        expect(score, `${query} → ${text}`).toBeCloseTo(byText.get(text)!, 9);
      expect(
        actual.map(([, score]) => score),
        query,
      ).toEqual(expected.map(([, score]) => score).map((score) => expect.closeTo(score, 9)));
    }
  });

  it('scores hybrid retrieval as the SQLite store does, with vectors searched in process', async () => {
    const store = postgres(await server.createDatabase(), { embedder: conceptEmbedder() });
    const sqlite = new SqliteMemoryStore({ path: ':memory:', embedder: conceptEmbedder() });
    open.push(sqlite);
    const texts = ['The user owns a canine', 'The user drives an automobile', 'The user likes tea'];
    await seed(store, texts);
    await seed(sqlite, texts);
    for (const query of ['puppy', 'Do I have a car?', 'What drink do I like?']) {
      const expected = await scores(sqlite, query);
      const actual = await scores(store, query);
      expect(
        actual.map(([text]) => text),
        query,
      ).toEqual(expected.map(([text]) => text));
      for (const [index, [, score]] of actual.entries()) expect(score).toBeCloseTo(expected[index]![1], 5);
    }
    expect((await scores(store, 'puppy'))[0]?.[0]).toBe('The user owns a canine');
  });

  it('backfills vectors of records written before an embedder was configured', async () => {
    const url = await server.createDatabase();
    const plain = postgres(url);
    await seed(plain, ['The user owns a canine', 'The user likes tea']);
    const hybrid = postgres(url, { embedder: conceptEmbedder() });
    const [top] = await scores(hybrid, 'puppy');
    expect(top?.[0]).toBe('The user owns a canine');
    expect(top?.[1]).toBeGreaterThan(0.5);
  });

  it('lets replicas share one database: what one writes, the other reads', async () => {
    const url = await server.createDatabase();
    const [a, b] = [postgres(url), postgres(url)];
    const written = await a.createEvent({
      memoryId: M,
      actorId: 'alice',
      sessionId: 's1',
      eventTimestamp: new Date(),
      payload: [{ conversational: { role: 'USER', content: { text: 'hello \u0000 world' } } }],
    });
    const read = await b.getEvent({
      memoryId: M,
      actorId: 'alice',
      sessionId: 's1',
      eventId: written.event.eventId,
    });
    expect(read.event).toEqual(written.event);
  });

  it('keeps eventIds unique and ordered when replicas write one session at the same millisecond', async () => {
    const url = await server.createDatabase();
    const replicas = [postgres(url), postgres(url), postgres(url)];
    const at = new Date(Date.UTC(2026, 0, 2));
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        replicas[index % 3]!.createEvent({
          memoryId: M,
          actorId: 'alice',
          sessionId: 'same',
          eventTimestamp: at,
          payload: [{ conversational: { role: 'USER', content: { text: `m${index}` } } }],
        }),
      ),
    );
    const ids = created.map((output) => output.event.eventId);
    expect(new Set(ids).size).toBe(30);
    const listed = await replicas[0]!.listEvents({
      memoryId: M,
      actorId: 'alice',
      sessionId: 'same',
      maxResults: 100,
    });
    expect(listed.events.map((event) => event.eventId)).toEqual([...ids].sort().reverse());
  });

  it('hides expired events at once and purges them', async () => {
    let now = Date.UTC(2026, 0, 1);
    const store = postgres(await server.createDatabase(), { now: () => now });
    await store.createEvent({
      memoryId: M,
      actorId: 'alice',
      sessionId: 's1',
      eventTimestamp: new Date(now),
      payload: [{ conversational: { role: 'USER', content: { text: 'old' } } }],
    });
    now += 91 * 86_400_000;
    expect((await store.listEvents({ memoryId: M, actorId: 'alice', sessionId: 's1' })).events).toEqual([]);
    await store.createEvent({
      memoryId: M,
      actorId: 'bob',
      sessionId: 's2',
      eventTimestamp: new Date(now),
      payload: [{ conversational: { role: 'USER', content: { text: 'new' } } }],
    });
    expect((await store.listSessions({ memoryId: M, actorId: 'alice' })).sessionSummaries).toEqual([]);
  });

  it('fails a record holding U+0000 on its own (PostgreSQL text cannot store it)', async () => {
    const store = postgres(await server.createDatabase());
    const output = await store.batchCreateMemoryRecords({
      memoryId: M,
      records: [
        {
          requestIdentifier: 'bad',
          namespaces: ['/u/a'],
          content: { text: 'a\u0000b' },
          timestamp: new Date(),
        },
        { requestIdentifier: 'good', namespaces: ['/u/a'], content: { text: 'fine' }, timestamp: new Date() },
      ],
    });
    expect(output.successfulRecords.map((record) => record.requestIdentifier)).toEqual(['good']);
    expect(output.failedRecords).toMatchObject([{ requestIdentifier: 'bad', errorCode: 400 }]);
    expect(output.failedRecords[0]?.errorMessage).toContain('U+0000');
  });

  it('rejects a bad URL naming the key, and an unreachable server as a ServiceException', async () => {
    expect(() => new PostgresMemoryStore({ url: 'mysql://x/y' })).toThrow(/url.*postgres:\/\//);
    const store = postgres('postgres://nobody@127.0.0.1:1/none');
    const error = await expectError(store.listActors({ memoryId: M }), 'ServiceException');
    expect((error as unknown as { id: string }).id).toBe('MEMORY_DATABASE_UNAVAILABLE');
    expect(error.message).toContain('check MEMORY_URL');
  });

  it('rejects calls after close', async () => {
    const store = new PostgresMemoryStore({ url: await server.createDatabase() });
    await store.ready();
    await store.close();
    const error = await expectError(store.listActors({ memoryId: M }), 'ServiceException');
    expect((error as unknown as { id: string }).id).toBe('MEMORY_STORE_CLOSED');
  });
});
