import { CodeInterpreterError } from '../errors.js';
import { pythonSnapshot } from './python-snapshot.js';
import { type SandboxLimits, SandboxWorker } from './sandbox-worker.js';

/** A sandbox being started: `ready` settles once it has loaded (or failed to). */
interface Slot {
  ready: Promise<SandboxWorker>;
  worker?: SandboxWorker;
}

export interface WorkerPoolOptions {
  size: number;
  limits: SandboxLimits;
  /** Start sandboxes from a shared Python memory snapshot (default true). */
  useSnapshot?: boolean;
}

const closedError = () =>
  new CodeInterpreterError(
    { id: 'CODE_INTERPRETER_CLOSED', category: 'user' },
    'The local code interpreter was closed. Create a new one to run more code.',
  );

/**
 * A few sandbox workers started ahead of need, so that a new session does not wait for Python to
 * load. Taking one starts a replacement in the background. A warm worker that dies is dropped and
 * replaced.
 * @example
 * const pool = new WorkerPool({ size: 1, limits }); pool.fill();
 * const worker = await pool.acquire();
 */
export class WorkerPool {
  private readonly warm: Slot[] = [];
  private readonly starting = new Set<SandboxWorker>();
  private closed = false;
  private lastStartFailure: unknown;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Starts workers until `size` are warm or warming. */
  fill(): void {
    // After a failed start, wait for the next acquire to try again instead of looping on it.
    if (this.closed || this.lastStartFailure) return;
    while (this.warm.length < this.options.size) this.warm.push(this.spawn());
  }

  /** Warm workers, and how many of them have finished loading. */
  stats(): { warm: number; ready: number } {
    return {
      warm: this.warm.length,
      ready: this.warm.filter((slot) => slot.worker?.startupMs !== undefined).length,
    };
  }

  /** Waits until every warm worker has loaded (or failed to). */
  async whenWarm(): Promise<void> {
    await keepAlive(Promise.allSettled(this.warm.map((slot) => slot.ready)));
  }

  /** A loaded worker for a new session: a warm one when there is one, else a fresh one. */
  acquire(): Promise<SandboxWorker> {
    return keepAlive(this.take());
  }

  private async take(): Promise<SandboxWorker> {
    if (this.closed) throw closedError();
    this.lastStartFailure = undefined;
    const slot = this.warm.shift() ?? this.spawn();
    this.fill();
    let worker: SandboxWorker;
    try {
      worker = await slot.ready;
    } catch (error) {
      if (error instanceof CodeInterpreterError) throw error;
      throw new CodeInterpreterError(
        { id: 'CODE_INTERPRETER_START_FAILED', category: 'system', cause: error, retryable: true },
        `The sandbox did not start (${error instanceof Error ? error.message : String(error)}). ` +
          'Check that the `pyodide` and `quickjs-emscripten` packages are installed next to @agentcore-ts/tools.',
      );
    }
    return worker.alive ? worker : this.take();
  }

  /** Terminates warm and starting workers; `acquire` fails from now on. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.starting, ...this.warm.flatMap((slot) => (slot.worker ? [slot.worker] : []))];
    this.warm.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawn(): Slot {
    const slot = {} as Slot;
    slot.ready = (async () => {
      const state = this.options.useSnapshot === false ? undefined : await pythonSnapshot();
      if (this.closed) throw closedError();
      const worker = SandboxWorker.start(this.options.limits, state?.snapshot);
      slot.worker = worker;
      this.starting.add(worker);
      worker.onExit(() => {
        this.starting.delete(worker);
        const index = this.warm.indexOf(slot);
        if (index === -1) return;
        this.warm.splice(index, 1);
        // Only a worker that had loaded is replaced here: one that failed to start would fail again.
        if (worker.startupMs !== undefined) this.fill();
      });
      try {
        await worker.ready;
      } finally {
        this.starting.delete(worker);
      }
      return worker;
    })();
    slot.ready.catch((error: unknown) => {
      this.lastStartFailure = error;
      const index = this.warm.indexOf(slot);
      if (index !== -1) this.warm.splice(index, 1);
    });
    return slot;
  }
}

/**
 * Keeps the process alive while `promise` is pending. Background work (the snapshot build, warm
 * sandboxes) is unref'd so that it never delays exit; a caller awaiting a sandbox must not see the
 * process end under it.
 */
async function keepAlive<T>(promise: Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 60_000);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}
