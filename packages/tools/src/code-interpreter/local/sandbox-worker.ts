import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodeInterpreterArguments, CodeInterpreterResult, CodeInterpreterToolName } from '../types.js';

/** Limits every sandbox worker runs under. */
export interface SandboxLimits {
  /** Wall-clock limit of one call. */
  timeoutMs: number;
  /** Cap on each WebAssembly heap (Python's, QuickJS's) of the sandbox. */
  memoryLimitBytes: number;
  /** JavaScript heap of the worker thread (V8 old generation). */
  heapLimitMb: number;
  /** Cap on the bytes of the session's files (held outside the WebAssembly heap). */
  fileSystemLimitBytes: number;
  /** Cap on captured stdout and on stderr, each, per call. */
  maxOutputBytes: number;
  /** How long an interrupted call may take to stop before the worker is terminated. */
  graceMs: number;
}

/** How a call ended: with an answer from the sandbox, or with the sandbox terminated. */
export type SandboxOutcome =
  | { kind: 'result'; result: CodeInterpreterResult; limit?: 'timeout' | 'memory' | 'aborted' }
  | { kind: 'terminated'; reason: 'timeout' | 'memory' | 'crashed' | 'aborted' | 'closed'; detail: string };

type WorkerReply =
  | { type: 'ready'; startupMs: number }
  | { id: number; result?: CodeInterpreterResult; limit?: string; fatal?: string };

/** Where the worker's entry file is: beside this module in `src`, under `worker/` in `dist`. */
export function workerUrl(): URL {
  const base = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  return new URL('./worker/sandbox-worker.mjs', base);
}

/**
 * One sandbox worker thread: Pyodide and QuickJS loaded, host access disarmed. Runs one call at a
 * time; the wall-clock limit first interrupts the code (Python's KeyboardInterrupt, QuickJS's
 * interrupt handler: the session keeps its state), then terminates the thread.
 * @example
 * const worker = SandboxWorker.start(limits); await worker.ready;
 * const outcome = await worker.run('executeCode', { code: 'print(1)' });
 */
export class SandboxWorker {
  readonly ready: Promise<void>;
  startupMs: number | undefined;
  private readonly worker: Worker;
  private readonly interrupt: Uint8Array;
  private readonly exitListeners: Array<() => void> = [];
  private pending: { id: number; settle: (outcome: SandboxOutcome) => void } | undefined;
  private nextId = 1;
  private exited = false;
  private terminating: SandboxOutcome | undefined;

