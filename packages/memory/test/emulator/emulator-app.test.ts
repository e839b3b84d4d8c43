import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMemoryEmulator,
  DEFAULT_MEMORY_ID,
  type MemoryStore,
  SqliteMemoryStore,
} from '../../src/index.js';

const M = DEFAULT_MEMORY_ID;
const T0_SECONDS = 1_752_235_548.25;

let store: SqliteMemoryStore;
let app: ReturnType<typeof createMemoryEmulator>;

beforeEach(() => {
  store = new SqliteMemoryStore({ path: ':memory:' });
  app = createMemoryEmulator({ store });
});
afterEach(async () => {
  await store.close();
});

function post(path: string, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function eventBody(extra: Record<string, unknown> = {}) {
  return {
    actorId: 'alice',
    sessionId: 'session-1',
    eventTimestamp: T0_SECONDS,
    payload: [{ conversational: { role: 'USER', content: { text: 'hello' } } }],
    ...extra,
  };
}

describe('memory emulator wire format', () => {
  it('answers CreateEvent with 201 and epoch-second timestamps', async () => {
    const response = await post(`/memories/${M}/events`, eventBody());
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toContain('application/json');
    const { event } = (await response.json()) as { event: Record<string, unknown> };
    expect(event.eventTimestamp).toBe(T0_SECONDS);
    expect(event.eventId).toBe(
      `${String(1_752_235_548_250).padStart(19, '0')}#${String(event.eventId).split('#')[1]}`,
    );
  });

  it('accepts epoch milliseconds and ISO strings for timestamps', async () => {
    const ms = await post(`/memories/${M}/events`, eventBody({ eventTimestamp: 1_718_806_000_000 }));
    expect(((await ms.json()) as { event: { eventTimestamp: number } }).event.eventTimestamp).toBe(
      1_718_806_000,
    );
    const iso = await post(
      `/memories/${M}/events`,
      eventBody({ eventTimestamp: '2026-01-15T12:00:00.500Z' }),
    );
    expect(((await iso.json()) as { event: { eventTimestamp: number } }).event.eventTimestamp).toBe(
      Date.UTC(2026, 0, 15, 12, 0, 0, 500) / 1000,
    );
  });

  it('uses 201 for BatchCreateMemoryRecords and 200 for the other record routes', async () => {
    const created = await post(`/memories/${M}/memoryRecords/batchCreate`, {
      records: [
        {
          requestIdentifier: 'r1',
          namespaces: ['/users/alice/facts'],
          content: { text: 'Likes tea' },
          timestamp: T0_SECONDS,
          metadata: { seen: { dateTimeValue: T0_SECONDS } },
        },
      ],
    });
    expect(created.status).toBe(201);
    const { successfulRecords } = (await created.json()) as {
      successfulRecords: { memoryRecordId: string }[];
    };
    const id = successfulRecords[0]!.memoryRecordId;
    const got = await app.request(`/memories/${M}/memoryRecord/${id}?namespace=%2Fusers%2Falice%2Ffacts`);
    expect(got.status).toBe(200);
    const { memoryRecord } = (await got.json()) as { memoryRecord: Record<string, unknown> };
    expect(memoryRecord.createdAt).toBe(T0_SECONDS);
    expect(memoryRecord.metadata).toEqual({ seen: { dateTimeValue: T0_SECONDS } });
    const retrieved = await post(`/memories/${M}/retrieve`, {
      namespace: '/users/alice/',
      searchCriteria: { searchQuery: 'tea' },
    });
    expect(retrieved.status).toBe(200);
    const deleted = await app.request(`/memories/${M}/memoryRecords/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ memoryRecordId: id });
  });

  it('decodes percent-encoded path labels (actor ids with ":" and "/", event ids with "#")', async () => {
    const created = await post(`/memories/${M}/events`, eventBody({ actorId: 'tenant:alice/main' }));
    const { event } = (await created.json()) as { event: { eventId: string } };
    const path = `/memories/${M}/actor/${encodeURIComponent('tenant:alice/main')}/sessions/session-1`;
    const got = await app.request(`${path}/events/${encodeURIComponent(event.eventId)}`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as { event: { actorId: string } }).event.actorId).toBe('tenant:alice/main');
    const listed = await post(path, {});
    expect(((await listed.json()) as { events: unknown[] }).events).toHaveLength(1);
  });

  it('answers bad JSON, non-object bodies and wrong types with 400 ValidationException', async () => {
    for (const body of ['{"actorId": ', '[1,2]', '"text"']) {
      const response = await post(`/memories/${M}/events`, body);
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
      expect(((await response.json()) as { reason: string }).reason).toBe('CannotParse');
    }
    const wrong = await post(
      `/memories/${M}/events`,
      eventBody({ eventTimestamp: { when: 'now' }, actorId: 42 }),
    );
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as { message: string; reason: string; fieldList: { name: string }[] };
    expect(body.reason).toBe('FieldValidationFailed');
    expect(body.fieldList.map((field) => field.name).sort()).toEqual(['actorId', 'eventTimestamp']);
    expect(body.message).toContain('actorId');
  });

  it('answers an unknown memory with 404 ResourceNotFoundException and unknown routes with 404', async () => {
    const missing = await post('/memories/other_memory-ABCDEFGHIJ/actors', {});
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(((await missing.json()) as { message: string }).message).toContain('other_memory-ABCDEFGHIJ');
    const unknown = await app.request('/nowhere', { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('answers an unexpected store failure with 500 ServiceException without internals', async () => {
    const broken = new Proxy(store, {
      get(target, property) {
        if (property === 'listActors')
          return async () => Promise.reject(new Error('disk on fire at /secret/path'));
        return Reflect.get(target, property);
      },
    }) as MemoryStore;
    const original = console.error;
    console.error = () => {};
    try {
      const response = await createMemoryEmulator({ store: broken }).request(`/memories/${M}/actors`, {
        method: 'POST',
        body: '{}',
      });
      expect(response.status).toBe(500);
      expect(response.headers.get('x-amzn-errortype')).toBe('ServiceException');
      expect(JSON.stringify(await response.json())).not.toContain('/secret/path');
    } finally {
      console.error = original;
    }
  });

  it('lets path labels win over body members', async () => {
    const response = await post(`/memories/${M}/events`, eventBody({ memoryId: 'other_memory-ABCDEFGHIJ' }));
    expect(response.status).toBe(201);
    expect(((await response.json()) as { event: { memoryId: string } }).event.memoryId).toBe(M);
  });
});
