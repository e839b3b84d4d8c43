/**
 * `pnpm bench http [-- --quick --seconds <n> --rounds <n>]`
 *
 * Runtime HTTP overhead: `POST /invocations` with an entrypoint that answers at once (see `entrypoint.ts`), JSON
 * and SSE (10 events), at 1 and 50 connections, against four servers each in its own process: ours
 * (`createAgentApp`), AWS's `bedrock-agentcore` app (Fastify, default settings), bare Hono on `@hono/node-server`,
 * and bare `node:http` (the floor). The load generator (autocannon) runs in a fifth process. Each scenario runs in
 * rounds; within a round every server is measured once, in an order that rotates from round to round, so that a
 * noisy neighbour hurts all sides alike. Reported: medians over rounds, the median of the per-round ratios to
 * `node:http`, and the server's CPU time per request (from `/proc`): at one connection the request rate is mostly
 * round-trip latency, including the time this VM takes to wake an idle vCPU, while CPU per request is what the
 * server itself costs.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseSuiteArgs } from '../lib/args.js';
import { cpuSeconds, ROOT, type ServerProcess, startServer } from '../lib/processes.js';
import { type TargetCheck, targetTable, writeResults } from '../lib/results.js';
import { format, median, table } from '../lib/stats.js';
import { EVENTS_PER_RESPONSE, SESSION_ID } from './entrypoint.js';
import type { LoadOptions, LoadResult } from './load.js';

const SERVERS = [
  { id: 'ours', label: 'ours: createAgentApp' },
  { id: 'agentcore-sdk', label: 'bedrock-agentcore 0.4.4 app (Fastify)' },
  { id: 'agentcore-sdk-quiet', label: 'the same, logger off (diagnostic)' },
  { id: 'hono', label: 'bare Hono (@hono/node-server)' },
  { id: 'node-http', label: 'bare node:http (floor)' },
] as const;
type ServerId = (typeof SERVERS)[number]['id'];

const SCENARIOS = [
  { id: 'json-1', stream: false, connections: 1 },
  { id: 'json-50', stream: false, connections: 50 },
  { id: 'sse-1', stream: true, connections: 1 },
  { id: 'sse-50', stream: true, connections: 50 },
] as const;

const args = parseSuiteArgs(process.argv.slice(2), { numbers: ['seconds', 'rounds'] });
const seconds = args.numbers.seconds ?? (args.quick ? 1 : 2);
const rounds = args.numbers.rounds ?? (args.quick ? 1 : 5);
const warmupSeconds = args.quick ? 0.5 : 1;

/** One POST, answered in full: checks that a server speaks the scenario before it is measured. */
function invoke(url: string, stream: boolean): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/invocations`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: stream ? 'text/event-stream' : 'application/json',
          'x-amzn-bedrock-agentcore-runtime-session-id': SESSION_ID,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(stream ? { prompt: 'hello', stream: true } : { prompt: 'hello' }));
  });
}

async function checkAnswers(server: ServerProcess): Promise<void> {
  const json = await invoke(server.url, false);
  if (
    json.status !== 200 ||
    !json.type.startsWith('application/json') ||
    !json.body.includes('echo: hello')
  ) {
    throw new Error(`${server.name}: unexpected JSON answer ${json.status} ${json.type} ${json.body}`);
  }
  const sse = await invoke(server.url, true);
  const frames = sse.body.split('\n\n').filter((frame) => frame.includes('data: {'));
  if (
    sse.status !== 200 ||
    !sse.type.startsWith('text/event-stream') ||
    frames.length !== EVENTS_PER_RESPONSE
  ) {
    throw new Error(
      `${server.name}: unexpected SSE answer ${sse.status} ${sse.type} ${JSON.stringify(sse.body)}`,
    );
  }
}

function startLoader(): { run(options: LoadOptions): Promise<LoadResult>; child: ChildProcess } {
  const child = fork(join(ROOT, 'bench/http/load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  let pending: { resolve(value: LoadResult): void; reject(error: Error): void } | undefined;
  child.on('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => {
    const waiting = pending;
    pending = undefined;
    if (message.ok && message.result) waiting?.resolve(message.result);
    else waiting?.reject(new Error(message.error ?? 'load generator failed'));
  });
  child.on('exit', (code) => pending?.reject(new Error(`load generator exited with ${code}`)));
  return {
    child,
    run: (options) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(options);
      }),
  };
}

async function main(): Promise<void> {
  const servers = new Map<ServerId, ServerProcess>();
  const unavailable = new Map<ServerId, string>();
  for (const { id } of SERVERS) {
    try {
      const server = await startServer(id, join(ROOT, 'bench/http/servers', `${id}.ts`), {
        nodeArgs: ['--import', 'tsx'],
      });
      await checkAnswers(server);
      servers.set(id, server);
    } catch (error) {
      unavailable.set(id, error instanceof Error ? error.message : String(error));
      console.log(`(${id} not measured: ${unavailable.get(id)})`);
    }
  }
  if (!servers.has('node-http')) throw new Error('the node:http floor did not start');
  const loader = startLoader();
  const measured: Record<string, Record<string, LoadResult[]>> = {};
  try {
    for (const scenario of SCENARIOS) {
      const results: Record<string, LoadResult[]> = {};
      measured[scenario.id] = results;
      const ids = [...servers.keys()];
      const base = { connections: scenario.connections, stream: scenario.stream };
      for (const id of ids) {
        await loader.run({ ...base, url: servers.get(id)!.url, seconds: warmupSeconds });
        results[id] = [];
      }
      for (let round = 0; round < rounds; round++) {
        const order = ids.map((_, index) => ids[(index + round) % ids.length]!);
        for (const id of order) {
          const server = servers.get(id)!;
          const cpuBefore = cpuSeconds(server.child.pid ?? -1);
          const result = await loader.run({ ...base, url: server.url, seconds });
          result.serverCpuUs = ((cpuSeconds(server.child.pid ?? -1) - cpuBefore) * 1e6) / result.requests;
          if (result.errors > 0 || result.non2xx > 0) {
            throw new Error(
              `${id} ${scenario.id}: ${result.errors} errors, ${result.non2xx} non-2xx answers`,
            );
          }
          results[id]!.push(result);
        }
      }
      process.stdout.write(`  ${scenario.id} done\n`);
    }
  } finally {
    loader.child.disconnect();
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }

  const summary: Record<
    string,
    Record<string, { perSecond: number; p50Ms: number; p99Ms: number; ratio: number; cpuUs: number }>
  > = {};
  for (const scenario of SCENARIOS) {
    const results = measured[scenario.id]!;
    const floor = results['node-http']!;
    summary[scenario.id] = {};
    for (const [id, runs] of Object.entries(results)) {
      summary[scenario.id]![id] = {
        perSecond: median(runs.map((run) => run.perSecond)),
        p50Ms: median(runs.map((run) => run.p50Ms)),
        p99Ms: median(runs.map((run) => run.p99Ms)),
        ratio: median(runs.map((run, round) => run.perSecond / floor[round]!.perSecond)),
        cpuUs: median(runs.map((run) => run.serverCpuUs ?? Number.NaN)),
      };
    }
  }

  console.log(
    `\n### Runtime HTTP overhead (POST /invocations, entrypoint answers at once; SSE: ${EVENTS_PER_RESPONSE} events; ` +
      `${rounds} rounds of ${seconds} s, medians; ratio: median of per-round ratios to node:http)\n`,
  );
  const rows: (string | number)[][] = [];
  for (const scenario of SCENARIOS) {
    for (const { id, label } of SERVERS) {
      const row = summary[scenario.id]![id];
      if (!row) continue;
      rows.push([
        `${scenario.stream ? 'SSE' : 'JSON'}, ${scenario.connections} conn`,
        label,
        format.whole(row.perSecond),
        format.ms(row.p50Ms),
        format.ms(row.p99Ms),
        format.fixed(row.ratio),
        format.fixed(row.cpuUs, 1),
      ]);
    }
  }
  console.log(
    table(
      ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'ratio to node:http', 'server CPU µs/req'],
      rows,
    ),
  );
  for (const [id, reason] of unavailable) console.log(`\n${id} was not measured: ${reason}`);

  const ours = (scenario: string) => summary[scenario]?.ours;
  const sdk = (scenario: string) => summary[scenario]?.['agentcore-sdk'];
  const ahead = SCENARIOS.map((scenario) => ({
    scenario: scenario.id,
    ours: ours(scenario.id),
    sdk: sdk(scenario.id),
  }));
  const targets: TargetCheck[] = [
    {
      target: 'HTTP: JSON at 50 connections >= 0.9 of node:http',
      measured: format.fixed(ours('json-50')?.ratio ?? Number.NaN),
      met: ours('json-50') ? ours('json-50')!.ratio >= 0.9 : undefined,
    },
    {
      target: 'HTTP: SSE at 50 connections >= 0.8 of node:http',
      measured: format.fixed(ours('sse-50')?.ratio ?? Number.NaN),
      met: ours('sse-50') ? ours('sse-50')!.ratio >= 0.8 : undefined,
    },
    {
      target: 'HTTP: ahead of the bedrock-agentcore app in every JSON and SSE scenario',
      measured: ahead
        .map((row) =>
          row.ours && row.sdk
            ? `${row.scenario} ${format.fixed(row.ours.perSecond / row.sdk.perSecond)}x`
            : row.scenario,
        )
        .join(', '),
      met: ahead.every((row) => row.ours && row.sdk)
        ? ahead.every((row) => row.ours!.perSecond > row.sdk!.perSecond)
        : undefined,
    },
  ];
  console.log(`\n${targetTable(targets)}`);
  writeResults(
    args.json,
    'http',
    { seconds, rounds, scenarios: summary, runs: measured, unavailable: Object.fromEntries(unavailable) },
    targets,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
