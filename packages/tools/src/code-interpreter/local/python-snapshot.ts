import { Worker } from 'node:worker_threads';
import { workerUrl } from './sandbox-worker.js';

/** What building the snapshot gave: the image, or why there is none. */
export type SnapshotState =
  | { snapshot: SharedArrayBuffer; buildMs: number }
  | { snapshot: undefined; error: string };

let building: Promise<SnapshotState> | undefined;

/**
 * The Python memory snapshot sandboxes start from (Pyodide's `makeMemorySnapshot`): built once per
 * process by a throwaway worker, then shared read-only (a SharedArrayBuffer) with every sandbox, so
 * that a new session loads Python in a few hundred milliseconds instead of about 3 s. When building
 * fails, sandboxes load Python the slow way.
 * @example const { snapshot } = await pythonSnapshot();
 */
export function pythonSnapshot(timeoutMs = 120_000): Promise<SnapshotState> {
  building ??= build(timeoutMs).then((state) => {
    // A failure is not cached for ever: a later pool fill may try again.
    if (!state.snapshot) building = undefined;
    return state;
  });
  return building;
}

function build(timeoutMs: number): Promise<SnapshotState> {
  return new Promise<SnapshotState>((resolve) => {
    const worker = new Worker(workerUrl(), {
      workerData: { mode: 'snapshot' },
      resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 4 },
      env: {},
      execArgv: [],
    });
    let settled = false;
    const finish = (state: SnapshotState) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(state);
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish({ snapshot: undefined, error: `building the snapshot took over ${timeoutMs} ms` }),
      timeoutMs,
    );
    timer.unref();
    worker.on('message', (message: { type?: string; snapshot?: SharedArrayBuffer; buildMs?: number }) => {
      if (message.type === 'snapshot' && message.snapshot) {
        finish({ snapshot: message.snapshot, buildMs: message.buildMs ?? 0 });
      }
    });
    worker.on('error', (error) => finish({ snapshot: undefined, error: error.message }));
    worker.on('exit', (code) =>
      finish({ snapshot: undefined, error: `the snapshot worker exited with code ${code}` }),
    );
    // Building runs in the background: only a caller waiting for a sandbox keeps the process alive.
    // (After the listeners: adding one refs the worker again.)
    worker.unref();
  });
}
