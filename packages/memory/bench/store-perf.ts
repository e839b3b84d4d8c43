import { performance } from 'node:perf_hooks';
import { encodeMessage } from '../src/long-term/event-codec.js';
import { DEFAULT_MEMORY_ID } from '../src/store/defaults.js';
import { type BenchBackend, type OpenedStore, sqliteBackend } from './backends.js';
import { percentile, seededRandom } from './metrics.js';

const memoryId = DEFAULT_MEMORY_ID;

async function withStore<T>(backend: BenchBackend, body: (opened: OpenedStore) => Promise<T>): Promise<T> {
  const opened = await backend.open();
  try {
    return await body(opened);
  } finally {
    await opened.close();
  }
}

export interface AppendResult {
  backend: string;
  singleEventsPerSecond: number;
  batchedMessagesPerSecond: number;
  batchSize: number;
  messages: number;
}

/**
 * Event append throughput on a durable store (a SQLite file in WAL mode, or a PostgreSQL database):
 * one CreateEvent per message (what the agent adapter does), then CreateEvent with `batchSize`
 * payload items (AgentCore allows 100).
 */
export async function appendThroughput(
  messages: number,
  batchSize = 50,
  backend: BenchBackend = sqliteBackend,
): Promise<AppendResult> {
  const message = (index: number) =>
    encodeMessage({
      role: index % 2 ? 'assistant' : 'user',
      content: [{ text: `Message ${index}: I live in Paris and love tea.` }],
    });
  const single = await withStore(backend, async ({ store }) => {
    const started = performance.now();
    for (let index = 0; index < messages; index++) {
      await store.createEvent({
        memoryId,
        actorId: 'bench',
        sessionId: `s${index % 10}`,
        eventTimestamp: new Date(1_700_000_000_000 + index),
        payload: message(index),
      });
    }
    return messages / ((performance.now() - started) / 1000);
  });
  const batched = await withStore(backend, async ({ store }) => {
    const started = performance.now();
    for (let index = 0; index < messages; index += batchSize) {
      await store.createEvent({
        memoryId,
        actorId: 'bench',
        sessionId: `s${(index / batchSize) % 10}`,
        eventTimestamp: new Date(1_700_000_000_000 + index),
        payload: Array.from({ length: batchSize }, (_, offset) => message(index + offset)[0]!),
      });
    }
    return messages / ((performance.now() - started) / 1000);
  });
  return {
    backend: backend.name,
    singleEventsPerSecond: single,
    batchedMessagesPerSecond: batched,
    batchSize,
    messages,
  };
}

// Common words first; with the made-up tail below and a skewed draw, term statistics look like text's.
const WORDS = (
  'user likes tea coffee lives works paris berlin london tokyo dog cat garden music jazz piano painting ' +
  'running hiking yoga trip flight hotel beach mountain book novel movie series project deadline meeting ' +
  'family sister brother mother father friend birthday wedding school university job office manager team ' +
  'morning evening weekend summer winter spring autumn green blue red bread cheese pasta sushi salad soup ' +
  'car bike train bus walk swim climb read write cook bake sing dance draw play build learn teach visit ' +
  'happy tired busy excited worried calm proud new old big small early late first last favorite usually'
).split(' ');

// The long tail: 5,000 made-up words from syllables, so that rare terms exist as in real text.
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'shi', 'du', 'pel', 'zor', 'an', 'qui', 'bre', 'tos'];
const TAIL = Array.from({ length: 5_000 }, (_, index) => {
  let word = '';
  for (let n = index + 14; n > 0; n = Math.floor(n / SYLLABLES.length))
    word += SYLLABLES[n % SYLLABLES.length];
  return word;
});
const VOCABULARY = [...WORDS, ...TAIL];

/** Words drawn with a Zipf-like skew: the common words often, the tail rarely. */
function sentence(random: () => number, length: number): string {
  const words: string[] = [];
  for (let index = 0; index < length; index++) {
    words.push(VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]!);
  }
  return words.join(' ');
}

/** Passes over the query set; the median pass is reported. */
const PASSES = 3;

/** Sizes above this are loaded with plain INSERTs where the backend offers it. */
const BULK_ABOVE = 100_000;

