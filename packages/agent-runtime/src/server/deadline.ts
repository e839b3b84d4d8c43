import { invocationTimedOut } from '../agent/limits.js';
import type { ExpiringRequestContext } from './request-context.js';

/** The invocation timeout of one invocation. */
export interface Deadline {
  /** Settles like `work`, or rejects with the 408 `INVOCATION_TIMEOUT` error when the time is up first. */
  race<T>(work: T | Promise<T>): Promise<T>;
  /** Stops the timer (the invocation has finished). */
  clear(): void;
}

/**
 * Starts the clock of one invocation: when `ms` pass, the context's signal aborts with the 408
 * `INVOCATION_TIMEOUT` error (an agent turn given that signal stops and rolls back) and `race` rejects with it,
 * so that the caller gets its answer even from an entrypoint that ignores the signal.
 * @example const deadline = startDeadline(context, 900_000); try { await deadline.race(work) } finally { deadline.clear() }
 */
export function startDeadline(context: ExpiringRequestContext, ms: number): Deadline {
  let expire: (error: Error) => void = () => {};
  const expired = new Promise<never>((_resolve, reject) => {
    expire = reject;
  });
  // Nobody may be racing when the time is up (a stream being written): that rejection is expected.
  expired.catch(() => undefined);
  const timer = setTimeout(() => {
    const error = invocationTimedOut(ms);
    context.expire(error);
    expire(error);
  }, ms);
  timer.unref();
  return {
    race: (work) => Promise.race([work, expired]),
    clear: () => clearTimeout(timer),
  };
}
