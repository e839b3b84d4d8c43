/**
 * `pnpm bench load [--quick] [-- --soak] [--connections N] [--duration S] [--soak-minutes M] [--json <file>]`
 *
 * Load: the built agent (apps/agent, offline model, SQLite memory) as a real process; autocannon in another process
 * sends `POST /invocations` over 50 connections for 30 s, each connection moving to a new session every 5 turns.
 * A `GET /ping` run of the same shape, just before, is the baseline (the server and the generator alone): the
 * invocation throughput is also given as a ratio to it. Any error, timeout or non-2xx answer fails the bench.
 *
 * Soak (`--soak`): the same traffic for 5 minutes with a small session bound (MAX_SESSIONS=200), so that sessions
 * are created and evicted all along; the agent's resident memory is sampled every 5 s and reported as start, end,
 * max and a least-squares slope after a one-minute warm-up. It fails if memory keeps growing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, startAgent } from './agent-process.js';
import type { GeneratorOptions, GeneratorResult } from './generator.js';
import { type RssSample, rssSummary, table } from './report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const generatorScript = join(root, 'bench', 'load', 'generator.ts');

interface Options {
  json?: string;
  soak: boolean;
  connections: number;
  durationSeconds: number;
  soakMinutes: number;
  baselineSeconds: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    soak: false,
    connections: 50,
    durationSeconds: 30,
    soakMinutes: 5,
    baselineSeconds: 10,
  };
  const numbers: Record<string, keyof Options> = {
    '--connections': 'connections',
    '--duration': 'durationSeconds',
    '--soak-minutes': 'soakMinutes',
    '--baseline-duration': 'baselineSeconds',
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--soak') options.soak = true;
    else if (arg === '--quick')
      Object.assign(options, { durationSeconds: 5, baselineSeconds: 3, soakMinutes: 0.5 });
    else if (arg === '--json') options.json = argv[++index];
    else if (numbers[arg]) {
      const value = Number(argv[++index]);
      if (!(value > 0)) throw new Error(`${arg} needs a positive number`);
      (options as unknown as Record<string, number>)[numbers[arg]!] = value;
    } else if (arg !== '--') {
      throw new Error(
        `Unknown argument ${arg}. Use --soak, --quick, --connections N, --duration S, --soak-minutes M, --baseline-duration S, --json <file>.`,
      );
    }
  }
  return options;
}

/** Runs the generator in its own process and returns what it measured. */
function generate(options: GeneratorOptions): Promise<GeneratorResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', generatorScript, JSON.stringify(options)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      resolvePromise(JSON.parse(out.trim().split('\n').at(-1)!) as GeneratorResult);
    });
  });
}

/** Samples `read()` every `everyMs` until stopped. */
function sampler(read: () => number, everyMs: number) {
  const started = Date.now();
  const samples: RssSample[] = [{ seconds: 0, mb: read() }];
  const timer = setInterval(
    () => samples.push({ seconds: (Date.now() - started) / 1000, mb: read() }),
    everyMs,
  );
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      samples.push({ seconds: (Date.now() - started) / 1000, mb: read() });
    },
  };
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

function row(name: string, connections: number, result: GeneratorResult): (string | number)[] {
  return [
    name,
    connections,
    fixed(result.durationSeconds, 0),
    result.requests.toLocaleString('en-US'),
    fixed(result.requestsPerSecond),
    result.latencyMs.p50,
    result.latencyMs.p99,
    result.errors + result.timeouts,
    result.non2xx,
  ];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const main = ensureBuilt(root);
  const dir = mkdtempSync(join(tmpdir(), 'agentcore-load-'));
  const env: Record<string, string> = { MEMORY_URL: `sqlite:${join(dir, 'memory.db')}` };
  if (options.soak) Object.assign(env, { MAX_SESSIONS: '200', SESSION_IDLE_TTL_SECONDS: '30' });
  const agent = await startAgent(main, env);
  const base = { url: agent.url, connections: options.connections, turnsPerSession: 5 };
  const header = [
    'run',
    'connections',
    'seconds',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'non-2xx',
  ];
  let failed = false;
  const output: Record<string, unknown> = { options };
  try {
    if (!options.soak) {
      // Warm-up (JIT, SQLite pages, the calculator's worker), not reported.
      await generate({ ...base, path: '/invocations', durationSeconds: 3, runId: 'warm' });
      const ping = await generate({
        ...base,
        path: '/ping',
        durationSeconds: options.baselineSeconds,
        runId: 'ping',
      });
      const rss = sampler(agent.rssMb, 1000);
      const load = await generate({
        ...base,
        path: '/invocations',
        durationSeconds: options.durationSeconds,
        runId: 'load',
      });
      rss.stop();
      const memory = rssSummary(rss.samples, 0);
      console.log(
        table(header, [
          row('GET /ping (baseline)', options.connections, ping),
          row('POST /invocations', options.connections, load),
        ]),
      );
      console.log(
        `\nPOST /invocations ran at ${fixed((load.requestsPerSecond / ping.requestsPerSecond) * 100)}% of the /ping baseline's ` +
          `throughput; agent RSS ${fixed(memory.startMb)} MB at start, ${fixed(memory.maxMb)} MB at most, ${fixed(memory.endMb)} MB at the end.`,
      );
      Object.assign(output, {
        ping,
        load,
        ratioToPing: load.requestsPerSecond / ping.requestsPerSecond,
        rss: memory,
      });
      failed = [ping, load].some((result) => result.errors + result.timeouts + result.non2xx > 0);
    } else {
      const durationSeconds = Math.round(options.soakMinutes * 60);
      const rss = sampler(agent.rssMb, 5000);
      const soak = await generate({ ...base, path: '/invocations', durationSeconds, runId: 'soak' });
      rss.stop();
      const memory = rssSummary(rss.samples, Math.min(60, durationSeconds / 5));
      console.log(
        table(header, [row(`POST /invocations, soak ${options.soakMinutes} min`, options.connections, soak)]),
      );
      console.log(
        `\n${table(
          ['agent RSS', 'start MB', 'end MB', 'max MB', 'slope MB/min', 'samples', 'verdict'],
          [
            [
              `after ${memory.warmupSeconds} s warm-up`,
              fixed(memory.startMb),
              fixed(memory.endMb),
              fixed(memory.maxMb),
              fixed(memory.slopeMbPerMinute, 2),
              memory.samples,
              memory.flat ? 'flat' : 'GROWING',
            ],
          ],
        )}`,
      );
      if (soak.perMinute.length > 0) {
        console.log(
          `\nThroughput by minute (req/s): ${soak.perMinute.map((value) => fixed(value)).join(', ')}.`,
        );
      }
      Object.assign(output, { soak, rss: { ...memory, series: rss.samples } });
      failed = soak.errors + soak.timeouts + soak.non2xx > 0 || !memory.flat;
    }
  } finally {
    await agent.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.json) writeFileSync(options.json, `${JSON.stringify(output, null, 2)}\n`);
  if (failed) {
    console.error(
      '\nThe load bench failed: errors, timeouts, non-2xx answers or growing memory (see above).',
    );
    process.exit(1);
  }
}

await main();
