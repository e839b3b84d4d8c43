/**
 * `node --import tsx packages/tools/bench/code-interpreter.ts [--json <out.json>] [--calls <n>]`
 *
 * The local code interpreter: cold start (Python loaded from scratch, from the snapshot, from the
 * warm pool), warm call latency (p50/p99) and calls per second for a trivial snippet. Warm calls
 * are compared with a bare worker-thread message round trip measured in the same run (the floor
 * any worker-based sandbox pays), so the ratio survives machine drift. Prints markdown tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LocalCodeInterpreter } from '../src/code-interpreter/local/local-backend.js';
import type { CodeLanguage } from '../src/code-interpreter/types.js';

function parseArgs(argv: string[]) {
  const options: { json?: string; calls: number } = { calls: 300 };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const value = argv[index + 1];
    if (arg === '--json' && value) options.json = argv[++index];
    else if (arg === '--calls' && value) options.calls = Number(argv[++index]);
    else throw new Error(`Unknown argument ${arg}. Use --json <file>, --calls <n>.`);
  }
  return options;
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const table = (header: string[], rows: (string | number)[][]) =>
  [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);

/** Fresh processes per calculator measurement (module loading is what is measured, so nothing may be cached). */
const FRESH_RUNS = 5;
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The median of `runs` fresh `node` processes running `code` (ES module) that print one number of milliseconds. */
function freshProcessMs(code: string, runs = FRESH_RUNS): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`calculator bench process failed: ${child.stderr}`);
    times.push(Number(child.stdout.trim()));
  }
  return percentile(times, 0.5);
}

/**
 * The calculator's first call in a new process (the built package), and what loading mathjs costs either way: its
 * ES module entry (`mathjs`) against the single-file build the calculator loads (`mathjs/lib/browser/math.js`).
 */
function calculatorFirstCalls(): { rows: (string | number)[][]; results: Record<string, number> } {
  const moduleTree = freshProcessMs(
    "const t = performance.now(); await import('mathjs'); console.log(performance.now() - t);",
  );
  const singleFile = freshProcessMs(
    "const t = performance.now(); await import('mathjs/lib/browser/math.js'); console.log(performance.now() - t);",
  );
  const results: Record<string, number> = { loadModuleTree: moduleTree, loadSingleFile: singleFile };
  const rows: (string | number)[][] = [
    ['load mathjs from its ES module entry (what the calculator did before)', ms(moduleTree), '1.00'],
    [
      'load mathjs from its single-file build (what it loads)',
      ms(singleFile),
      (singleFile / moduleTree).toFixed(2),
    ],
  ];
  if (existsSync(DIST)) {
    const call = (input: string) =>
      freshProcessMs(
        `const { calculator } = await import(${JSON.stringify(DIST)});` +
          "const context = { signal: new AbortController().signal, actorId: 'a', sessionId: 's', toolUseId: 't' };" +
          `const t = performance.now(); await calculator.invoke(${input}, context); console.log(performance.now() - t);`,
      );
    results.firstCall = call("{ expression: '25 * 4 + 10' }");
    results.firstWorkerCall = call("{ expression: '2^200', bignumber: true }");
    rows.push(
      ['first calculator call, `25 * 4 + 10` (in process)', ms(results.firstCall), '-'],
      ['first calculator call, `2^200` as a BigNumber (worker thread)', ms(results.firstWorkerCall), '-'],
    );
  }
  return { rows, results };
}

let scopeCounter = 0;
const newScope = () => ({ actorId: 'bench', sessionId: `bench${++scopeCounter}` });

/** Time from a fresh interpreter (or a fresh session) to the answer of its first call. */
async function firstCall(interpreter: LocalCodeInterpreter): Promise<number> {
  const started = performance.now();
  const result = await interpreter.invoke(newScope(), 'executeCode', { code: 'print(1 + 1)' });
  if (result.structuredContent?.stdout !== '2\n')
    throw new Error(`unexpected output ${JSON.stringify(result)}`);
  return performance.now() - started;
}

