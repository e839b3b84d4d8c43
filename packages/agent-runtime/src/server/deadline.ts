import { invocationTimedOut, type LimitExceededError } from '../agent/limits.js';

/** An invocation the {@link Deadlines} watch: its own fields hold its place, so watching allocates nothing. */
export interface Timed {
  /** Epoch ms when the invocation runs out of time. */
  deadlineAt: number;
  previousTimed: Timed | undefined;
  nextTimed: Timed | undefined;
  /** Called once, when the time is up. */
  expire(reason: LimitExceededError): void;
}

/**
 * The invocation timeout of every invocation of one app, watched by a single timer. All invocations get the same
 * time, so the order they start in is the order they expire in: a doubly linked list through the invocations
 * themselves, the oldest first, is enough. Starting and finishing one is a pointer swap, with no timer, promise or
 * closure per request: the hot path stays as lean with the timeout on as with it off.
 * @example
 * const deadlines = new Deadlines(900_000);
 * deadlines.start(context); try { await context.settleBeforeDeadline(work) } finally { deadlines.finish(context) }
 */
export class Deadlines {
  readonly #ms: number;
  #head: Timed | undefined;
  #tail: Timed | undefined;
  #timer: NodeJS.Timeout | undefined;
  #size = 0;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Invocations being watched. */
  get size(): number {
    return this.#size;
  }

  /** Starts the clock of one invocation. */
  start(timed: Timed): void {
    timed.deadlineAt = Date.now() + this.#ms;
    timed.previousTimed = this.#tail;
    timed.nextTimed = undefined;
    if (this.#tail) this.#tail.nextTimed = timed;
    else this.#head = timed;
    this.#tail = timed;
    this.#size += 1;
    if (!this.#timer) this.#arm(this.#ms);
  }

  /** Stops watching an invocation (it finished, or it expired). Safe to call twice. */
  finish(timed: Timed): void {
    if (timed.previousTimed === undefined && this.#head !== timed) return;
    if (timed.previousTimed) timed.previousTimed.nextTimed = timed.nextTimed;
    else this.#head = timed.nextTimed;
    if (timed.nextTimed) timed.nextTimed.previousTimed = timed.previousTimed;
    else this.#tail = timed.previousTimed;
    timed.previousTimed = undefined;
    timed.nextTimed = undefined;
    this.#size -= 1;
    // The timer is left armed: when it fires with nothing due, it re-arms for the new oldest or stops.
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, delay));
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    const now = Date.now();
    let reason: LimitExceededError | undefined;
    while (this.#head && this.#head.deadlineAt <= now) {
      const expired = this.#head;
      this.finish(expired);
      reason ??= invocationTimedOut(this.#ms);
      expired.expire(reason);
    }
    if (this.#head) this.#arm(this.#head.deadlineAt - now);
  }
}
