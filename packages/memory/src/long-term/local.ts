import { AgentCoreMemoryStore } from '../agentcore/agentcore-memory-store.js';
import { SqliteMemoryStore } from '../sqlite/sqlite-memory-store.js';
import { DEFAULT_MEMORY_ID } from '../store/defaults.js';
import type { Embedder } from '../store/embedder.js';
import type { MemoryStore } from '../store/types.js';
import { createAgentMemory, type LongTermAgentMemory, type RetrievalSettings } from './agent-memory.js';
import { type MemoryEnvConfig, readMemoryEnv } from './env-config.js';
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
  readonly backend: 'sqlite' | 'agentcore';
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
  return withStore(memory, store, 'sqlite');
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
  backend: 'sqlite' | 'agentcore',
): OwnedAgentMemory {
  return {
    ...memory,
    store,
    backend,
    async close() {
      await memory.close();
      await store.close();
    },
  };
}