  private constructor(
    private readonly limits: SandboxLimits,
    snapshot: SharedArrayBuffer | undefined,
  ) {
    const interruptBuffer = new SharedArrayBuffer(1);
    this.interrupt = new Uint8Array(interruptBuffer);
    this.worker = new Worker(workerUrl(), {
      workerData: {
        memoryLimitBytes: limits.memoryLimitBytes,
        fileSystemLimitBytes: limits.fileSystemLimitBytes,
        maxOutputBytes: limits.maxOutputBytes,
        interruptBuffer,
        snapshot,
      },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapLimitMb, stackSizeMb: 4 },
      // The sandbox sees no host environment and no loader flags (such as `--import tsx`).
      env: {},
      execArgv: [],
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerReply) => {
        if ('type' in message && message.type === 'ready') {
          this.startupMs = message.startupMs;
          resolve();
        } else if ('id' in message) this.settle(message);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', (error: Error & { code?: string }) => {
        const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        const outcome: SandboxOutcome = {
          kind: 'terminated',
          reason: memory ? 'memory' : 'crashed',
          detail: error.message,
        };
        this.finish(this.terminating ?? outcome);
        reject(error);
      });
      this.worker.once('exit', () => {
        this.exited = true;
        this.finish(
          this.terminating ?? {
            kind: 'terminated',
            reason: 'crashed',
            detail: 'the sandbox exited',
          },
        );
        reject(new Error('sandbox worker exited before it was ready'));
        for (const listener of this.exitListeners) listener();
      });
    });
    // Callers await `ready` themselves; this keeps an unawaited failure from being unhandled.
    this.ready.catch(() => {});
    // Idle and starting sandboxes never hold the host process open; a running call does (run()),
    // and so does a caller waiting for a sandbox (WorkerPool.acquire). This comes after the
    // listeners: adding a 'message' listener refs the worker again. (The worker keeps its console
    // to itself: piped stdio streams would hold the process open even when unref'd.)
    this.worker.unref();
  }

  /** Spawns a worker (from the Python snapshot when given); await `ready` before the first call. */
  static start(limits: SandboxLimits, snapshot?: SharedArrayBuffer): SandboxWorker {
    return new SandboxWorker(limits, snapshot);
  }

  /** False once the thread has exited or is being terminated. */
  get alive(): boolean {
    return !this.exited && this.terminating === undefined;
  }

  /** Calls `listener` when the thread exits, for whatever reason. */
  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  /** Runs one operation. Never rejects: limits and crashes come back as outcomes. */
  run(
    name: CodeInterpreterToolName,
    args: CodeInterpreterArguments,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<SandboxOutcome> {
    if (!this.alive) {
      return Promise.resolve({
        kind: 'terminated',
        reason: 'crashed',
        detail: 'the sandbox is no longer running',
      });
    }
    if (this.pending) throw new Error('SandboxWorker runs one call at a time');
    const timeoutMs = options.timeoutMs ?? this.limits.timeoutMs;
    const id = this.nextId++;
    return new Promise<SandboxOutcome>((resolve) => {
      let stopping: 'timeout' | 'aborted' | undefined;
      let hardTimer: NodeJS.Timeout | undefined;
      const stop = (reason: 'timeout' | 'aborted') => {
        if (stopping) return;
        stopping = reason;
        Atomics.store(this.interrupt, 0, 2);
        hardTimer = setTimeout(() => {
          const detail =
            reason === 'timeout'
              ? `the code ran past the ${timeoutMs} ms limit and did not stop when interrupted`
              : 'the call was cancelled and the code did not stop when interrupted';
          void this.terminate({ kind: 'terminated', reason, detail });
        }, this.limits.graceMs);
      };
      const softTimer = setTimeout(() => stop('timeout'), timeoutMs);
      const onAbort = () => stop('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.worker.ref();
      this.pending = {
        id,
        settle: (outcome) => {
          this.worker.unref();
          clearTimeout(softTimer);
          clearTimeout(hardTimer);
          options.signal?.removeEventListener('abort', onAbort);
          Atomics.store(this.interrupt, 0, 0);
          if (outcome.kind === 'result' && stopping && !outcome.limit)
            outcome = { ...outcome, limit: stopping };
          resolve(outcome);
        },
      };
      this.worker.postMessage({ id, name, args, timeoutMs });
    });
  }

  /** Ends the thread; a pending call settles with `outcome` (by default: closed). */
  async terminate(
    outcome: SandboxOutcome = { kind: 'terminated', reason: 'closed', detail: 'the session was closed' },
  ): Promise<void> {
    if (this.exited) return;
    this.terminating ??= outcome;
    await this.worker.terminate();
  }

  private settle(message: Extract<WorkerReply, { id: number }>): void {
    if (!this.pending || this.pending.id !== message.id) return;
    if (message.fatal !== undefined) {
      // The interpreter is unusable after a fatal error: replace the thread.
      const reason = message.limit === 'memory' ? 'memory' : 'crashed';
      void this.terminate({ kind: 'terminated', reason, detail: message.fatal });
      return;
    }
    // 'interrupted' means our own interrupt stopped the code: `run` knows whether for time or abort.
    const limit = message.limit === 'memory' || message.limit === 'timeout' ? message.limit : undefined;
    this.finish({ kind: 'result', result: message.result ?? { content: [] }, ...(limit ? { limit } : {}) });
  }

  private finish(outcome: SandboxOutcome): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.settle(outcome);
  }
}
