/**
 * `pnpm bench cold-start [-- --quick --runs <n>]`
 *
 * Cold start: from process spawn to the first `Healthy` on `/ping`, for the deployable agent
 * (`node apps/agent/dist/main.js`, which the runner builds first) with its default
 * configuration (the code interpreter's warm pool loads Pyodide in the background) and with
 * `CODE_INTERPRETER_WARM_POOL=0`, for the `bedrock-agentcore` app (plain JavaScript, an entrypoint that answers at
 * once), and for bare `node:http` (what starting Node costs). Each run starts in an empty working directory (the
 * agent creates its SQLite memory there). The variants alternate; medians are reported. Then resident memory:
 * idle (2 s after `Healthy`), and for the agent with 1,000 live sessions in its registry (1,000 invocations, each
 * with its own session id).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSuiteArgs } from '../lib/args.js';
import { ROOT, residentMiB, type ServerProcess, startServer } from '../lib/processes.js';
import { type TargetCheck, targetTable, writeResults } from '../lib/results.js';
import { format, median, table } from '../lib/stats.js';

const AGENT_MAIN = join(ROOT, 'apps/agent/dist/main.js');
const SESSIONS = 1_000;

interface Variant {
  id: string;
  label: string;
  script: string;
  env?: Record<string, string>;
}

const VARIANTS: Variant[] = [
  { id: 'agent-default', label: 'apps/agent, default config (warm pool 1)', script: AGENT_MAIN },
  {
    id: 'agent-no-warm-pool',
    label: 'apps/agent, CODE_INTERPRETER_WARM_POOL=0',
    script: AGENT_MAIN,
    env: { CODE_INTERPRETER_WARM_POOL: '0' },
  },
  {
    id: 'agentcore-sdk',
    label: 'bedrock-agentcore 0.4.4 app',
    script: join(ROOT, 'bench/cold-start/agentcore-sdk-app.mjs'),
  },
  {
    id: 'node-http',
    label: 'bare node:http (floor)',
    script: join(ROOT, 'bench/cold-start/node-http-app.mjs'),
  },
];

const args = parseSuiteArgs(process.argv.slice(2), { numbers: ['runs'] });
const runs = args.numbers.runs ?? (args.quick ? 3 : 10);

async function start(variant: Variant, cwd: string): Promise<ServerProcess> {
  return startServer(variant.id, variant.script, {
    cwd,
    env: { LOG_LEVEL: 'warn', ...variant.env },
  });
}

function invoke(url: string, sessionId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/invocations`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-amzn-bedrock-agentcore-runtime-session-id': sessionId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ prompt: 'Hello, I live in Paris.' }));
  });
}

async function withSessions(url: string, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const status = await invoke(url, `cold-start-session-${String(index).padStart(20, '0')}`);
      if (status !== 200) throw new Error(`invocation ${index} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  if (!existsSync(AGENT_MAIN))
    throw new Error('apps/agent/dist/main.js is missing: run pnpm build (pnpm bench builds it)');
  const startMs: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
  const idleMiB: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
  const unavailable = new Map<string, string>();
  for (let run = 0; run < runs; run++) {
    for (let index = 0; index < VARIANTS.length; index++) {
      const variant = VARIANTS[(index + run) % VARIANTS.length]!;
      if (unavailable.has(variant.id)) continue;
      const cwd = mkdtempSync(join(tmpdir(), 'cold-start-'));
      let server: ServerProcess | undefined;
      try {
        server = await start(variant, cwd);
        startMs[variant.id]!.push(server.startMs);
        if (run < 3) {
          await settle(2_000);
          idleMiB[variant.id]!.push(residentMiB(server.child.pid!));
        }
      } catch (error) {
        unavailable.set(variant.id, error instanceof Error ? error.message : String(error));
      } finally {
        await server?.stop();
        rmSync(cwd, { recursive: true, force: true });
      }
    }
  }

  // 1,000 live sessions, in the agent without the warm pool (the pool's sandbox would be counted otherwise).
  const sessionsVariant = VARIANTS[1]!;
  const cwd = mkdtempSync(join(tmpdir(), 'cold-start-'));
  let sessionsMiB = Number.NaN;
  let sessionsIdleMiB = Number.NaN;
  let sessionsSeconds = Number.NaN;
  try {
    const server = await start(sessionsVariant, cwd);
    try {
      await settle(2_000);
      sessionsIdleMiB = residentMiB(server.child.pid!);
      const started = performance.now();
      await withSessions(server.url, SESSIONS);
      sessionsSeconds = (performance.now() - started) / 1000;
      await settle(2_000);
      sessionsMiB = residentMiB(server.child.pid!);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }

  const medianStart = Object.fromEntries(VARIANTS.map((v) => [v.id, median(startMs[v.id]!)]));
  const floor = medianStart['node-http']!;
  console.log(
    `\n### Cold start: spawn to the first Healthy on /ping (${runs} runs each, alternating; medians)\n`,
  );
  console.log(
    table(
      ['process', 'ms to Healthy', 'min ms', 'max ms', 'minus bare Node ms', 'idle RSS MiB'],
      VARIANTS.filter((v) => startMs[v.id]!.length > 0).map((v) => [
        v.label,
        format.whole(medianStart[v.id]!),
        format.whole(Math.min(...startMs[v.id]!)),
        format.whole(Math.max(...startMs[v.id]!)),
        format.whole(medianStart[v.id]! - floor),
        format.fixed(median(idleMiB[v.id]!), 0),
      ]),
    ),
  );
  for (const [id, reason] of unavailable) console.log(`\n${id} was not measured: ${reason}`);
  console.log(
    `\nResident memory of ${sessionsVariant.label}: ${format.fixed(sessionsIdleMiB, 0)} MiB idle, ` +
      `${format.fixed(sessionsMiB, 0)} MiB with ${SESSIONS.toLocaleString('en-US')} live sessions in the registry ` +
      `(${format.fixed(((sessionsMiB - sessionsIdleMiB) * 1024) / SESSIONS, 1)} KiB per session; the 1,000 ` +
      `invocations took ${format.fixed(sessionsSeconds, 1)} s at 8 connections).`,
  );

  const agentStart = medianStart['agent-default']!;
  const sdkStart = medianStart['agentcore-sdk'];
  const targets: TargetCheck[] = [
    {
      target: 'Cold start: apps/agent (default config) under 300 ms to Healthy',
      measured: `${format.whole(agentStart)} ms (warm pool 0: ${format.whole(medianStart['agent-no-warm-pool']!)} ms)`,
      met: Number.isFinite(agentStart) ? agentStart < 300 : undefined,
    },
    {
      target: 'Cold start: apps/agent below the bedrock-agentcore app',
      measured: `${format.whole(agentStart)} ms vs ${format.whole(sdkStart ?? Number.NaN)} ms`,
      met:
        Number.isFinite(agentStart) && sdkStart !== undefined && Number.isFinite(sdkStart)
          ? agentStart < sdkStart
          : undefined,
    },
  ];
  console.log(`\n${targetTable(targets)}`);
  writeResults(
    args.json,
    'cold-start',
    {
      runs,
      startMs: medianStart,
      startRuns: startMs,
      idleMiB: Object.fromEntries(VARIANTS.map((v) => [v.id, median(idleMiB[v.id]!)])),
      sessions: {
        count: SESSIONS,
        idleMiB: sessionsIdleMiB,
        withSessionsMiB: sessionsMiB,
        seconds: sessionsSeconds,
      },
      unavailable: Object.fromEntries(unavailable),
    },
    targets,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
