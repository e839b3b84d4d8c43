import type Database from 'better-sqlite3';
import { applyMigrations, type Migration } from '../../sqlite/migrate.js';
import { reusePreparedStatements } from '../../sqlite/statements.js';

/**
 * Extraction jobs, kept as rows in the store's SQLite file (component `extraction`), one per
 * (memory, actor, session). A new event makes the row `pending`, due `delay` after the last event
 * (debounced, as AgentCore batches "every few turns"). A worker claims it (`running`, with an owner
 * and a lease), extracts, and commits a per-strategy cursor after each strategy, so a process killed
 * mid-job redoes at most the strategy it was in. On restart, jobs whose owner is gone or whose lease
 * ran out are claimable again: nothing is lost.
 */
export const EXTRACTION_COMPONENT = 'extraction';

export const extractionMigrations: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE extraction_jobs (
          memory_id TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          session_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('idle', 'pending', 'running', 'failed')),
          due_at INTEGER NOT NULL,
          generation INTEGER NOT NULL DEFAULT 0,
          claimed_generation INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0,
          owner TEXT,
          lease_until INTEGER,
          cursors TEXT NOT NULL DEFAULT '{}',
          last_error TEXT,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (memory_id, actor_id, session_id)
        ) WITHOUT ROWID;
        CREATE INDEX extraction_jobs_by_due ON extraction_jobs (memory_id, status, due_at);
      `);
    },
  },
];

/**
 * The jobs a claim chooses from, oldest due first: pending ones that are due, and running ones (whose owner may be
 * gone). Two searches of the (memory, status, due) index: one OR over both states would walk every job the memory
 * ever had (one row per session, idle ones included) and slow down with each new session.
 */
export const CLAIM_CANDIDATES_SQL = `
  SELECT * FROM (SELECT * FROM extraction_jobs WHERE memory_id = ? AND status = 'pending' AND due_at <= ?
    ORDER BY due_at LIMIT 50)
  UNION ALL
  SELECT * FROM (SELECT * FROM extraction_jobs WHERE memory_id = ? AND status = 'running' ORDER BY due_at LIMIT 50)
  ORDER BY due_at LIMIT 50`;

/**
 * When the next job is due: the earliest pending due time, or running lease end, each read from the (memory, status,
 * due) index (a single `min(CASE ...)` over both states walked every job of the memory).
 */
export const NEXT_DUE_SQL = `
  SELECT min(due) FROM (
    SELECT min(due_at) AS due FROM extraction_jobs INDEXED BY extraction_jobs_by_due
      WHERE memory_id = ? AND status = 'pending'
    UNION ALL
    SELECT min(lease_until) FROM extraction_jobs INDEXED BY extraction_jobs_by_due
      WHERE memory_id = ? AND status = 'running')`;

/** Where a strategy's extraction got to in a session: the last event it read. */
export interface Cursor {
  /** `eventTimestamp` in epoch milliseconds. */
  ts: number;
  eventId: string;
}

/** A claimed job. */
export interface ClaimedJob {
  memoryId: string;
  actorId: string;
  sessionId: string;
  generation: number;
  attempts: number;
  cursors: Record<string, Cursor>;
}

export interface JobKey {
  memoryId: string;
  actorId: string;
  sessionId: string;
}

interface JobRow {
  memory_id: string;
  actor_id: string;
  session_id: string;
  status: string;
  due_at: number;
  generation: number;
  attempts: number;
  owner: string | null;
  lease_until: number | null;
  cursors: string;
}

/**
 * The job table's SQL, one method per step. Every method is one statement or one immediate
 * transaction, so two processes sharing the file never claim the same job.
 */
export class ExtractionJobs {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    reusePreparedStatements(db);
    applyMigrations(db, EXTRACTION_COMPONENT, extractionMigrations);
  }

  /** Marks the session's job pending, due at `dueAt` (a later event pushes it back: debounce). */
  schedule(key: JobKey, dueAt: number, now: number): void {
    this.#db
      .prepare(
        `INSERT INTO extraction_jobs (memory_id, actor_id, session_id, status, due_at, generation, attempts, updated_at)
         VALUES (?, ?, ?, 'pending', ?, 1, 0, ?)
         ON CONFLICT (memory_id, actor_id, session_id) DO UPDATE SET
           status = CASE WHEN status = 'running' THEN 'running' ELSE 'pending' END,
           due_at = excluded.due_at, generation = generation + 1, attempts = 0, updated_at = excluded.updated_at`,
      )
      .run(key.memoryId, key.actorId, key.sessionId, dueAt, now);
  }

  /**
   * Claims the next due job of the memory: pending and due (before `dueBefore`, default now), or running
   * under another owner whose lease ran out or who is gone (`isOwnerAlive` false).
   */
  claim(
    memoryId: string,
    owner: string,
    now: number,
    leaseMs: number,
    isOwnerAlive: (owner: string) => boolean,
    options: { dueBefore?: number } = {},
  ): ClaimedJob | undefined {
    return this.#db
      .transaction((): ClaimedJob | undefined => {
        const rows = this.#db
          .prepare(CLAIM_CANDIDATES_SQL)
          .all(memoryId, options.dueBefore ?? now, memoryId) as JobRow[];
        const row = rows.find(
          (candidate) =>
            candidate.status === 'pending' ||
            (candidate.owner !== owner &&
              ((candidate.lease_until ?? 0) < now ||
                (candidate.owner !== null && !isOwnerAlive(candidate.owner)))),
        );
        if (!row) return undefined;
        this.#db
          .prepare(
            `UPDATE extraction_jobs SET status = 'running', owner = ?, lease_until = ?, claimed_generation = generation,
               attempts = attempts + 1, updated_at = ? WHERE memory_id = ? AND actor_id = ? AND session_id = ?`,
          )
          .run(owner, now + leaseMs, now, row.memory_id, row.actor_id, row.session_id);
        return {
          memoryId: row.memory_id,
          actorId: row.actor_id,
          sessionId: row.session_id,
          generation: row.generation,
          attempts: row.attempts + 1,
          cursors: JSON.parse(row.cursors) as Record<string, Cursor>,
        };
      })
      .immediate();
  }

  /**
   * Extends the lease of a job this owner holds (a long model call must not look abandoned). False
   * when the owner no longer holds it (another process took it over after the lease ran out).
   */
  renew(key: JobKey, owner: string, leaseUntil: number): boolean {
    const { changes } = this.#db
      .prepare(
        `UPDATE extraction_jobs SET lease_until = ? WHERE memory_id = ? AND actor_id = ? AND session_id = ?
         AND owner = ? AND status = 'running'`,
      )
      .run(leaseUntil, key.memoryId, key.actorId, key.sessionId, owner);
    return changes > 0;
  }

  /** Commits one strategy's progress. */
  saveCursor(key: JobKey, owner: string, strategyId: string, cursor: Cursor, now: number): void {
    this.#db
      .prepare(
        `UPDATE extraction_jobs SET cursors = json_set(cursors, '$.' || json_quote(?), json(?)), updated_at = ?
         WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND owner = ?`,
      )
      .run(strategyId, JSON.stringify(cursor), now, key.memoryId, key.actorId, key.sessionId, owner);
  }

  /** Finishes a claim: idle, or pending again when events arrived while it ran. */
  complete(key: JobKey, owner: string, now: number): void {
    this.#db
      .prepare(
        `UPDATE extraction_jobs SET
           status = CASE WHEN generation = claimed_generation THEN 'idle' ELSE 'pending' END,
           owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL, updated_at = ?
         WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND owner = ?`,
      )
      .run(now, key.memoryId, key.actorId, key.sessionId, owner);
  }

  /** Gives a claim back: retried at `retryAt`, or `failed` for good after too many attempts. */
  release(
    key: JobKey,
    owner: string,
    now: number,
    retryAt: number | undefined,
    error: string | undefined,
  ): void {
    this.#db
      .prepare(
        `UPDATE extraction_jobs SET status = ?, due_at = COALESCE(?, due_at), owner = NULL, lease_until = NULL,
           last_error = ?, updated_at = ?
         WHERE memory_id = ? AND actor_id = ? AND session_id = ? AND owner = ?`,
      )
      .run(
        retryAt === undefined ? 'failed' : 'pending',
        retryAt ?? null,
        error ?? null,
        now,
        key.memoryId,
        key.actorId,
        key.sessionId,
        owner,
      );
  }

  /** Jobs of the memory waiting or running (what makes `/ping` say HealthyBusy). */
  pendingCount(memoryId: string): number {
    const row = this.#db
      .prepare(
        `SELECT count(*) AS n FROM extraction_jobs WHERE memory_id = ? AND status IN ('pending', 'running')`,
      )
      .get(memoryId) as { n: number };
    return row.n;
  }

  /** When the next pending job of the memory is due, or a running one's lease runs out (epoch ms), if any. */
  nextDue(memoryId: string): number | undefined {
    const due = this.#db.prepare(NEXT_DUE_SQL).pluck().get(memoryId, memoryId) as number | null;
    return due ?? undefined;
  }

  /** The job row of a session, for tests and diagnostics. */
  get(
    key: JobKey,
  ):
    | { status: string; attempts: number; lastError: string | null; cursors: Record<string, Cursor> }
    | undefined {
    const row = this.#db
      .prepare('SELECT * FROM extraction_jobs WHERE memory_id = ? AND actor_id = ? AND session_id = ?')
      .get(key.memoryId, key.actorId, key.sessionId) as (JobRow & { last_error: string | null }) | undefined;
    if (!row) return undefined;
    return {
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      cursors: JSON.parse(row.cursors) as Record<string, Cursor>,
    };
  }
}
