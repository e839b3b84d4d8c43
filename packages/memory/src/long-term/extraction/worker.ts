import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import type { Event, EventCreatedContext, MemoryStore } from '../../store/types.js';
import { LongTermMemoryError } from '../errors.js';
import type { LongTermStrategy } from '../strategies.js';
import { type ClaimedJob, ExtractionJobs, type JobKey } from './jobs.js';
import { runExtractionJob } from './run-job.js';
import type { Extractor } from './types.js';

/** The few logger methods used (pino's `Logger` fits). */
export interface MemoryLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link ExtractionWorker}. */
export interface ExtractionWorkerOptions {
  store: MemoryStore;
  /** The SQLite database that keeps the job table: the store's own file (`SqliteMemoryStore.database`). */
  database: Database.Database;
  memoryId: string;
  strategies: LongTermStrategy[];
  extractor: Extractor;
  /** Milliseconds after a session's last event before its extraction runs. Default 3,000. */
  delayMs?: number;
  /** Milliseconds a claim stays valid without a heartbeat. Default 60,000. */
  leaseMs?: number;
  /** Attempts of one job before it is marked failed (a new event re-arms it). Default 5. */
  maxAttempts?: number;
  logger?: MemoryLogger;
  now?: () => number;
}

const MAX_TIMER_MS = 2_147_483_647;
const MAX_BACKOFF_MS = 300_000;

/**
 * Runs extraction jobs in the background: debounced per session, durable (rows in the store's file),
 * one job at a time, resumed after a crash or restart. Use {@link ExtractionWorker.onEventCreated}
 * as the store's `onEventCreated` hook, or call {@link ExtractionWorker.schedule} after writing events.
 * @example
 * const worker = new ExtractionWorker({ store, database: store.database, memoryId, strategies, extractor: ruleExtractor() });
 * worker.schedule({ actorId: 'user123', sessionId: 's1' });
 */
