import { AgentCoreMemoryStore } from '../agentcore/agentcore-memory-store.js';
import { PostgresExtractionJobs } from '../postgres/extraction-jobs.js';
import { PostgresMemoryStore } from '../postgres/postgres-memory-store.js';
import { SqliteMemoryStore } from '../sqlite/sqlite-memory-store.js';
import { DEFAULT_MEMORY_ID } from '../store/defaults.js';
import type { Embedder } from '../store/embedder.js';
import type { MemoryStore } from '../store/types.js';
import { createAgentMemory, type LongTermAgentMemory, type RetrievalSettings } from './agent-memory.js';
import { type MemoryEnvConfig, readMemoryEnv } from './env-config.js';
import type { ExtractionJobQueue } from './extraction/job-queue.js';
import { ruleExtractor } from './extraction/rule-extractor.js';
import type { Extractor } from './extraction/types.js';
import { ExtractionWorker, type MemoryLogger } from './extraction/worker.js';
import { type LongTermStrategy, tutorialStrategies } from './strategies.js';

/**
 * Retrieval as in AWS's tutorial agent: facts and preferences of the actor, with the session
 * manager's defaults (`top_k` 10, `relevance_score` 0.2).
 */
export function tutorialRetrieval(): Record<string, RetrievalSettings> {
  return {
    '/users/{actorId}/facts': { topK: 10, relevanceScore: 0.2 },
    '/users/{actorId}/preferences': { topK: 10, relevanceScore: 0.2 },
  };
}

/** A memory that also owns its store (closing it closes both). */
export interface OwnedAgentMemory extends LongTermAgentMemory {
  readonly store: MemoryStore;
  readonly backend: 'sqlite' | 'agentcore' | 'postgres';
  /** The extraction jobs this process runs (SQLite or PostgreSQL); absent where the service extracts (AgentCore). */
  readonly extractionJobs?: ExtractionJobQueue;
  /**
   * Resolves when the backend is usable (for PostgreSQL: connected and migrated); rejects with the
   * reason otherwise. A server awaits it at start-up to fail fast on a wrong `MEMORY_URL`.
   */
  ready(): Promise<void>;
}

/** Options of {@link createLocalMemory}. */
export interface LocalMemoryOptions {
  /** SQLite file. Default `.agentcore/memory.db` under the working directory; `:memory:` for a throwaway one. */
  path?: string;
  /** Default `local_memory-0000000000`. */
  memoryId?: string;
  /** Default: the tutorial's facts, preferences and session summaries ({@link tutorialStrategies}). */
  strategies?: LongTermStrategy[];
  /** Default: facts and preferences of the actor ({@link tutorialRetrieval}). */
  retrieval?: Record<string, RetrievalSettings>;
  /** Default: the offline {@link ruleExtractor}; give `modelExtractor({ model })` to extract with the agent's model. */
  extractor?: Extractor;
  /** Milliseconds after a session's last event before extraction runs. Default 3,000. */
  extractionDelayMs?: number;
  /** Enables hybrid (vector + BM25) retrieval. */
  embedder?: Embedder;
  logger?: MemoryLogger;
}

/**
 * Local long-term memory on one SQLite file: the store, the rule extractor (or yours) running in the
 * background, and the tutorial's strategies and retrieval. Fit for `apps/agent` as it is.
 * @example
 * const memory = createLocalMemory();
 * const agent = new Agent({ model: offlineModel(), memory, scope: { actorId: 'user123', sessionId } });
 * // server: ping reports HealthyBusy while memory.pendingExtractions() > 0; on shutdown: await memory.close()
 */
