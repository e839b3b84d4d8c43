import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { calculatorError, count } from './calculator-error.js';
import { DISABLED_FUNCTIONS } from './math.js';

/** Work done in the worker thread. Every expression has passed `checkTree` in the calling thread. */
export type WorkerJob =
  | { op: 'simplify'; expression: string; scope: Record<string, number> }
  | { op: 'derive'; expression: string; variable: string; order: number; scope: Record<string, number> }
  | { op: 'rationalize'; expression: string; scope: Record<string, number> }
  /** A BigNumber evaluation at `precision` digits, written with `digits` significant digits. */
  | { op: 'evaluate'; expression: string; scope: Record<string, number>; precision: number; digits: number };

/** A polynomial (or rational function) in normal form: coefficients of the numerator, lowest power first. */
export interface RationalForm {
  coefficients: number[];
  variables: string[];
  denominator: string | null;
}

/** Longest text a result may have (derivatives of high order grow fast). */
export const MAX_WORKER_RESULT_LENGTH = 100_000;
/** Loading mathjs in a fresh thread takes a fraction of a second (its single-file build); allow for slow machines. */
const STARTUP_TIMEOUT_MS = 30_000;

/*
 * Two kinds of work have no bound that a check of the input can predict, so they run in a worker
 * thread that is terminated when its time is up:
 * - mathjs' `simplify` (which `derivative` and `rationalize` also run): 20 terms took 15 s here and
 *   30 terms did not finish;
 * - BigNumber arithmetic (decimal.js): `atan2(1e300, 1e-300)` at 288 digits ran for over a minute,
 *   `sinh(100000)` for a second, a 50 x 50 inverse for two. (Doubles are bounded by the guards and
 *   run in the calling thread.) Interrupting decimal.js in place is no option: it keeps state in
 *   module variables that an interruption would leave wrong.
 * The worker's code is inline (evaluated as CommonJS) so that it runs the same from `src` under
 * vitest and from the bundle in `dist`; it loads mathjs by the absolute path resolved here and
 * disables the same functions. It evaluates with mathjs' own compiled evaluation, which is safe
 * for trees that passed `checkTree` (no property access, no assignment, allowlisted functions only).
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const mathjs = require(workerData.mathjsPath);
const stubs = {};
for (const name of workerData.disabled) stubs[name] = () => { throw new Error('Function ' + name + ' is disabled'); };
const math = mathjs.create({ number: 'number' });
const { parse, simplify, derivative, rationalize, ConstantNode } = math;
math.import(stubs, { override: true });
const bigInstances = new Map();
const big = (precision) => {
  let instance = bigInstances.get(precision);
  if (!instance) {
    const bigMath = mathjs.create({ number: 'BigNumber', precision });
    instance = { math: bigMath, parse: bigMath.parse };
    bigMath.import(stubs, { override: true });
    bigInstances.set(precision, instance);
  }
  return instance;
};
const SHOWN = ['number', 'BigNumber', 'Complex', 'Unit', 'DenseMatrix', 'SparseMatrix', 'Array', 'Fraction', 'boolean'];
const text = (node) => {
  const result = node.toString();
  if (result.length > workerData.maxLength) throw new Error('the result is longer than ' + workerData.maxLength + ' characters');
  return result;
};
// Replaces names by their values; with constants, also pi, e... (rationalize would keep them as unknowns).
const substitute = (node, scope, keep, constants) => node.transform((child) => {
  if (!child.isSymbolNode || child.name === keep) return child;
  if (Object.hasOwn(scope, child.name)) return new ConstantNode(scope[child.name]);
  if (constants && typeof math[child.name] === 'number') return new ConstantNode(math[child.name]);
  return child;
});
const jobs = {
  simplify: (job) => text(simplify(parse(job.expression), new Map(Object.entries(job.scope)))),
  derive: (job) => {
    let node = substitute(parse(job.expression), job.scope, job.variable);
    for (let i = 0; i < job.order; i += 1) node = derivative(node, job.variable);
    return text(node);
  },
  rationalize: (job) => {
    const form = rationalize(substitute(parse(job.expression), job.scope, undefined, true), {}, true);
    return {
      coefficients: (form.coefficients || []).map(Number),
      variables: form.variables || [],
      denominator: form.denominator ? text(form.denominator) : null,
    };
  },
  evaluate: (job) => {
    const { math: bigMath, parse: bigParse } = big(job.precision);
    const scope = new Map(Object.entries(job.scope).map(([name, value]) => [name, bigMath.bignumber(value)]));
    const value = bigParse(job.expression).compile().evaluate(scope);
    const type = bigMath.typeOf(value);
    if (!SHOWN.includes(type)) throw new Error('the result is a ' + type + ', which the calculator cannot show');
    if (type === 'boolean') return String(value);
    const result = bigMath.format(value, { precision: job.digits, lowerExp: -9, upperExp: Math.max(21, job.digits) });
    if (result.length > workerData.maxLength) throw new Error('the result is longer than ' + workerData.maxLength + ' characters');
    return result;
  },
};
parentPort.on('message', (job) => {
  try {
    parentPort.postMessage({ id: job.id, result: jobs[job.op](job) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error && error.message ? error.message : error) });
  }
});
parentPort.postMessage({ ready: true });
`;

interface Running {
  worker: Worker;
  ready: Promise<void>;
  /** Settles the job in flight when the worker dies. */
  onExit?: (reason: Error) => void;
}