export class ExtractionWorker {
  readonly #options: ExtractionWorkerOptions;
  readonly #jobs: ExtractionJobs;
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #now: () => number;
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #loop: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: ExtractionWorkerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#jobs = new ExtractionJobs(options.database);
    // Jobs left pending or half-done by an earlier process run now (or when due).
    this.#kick();
  }

  /** The job table (tests and diagnostics read job rows through it). */
  get jobs(): ExtractionJobs {
    return this.#jobs;
  }

  /** Delay between a session's last event and its extraction, in milliseconds. */
  get delayMs(): number {
    return this.#options.delayMs ?? 3_000;
  }

  /**
   * The store hook: schedules the event's session (events written with `extractionMode: 'SKIP'` do not).
   * @example new SqliteMemoryStore({ path, onEventCreated: (event, context) => worker?.onEventCreated(event, context) })
   */
  readonly onEventCreated = (event: Event, context: EventCreatedContext = {}): void => {
    if (event.memoryId !== this.#options.memoryId || context.extractionMode === 'SKIP') return;
    this.schedule({ actorId: event.actorId, sessionId: event.sessionId });
  };

  /**
   * Marks the session for extraction `delayMs` from now (a later call pushes it back).
   * @example worker.schedule({ actorId: 'user123', sessionId: 'session-a' });
   */
  schedule(scope: { actorId: string; sessionId: string }): void {
    if (this.#closed) return;
    const now = this.#now();
    this.#jobs.schedule({ memoryId: this.#options.memoryId, ...scope }, now + this.delayMs, now);
    this.#kick();
  }

  /** Jobs waiting or running for this memory (in any process sharing the file). */
  pending(): number {
    if (this.#closed) return 0;
    return this.#jobs.pendingCount(this.#options.memoryId);
  }

  /**
   * Runs every pending job now, without waiting for its delay, and resolves when none is left
   * (jobs that fail are left for their retry). For tests, the CLI and shutdown.
   * @example await worker.flush();
   */
  async flush(): Promise<void> {
    await this.#run(Number.MAX_SAFE_INTEGER);
  }

  /** Stops the timers and cancels a running job (its claim is released: it reruns on the next start). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort.abort(new LongTermMemoryError({ id: 'MEMORY_WORKER_CLOSED', category: 'system' }, 'closed'));
    await this.#loop?.catch(() => undefined);
  }

  #kick(): void {
    if (this.#closed) return;
    if (this.#loop) {
      this.#again = true;
      return;
    }
    void this.#run(this.#now());
  }

  #run(dueBefore: number): Promise<void> {
    if (this.#loop) {
      // One loop at a time; a flush waits for the current one and then runs with its own horizon.
      const current = this.#loop;
      return current.then(() => this.#run(dueBefore));
    }
    if (this.#timer) clearTimeout(this.#timer);
    const loop = this.#drain(dueBefore).finally(() => {
      if (this.#loop === loop) this.#loop = undefined;
      this.#arm();
    });
    this.#loop = loop;
    return loop;
  }

  /** Claims and runs due jobs until none is left. */
  async #drain(dueBefore: number): Promise<void> {
    // Yield first, so that `#loop` is set before this body can finish.
    await Promise.resolve();
    try {
      do {
        this.#again = false;
        for (;;) {
          if (this.#closed) return;
          const now = this.#now();
          const job = this.#jobs.claim(
            this.#options.memoryId,
            this.#owner,
            now,
            this.#leaseMs,
            isOwnerAlive,
            {
              dueBefore: Math.max(now, dueBefore),
            },
          );
          if (!job) break;
          await this.#runJob(job);
        }
      } while (this.#again);
    } catch (error) {
      this.#options.logger?.error({ error: String(error) }, 'extraction worker stopped on an error');
    }
  }

  get #leaseMs(): number {
    return this.#options.leaseMs ?? 60_000;
  }

  async #runJob(job: ClaimedJob): Promise<void> {
    const key: JobKey = { memoryId: job.memoryId, actorId: job.actorId, sessionId: job.sessionId };
    const heartbeat = setInterval(
      () => this.#jobs.renew(key, this.#owner, this.#now() + this.#leaseMs),
      Math.max(10, Math.floor(this.#leaseMs / 3)),
    );
    heartbeat.unref();
    const started = this.#now();
    try {
      await runExtractionJob(job, {
        store: this.#options.store,
        strategies: this.#options.strategies,
        extractor: this.#options.extractor,
        signal: this.#abort.signal,
        now: this.#now,
        saveCursor: (strategyId, cursor) =>
          this.#jobs.saveCursor(key, this.#owner, strategyId, cursor, this.#now()),
      });
      this.#jobs.complete(key, this.#owner, this.#now());
      this.#options.logger?.info(
        { actorId: job.actorId, sessionId: job.sessionId, durationMs: this.#now() - started },
        'memory extraction done',
      );
    } catch (error) {
      const now = this.#now();
      if (this.#abort.signal.aborted) {
        this.#jobs.release(key, this.#owner, now, now, 'cancelled: the worker closed');
        return;
      }
      const permanent = error instanceof LongTermMemoryError && !error.retryable;
      const exhausted = job.attempts >= (this.#options.maxAttempts ?? 5);
      const backoff = Math.min(MAX_BACKOFF_MS, this.delayMs * 2 ** job.attempts) * (0.5 + Math.random() / 2);
      const retryAt = permanent || exhausted ? undefined : now + backoff;
      this.#jobs.release(key, this.#owner, now, retryAt, String((error as Error)?.message ?? error));
      this.#options.logger?.warn(
        {
          actorId: job.actorId,
          sessionId: job.sessionId,
          attempt: job.attempts,
          error: String(error),
          retryAt,
        },
        retryAt === undefined ? 'memory extraction failed' : 'memory extraction failed; will retry',
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Sets the timer for the next due job (unref'd: pending jobs never keep a process alive; they are durable). */
  #arm(): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    const due = this.#jobs.nextDue(this.#options.memoryId);
    if (due === undefined) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, due - this.#now()) + 5);
    this.#timer = setTimeout(() => this.#kick(), wait);
    this.#timer.unref();
  }
}

/**
 * Whether the process that claimed a job still runs. Owners are `host:pid:token`; on another host we
 * cannot tell (the lease decides). A live pid with another token is an earlier run of a recycled pid
 * (containers often start as pid 1), so only our own pid with our own token counts as us.
 */
export function isOwnerAlive(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  if (host !== hostname()) return true;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false; // not our token (the claim query skips our own), so an earlier process
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
