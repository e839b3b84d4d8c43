/**
 * `tsx packages/memory/bench/locomo.ts [--data <locomo.json>] [--json <out.json>] [--quick] [--records-1m]
 *   [--postgres <url> | --no-postgres]`
 *
 * The memory benchmark: event append throughput, retrieval latency at 10k and 100k records in one
 * namespace (and 1M on SQLite with `--records-1m`: loading it takes about a minute more), and retrieval quality on LoCoMo (recall at 5, 10, 25 of the evidence turns of each
 * question of categories 1 to 4) beside a plain BM25 baseline computed in the same run. Each figure
 * is measured on SQLite and on PostgreSQL (the server at `--postgres <url>`, or a throwaway cluster
 * of Debian's `postgresql` package; skipped with a note when neither is there), with PostgreSQL's
 * ratio to SQLite. Prints markdown tables; writes the numbers as JSON with `--json`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchBackend, benchPostgres, postgresBackend, sqliteBackend } from './backends.js';
import { loadLocomo } from './locomo-data.js';
import {
  bm25Quality,
  KS,
  memoryTurn,
  type QualityResult,
  rawTurn,
  scoredQuestions,
  storeQuality,
} from './locomo-quality.js';
import { table } from './metrics.js';
import { appendThroughput, type LatencyResult, retrievalLatency } from './store-perf.js';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_DATA = resolve(here, '../../../../shared/data/locomo/locomo-dev.json');

function parseArgs(argv: string[]) {
  const options: {
    data?: string;
    json?: string;
    postgres?: string;
    quick: boolean;
    noPostgres: boolean;
    million: boolean;
  } = {
    quick: false,
    noPostgres: false,
    million: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-postgres') options.noPostgres = true;
    else if (arg === '--records-1m') options.million = true;
    else if (arg === '--data' || arg === '--json' || arg === '--postgres') {
      const value = argv[++index];
      if (!value) throw new Error(`${arg} needs a ${arg === '--postgres' ? 'postgres:// URL' : 'file path'}`);
      options[arg.slice(2) as 'data' | 'json' | 'postgres'] = value;
    } else if (arg !== '--')
      throw new Error(
        `Unknown argument ${arg}. Use --data <file>, --json <file>, --quick, --records-1m, --postgres <url>, --no-postgres.`,
      );
  }
  return options;
}

const fixed = (value: number, digits = 3) => value.toFixed(digits);
const whole = (value: number) => Math.round(value).toLocaleString('en-US');

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const results: Record<string, unknown> = {};
  const server = options.noPostgres ? undefined : await benchPostgres(options.postgres);
  const backends: BenchBackend[] = server ? [sqliteBackend, postgresBackend(server)] : [sqliteBackend];
  try {
    await run(options, results, backends);
  } finally {
    await server?.stop();
  }
}

async function run(
  options: ReturnType<typeof parseArgs>,
  results: Record<string, unknown>,
  backends: BenchBackend[],
) {
  console.log('### Event append throughput (SQLite file in WAL mode; PostgreSQL database on loopback)\n');
  const appends = [];
  for (const backend of backends)
    appends.push(await appendThroughput(options.quick ? 500 : 3_000, 50, backend));
  results.append = appends;
  const sqliteAppend = appends[0]!;
  console.log(
    table(
      ['backend', 'mode', 'messages', 'messages/s', 'ratio to sqlite single'],
      appends.flatMap((append) => [
        [
          append.backend,
          'one CreateEvent per message',
          append.messages,
          whole(append.singleEventsPerSecond),
          fixed(append.singleEventsPerSecond / sqliteAppend.singleEventsPerSecond, 2),
        ],
        [
          append.backend,
          `CreateEvent with ${append.batchSize} payload items`,
          append.messages,
          whole(append.batchedMessagesPerSecond),
          fixed(append.batchedMessagesPerSecond / sqliteAppend.singleEventsPerSecond, 2),
        ],
      ]),
    ),
  );

  console.log(
    '\n### Retrieval latency (RetrieveMemoryRecords, topK 10; median of 3 passes over the queries)\n',
  );
  const sizes = options.quick ? [10_000] : [10_000, 100_000];
  const latencies: LatencyResult[] = [];
  for (const size of sizes) {
    for (const backend of backends)
      latencies.push(await retrievalLatency(size, options.quick ? 100 : 300, backend));
  }
  if (options.million) latencies.push(await retrievalLatency(1_000_000, 300, sqliteBackend));
  // One memory shared by many users: each asks its own namespace of 25 records among 100k.
  if (!options.quick) latencies.push(await retrievalLatency(100_000, 300, sqliteBackend, 4_000));
  results.retrieval = latencies;
  const sqliteP50 = (records: number) =>
    latencies.find((row) => row.backend === 'sqlite' && row.records === records && row.actors === 1)!.p50Ms;
  console.log(
    table(
      [
        'backend',
        'records',
        'namespaces',
        'ingest s',
        'p50 ms',
        'p99 ms',
        'p99 CPU ms',
        'raw full-text p50 ms',
        'raw p99 ms',
        'p50 / raw',
        'p50 / sqlite p50',
      ],
      latencies.map((row) => [
        row.backend,
        whole(row.records),
        row.actors === 1 ? 'one' : `${whole(row.actors)} actors' (query: one)`,
        fixed(row.ingestSeconds, 1),
        fixed(row.p50Ms, 1),
        fixed(row.p99Ms, 1),
        fixed(row.p99CpuMs, 1),
        fixed(row.rawFtsP50Ms, 1),
        fixed(row.rawFtsP99Ms, 1),
        fixed(row.p50Ms / row.rawFtsP50Ms, 1),
        fixed(row.p50Ms / sqliteP50(row.records), 2),
      ]),
    ),
  );

  const data = options.data ?? (existsSync(DEFAULT_DATA) ? DEFAULT_DATA : undefined);
  if (!data) {
    console.log('\n(LoCoMo quality skipped: pass --data <file in LoCoMo format>.)');
  } else {
    const conversations = loadLocomo(data);
    const questions = conversations.reduce((sum, c) => sum + scoredQuestions(c).length, 0);
    const turns = conversations.reduce((sum, c) => sum + c.turns.length, 0);
    const dropped = conversations.reduce((sum, c) => sum + c.droppedEvidence, 0);
    console.log(
      `\n### Retrieval quality on LoCoMo (${conversations.length} conversations, ${turns} turns, ` +
        `${questions} questions of categories 1-4; ${dropped} evidence ids dropped as junk or unknown)\n`,
    );
    const rows: QualityResult[] = [
      bm25Quality('baseline: plain BM25, turn text', conversations, rawTurn),
      bm25Quality('plain BM25, memory record text', conversations, memoryTurn),
      await storeQuality('memory store, turn text', conversations, rawTurn),
      await storeQuality('memory store, memory record text', conversations, memoryTurn),
    ];
    for (const backend of backends.filter((candidate) => candidate.name !== 'sqlite')) {
      rows.push(
        await storeQuality(`memory store (${backend.name}), turn text`, conversations, rawTurn, backend),
        await storeQuality(
          `memory store (${backend.name}), memory record text`,
          conversations,
          memoryTurn,
          backend,
        ),
      );
    }
    const baseline = rows[0]!;
    results.locomo = {
      data,
      conversations: conversations.length,
      turns,
      questions,
      droppedEvidence: dropped,
      rows,
    };
    console.log(
      table(
        ['retrieval', ...KS.map((k) => `R@${k}`), ...KS.map((k) => `R@${k} / baseline`)],
        rows.map((row) => [
          row.name,
          ...KS.map((k) => fixed(row.recall[`@${k}`]!)),
          ...KS.map((k) => fixed(row.recall[`@${k}`]! / baseline.recall[`@${k}`]!, 2)),
        ]),
      ),
    );
    console.log('\nR@10 per category (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop):\n');
    console.log(
      table(
        ['retrieval', '1', '2', '3', '4'],
        rows.map((row) => [
          row.name,
          ...[1, 2, 3, 4].map((category) => fixed(row.byCategory[category]!['@10']!)),
        ]),
      ),
    );
  }

  // The targets, on SQLite (the embedded default), for the runner's summary table.
  const at100k = latencies.find(
    (row) => row.backend === 'sqlite' && row.records === 100_000 && row.actors === 1,
  );
  const targets = [
    {
      target: 'Memory: retrieval p99 under 10 ms at 100k records (SQLite)',
      measured: at100k
        ? `p99 ${fixed(at100k.p99Ms, 1)} ms, p50 ${fixed(at100k.p50Ms, 1)} ms`
        : 'not run (--quick)',
      met: at100k ? at100k.p99Ms < 10 : undefined,
    },
    {
      target: 'Memory: appends above 20k per second, batched (SQLite)',
      measured: `${whole(sqliteAppend.batchedMessagesPerSecond)} messages/s`,
      met: sqliteAppend.batchedMessagesPerSecond > 20_000,
    },
  ];
  console.log(
    `\n${table(
      ['target', 'measured', 'verdict'],
      targets.map((t) => [
        t.target,
        t.measured,
        t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT met',
      ]),
    )}`,
  );

  if (options.json) {
    mkdirSync(dirname(resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ suite: 'memory', ...results, targets }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
