import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import type { Event, EventCreatedContext, MemoryStore } from '../../store/types.js';
import { LongTermMemoryError } from '../errors.js';
import type { LongTermStrategy } from '../strategies.js';
import { type ExtractionJobQueue, sqliteJobQueue } from './job-queue.js';
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
  database?: Database.Database;
  /** Where the jobs live when not in a SQLite file (e.g. `new PostgresExtractionJobs(store.pool)`); overrides `database`. */
  jobs?: ExtractionJobQueue;
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
  /** How often to look for jobs scheduled or abandoned by other processes. Default: the queue's (PostgreSQL 2,000 ms; SQLite none). */
  pollIntervalMs?: number;
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
  readonly #jobs: ExtractionJobQueue;
  readonly #table: ExtractionJobs | undefined;
  /** Schedule writes not yet acknowledged by the database (flush waits for them). */
  readonly #writes = new Set<Promise<void>>();
  #pendingCache = 0;
  #pendingRefresh: Promise<void> | undefined;
  #pendingRefreshedAt = 0;
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
    if (options.jobs) {
      this.#jobs = options.jobs;
    } else if (options.database) {
      this.#table = new ExtractionJobs(options.database);
      this.#jobs = sqliteJobQueue(this.#table);
    } else {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EXTRACTION_CONFIG_INVALID', category: 'config' },
        'ExtractionWorker needs `database` (a SQLite file) or `jobs` (an ExtractionJobQueue, e.g. PostgresExtractionJobs).',
      );
    }
    // Jobs left pending or half-done by an earlier process run now (or when due).
    this.#kick();
  }

  /** The SQLite job table (tests and diagnostics read job rows through it); throws for other queues (use `queue`). */
  get jobs(): ExtractionJobs {
    if (!this.#table) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EXTRACTION_NOT_SQLITE', category: 'user' },
        `This worker keeps its jobs in ${this.#jobs.backend}, not SQLite: read them through \`worker.queue\`.`,
      );
    }
    return this.#table;
  }

  /** The job queue, whatever the backend. */
  get queue(): ExtractionJobQueue {
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
    this.#pendingCache = Math.max(this.#pendingCache, 1);
    const write = this.#jobs
      .schedule({ memoryId: this.#options.memoryId, ...scope }, now + this.delayMs, now)
      .then(
        () => this.#refreshPending(true),
        (error: unknown) =>
          this.#options.logger?.error(
            { error: String(error), ...scope },
            'could not schedule memory extraction',
          ),
      )
      .finally(() => {
        this.#writes.delete(write);
        this.#kick();
      });
    this.#writes.add(write);
  }

  /**
   * Jobs waiting or running for this memory (in any process sharing the database). Exact for SQLite;
   * for a server database, the count last read (refreshed in the background, at most every 250 ms),
   * since `/ping` must answer without waiting on the network.
   */
  pending(): number {
    if (this.#closed) return 0;
    if (this.#jobs.pendingCountNow) return this.#jobs.pendingCountNow(this.#options.memoryId);
    void this.#refreshPending(false);
    return this.#pendingCache;
  }

  /**
   * The exact number of jobs waiting or running for this memory, read from the database.
   * @example await worker.countPending() // 0 once every session is extracted
   */
  async countPending(): Promise<number> {
    if (this.#closed) return 0;
    await Promise.all([...this.#writes]);
    const count = await this.#jobs.pendingCount(this.#options.memoryId);
    this.#pendingCache = count;
    return count;
  }

  #refreshPending(force: boolean): Promise<void> {
    if (this.#jobs.pendingCountNow) return Promise.resolve(); // answered synchronously by pending()
    // A forced refresh (after a write) must not settle for a read that started before the write.
    if (this.#pendingRefresh)
      return force ? this.#pendingRefresh.then(() => this.#refreshPending(true)) : this.#pendingRefresh;
    if (!force && this.#now() - this.#pendingRefreshedAt < 250) return Promise.resolve();
    this.#pendingRefreshedAt = this.#now();
    const refresh = this.#jobs
      .pendingCount(this.#options.memoryId)
      .then((count) => {
        this.#pendingCache = count;
      })
      .catch(() => undefined)
      .finally(() => {
        this.#pendingRefresh = undefined;
      });
    this.#pendingRefresh = refresh;
    return refresh;
  }

  /**
   * Runs every pending job now, without waiting for its delay, and resolves when none is left
   * (jobs that fail are left for their retry). For tests, the CLI and shutdown.
   * @example await worker.flush();
   */
  async flush(): Promise<void> {
    await Promise.all([...this.#writes]);
    await this.#run(Number.MAX_SAFE_INTEGER);
    await this.#refreshPending(true);
  }

  /** Stops the timers and cancels a running job (its claim is released: it reruns on the next start). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort.abort(new LongTermMemoryError({ id: 'MEMORY_WORKER_CLOSED', category: 'system' }, 'closed'));
    await this.#loop?.catch(() => undefined);
    await Promise.all([...this.#writes]);
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
          const job = await this.#jobs.claim(
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
    // Stops this run when the job was taken over (our lease ran out while we were stalled): the
    // other worker redoes it, and every later step of ours is fenced by the owner anyway.
    const lost = new AbortController();
    const heartbeat = setInterval(
      () => {
        this.#jobs.renew(key, this.#owner, this.#now() + this.#leaseMs).then(
          (held) => {
            if (!held && !this.#abort.signal.aborted)
              lost.abort(new Error('the job was taken over by another worker'));
          },
          () => undefined, // a failed heartbeat is retried at the next beat; the lease covers two misses
        );
      },
      Math.max(10, Math.floor(this.#leaseMs / 3)),
    );
    heartbeat.unref();
    const started = this.#now();
    try {
      await runExtractionJob(job, {
        store: this.#options.store,
        strategies: this.#options.strategies,
        extractor: this.#options.extractor,
        signal: AbortSignal.any([this.#abort.signal, lost.signal]),
        now: this.#now,
        saveCursor: (strategyId, cursor) =>
          this.#jobs.saveCursor(key, this.#owner, strategyId, cursor, this.#now()),
      });
      await this.#jobs.complete(key, this.#owner, this.#now());
      this.#options.logger?.info(
        { actorId: job.actorId, sessionId: job.sessionId, durationMs: this.#now() - started },
        'memory extraction done',
      );
    } catch (error) {
      const now = this.#now();
      if (this.#abort.signal.aborted) {
        await this.#jobs
          .release(key, this.#owner, now, now, 'cancelled: the worker closed')
          .catch(() => undefined);
        return;
      }
      if (lost.signal.aborted) {
        this.#options.logger?.warn(
          { actorId: job.actorId, sessionId: job.sessionId },
          'memory extraction stopped: another worker took the job over after this one missed its lease',
        );
        return;
      }
      const permanent = error instanceof LongTermMemoryError && !error.retryable;
      const exhausted = job.attempts >= (this.#options.maxAttempts ?? 5);
      const backoff = Math.min(MAX_BACKOFF_MS, this.delayMs * 2 ** job.attempts) * (0.5 + Math.random() / 2);
      const retryAt = permanent || exhausted ? undefined : now + backoff;
      await this.#jobs.release(key, this.#owner, now, retryAt, String((error as Error)?.message ?? error));
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
      void this.#refreshPending(true);
    }
  }

  /**
   * Sets the timer for the next due job, or the next poll for jobs of other processes (unref'd:
   * pending jobs never keep a process alive; they are durable).
   */
  #arm(): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#jobs.nextDue(this.#options.memoryId).then(
      (due) => this.#armAt(due),
      (error: unknown) => {
        this.#options.logger?.warn(
          { error: String(error) },
          'could not read the next extraction job; polling',
        );
        this.#armAt(undefined, true);
      },
    );
  }

  #armAt(due: number | undefined, failed = false): void {
    if (this.#closed || this.#loop) return;
    if (this.#timer) clearTimeout(this.#timer);
    const poll = this.#options.pollIntervalMs ?? this.#jobs.pollIntervalMs ?? (failed ? 5_000 : undefined);
    if (due === undefined && poll === undefined) return;
    const untilDue = due === undefined ? MAX_TIMER_MS : Math.max(0, due - this.#now()) + 5;
    const wait = Math.min(MAX_TIMER_MS, untilDue, poll ?? MAX_TIMER_MS);
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
