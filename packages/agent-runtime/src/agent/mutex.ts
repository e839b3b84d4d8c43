/**
 * Lets one holder at a time through, in arrival order. An agent holds one so that two
 * invocations of the same session never interleave their turns in its history.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  /** Holders running or queued. */
  get pending(): number {
    return this.holders;
  }

  /** Waits for the turn, then returns the function that releases it (call it exactly once). */
  async acquire(): Promise<() => void> {
    this.holders++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = () => {
        this.holders--;
        resolve();
      };
    });
    await previous;
    return release;
  }
}
