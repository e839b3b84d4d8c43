import type pg from 'pg';
import type { ExtractionJobQueue, ExtractionJobState } from '../long-term/extraction/job-queue.js';
import type { ClaimedJob, Cursor, JobKey } from '../long-term/extraction/jobs.js';
import { EXTRACTION_COMPONENT } from '../long-term/extraction/jobs.js';
import { applyPostgresMigrations, type PostgresMigration } from './migrate.js';

/** The extraction job table on PostgreSQL: the SQLite one's columns, cursors as `jsonb`. */
export const postgresExtractionMigrations: PostgresMigration[] = [
  {
    version: 1,
    async up(client) {
      await client.query(`
        CREATE TABLE extraction_jobs (
          memory_id TEXT COLLATE "C" NOT NULL,
          actor_id TEXT COLLATE "C" NOT NULL,
          session_id TEXT COLLATE "C" NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('idle', 'pending', 'running', 'failed')),
          due_at BIGINT NOT NULL,
          generation INTEGER NOT NULL DEFAULT 0,
          claimed_generation INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0,
          owner TEXT,
          lease_until BIGINT,
          cursors JSONB NOT NULL DEFAULT '{}',
          last_error TEXT,
          updated_at BIGINT NOT NULL,
          PRIMARY KEY (memory_id, actor_id, session_id)
        );
        CREATE INDEX extraction_jobs_by_due ON extraction_jobs (memory_id, status, due_at);
      `);
    },
  },
];

interface JobRow {
  memory_id: string;
  actor_id: string;
  session_id: string;
  status: string;
  generation: number;
  attempts: number;
  cursors: Record<string, Cursor>;
  last_error: string | null;
}

const KEY = 'memory_id = $1 AND actor_id = $2 AND session_id = $3';
const keyOf = (key: JobKey) => [key.memoryId, key.actorId, key.sessionId];

/** The advisory-lock key that says an owner is alive (held on a connection of its own while it runs). */
const OWNER_KEY = (owner: string) => `hashtextextended(${owner}, 7)`;

/**
 * Extraction jobs shared by replicas in the store's PostgreSQL database. A claim is one statement
 * that locks the oldest due row with `FOR UPDATE SKIP LOCKED` and marks it `running` under the
 * claimer with a lease: two workers claiming at once get different jobs (or one gets none), never
 * the same one. A job whose owner stopped renewing is claimable again once its lease ran out, or at
 * once when its owner is gone: each owner holds a session advisory lock on a connection of its own
 * while it lives, and PostgreSQL drops it with the connection when the process dies, on any host
 * (host names and pids cannot tell replicas apart in containers). Every later step is fenced by the
 * owner. Call `close()` before closing the pool.
 * @example
 * const jobs = new PostgresExtractionJobs(store.pool);
 * const worker = new ExtractionWorker({ store, jobs, memoryId, strategies, extractor: ruleExtractor() });
 */
export class PostgresExtractionJobs implements ExtractionJobQueue {
  readonly backend = 'postgres';
  readonly pollIntervalMs: number;
  readonly #pool: Promise<pg.Pool>;
  readonly #ready: Promise<unknown>;
  /** Owner → the connection holding its liveness lock. */
  readonly #owners = new Map<string, Promise<pg.PoolClient>>();
  #closed = false;

