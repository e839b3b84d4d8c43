import type { SessionSummary } from './types.js';

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
