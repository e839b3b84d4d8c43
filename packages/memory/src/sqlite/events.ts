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
import { decodeToken, formatEventId, newSessionId, nextEventSuffix, requestHash } from '../store/ids.js';
import type { CreateEventRequest, EventKey, ListEventsRequest } from '../store/inputs.js';
import type { Event } from '../store/types.js';
import type { SqliteContext } from './context.js';

/** Stores one event. Runs inside the caller's transaction. */
export function createEvent(ctx: SqliteContext, input: CreateEventRequest): CreatedEvent {
  const { db } = ctx;
  const now = ctx.now();
  const { clientToken, ...request } = input;
  const hash = clientToken === undefined ? '' : requestHash(request);
  if (clientToken !== undefined) {
    const previous = db
      .prepare(
        `SELECT request_hash, response FROM idempotency
         WHERE memory_id = ? AND operation = 'CreateEvent' AND client_token = ?`,
      )
      .get(input.memoryId, clientToken) as { request_hash: string; response: string } | undefined;
    if (previous) {
      if (previous.request_hash !== hash) {
        throw idempotencyMismatch('CreateEvent', '; use a new clientToken per request');
      }
      return replayedEvent(previous.response);
    }
  }

  const sessionId = input.sessionId ?? newSessionId();
  const branch = input.branch;
  if (branch?.rootEventId !== undefined) {
    const root = db
      .prepare(
        `SELECT 1 FROM events WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND event_id = ?
         AND expires_at > ?`,
      )
      .get(input.memoryId, input.actorId, sessionId, branch.rootEventId, now);
    if (!root) {
      throw branchRootNotInSession(branch.rootEventId, sessionId);
    }
  }
  if (branch !== undefined) {
    db.prepare(
      `INSERT OR IGNORE INTO branches (memory_id, actor_id, session_id, name, root_event_id) VALUES (?, ?, ?, ?, ?)`,
    ).run(input.memoryId, input.actorId, sessionId, branch.name, branch.rootEventId ?? null);
  }

  const timestamp = input.eventTimestamp.getTime();
  const previous = db
    .prepare(
      `SELECT max(event_id) AS event_id FROM events
       WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND event_ts = ?`,
    )
    .get(input.memoryId, input.actorId, sessionId, timestamp) as { event_id: string | null };
  const eventId = formatEventId(timestamp, nextEventSuffix(previous.event_id ?? undefined));
  const metadata = input.metadata && Object.keys(input.metadata).length > 0 ? input.metadata : undefined;
  const inserted = db
    .prepare(
      `INSERT INTO events (memory_id, actor_id, session_id, event_id, event_ts, branch_name, branch_root_event_id,
         payload, metadata, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.memoryId,
      input.actorId,
      sessionId,
      eventId,
      timestamp,
      branch?.name ?? null,
      branch?.rootEventId ?? null,
      JSON.stringify(input.payload),
      metadata ? JSON.stringify(metadata) : null,
      now,
      eventExpiresAt(now, ctx.eventExpiryDays(input.memoryId)),
    );
  if (metadata) {
    const insertMetadata = db.prepare('INSERT INTO event_metadata (event_row, key, value) VALUES (?, ?, ?)');
    for (const [key, value] of Object.entries(metadata)) {
      insertMetadata.run(inserted.lastInsertRowid, key, value.stringValue);
    }
  }
  db.prepare(
    'INSERT OR IGNORE INTO sessions (memory_id, actor_id, session_id, created_at) VALUES (?, ?, ?, ?)',
  ).run(input.memoryId, input.actorId, sessionId, now);

  const event = toEvent(
    db.prepare('SELECT * FROM events WHERE id = ?').get(inserted.lastInsertRowid) as EventRow,
  );
  if (clientToken !== undefined) {
    db.prepare(
      `INSERT INTO idempotency (memory_id, operation, client_token, request_hash, response, created_at)
       VALUES (?, 'CreateEvent', ?, ?, ?, ?)`,
    ).run(input.memoryId, clientToken, hash, JSON.stringify(event), now);
  }
  return createdEvent(event, input);
}

function findEventRow(ctx: SqliteContext, key: EventKey): EventRow {
  const row = ctx.db
    .prepare(
      `SELECT * FROM events WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND event_id = ?
       AND expires_at > ?`,
    )
    .get(key.memoryId, key.actorId, key.sessionId, key.eventId, ctx.now()) as EventRow | undefined;
  if (!row) {
    throw eventNotFound(key);
  }
  return row;
}

/** `GetEvent`. */
export function getEvent(ctx: SqliteContext, key: EventKey): Event {
  return toEvent(findEventRow(ctx, key));
}

/** `DeleteEvent` → the deleted id; 404 when it is not there. */
export function deleteEvent(ctx: SqliteContext, key: EventKey): string {
  const row = findEventRow(ctx, key);
  ctx.db.prepare('DELETE FROM events WHERE id = ?').run(row.id);
  return row.event_id;
}

interface Condition {
  sql: string;
  params: unknown[];
}

/**
 * Events of a branch; with parents, also the parent branch's events up to and including the fork's
 * root event, recursively (what the conversation on that branch had seen).
 */
function branchCondition(
  ctx: SqliteContext,
  input: ListEventsRequest,
  name: string,
  withParents: boolean,
): Condition {
  const isMain = (column: string) => `(${column} IS NULL OR ${column} = 'main')`;
  if (name === 'main') return { sql: isMain('branch_name'), params: [] };
  const parts = ['branch_name = ?'];
  const params: unknown[] = [name];
  const seen = new Set([name]);
  let current: string | null = name;
  while (withParents && current !== null) {
    const branch = ctx.db
      .prepare(
        'SELECT root_event_id FROM branches WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND name = ?',
      )
      .get(input.memoryId, input.actorId, input.sessionId, current) as
      | { root_event_id: string | null }
      | undefined;
    if (!branch?.root_event_id) break;
    const root = ctx.db
      .prepare(
        'SELECT event_ts, event_id, branch_name FROM events WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND event_id = ?',
      )
      .get(input.memoryId, input.actorId, input.sessionId, branch.root_event_id) as
      | { event_ts: number; event_id: string; branch_name: string | null }
      | undefined;
    if (!root) break;
    const parent = root.branch_name === null || root.branch_name === 'main' ? null : root.branch_name;
    parts.push(
      `(${parent === null ? isMain('branch_name') : 'branch_name = ?'} AND (event_ts, event_id) <= (?, ?))`,
    );
    if (parent !== null) params.push(parent);
    params.push(root.event_ts, root.event_id);
    if (parent === null || seen.has(parent)) break;
    seen.add(parent);
    current = parent;
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** `ListEvents`: newest first (timestamp, then eventId), keyset-paginated. */
export function listEvents(
  ctx: SqliteContext,
  input: ListEventsRequest,
): { events: Event[]; nextToken?: string } {
  const where = ['memory_id = ?', 'actor_id = ?', 'session_id = ?', 'expires_at > ?'];
  const params: unknown[] = [input.memoryId, input.actorId, input.sessionId, ctx.now()];
  const branch = input.filter?.branch;
  if (branch) {
    const condition = branchCondition(ctx, input, branch.name, branch.includeParentBranches);
    where.push(condition.sql);
    params.push(...condition.params);
  }
  for (const filter of input.filter?.eventMetadata ?? []) {
    const exists = 'EXISTS (SELECT 1 FROM event_metadata m WHERE m.event_row = events.id AND m.key = ?';
    if (filter.operator === 'EQUALS_TO') {
      where.push(`${exists} AND m.value = ?)`);
      params.push(filter.left.metadataKey, filter.right?.metadataValue.stringValue);
    } else {
      where.push(filter.operator === 'EXISTS' ? `${exists})` : `NOT ${exists})`);
      params.push(filter.left.metadataKey);
    }
  }
  if (input.nextToken !== undefined) {
    const cursor = decodeToken('ListEvents', input.nextToken, ['ts', 'id']);
    where.push('(event_ts, event_id) < (?, ?)');
    params.push(cursor.ts, cursor.id);
  }
  const rows = ctx.db
    .prepare(
      `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY event_ts DESC, event_id DESC LIMIT ?`,
    )
    .all(...params, input.maxResults + 1) as EventRow[];
  return eventsPage(rows, input.maxResults, input.includePayloads);
}