  /** `pool`: a `pg` pool, or the promise of one (`store.pool`). */
  constructor(pool: pg.Pool | PromiseLike<pg.Pool>, options: { pollIntervalMs?: number } = {}) {
    this.#pool = Promise.resolve(pool);
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.#ready = this.#pool.then((ready) =>
      applyPostgresMigrations(ready, EXTRACTION_COMPONENT, postgresExtractionMigrations),
    );
    this.#ready.catch(() => undefined);
  }

  /**
   * Resolves once the job table exists (migrations ran).
   * @example await jobs.ready();
   */
  async ready(): Promise<void> {
    await this.#ready;
  }

  async #query<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    await this.#ready;
    return (await this.#pool).query<R>(sql, values);
  }

  /** Takes the owner's liveness lock on a connection of its own, once. */
  async #holdOwner(owner: string): Promise<void> {
    let held = this.#owners.get(owner);
    if (!held) {
      held = (async () => {
        const client = await (await this.#pool).connect();
        // The connection broke: the lock went with it. Forget it so the next claim takes it again.
        client.on('error', () => this.#owners.delete(owner));
        try {
          await client.query(`SELECT pg_advisory_lock(${OWNER_KEY('$1')})`, [owner]);
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
        return client;
      })();
      held.catch(() => this.#owners.delete(owner));
      this.#owners.set(owner, held);
    }
    await held;
  }

  /**
   * Releases the owners' liveness locks and their connections (their running jobs become claimable
   * by others at once). The pool can be closed afterwards.
   * @example await jobs.close(); await store.close();
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const held = [...this.#owners.values()];
    this.#owners.clear();
    for (const pending of held) {
      const client = await pending.catch(() => undefined);
      if (!client) continue;
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      client.release();
    }
  }

  async schedule(key: JobKey, dueAt: number, now: number): Promise<void> {
    await this.#query(
      `INSERT INTO extraction_jobs (memory_id, actor_id, session_id, status, due_at, generation, attempts, updated_at)
       VALUES ($1, $2, $3, 'pending', $4, 1, 0, $5)
       ON CONFLICT (memory_id, actor_id, session_id) DO UPDATE SET
         status = CASE WHEN extraction_jobs.status = 'running' THEN 'running' ELSE 'pending' END,
         due_at = excluded.due_at, generation = extraction_jobs.generation + 1, attempts = 0,
         updated_at = excluded.updated_at`,
      [...keyOf(key), dueAt, now],
    );
  }

  /**
   * Claims the next due job. `isOwnerAlive` is not consulted: whether an owner lives is read from
   * the database (its liveness lock), which is right across hosts and containers.
   */
  async claim(
    memoryId: string,
    owner: string,
    now: number,
    leaseMs: number,
    _isOwnerAlive: (owner: string) => boolean,
    options: { dueBefore?: number } = {},
  ): Promise<ClaimedJob | undefined> {
    if (this.#closed) return undefined;
    await this.#ready;
    await this.#holdOwner(owner);
    // A bigint advisory lock shows in pg_locks as classid (high 32 bits) and objid (low 32 bits).
    const claimed = await this.#query<JobRow>(
      `WITH live AS (
         SELECT (l.classid::bigint << 32) | l.objid::bigint AS key FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       ), next AS (
         SELECT memory_id, actor_id, session_id FROM extraction_jobs j
         WHERE memory_id = $1 AND (
           (status = 'pending' AND due_at <= $2)
           OR (status = 'running' AND owner IS DISTINCT FROM $3 AND (lease_until < $4
             OR NOT EXISTS (SELECT 1 FROM live WHERE live.key = ${OWNER_KEY('j.owner')}))))
         ORDER BY due_at LIMIT 1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE extraction_jobs j SET status = 'running', owner = $3, lease_until = $5,
         claimed_generation = j.generation, attempts = j.attempts + 1, updated_at = $4
       FROM next WHERE j.memory_id = next.memory_id AND j.actor_id = next.actor_id AND j.session_id = next.session_id
       RETURNING j.*`,
      [memoryId, options.dueBefore ?? now, owner, now, now + leaseMs],
    );
    const row = claimed.rows[0];
    if (!row) return undefined;
    return {
      memoryId: row.memory_id,
      actorId: row.actor_id,
      sessionId: row.session_id,
      generation: row.generation,
      attempts: row.attempts,
      cursors: row.cursors,
    };
  }

  async renew(key: JobKey, owner: string, leaseUntil: number): Promise<boolean> {
    const result = await this.#query(
      `UPDATE extraction_jobs SET lease_until = $4 WHERE ${KEY} AND owner = $5 AND status = 'running'`,
      [...keyOf(key), leaseUntil, owner],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async saveCursor(
    key: JobKey,
    owner: string,
    strategyId: string,
    cursor: Cursor,
    now: number,
  ): Promise<void> {
    await this.#query(
      `UPDATE extraction_jobs SET cursors = jsonb_set(cursors, ARRAY[$4::text], $5::jsonb), updated_at = $6
       WHERE ${KEY} AND owner = $7`,
      [...keyOf(key), strategyId, JSON.stringify(cursor), now, owner],
    );
  }

  async complete(key: JobKey, owner: string, now: number): Promise<void> {
    await this.#query(
      `UPDATE extraction_jobs SET
         status = CASE WHEN generation = claimed_generation THEN 'idle' ELSE 'pending' END,
         owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL, updated_at = $4
       WHERE ${KEY} AND owner = $5`,
      [...keyOf(key), now, owner],
    );
  }

  async release(
    key: JobKey,
    owner: string,
    now: number,
    retryAt: number | undefined,
    error: string | undefined,
  ): Promise<void> {
    await this.#query(
      `UPDATE extraction_jobs SET status = $4, due_at = COALESCE($5, due_at), owner = NULL, lease_until = NULL,
         last_error = $6, updated_at = $7
       WHERE ${KEY} AND owner = $8`,
      [
        ...keyOf(key),
        retryAt === undefined ? 'failed' : 'pending',
        retryAt ?? null,
        error ?? null,
        now,
        owner,
      ],
    );
  }

  async pendingCount(memoryId: string): Promise<number> {
    const result = await this.#query<{ n: number }>(
      `SELECT count(*)::int AS n FROM extraction_jobs WHERE memory_id = $1 AND status IN ('pending', 'running')`,
      [memoryId],
    );
    return result.rows[0]?.n ?? 0;
  }

  async nextDue(memoryId: string): Promise<number | undefined> {
    const result = await this.#query<{ due: number | null }>(
      `SELECT min(CASE WHEN status = 'running' THEN lease_until ELSE due_at END) AS due FROM extraction_jobs
       WHERE memory_id = $1 AND status IN ('pending', 'running')`,
      [memoryId],
    );
    return result.rows[0]?.due ?? undefined;
  }

  async get(key: JobKey): Promise<ExtractionJobState | undefined> {
    const result = await this.#query<JobRow>(`SELECT * FROM extraction_jobs WHERE ${KEY}`, keyOf(key));
    const row = result.rows[0];
    if (!row) return undefined;
    return { status: row.status, attempts: row.attempts, lastError: row.last_error, cursors: row.cursors };
  }
}