export interface LatencyResult {
  backend: string;
  records: number;
  /** Actors the records are spread over, one namespace each; queries ask one actor's namespace. */
  actors: number;
  queries: number;
  ingestSeconds: number;
  p50Ms: number;
  p99Ms: number;
  /** p99 of the CPU time this process spent per query (no time spent waiting for the processor). */
  p99CpuMs: number;
  rawFtsP50Ms: number;
  rawFtsP99Ms: number;
}

/**
 * RetrieveMemoryRecords latency (topK 10) with `records` records in one namespace, or spread evenly over the
 * namespaces of `actors` actors (the queries then rotate over the actors, each asking its own namespace), beside
 * the database's own top-10 full-text query on the same table in the same run (the floor it sets: FTS5
 * `MATCH ... ORDER BY bm25`, or PostgreSQL `@@ ... ORDER BY ts_rank_cd` on the GIN index).
 */
export async function retrievalLatency(
  records: number,
  queries: number,
  backend: BenchBackend = sqliteBackend,
  actors = 1,
): Promise<LatencyResult> {
  return withStore(backend, async ({ store, rawSearch, bulkInsert }) => {
    const random = seededRandom(records + actors);
    const namespaceOf = (index: number): string =>
      actors === 1 ? '/users/bench/facts' : `/users/actor-${index % actors}/facts`;
    const ingestStarted = performance.now();
    // A million records through BatchCreateMemoryRecords (100 a call) takes minutes: load them in bulk instead.
    const bulk = bulkInsert !== undefined && records > BULK_ABOVE;
    if (bulk) {
      await bulkInsert(
        (function* () {
          for (let index = 0; index < records; index++) {
            const text = `The user ${sentence(random, 8 + Math.floor(random() * 12))}.`;
            yield { namespace: namespaceOf(index), text, timestamp: 1_700_000_000_000 + index };
          }
        })(),
      );
    }
    for (let start = 0; !bulk && start < records; start += 100) {
      const result = await store.batchCreateMemoryRecords({
        memoryId,
        records: Array.from({ length: Math.min(100, records - start) }, (_, index) => ({
          requestIdentifier: `r${start + index}`,
          namespaces: [namespaceOf(start + index)],
          content: { text: `The user ${sentence(random, 8 + Math.floor(random() * 12))}.` },
          timestamp: new Date(1_700_000_000_000 + start + index),
        })),
      });
      if (result.failedRecords.length > 0) throw new Error(result.failedRecords[0]!.errorMessage);
    }
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const texts = Array.from(
      { length: queries },
      () => `What ${sentence(random, 4 + Math.floor(random() * 5))}?`,
    );
    // Warm up the page cache and statement cache, as a running agent would be.
    for (const [index, text] of texts.slice(0, 10).entries()) {
      await store.retrieveMemoryRecords({
        memoryId,
        namespace: namespaceOf(index),
        searchCriteria: { searchQuery: text, topK: 10 },
      });
    }
    // Several passes over the queries, reporting the median pass: on a shared machine one pass's p99 is often
    // another process's time slice. CPU time per query (this process only) is kept beside wall time for that.
    const passes: { p50: number; p99: number; cpuP99: number }[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      const latencies: number[] = [];
      const cpu: number[] = [];
      for (const [index, text] of texts.entries()) {
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        await store.retrieveMemoryRecords({
          memoryId,
          namespace: namespaceOf(index),
          searchCriteria: { searchQuery: text, topK: 10 },
        });
        const used = process.cpuUsage(cpuStarted);
        latencies.push(performance.now() - started);
        cpu.push((used.user + used.system) / 1000);
      }
      passes.push({
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        cpuP99: percentile(cpu, 0.99),
      });
    }
    const middle = (pick: (pass: (typeof passes)[number]) => number) => percentile(passes.map(pick), 0.5);
    const rawLatencies: number[] = [];
    for (const [index, text] of texts.entries()) {
      const started = performance.now();
      await rawSearch(text, namespaceOf(index));
      rawLatencies.push(performance.now() - started);
    }
    return {
      backend: backend.name,
      records,
      actors,
      queries,
      ingestSeconds,
      p50Ms: middle((pass) => pass.p50),
      p99Ms: middle((pass) => pass.p99),
      p99CpuMs: middle((pass) => pass.cpuP99),
      rawFtsP50Ms: percentile(rawLatencies, 0.5),
      rawFtsP99Ms: percentile(rawLatencies, 0.99),
    };
  });
}
