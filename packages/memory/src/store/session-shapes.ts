import { encodeToken } from './ids.js';
import { keysetPage } from './paging.js';
import type { ListActorsOutput, ListSessionsOutput, SessionSummary } from './types.js';

/** A `sessions` row as both SQL backends read it. */
export interface SessionRow {
  session_id: string;
  actor_id: string;
  created_at: number;
}

/**
 * Row → AgentCore's session summary.
 * @example toSessionSummary({ session_id: 's1', actor_id: 'alice', created_at: 0 }).createdAt // new Date(0)
 */
export function toSessionSummary(row: SessionRow): SessionSummary {
  return { sessionId: row.session_id, actorId: row.actor_id, createdAt: new Date(row.created_at) };
}

/**
 * A `ListActors` page from `maxResults + 1` rows ordered by actorId.
 * @example actorsPage([{ actor_id: 'alice' }], 10) // { actorSummaries: [{ actorId: 'alice' }] }
 */
export function actorsPage(rows: readonly { actor_id: string }[], maxResults: number): ListActorsOutput {
  const { page, nextToken } = keysetPage(rows, maxResults, (last) =>
    encodeToken('ListActors', { actor: last.actor_id }),
  );
  const output: ListActorsOutput = { actorSummaries: page.map((row) => ({ actorId: row.actor_id })) };
  if (nextToken !== undefined) output.nextToken = nextToken;
  return output;
}

/**
 * A `ListSessions` page from `maxResults + 1` rows, newest first.
 * @example sessionsPage(rows, 10).sessionSummaries.length // at most 10
 */
export function sessionsPage(rows: readonly SessionRow[], maxResults: number): ListSessionsOutput {
  const { page, nextToken } = keysetPage(rows, maxResults, (last) =>
    encodeToken('ListSessions', { created: last.created_at, session: last.session_id }),
  );
  const output: ListSessionsOutput = { sessionSummaries: page.map(toSessionSummary) };
  if (nextToken !== undefined) output.nextToken = nextToken;
  return output;
}
