import { errorMessage } from '../errors.js';
import { type Logger, silentLogger } from '../telemetry/logger.js';

/** The two values AgentCore's `/ping` knows. */
export type PingStatus = 'Healthy' | 'HealthyBusy';

/** The `/ping` body, exactly as AgentCore reads it. */
export interface PingResponse {
  status: PingStatus;
  /** Integer Unix epoch seconds of the last status change (not of this ping). */
  time_of_last_update: number;
}

/** Options of {@link HealthTracker}. */
export interface HealthTrackerOptions {
  logger?: Logger;
  /** Clock in milliseconds; tests may pass their own. Default `Date.now`. */
  now?: () => number;
}

/**
 * What `/ping` reports. `HealthyBusy` while a tracked background task is pending or a busy source says so;
 * AgentCore then keeps the session's microVM alive past the idle timeout (up to `maxLifetime`).
 *
 * Invocations in progress do not count as busy: AgentCore already sees them as activity, and HealthyBusy is its
 * signal for work that outlives the request (memory extraction, jobs), as in the AWS Python SDK.
 * @example
 * const health = new HealthTracker();
 * health.track(extractMemories(events)); // HealthyBusy until it settles
 * const stop = health.addBusySource(() => queue.pending > 0);
 * health.ping(); // { status: 'HealthyBusy', time_of_last_update: 1732470000 }
 */
export class HealthTracker {
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #sources = new Set<() => boolean>();
  #pending = 0;
  #last: PingStatus = 'Healthy';
  #changedAt: number;

  constructor(options: HealthTrackerOptions = {}) {
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#changedAt = this.#now();
  }

  /**
   * Marks a background task: the status is HealthyBusy until the promise settles. Returns the same promise;
   * a rejection is logged here, so dropping the returned promise raises no unhandled rejection.
   * @example health.track(memory.flush());
   */
  track<T>(task: Promise<T>): Promise<T> {
    this.#pending += 1;
    this.status();
    const settle = (): void => {
      this.#pending -= 1;
      this.status();
    };
    task.then(settle, (error: unknown) => {
      this.#logger.warn({ err: error }, `background task failed: ${errorMessage(error)}`);
      settle();
    });
    return task;
  }

  /**
   * Adds a poller asked on every status check (e.g. "memory extraction jobs pending"). Returns a remover.
   * A source that throws counts as not busy and is logged.
   * @example const remove = health.addBusySource(() => extractor.pendingJobs() > 0);
   */
  addBusySource(source: () => boolean): () => void {
    this.#sources.add(source);
    return () => {
      this.#sources.delete(source);
    };
  }

  /** Background tasks passed to {@link track} that have not settled yet. */
  get pendingTasks(): number {
    return this.#pending;
  }

  /**
   * The current status; records the time when it differs from the last one seen.
   * @example if (health.status() === 'Healthy') console.log('idle');
   */
  status(): PingStatus {
    const current: PingStatus = this.#pending > 0 || this.#anySourceBusy() ? 'HealthyBusy' : 'Healthy';
    if (current !== this.#last) {
      this.#last = current;
      this.#changedAt = this.#now();
    }
    return current;
  }

  /**
   * The `/ping` body.
   * @example app.get('/ping', (c) => c.json(health.ping()));
   */
  ping(): PingResponse {
    const status = this.status();
    return { status, time_of_last_update: Math.floor(this.#changedAt / 1000) };
  }

  #anySourceBusy(): boolean {
    for (const source of this.#sources) {
      try {
        if (source()) return true;
      } catch (error) {
        this.#logger.warn({ err: error }, `busy source failed, counted as idle: ${errorMessage(error)}`);
      }
    }
    return false;
  }
}

/**
 * Counts invocations being served (HTTP requests and WebSocket messages), so that shutdown can wait for them.
 * @example const inFlight = new InFlightCounter(); inFlight.enter(); try { ... } finally { inFlight.leave(); }
 */
export class InFlightCounter {
  #count = 0;

  /** Invocations being served now. */
  get count(): number {
    return this.#count;
  }

  /** One more invocation started. */
  enter(): void {
    this.#count += 1;
  }

  /** One invocation finished (its response fully written). */
  leave(): void {
    this.#count -= 1;
  }
}
