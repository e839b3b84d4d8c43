import {
  branchRootNotInSession,
  type CreatedEvent,
  createdEvent,
  type EventRow,
  eventExpiresAt,
  eventNotFound,
  eventsPage,
  replayedEvent,
  toEvent,
} from '../store/event-shapes.js';
import { idempotencyMismatch } from '../store/idempotency.js';
import { decodeToken, newSessionId, nextEventSuffix, requestHash } from '../store/ids.js';
import type { CreateEventRequest, EventKey, ListEventsRequest } from '../store/inputs.js';
import type { Event } from '../store/types.js';
import { Params, type PgContext, rows } from './context.js';

/**
 * Stores one event, inside the caller's transaction. A transaction-scoped advisory lock on the
 * session serialises writers of one session across replicas, so the next eventId suffix at a
 * millisecond is computed from what is committed (the unique key would reject a duplicate anyway).
 */
export async function createEvent(ctx: PgContext, input: CreateEventRequest): Promise<CreatedEvent> {
  const now = ctx.now();
  const { clientToken, ...request } = input;
  const hash = clientToken === undefined ? '' : requestHash(request);
  if (clientToken !== undefined) {
    const [previous] = await rows<{ request_hash: string; response: string }>(
      ctx,
      `SELECT request_hash, response FROM idempotency
       WHERE memory_id = $1 AND operation = 'CreateEvent' AND client_token = $2`,
      [input.memoryId, clientToken],
    );
    if (previous) {
      if (previous.request_hash !== hash) {
        throw idempotencyMismatch('CreateEvent', '; use a new clientToken per request');
      }
      return replayedEvent(previous.response);
    }
  }

  const sessionId = input.sessionId ?? newSessionId();
  await ctx.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [
    `${input.memoryId}\u0001${input.actorId}\u0001${sessionId}`,
  ]);
  const branch = input.branch;
  if (branch?.rootEventId !== undefined) {
    const root = await rows(
      ctx,
      `SELECT 1 FROM events WHERE memory_id = $1 AND actor_id = $2 AND session_id = $3 AND event_id = $4
       AND expires_at > $5`,
      [input.memoryId, input.actorId, sessionId, branch.rootEventId, now],
    );
    if (root.length === 0) {
      throw branchRootNotInSession(branch.rootEventId, sessionId);
    }
  }
  if (branch !== undefined) {
    await ctx.client.query(
      `INSERT INTO branches (memory_id, actor_id, session_id, name, root_event_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [input.memoryId, input.actorId, sessionId, branch.name, branch.rootEventId ?? null],
    );
  }

  const timestamp = input.eventTimestamp.getTime();
  const metadata = input.metadata && Object.keys(input.metadata).length > 0 ? input.metadata : undefined;
  const entries = Object.entries(metadata ?? {});
  // One statement after the session lock: the next eventId (the greatest suffix at this millisecond
  // + 1, or a random one in the lower half of 32 bits, as `nextEventSuffix`), the event, its metadata
  // rows and the session row. Fewer round trips is most of a server database's write latency.
  const [inserted] = await rows<EventRow>(
    ctx,
    `WITH previous AS (
       SELECT max(event_id) AS event_id FROM events
       WHERE memory_id = $1 AND actor_id = $2 AND session_id = $3 AND event_ts = $5::bigint
     ), inserted AS (
       INSERT INTO events (memory_id, actor_id, session_id, event_id, event_ts, branch_name, branch_root_event_id,
         payload, metadata, created_at, expires_at)
       SELECT $1, $2, $3,
         lpad($5::bigint::text, 19, '0') || '#' || lpad(to_hex(COALESCE(
           ('x' || lpad(split_part(previous.event_id, '#', 2), 16, '0'))::bit(64)::bigint + 1, $4::bigint)), 8, '0'),
         $5::bigint, $6, $7, $8, $9, $10::bigint, $11::bigint
       FROM previous
       RETURNING *
     ), metadata AS (
       INSERT INTO event_metadata (event_row, key, value)
       SELECT inserted.id, m.key, m.value FROM inserted, unnest($12::text[], $13::text[]) AS m(key, value)
     ), session AS (
       INSERT INTO sessions (memory_id, actor_id, session_id, created_at) VALUES ($1, $2, $3, $10::bigint)
       ON CONFLICT DO NOTHING
     )
     SELECT * FROM inserted`,
    [
      input.memoryId,
      input.actorId,
      sessionId,
      nextEventSuffix(undefined),
      timestamp,
      branch?.name ?? null,
      branch?.rootEventId ?? null,
      JSON.stringify(input.payload),
      metadata ? JSON.stringify(metadata) : null,
      now,
      eventExpiresAt(now, ctx.eventExpiryDays(input.memoryId)),
      entries.map(([key]) => key),
      entries.map(([, value]) => value.stringValue),
    ],
  );
  const event = toEvent(inserted!);
  if (clientToken !== undefined) {
    await ctx.client.query(
      `INSERT INTO idempotency (memory_id, operation, client_token, request_hash, response, created_at)
       VALUES ($1, 'CreateEvent', $2, $3, $4, $5)`,
      [input.memoryId, clientToken, hash, JSON.stringify(event), now],
    );
  }
  return createdEvent(event, input);
}

async function findEventRow(ctx: PgContext, key: EventKey): Promise<EventRow> {
  const [row] = await rows<EventRow>(
    ctx,
    `SELECT * FROM events WHERE memory_id = $1 AND actor_id = $2 AND session_id = $3 AND event_id = $4
     AND expires_at > $5`,
    [key.memoryId, key.actorId, key.sessionId, key.eventId, ctx.now()],
  );
  if (!row) {
    throw eventNotFound(key);
  }
  return row;
}

/** `GetEvent`. */
export async function getEvent(ctx: PgContext, key: EventKey): Promise<Event> {
  return toEvent(await findEventRow(ctx, key));
}

/** `DeleteEvent` → the deleted id; 404 when it is not there. */
export async function deleteEvent(ctx: PgContext, key: EventKey): Promise<string> {
  const row = await findEventRow(ctx, key);
  await ctx.client.query('DELETE FROM events WHERE id = $1', [row.id]);
  return row.event_id;
}

/**
 * Events of a branch; with parents, also the parent branch's events up to and including the fork's
 * root event, recursively (what the conversation on that branch had seen).
 */
async function branchCondition(
  ctx: PgContext,
  input: ListEventsRequest,
  name: string,
  withParents: boolean,
  params: Params,
): Promise<string> {
  const isMain = (column: string) => `(${column} IS NULL OR ${column} = 'main')`;
  if (name === 'main') return isMain('branch_name');
  const parts = [`branch_name = ${params.add(name)}`];
  const seen = new Set([name]);
  let current: string | null = name;
  while (withParents && current !== null) {
    const [branch]: { root_event_id: string | null }[] = await rows<{ root_event_id: string | null }>(
      ctx,
      'SELECT root_event_id FROM branches WHERE memory_id = $1 AND actor_id = $2 AND session_id = $3 AND name = $4',
      [input.memoryId, input.actorId, input.sessionId, current],
    );
    if (!branch?.root_event_id) break;
    const [root]: { event_ts: number; event_id: string; branch_name: string | null }[] = await rows(
      ctx,
      'SELECT event_ts, event_id, branch_name FROM events WHERE memory_id = $1 AND actor_id = $2 AND session_id = $3 AND event_id = $4',
      [input.memoryId, input.actorId, input.sessionId, branch.root_event_id],
    );
    if (!root) break;
    const parent: string | null =
      root.branch_name === null || root.branch_name === 'main' ? null : root.branch_name;
    const onParent = parent === null ? isMain('branch_name') : `branch_name = ${params.add(parent)}`;
    parts.push(
      `(${onParent} AND (event_ts, event_id) <= (${params.add(root.event_ts)}, ${params.add(root.event_id)}))`,
    );
    if (parent === null || seen.has(parent)) break;
    seen.add(parent);
    current = parent;
  }
  return `(${parts.join(' OR ')})`;
}

/** `ListEvents`: newest first (timestamp, then eventId), keyset-paginated. */
export async function listEvents(
  ctx: PgContext,
  input: ListEventsRequest,
): Promise<{ events: Event[]; nextToken?: string }> {
  const params = new Params();
  const where = [
    `memory_id = ${params.add(input.memoryId)}`,
    `actor_id = ${params.add(input.actorId)}`,
    `session_id = ${params.add(input.sessionId)}`,
    `expires_at > ${params.add(ctx.now())}`,
  ];
  const branch = input.filter?.branch;
  if (branch)
    where.push(await branchCondition(ctx, input, branch.name, branch.includeParentBranches, params));
  for (const filter of input.filter?.eventMetadata ?? []) {
    const key = params.add(filter.left.metadataKey);
    const exists = `EXISTS (SELECT 1 FROM event_metadata m WHERE m.event_row = events.id AND m.key = ${key}`;
    if (filter.operator === 'EQUALS_TO') {
      where.push(`${exists} AND m.value = ${params.add(filter.right?.metadataValue.stringValue)})`);
    } else {
      where.push(filter.operator === 'EXISTS' ? `${exists})` : `NOT ${exists})`);
    }
  }
  if (input.nextToken !== undefined) {
    const cursor = decodeToken('ListEvents', input.nextToken, ['ts', 'id']);
    where.push(`(event_ts, event_id) < (${params.add(Number(cursor.ts))}, ${params.add(String(cursor.id))})`);
  }
  const found = await rows<EventRow>(
    ctx,
    `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY event_ts DESC, event_id DESC
     LIMIT ${params.add(input.maxResults + 1)}`,
    params.values,
  );
  return eventsPage(found, input.maxResults, input.includePayloads);
}
