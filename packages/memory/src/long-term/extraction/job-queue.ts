import type { ClaimedJob, Cursor, ExtractionJobs, JobKey } from './jobs.js';

/** A job row as diagnostics see it. */
export interface ExtractionJobState {
  status: string;
  attempts: number;
  lastError: string | null;
  cursors: Record<string, Cursor>;
}

/**
 * Where extraction jobs live, whatever the database: the worker's only view of them. Implementations:
 * {@link sqliteJobQueue} (rows in the store's SQLite file) and `PostgresExtractionJobs` (rows in the
 * store's PostgreSQL database, claimed with `FOR UPDATE SKIP LOCKED` by any of several replicas).
 * Owners are `host:pid:token`; every step after `claim` is fenced by the owner, so a worker whose lease
 * was taken over cannot complete or advance a job it no longer holds. Whether an owner still lives is
 * the queue's business: SQLite asks `isOwnerAlive` (same host, pid), PostgreSQL reads a liveness lock.
 */
export interface ExtractionJobQueue {
  /** `sqlite` or `postgres`. */
  readonly backend: string;
  /**
   * How often a worker looks for jobs it was not told about (scheduled or abandoned by another
   * process). Undefined: only when its own timers fire (one process per file, as with SQLite).
   */
  readonly pollIntervalMs?: number;
  /** Marks the session's job pending, due at `dueAt` (a later event pushes it back: debounce). */
  schedule(key: JobKey, dueAt: number, now: number): Promise<void>;
  /** Claims the next due job of the memory, or a running one whose lease ran out or whose owner is gone. */
  claim(
    memoryId: string,
    owner: string,
    now: number,
    leaseMs: number,
    isOwnerAlive: (owner: string) => boolean,
    options?: { dueBefore?: number },
  ): Promise<ClaimedJob | undefined>;
  /** Extends the lease; false when this owner no longer holds the job (it must stop). */
  renew(key: JobKey, owner: string, leaseUntil: number): Promise<boolean>;
  /** Commits one strategy's progress. */
  saveCursor(key: JobKey, owner: string, strategyId: string, cursor: Cursor, now: number): Promise<void>;
  /** Finishes a claim: idle, or pending again when events arrived while it ran. */
  complete(key: JobKey, owner: string, now: number): Promise<void>;
  /** Gives a claim back: retried at `retryAt`, or `failed` for good when undefined. */
  release(
    key: JobKey,
    owner: string,
    now: number,
    retryAt: number | undefined,
    error: string | undefined,
  ): Promise<void>;
  /** Jobs of the memory waiting or running. */
  pendingCount(memoryId: string): Promise<number>;
  /** The same count without waiting, where the database answers synchronously (SQLite). */
  pendingCountNow?(memoryId: string): number;
  /** When the next pending job (or lease expiry) of the memory is due, epoch ms. */
  nextDue(memoryId: string): Promise<number | undefined>;
  /** The job row of a session, for tests and diagnostics. */
  get(key: JobKey): Promise<ExtractionJobState | undefined>;
}

/**
 * The SQLite job table as an {@link ExtractionJobQueue}. Each method runs its statement synchronously
 * when called (better-sqlite3), so the worker behaves exactly as when it used the table directly.
 * @example const queue = sqliteJobQueue(new ExtractionJobs(store.database));
 */
export function sqliteJobQueue(
  jobs: ExtractionJobs,
): ExtractionJobQueue & { readonly table: ExtractionJobs } {
  return {
    backend: 'sqlite',
    table: jobs,
    async schedule(key, dueAt, now) {
      jobs.schedule(key, dueAt, now);
    },
    async claim(memoryId, owner, now, leaseMs, isOwnerAlive, options) {
      return jobs.claim(memoryId, owner, now, leaseMs, isOwnerAlive, options);
    },
    async renew(key, owner, leaseUntil) {
      return jobs.renew(key, owner, leaseUntil);
    },
    async saveCursor(key, owner, strategyId, cursor, now) {
      jobs.saveCursor(key, owner, strategyId, cursor, now);
    },
    async complete(key, owner, now) {
      jobs.complete(key, owner, now);
    },
    async release(key, owner, now, retryAt, error) {
      jobs.release(key, owner, now, retryAt, error);
    },
    async pendingCount(memoryId) {
      return jobs.pendingCount(memoryId);
    },
    pendingCountNow: (memoryId) => jobs.pendingCount(memoryId),
    async nextDue(memoryId) {
      return jobs.nextDue(memoryId);
    },
    async get(key) {
      return jobs.get(key);
    },
  };
}