export function createLocalMemory(options: LocalMemoryOptions = {}): OwnedAgentMemory {
  const memoryId = options.memoryId ?? DEFAULT_MEMORY_ID;
  const strategies = options.strategies ?? tutorialStrategies();
  let worker: ExtractionWorker | undefined;
  const store = new SqliteMemoryStore({
    ...(options.path ? { path: options.path } : {}),
    ...(options.embedder ? { embedder: options.embedder } : {}),
    memories: [{ memoryId, strategies }],
    // Events written by anyone (this agent, the emulator, the CLI) schedule extraction.
    onEventCreated: (event, context) => worker?.onEventCreated(event, context),
  });
  worker = new ExtractionWorker({
    store,
    database: store.database,
    memoryId,
    strategies,
    extractor: options.extractor ?? ruleExtractor(),
    ...(options.extractionDelayMs !== undefined ? { delayMs: options.extractionDelayMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const memory = createAgentMemory({
    store,
    memoryId,
    strategies,
    retrieval: options.retrieval ?? tutorialRetrieval(),
    worker,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return withStore(memory, store, 'sqlite', undefined, worker.queue);
}

/** Options of {@link createPostgresMemory}. */
export interface PostgresMemoryOptions extends Omit<LocalMemoryOptions, 'path'> {
  /** `postgres://user:password@host:5432/database`. */
  url: string;
  /** How often each replica looks for jobs scheduled or abandoned by the others. Default 2,000 ms. */
  extractionPollMs?: number;
}

/**
 * Long-term memory on PostgreSQL, for several agent replicas sharing one database: the same
 * strategies, extractor and retrieval as {@link createLocalMemory}. Every replica runs an extraction
 * worker; each job is claimed by one of them (`FOR UPDATE SKIP LOCKED`), and a job of a replica that
 * died is taken over at once (its liveness lock goes with its connection) or when its lease runs out.
 * Migrations run on the first use, under an advisory lock; `await memory.ready()` waits for them.
 * @example
 * const memory = createPostgresMemory({ url: 'postgres://agent@db:5432/memory', logger });
 * const agent = new Agent({ model: offlineModel(), memory, scope: { actorId: 'user123', sessionId } });
 */
export function createPostgresMemory(options: PostgresMemoryOptions): OwnedAgentMemory {
  const memoryId = options.memoryId ?? DEFAULT_MEMORY_ID;
  const strategies = options.strategies ?? tutorialStrategies();
  let worker: ExtractionWorker | undefined;
  const store = new PostgresMemoryStore({
    url: options.url,
    ...(options.embedder ? { embedder: options.embedder } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    memories: [{ memoryId, strategies }],
    onEventCreated: (event, context) => worker?.onEventCreated(event, context),
  });
  const jobs = new PostgresExtractionJobs(store.pool, {
    ...(options.extractionPollMs !== undefined ? { pollIntervalMs: options.extractionPollMs } : {}),
  });
  worker = new ExtractionWorker({
    store,
    jobs,
    memoryId,
    strategies,
    extractor: options.extractor ?? ruleExtractor(),
    ...(options.extractionDelayMs !== undefined ? { delayMs: options.extractionDelayMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const memory = createAgentMemory({
    store,
    memoryId,
    strategies,
    retrieval: options.retrieval ?? tutorialRetrieval(),
    worker,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const owned: LongTermAgentMemory = {
    ...memory,
    async close() {
      await memory.close();
      await jobs.close();
    },
  };
  return withStore(
    owned,
    store,
    'postgres',
    async () => {
      await store.ready();
      await jobs.ready();
    },
    jobs,
  );
}

/** Options of {@link createMemoryFromEnv}. */
export interface MemoryFromEnvOptions extends Omit<LocalMemoryOptions, 'path' | 'memoryId'> {
  /** Base for relative SQLite paths. Default the working directory. */
  cwd?: string;
}

/**
 * Memory as the environment says (validated; a bad value throws `MEMORY_CONFIG_INVALID` naming the key,
 * the value and what is allowed):
 * - `BEDROCK_AGENTCORE_MEMORY_ID` set: AgentCore Memory in `AWS_REGION`; the service extracts, this
 *   process writes events and recalls with the tutorial's retrieval (or yours).
 * - otherwise `MEMORY_URL=postgres://user:password@host:5432/database`: {@link createPostgresMemory}
 *   (replicas of the agent share the database);
 * - otherwise `MEMORY_URL` (`sqlite:.agentcore/memory.db`, `sqlite:/abs/file.db`, `sqlite::memory:` or a
 *   plain path; default `.agentcore/memory.db`): {@link createLocalMemory}.
 * @example const memory = createMemoryFromEnv(process.env, { logger });
 */
export function createMemoryFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: MemoryFromEnvOptions = {},
): OwnedAgentMemory {
  const config: MemoryEnvConfig = readMemoryEnv(env, options.cwd);
  if (config.backend === 'sqlite') return createLocalMemory({ ...options, path: config.path });
  if (config.backend === 'postgres') return createPostgresMemory({ ...options, url: config.url });
  const store = new AgentCoreMemoryStore(config.region ? { region: config.region } : {});
  const memory = createAgentMemory({
    store,
    memoryId: config.memoryId,
    strategies: options.strategies ?? tutorialStrategies(),
    retrieval: options.retrieval ?? tutorialRetrieval(),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return withStore(memory, store, 'agentcore');
}

function withStore(
  memory: LongTermAgentMemory,
  store: MemoryStore,
  backend: OwnedAgentMemory['backend'],
  ready: () => Promise<void> = async () => undefined,
  extractionJobs?: ExtractionJobQueue,
): OwnedAgentMemory {
  return {
    ...memory,
    store,
    backend,
    ready,
    ...(extractionJobs ? { extractionJobs } : {}),
    async close() {
      await memory.close();
      await store.close();
    },
  };
}
