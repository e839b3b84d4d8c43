interface Waiter {
  grant: (release: () => void) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Lets one holder at a time through, in arrival order. An agent holds one so that two invocations of the same
 * session never interleave their turns in its history. A waiter whose signal aborts leaves the queue at once.
 */
export class Mutex {
  #held = false;
  readonly #waiters: Waiter[] = [];

  /** Holders running or queued. */
  get pending(): number {
    return (this.#held ? 1 : 0) + this.#waiters.length;
  }

  /** Holders queued behind the one running. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /**
   * Waits for the turn, then returns the function that releases it (extra calls do nothing). Rejects with the
   * signal's reason if it aborts first.
   * @example const release = await mutex.acquire(signal); try { ... } finally { release(); }
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index !== -1) this.#waiters.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (!next) {
        this.#held = false;
        return;
      }
      next.signal?.removeEventListener('abort', next.onAbort);
      next.grant(this.#releaser());
    };
  }
}
