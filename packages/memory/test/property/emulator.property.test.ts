import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEmulator, DEFAULT_MEMORY_ID, SqliteMemoryStore } from '../../src/index.js';

const M = DEFAULT_MEMORY_ID;
/** Tables that hold what callers stored (the FTS shadow tables follow `records`). */
const TABLES = ['events', 'event_metadata', 'sessions', 'branches', 'records', 'idempotency'];

/** The emulator's routes, with `:label` placeholders (see src/emulator/app.ts). */
const ROUTES: Array<[method: string, path: string]> = [
  ['POST', '/memories/:memoryId/events'],
  ['GET', '/memories/:memoryId/actor/:actorId/sessions/:sessionId/events/:eventId'],
  ['DELETE', '/memories/:memoryId/actor/:actorId/sessions/:sessionId/events/:eventId'],
  ['POST', '/memories/:memoryId/actor/:actorId/sessions/:sessionId'],
  ['POST', '/memories/:memoryId/actor/:actorId/sessions'],
  ['POST', '/memories/:memoryId/actors'],
  ['POST', '/memories/:memoryId/retrieve'],
  ['POST', '/memories/:memoryId/memoryRecords/batchCreate'],
  ['POST', '/memories/:memoryId/memoryRecords/batchUpdate'],
  ['POST', '/memories/:memoryId/memoryRecords/batchDelete'],
  ['POST', '/memories/:memoryId/memoryRecords'],
  ['GET', '/memories/:memoryId/memoryRecord/:memoryRecordId'],
  ['DELETE', '/memories/:memoryId/memoryRecords/:memoryRecordId'],
  ['PUT', '/memories/:memoryId/events'],
  ['GET', '/memories/:memoryId/../../etc/passwd'],
];

const printable = fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));

/** A path label: valid-looking ids, hostile ones, and raw (possibly broken) percent-encoding. */
const label = fc.oneof(
  fc.constant(M),
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,30}$/),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%00',
    '%',
    '%E0%A4%A',
    '%ZZ',
    'x'.repeat(300),
    '0000001752235548250%23abc',
    '%F0%9F%92%A9',
  ),
);

const keys = fc.constantFrom(
  'actorId',
  'sessionId',
  'eventTimestamp',
  'payload',
  'records',
  'namespace',
  'namespaces',
  'searchCriteria',
  'maxResults',
  'nextToken',
  'filter',
  'branch',
  'metadata',
  'memoryRecordIds',
  'memoryRecordId',
  'clientToken',
  'content',
  'timestamp',
  'requestIdentifier',
  'includePayloads',
  'memoryStrategyId',
  '__proto__',
  'constructor',
);
const plausibleBody = fc
  .dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
  .map((value) => JSON.stringify(value));
const hostileBody = fc.oneof(
  plausibleBody,
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '"x"',
    '1e999',
    `{"payload":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  ),
);

const requestArbitrary = fc.record({
  route: fc.constantFrom(...ROUTES),
  labels: fc.array(label, { minLength: 5, maxLength: 5 }),
  namespace: fc.option(fc.string({ unit: printable, maxLength: 40 }).map(encodeURIComponent)),
  body: hostileBody,
});

function snapshot(store: SqliteMemoryStore): Map<string, Set<string>> {
  return new Map(
    TABLES.map((table) => [
      table,
      new Set(
        store.database
          .prepare(`SELECT * FROM ${table}`)
          .all()
          .map((row) => JSON.stringify(row)),
      ),
    ]),
  );
}

let store: SqliteMemoryStore;
let app: ReturnType<typeof createMemoryEmulator>;
const seeded: { eventIds: string[]; recordIds: string[] } = { eventIds: [], recordIds: [] };
beforeAll(async () => {
  store = new SqliteMemoryStore({ path: ':memory:' });
  app = createMemoryEmulator({ store });
  for (const actorId of ['alice', 'bob']) {
    const { event } = await store.createEvent({
      memoryId: M,
      actorId,
      sessionId: 'session-1',
      eventTimestamp: new Date(),
      payload: [{ conversational: { role: 'USER', content: { text: `hello from ${actorId}` } } }],
      metadata: { topic: { stringValue: 'greeting' } },
    });
    seeded.eventIds.push(event.eventId);
  }
  const created = await store.batchCreateMemoryRecords({
    memoryId: M,
    records: [
      {
        requestIdentifier: 'r1',
        namespaces: ['/users/alice/facts'],
        content: { text: 'Alice likes tea' },
        timestamp: new Date(),
      },
    ],
  });
  seeded.recordIds.push(...created.successfulRecords.map((record) => record.memoryRecordId));
});
afterAll(async () => {
  await store.close();
});

describe('the AgentCore Memory emulator under random and hostile requests', () => {
  it('never answers 5xx, always answers a restJson1 error, and loses or changes nothing stored', async () => {
    const before = snapshot(store);
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async ({ route: [method, template], labels, namespace, body }) => {
        let index = 0;
        let path = template.replace(/:[a-zA-Z]+/g, () => labels[index++]!);
        if (namespace !== null) path += `?namespace=${namespace}`;
        const response = await app.request(path, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body }),
        });
        const text = await response.text();
        expect(response.status, `${method} ${path} ${body.slice(0, 200)} -> ${text}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('x-amzn-errortype')).toMatch(/^[A-Za-z]+$/);
          expect(typeof (JSON.parse(text) as { message: unknown }).message).toBe('string');
        }
      }),
      { numRuns: 300, interruptAfterTimeLimit: 10_000 },
    );
    const after = snapshot(store);
    for (const [table, rows] of before) {
      const lost = [...rows].filter((row) => !after.get(table)!.has(row));
      expect(lost, `rows of ${table} lost or changed`).toEqual([]);
    }
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    const got = await app.request(
      `/memories/${M}/actor/alice/sessions/session-1/events/${encodeURIComponent(seeded.eventIds[0]!)}`,
    );
    expect(got.status).toBe(200);
  }, 40_000);
});