async function warmCalls(interpreter: LocalCodeInterpreter, language: CodeLanguage, count: number) {
  const scope = newScope();
  const code = language === 'python' ? '1 + 1' : '1 + 1';
  for (let index = 0; index < 20; index++) await interpreter.invoke(scope, 'executeCode', { code, language });
  const latencies: number[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const callStarted = performance.now();
    await interpreter.invoke(scope, 'executeCode', { code, language });
    latencies.push(performance.now() - callStarted);
  }
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), perSecond: count / seconds };
}

/** The floor: a message to a worker thread and back, nothing run. */
async function roundTripBaseline(count: number) {
  const worker = new Worker(
    "require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m))",
    {
      eval: true,
    },
  );
  const ask = (value: number) =>
    new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.postMessage(value);
    });
  for (let index = 0; index < 50; index++) await ask(index);
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await ask(index);
    latencies.push(performance.now() - started);
  }
  await worker.terminate();
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  // Cold starts, each in a fresh interpreter with no warm pool so that the first call pays the start.
  const scratch = new LocalCodeInterpreter({ warmPoolSize: 0, pythonSnapshot: false });
  const coldScratch = await firstCall(scratch);
  await scratch.close();
  const snapshotFirst = new LocalCodeInterpreter({ warmPoolSize: 0 });
  const coldSnapshotBuild = await firstCall(snapshotFirst);
  const coldFromSnapshot = await firstCall(snapshotFirst);
  await snapshotFirst.close();
  const pooled = new LocalCodeInterpreter({ warmPoolSize: 1 });
  await pooled.warmUp();
  const coldFromPool = await firstCall(pooled);

  console.log('### Code interpreter: first call of a new session (`print(1 + 1)`)\n');
  console.log(
    table(
      ['how the sandbox starts', 'first call (ms)', 'vs. from scratch'],
      [
        ['from scratch (Pyodide load, no snapshot)', ms(coldScratch), '1.00'],
        [
          'first in process (builds the snapshot)',
          ms(coldSnapshotBuild),
          (coldSnapshotBuild / coldScratch).toFixed(2),
        ],
        ['from the Python snapshot', ms(coldFromSnapshot), (coldFromSnapshot / coldScratch).toFixed(3)],
        ['from the warm pool', ms(coldFromPool), (coldFromPool / coldScratch).toFixed(4)],
      ],
    ),
  );

  const baseline = await roundTripBaseline(options.calls);
  const python = await warmCalls(pooled, 'python', options.calls);
  const javascript = await warmCalls(pooled, 'javascript', options.calls);
  await pooled.close();

  console.log(`\n### Code interpreter: warm calls in one session (\`1 + 1\`, ${options.calls} calls)\n`);
  console.log(
    table(
      ['what', 'p50 (ms)', 'p99 (ms)', 'calls/s', 'p50 vs. bare round trip'],
      [
        ['bare worker message round trip (baseline)', ms(baseline.p50), ms(baseline.p99), '-', '1.0'],
        [
          'executeCode python',
          ms(python.p50),
          ms(python.p99),
          python.perSecond.toFixed(0),
          (python.p50 / baseline.p50).toFixed(1),
        ],
        [
          'executeCode javascript',
          ms(javascript.p50),
          ms(javascript.p99),
          javascript.perSecond.toFixed(0),
          (javascript.p50 / baseline.p50).toFixed(1),
        ],
      ],
    ),
  );

  const calculator = calculatorFirstCalls();
  console.log(`\n### Calculator: first call in a new process (median of ${FRESH_RUNS} processes)\n`);
  console.log(table(['what', 'ms', 'vs. the ES module entry'], calculator.rows));

  if (options.json) {
    const results = {
      calculatorFirstCallMs: calculator.results,
      coldStartMs: {
        fromScratch: coldScratch,
        firstInProcessWithSnapshotBuild: coldSnapshotBuild,
        fromSnapshot: coldFromSnapshot,
        fromWarmPool: coldFromPool,
      },
      warmCall: { calls: options.calls, baseline, python, javascript },
    };
    writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  }
}

await main();
