import type { CliError } from './errors.js';

/** Options of {@link waitFor}. */
export interface WaitOptions<T> {
  /** Reads the current state. */
  poll: () => Promise<T>;
  /** Stops waiting with success. */
  done: (state: T) => boolean;
  /** Stops waiting with this error (e.g. a FAILED status). */
  failed?: (state: T) => CliError | undefined;
  /** Called after each poll (progress display). */
  onPoll?: (state: T) => void;
  intervalMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** The error when the deadline passes, given the last state seen. */
  timeout: (state: T) => CliError;
}

/**
 * Polls until `done`, `failed` or the deadline: the bounded wait behind "until READY" and "until ACTIVE".
 * @example
 * const runtime = await waitFor({ poll: () => getRuntime(), done: (r) => r.status === 'READY', ... });
 */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const deadline = options.now() + options.timeoutMs;
  for (;;) {
    const state = await options.poll();
    options.onPoll?.(state);
    if (options.done(state)) return state;
    const failure = options.failed?.(state);
    if (failure) throw failure;
    if (options.now() >= deadline) throw options.timeout(state);
    await options.sleep(options.intervalMs);
  }
}
