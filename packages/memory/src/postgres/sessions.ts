import { decodeToken } from '../store/ids.js';
import type { ListActorsRequest, ListSessionsRequest } from '../store/inputs.js';
import { actorsPage, type SessionRow, sessionsPage } from '../store/session-shapes.js';
import type { ListActorsOutput, ListSessionsOutput } from '../store/types.js';
import { Params, type PgContext, rows } from './context.js';

/** `ListActors`: actors with at least one live event, by actorId ascending (byte order). */
export async function listActors(ctx: PgContext, input: ListActorsRequest): Promise<ListActorsOutput> {
  const params = new Params();
  const where = [`memory_id = ${params.add(input.memoryId)}`, `expires_at > ${params.add(ctx.now())}`];
  if (input.nextToken !== undefined) {
    where.push(
      `actor_id > ${params.add(String(decodeToken('ListActors', input.nextToken, ['actor']).actor))}`,
    );
  }
  const found = await rows<{ actor_id: string }>(
    ctx,
    `SELECT DISTINCT actor_id FROM events WHERE ${where.join(' AND ')} ORDER BY actor_id
     LIMIT ${params.add(input.maxResults + 1)}`,
    params.values,
  );
  return actorsPage(found, input.maxResults);
}

/**
 * `ListSessions`: the actor's sessions, newest first. A session exists from its first event until
 * its events have expired and been purged; `HAS_EVENTS` keeps only sessions with a live event.
 */
export async function listSessions(ctx: PgContext, input: ListSessionsRequest): Promise<ListSessionsOutput> {
  const params = new Params();
  const where = [`s.memory_id = ${params.add(input.memoryId)}`, `s.actor_id = ${params.add(input.actorId)}`];
  if (input.filter?.eventFilter === 'HAS_EVENTS') {
    where.push(
      `EXISTS (SELECT 1 FROM events e WHERE e.memory_id = s.memory_id AND e.actor_id = s.actor_id
        AND e.session_id = s.session_id AND e.expires_at > ${params.add(ctx.now())})`,
    );
  }
  if (input.nextToken !== undefined) {
    const cursor = decodeToken('ListSessions', input.nextToken, ['created', 'session']);
    where.push(
      `(s.created_at, s.session_id) < (${params.add(Number(cursor.created))}, ${params.add(String(cursor.session))})`,
    );
  }
  const found = await rows<SessionRow>(
    ctx,
    `SELECT s.session_id, s.actor_id, s.created_at FROM sessions s WHERE ${where.join(' AND ')}
     ORDER BY s.created_at DESC, s.session_id DESC LIMIT ${params.add(input.maxResults + 1)}`,
    params.values,
  );
  return sessionsPage(found, input.maxResults);
}

const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/**
 * Deletes expired events (their metadata cascades), sessions and branches left without events, and
 * idempotency entries older than a day. Returns the number of events purged.
 */
export async function purgeExpired(ctx: PgContext): Promise<number> {
  const now = ctx.now();
  const purged = (await ctx.client.query('DELETE FROM events WHERE expires_at <= $1', [now])).rowCount ?? 0;
  if (purged > 0) {
    await ctx.client.query(
      `DELETE FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.memory_id = s.memory_id
        AND e.actor_id = s.actor_id AND e.session_id = s.session_id)`,
    );
    await ctx.client.query(
      `DELETE FROM branches b WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.memory_id = b.memory_id
        AND e.actor_id = b.actor_id AND e.session_id = b.session_id)`,
    );
  }
  await ctx.client.query('DELETE FROM idempotency WHERE created_at <= $1', [now - IDEMPOTENCY_WINDOW_MS]);
  return purged;
}
