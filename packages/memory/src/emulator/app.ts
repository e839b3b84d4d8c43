import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { MemoryStoreError, ValidationException } from '../store/errors.js';
import type { MemoryStore } from '../store/types.js';
import { readRequestTimestamps, writeJson } from './wire.js';

export interface MemoryEmulatorOptions {
  /** The store that answers (usually a `SqliteMemoryStore`). */
  store: MemoryStore;
}

type Json = Record<string, unknown>;
type Handler = (store: MemoryStore, input: Json) => Promise<unknown>;

interface Route {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  status: number;
  /** Query parameters bound to input members (`httpQuery`). */
  query?: string[];
  handle: Handler;
}

// Paths, methods and success codes exactly as @aws-sdk/client-bedrock-agentcore 3.1141.0's
// schemas (dist-es/schemas/schemas_0.js) bind them. Note `memoryRecord` (singular) for Get.
const ROUTES: Route[] = [
  {
    operation: 'CreateEvent',
    method: 'POST',
    path: '/memories/:memoryId/events',
    status: 201,
    handle: (s, i) => s.createEvent(i as never),
  },
  {
    operation: 'GetEvent',
    method: 'GET',
    path: '/memories/:memoryId/actor/:actorId/sessions/:sessionId/events/:eventId',
    status: 200,
    handle: (s, i) => s.getEvent(i as never),
  },
  {
    operation: 'DeleteEvent',
    method: 'DELETE',
    path: '/memories/:memoryId/actor/:actorId/sessions/:sessionId/events/:eventId',
    status: 200,
    handle: (s, i) => s.deleteEvent(i as never),
  },
  {
    operation: 'ListEvents',
    method: 'POST',
    path: '/memories/:memoryId/actor/:actorId/sessions/:sessionId',
    status: 200,
    handle: (s, i) => s.listEvents(i as never),
  },
  {
    operation: 'ListSessions',
    method: 'POST',
    path: '/memories/:memoryId/actor/:actorId/sessions',
    status: 200,
    handle: (s, i) => s.listSessions(i as never),
  },
  {
    operation: 'ListActors',
    method: 'POST',
    path: '/memories/:memoryId/actors',
    status: 200,
    handle: (s, i) => s.listActors(i as never),
  },
  {
    operation: 'RetrieveMemoryRecords',
    method: 'POST',
    path: '/memories/:memoryId/retrieve',
    status: 200,
    handle: (s, i) => s.retrieveMemoryRecords(i as never),
  },
  {
    operation: 'BatchCreateMemoryRecords',
    method: 'POST',
    path: '/memories/:memoryId/memoryRecords/batchCreate',
    status: 201,
    handle: (s, i) => s.batchCreateMemoryRecords(i as never),
  },
  {
    operation: 'BatchUpdateMemoryRecords',
    method: 'POST',
    path: '/memories/:memoryId/memoryRecords/batchUpdate',
    status: 200,
    handle: (s, i) => s.batchUpdateMemoryRecords(i as never),
  },
  {
    operation: 'BatchDeleteMemoryRecords',
    method: 'POST',
    path: '/memories/:memoryId/memoryRecords/batchDelete',
    status: 200,
    handle: (s, i) => s.batchDeleteMemoryRecords(i as never),
  },
  {
    operation: 'ListMemoryRecords',
    method: 'POST',
    path: '/memories/:memoryId/memoryRecords',
    status: 200,
    handle: (s, i) => s.listMemoryRecords(i as never),
  },
  {
    operation: 'GetMemoryRecord',
    method: 'GET',
    path: '/memories/:memoryId/memoryRecord/:memoryRecordId',
    status: 200,
    query: ['namespace'],
    handle: (s, i) => s.getMemoryRecord(i as never),
  },
  {
    operation: 'DeleteMemoryRecord',
    method: 'DELETE',
    path: '/memories/:memoryId/memoryRecords/:memoryRecordId',
    status: 200,
    query: ['namespace'],
    handle: (s, i) => s.deleteMemoryRecord(i as never),
  },
];

/** A restJson1 error: `x-amzn-errortype` names the shape; the body carries `message` (+ reason, fieldList). */
function errorResponse(c: Context, error: unknown): Response {
  const known = error instanceof MemoryStoreError ? error : null;
  const name = known?.name ?? 'ServiceException';
  const status = known?.status ?? 500;
  const body: Json = { message: known?.message ?? 'The memory emulator failed unexpectedly; see its log' };
  if (error instanceof ValidationException) {
    body.reason = error.reason;
    if (error.fieldList.length > 0) body.fieldList = error.fieldList;
  }
  if (!known) console.error('[memory-emulator] unexpected error', error);
  return c.body(writeJson(body), status as 400, {
    'content-type': 'application/json',
    'x-amzn-errortype': name,
    'x-amzn-requestid': randomUUID(),
  });
}

async function readBody(c: Context): Promise<Json> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationException('The request body is not valid JSON', { reason: 'CannotParse' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationException('The request body must be a JSON object', { reason: 'CannotParse' });
  }
  return parsed as Json;
}

/**
 * A Hono app answering AgentCore Memory's data-plane REST routes, so that the real, unmodified
 * `BedrockAgentCoreClient` (or any other AgentCore client) can be pointed at a local store.
 * @example
 * const app = createMemoryEmulator({ store: new SqliteMemoryStore() });
 * const res = await app.request('/memories/local_memory-0000000000/actors', { method: 'POST', body: '{}' });
 */
export function createMemoryEmulator(options: MemoryEmulatorOptions): Hono {
  const app = new Hono();
  for (const route of ROUTES) {
    app.on(route.method, route.path, async (c) => {
      try {
        const body = route.method === 'POST' ? readRequestTimestamps(route.operation, await readBody(c)) : {};
        const input: Json = { ...body };
        for (const name of route.query ?? []) {
          const value = c.req.query(name);
          if (value !== undefined) input[name] = value;
        }
        // Path labels win over body members of the same name, as in the AWS model.
        Object.assign(input, c.req.param());
        const output = await route.handle(options.store, input);
        return c.body(writeJson(output), route.status as 200, {
          'content-type': 'application/json',
          'x-amzn-requestid': randomUUID(),
        });
      } catch (error) {
        return errorResponse(c, error);
      }
    });
  }
  app.notFound((c) =>
    c.body(writeJson({ message: `No AgentCore Memory operation at ${c.req.method} ${c.req.path}` }), 404, {
      'content-type': 'application/json',
      'x-amzn-errortype': 'UnknownOperationException',
    }),
  );
  app.onError((error, c) => errorResponse(c, error));
  return app;
}
