import { decodeToken } from '../store/ids.js';
import type { ListActorsRequest, ListSessionsRequest } from '../store/inputs.js';
import { actorsPage, type SessionRow, sessionsPage } from '../store/session-shapes.js';
import type { ListActorsOutput, ListSessionsOutput } from '../store/types.js';
import type { SqliteContext } from './context.js';

/** `ListActors`: actors with at least one live event, by actorId ascending. */
export function listActors(ctx: SqliteContext, input: ListActorsRequest): ListActorsOutput {
  const params: unknown[] = [input.memoryId, ctx.now()];
  let after = '';
  if (input.nextToken !== undefined) {
    after = 'AND actor_id > ?';
    params.push(decodeToken('ListActors', input.nextToken, ['actor']).actor);
  }
  const rows = ctx.db
    .prepare(
      `SELECT DISTINCT actor_id FROM events WHERE memory_id = ? AND expires_at > ? ${after}
       ORDER BY actor_id LIMIT ?`,
    )
    .all(...params, input.maxResults + 1) as { actor_id: string }[];
  return actorsPage(rows, input.maxResults);
}

/**
 * `ListSessions`: the actor's sessions, newest first. A session exists from its first event until
 * its events have expired and been purged; `HAS_EVENTS` keeps only sessions with a live event
 * (a session whose events were all deleted is listed without the filter).
 */
export function listSessions(ctx: SqliteContext, input: ListSessionsRequest): ListSessionsOutput {
  const where = ['s.memory_id = ?', 's.actor_id = ?'];
  const params: unknown[] = [input.memoryId, input.actorId];
  if (input.filter?.eventFilter === 'HAS_EVENTS') {
    where.push(
      `EXISTS (SELECT 1 FROM events e WHERE e.memory_id = s.memory_id AND e.actor_id = s.actor_id
        AND e.session_id = s.session_id AND e.expires_at > ?)`,
    );
    params.push(ctx.now());
  }
  if (input.nextToken !== undefined) {
    const cursor = decodeToken('ListSessions', input.nextToken, ['created', 'session']);
    where.push('(s.created_at, s.session_id) < (?, ?)');
    params.push(cursor.created, cursor.session);
  }
  const rows = ctx.db
    .prepare(
      `SELECT s.session_id, s.actor_id, s.created_at FROM sessions s WHERE ${where.join(' AND ')}
       ORDER BY s.created_at DESC, s.session_id DESC LIMIT ?`,
    )
    .all(...params, input.maxResults + 1) as SessionRow[];
  return sessionsPage(rows, input.maxResults);
}

const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/**
 * Deletes expired events (with their metadata), sessions left without events, and idempotency
 * entries older than a day. Returns the number of events purged.
 */
export function purgeExpired(ctx: SqliteContext): number {
  const now = ctx.now();
  const purged = ctx.db.prepare('DELETE FROM events WHERE expires_at <= ?').run(now).changes;
  if (purged > 0) {
    ctx.db.exec(
      `DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.memory_id = sessions.memory_id
        AND e.actor_id = sessions.actor_id AND e.session_id = sessions.session_id)`,
    );
    ctx.db.exec(
      `DELETE FROM branches WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.memory_id = branches.memory_id
        AND e.actor_id = branches.actor_id AND e.session_id = branches.session_id)`,
    );
  }
  ctx.db.prepare('DELETE FROM idempotency WHERE created_at <= ?').run(now - IDEMPOTENCY_WINDOW_MS);
  return purged;
}