let running: Running | undefined;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

/**
 * Runs jobs one at a time in a shared worker thread, each bounded by `timeoutMs` (the worker is
 * terminated, and replaced on the next call, when one runs over).
 * @example await runInWorker({ op: 'simplify', expression: 'x + x', scope: {} }, { timeoutMs: 5000 }) // '2 * x'
 */
export function runInWorker(
  job: Extract<WorkerJob, { op: 'rationalize' }>,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<RationalForm>;
export function runInWorker(
  job: Exclude<WorkerJob, { op: 'rationalize' }>,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<string>;
export function runInWorker(
  job: WorkerJob,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<unknown> {
  const result = queue.then(() => runNow(job, options));
  queue = result.catch(() => undefined);
  return result;
}

/**
 * Terminates the worker thread (a new one starts on the next call that needs it).
 * @example await stopMathWorker()
 */
export async function stopMathWorker(): Promise<void> {
  const current = running;
  running = undefined;
  if (current) await current.worker.terminate();
}

async function runNow(
  job: WorkerJob,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<unknown> {
  if (options.signal?.aborted) throw aborted();
  const current = running ?? start();
  running = current;
  try {
    await current.ready;
  } catch (error) {
    if (running === current) running = undefined;
    throw error;
  }
  // The call may have been cancelled while the thread was starting.
  if (options.signal?.aborted) throw aborted();
  const id = nextId++;
  return new Promise<unknown>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      current.worker.off('message', onMessage);
      current.onExit = undefined;
      settle();
    };
    const kill = (error: Error) => {
      if (running === current) running = undefined;
      void current.worker.terminate();
      finish(() => reject(error));
    };
    const onMessage = (reply: { id?: number; result?: unknown; error?: string }) => {
      if (reply.id !== id) return;
      if (reply.error !== undefined) {
        finish(() => reject(calculatorError('CALCULATOR_MATH_ERROR', `Could not ${job.op}: ${reply.error}`)));
      } else {
        finish(() => resolve(reply.result));
      }
    };
    const onAbort = () => kill(aborted());
    const timer = setTimeout(
      () =>
        kill(
          calculatorError(
            'CALCULATOR_TIMEOUT',
            `Stopped: ${job.op} took longer than ${count(options.timeoutMs)} ms ` +
              `(${job.op === 'evaluate' ? 'timeoutMs' : 'symbolicTimeoutMs'}); try a smaller calculation.`,
          ),
        ),
      options.timeoutMs,
    );
    current.onExit = (reason) => finish(() => reject(reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    current.worker.on('message', onMessage);
    current.worker.postMessage({ ...job, id });
  });
}

function start(): Running {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      mathjsPath: mathjsPath(),
      disabled: [...DISABLED_FUNCTIONS],
      maxLength: MAX_WORKER_RESULT_LENGTH,
    },
    // A blow-up should end this thread, not the process.
    resourceLimits: { maxOldGenerationSizeMb: 256, stackSizeMb: 4 },
    env: {},
    execArgv: [],
  });
  // An idle worker must not keep the process alive.
  worker.unref();
  const current: Running = {
    worker,
    ready: new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(unavailable(`it did not start within ${count(STARTUP_TIMEOUT_MS)} ms`));
      }, STARTUP_TIMEOUT_MS);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(unavailable(error.message));
      });
    }),
  };
  current.ready.catch(() => undefined);
  worker.on('error', (error) => {
    const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    current.onExit?.(
      outOfMemory
        ? calculatorError('CALCULATOR_LIMIT', 'Refused: the calculation ran out of memory.')
        : unavailable(error.message),
    );
  });
  worker.on('exit', () => {
    if (running === current) running = undefined;
    current.onExit?.(unavailable('the worker thread stopped'));
  });
  return current;
}

function aborted() {
  return calculatorError('CALCULATOR_ABORTED', 'Stopped: the calculation was cancelled.');
}

function unavailable(reason: string) {
  return calculatorError(
    'CALCULATOR_UNAVAILABLE',
    `The calculator's worker thread is unavailable: ${reason}.`,
  );
}

/** mathjs' single-file build (see `mathjs.ts`), resolved from this module (in `src` or in `dist`). */
function mathjsPath(): string {
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(base).resolve('mathjs/lib/browser/math.js');
}
