import type { AgentMemory, MemoryScope, Message, RecalledMemory } from '@agentcore-ts/agent-runtime';
import type Database from 'better-sqlite3';
import type { Event, MemoryStore } from '../store/types.js';
import { LongTermMemoryError } from './errors.js';
import { decodeEvent, encodeMessage } from './event-codec.js';
import type { ExtractionJobQueue } from './extraction/job-queue.js';
import type { Extractor } from './extraction/types.js';
import { ExtractionWorker, type MemoryLogger } from './extraction/worker.js';
import { repairHistory } from './history.js';
import { namespaceContains, resolveNamespace, validateNamespaceTemplate } from './namespace.js';
import { toMemorySessionId } from './session-id.js';
import type { LongTermStrategy } from './strategies.js';

/** Retrieval settings of one namespace template (AWS's `RetrievalConfig`). */
export interface RetrievalSettings {
  /** Records asked for, 1 to 100. Default 10. */
  topK?: number;
  /** Minimum score (0..1) a record needs to be recalled. Default 0.2. */
  relevanceScore?: number;
  /** Resolves `{memoryStrategyId}`; default the strategy that writes to this template. */
  strategyId?: string;
}

/** Options of {@link createAgentMemory}. */
export interface CreateAgentMemoryOptions {
  store: MemoryStore;
  memoryId: string;
  /** The memory's strategies (what extraction writes where). */
  strategies?: LongTermStrategy[];
  /** Namespace template → retrieval settings; recall reads these namespaces. Default: none (no recall). */
  retrieval?: Record<string, RetrievalSettings>;
  /**
   * Runs extraction in this process. Leave it out where the service extracts (AgentCore Memory):
   * events are then only written. Needs `database` (or a store with a `database`, as SqliteMemoryStore has).
   */
  extractor?: Extractor;
  /** The SQLite database keeping the extraction jobs. Default: the store's own (`store.database`). */
  database?: Database.Database;
  /** Where extraction jobs live when not in SQLite (e.g. `new PostgresExtractionJobs(store.pool)`); overrides `database`. */
  jobs?: ExtractionJobQueue;
  /** Milliseconds after a session's last event before extraction runs. Default 3,000. */
  extractionDelayMs?: number;
  /** A worker built elsewhere (e.g. wired to the store's `onEventCreated`); overrides `extractor`. */
  worker?: ExtractionWorker;
  /** Events restored into history at most (newest kept). Default 10,000. */
  historyLimit?: number;
  logger?: MemoryLogger;
}

/** The runtime's memory port, plus what a server needs around it. */
export interface LongTermAgentMemory extends AgentMemory {
  readonly memoryId: string;
  readonly strategies: readonly LongTermStrategy[];
  /** Extraction jobs waiting or running: a server's `/ping` reports `HealthyBusy` while it is above 0. */
  pendingExtractions(): number;
  /** Runs pending extraction now (no delay) and resolves when it is done. */
  flushExtractions(): Promise<void>;
  /** The memory session id a runtime session id maps to (see `toMemorySessionId`). */
  memorySessionId(runtimeSessionId: string): string;
  /** Stops the extraction worker's timers and cancels a running job (it resumes on the next start). Does not close the store. */
  close(): Promise<void>;
}

const DEFAULT_TOP_K = 10;
const DEFAULT_RELEVANCE = 0.2;
const MAX_QUERY = 10_000;
const TIMESTAMP_CACHE = 10_000;

/**
 * Fills the runtime's `AgentMemory` port from a memory store:
 * - `history` restores the session's messages losslessly (ListEvents newest first, paginated, reversed;
 *   one event per Converse message, see `event-codec.ts`);
 * - `recall` retrieves records for the prompt from the configured namespaces, resolved with the actor
 *   and session, keeping `topK` and records scoring at least `relevanceScore`, on a path boundary of
 *   the actor's namespace (one actor never sees another's records);
 * - `append` writes each new message as an event and schedules extraction.
 * Runtime session ids are mapped onto memory session ids with `toMemorySessionId`.
 * @example
 * const memory = createAgentMemory({ store, memoryId, strategies: tutorialStrategies(), extractor: ruleExtractor(),
 *   retrieval: { '/users/{actorId}/facts': { topK: 10, relevanceScore: 0.2 } } });
 * const agent = new Agent({ model, memory, scope: { actorId: 'user123', sessionId } });
 */
export function createAgentMemory(options: CreateAgentMemoryOptions): LongTermAgentMemory {
  const { store, memoryId } = options;
  const strategies = options.strategies ?? [];
  const retrieval = Object.entries(options.retrieval ?? {}).map(([template, settings]) => {
    validateNamespaceTemplate(template);
    const topK = settings.topK ?? DEFAULT_TOP_K;
    const relevanceScore = settings.relevanceScore ?? DEFAULT_RELEVANCE;
    if (!Number.isInteger(topK) || topK < 1 || topK > 100 || !(relevanceScore >= 0 && relevanceScore <= 1)) {
      throw new LongTermMemoryError(
        {
          id: 'MEMORY_RETRIEVAL_CONFIG_INVALID',
          category: 'config',
          details: { template, topK, relevanceScore },
        },
        `Retrieval for ${template}: topK must be an integer from 1 to 100 and relevanceScore a number from 0 to 1 ` +
          `(got topK ${topK}, relevanceScore ${relevanceScore}).`,
      );
    }
    const strategyId =
      settings.strategyId ??
      strategies.find((strategy) => strategy.namespaces.includes(template))?.strategyId ??
      '';
    return { template, topK, relevanceScore, strategyId };
  });

  let worker = options.worker;
  if (!worker && options.extractor) {
    const database = options.database ?? (store as { database?: Database.Database }).database;
    if (!database && !options.jobs) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_EXTRACTION_CONFIG_INVALID', category: 'config' },
        'Local extraction keeps its jobs in the database: pass `database` (or use a SqliteMemoryStore), or `jobs` ' +
          '(e.g. new PostgresExtractionJobs(store.pool)). With AgentCore Memory, leave `extractor` out: the service extracts.',
      );
    }
    worker = new ExtractionWorker({
      store,
      ...(options.jobs ? { jobs: options.jobs } : { database }),
      memoryId,
      strategies,
      extractor: options.extractor,
      ...(options.extractionDelayMs !== undefined ? { delayMs: options.extractionDelayMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  // Event timestamps strictly increase per session at millisecond resolution (as AWS's session
  // manager does), so history order never depends on how a backend breaks ties.
  const lastTimestamp = new Map<string, number>();
  const nextTimestamp = (key: string): Date => {
    const ts = Math.max(Date.now(), (lastTimestamp.get(key) ?? 0) + 1);
    lastTimestamp.delete(key);
    lastTimestamp.set(key, ts);
    if (lastTimestamp.size > TIMESTAMP_CACHE) lastTimestamp.delete(lastTimestamp.keys().next().value!);
    return new Date(ts);
  };

  return {
    memoryId,
    strategies,

    memorySessionId: toMemorySessionId,

    async history(scope: MemoryScope): Promise<Message[]> {
      const sessionId = toMemorySessionId(scope.sessionId);
      const limit = options.historyLimit ?? 10_000;
      const events: Event[] = [];
      let nextToken: string | undefined;
      do {
        const page = await store.listEvents({
          memoryId,
          actorId: scope.actorId,
          sessionId,
          includePayloads: true,
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        });
        events.push(...page.events);
        nextToken = page.nextToken;
      } while (nextToken && events.length < limit);
      const chronological = events.slice(0, limit).reverse();
      return repairHistory(chronological.flatMap((event) => decodeEvent(event)));
    },

    async recall(scope: MemoryScope, query: string): Promise<RecalledMemory[]> {
      const searchQuery = query.trim().slice(0, MAX_QUERY);
      if (retrieval.length === 0 || searchQuery.length === 0) return [];
      const sessionId = toMemorySessionId(scope.sessionId);
      const settled = await Promise.allSettled(
        retrieval.map(async (entry) => {
          const namespace = resolveNamespace(entry.template, {
            actorId: scope.actorId,
            sessionId,
            ...(entry.strategyId ? { memoryStrategyId: entry.strategyId } : {}),
          });
          const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
            memoryId,
            namespace,
            searchCriteria: { searchQuery, topK: entry.topK },
          });
          return memoryRecordSummaries
            .filter((record) => namespaceContains(namespace, record.namespaces[0] ?? ''))
            .filter((record) => (record.score ?? 0) >= entry.relevanceScore)
            .slice(0, entry.topK)
            .map((record) => ({
              text: record.content.text,
              score: record.score ?? 0,
              namespace: record.namespaces[0]!,
              memoryRecordId: record.memoryRecordId,
            }));
        }),
      );
      const failures = settled.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      if (failures.length === settled.length) throw failures[0]!.reason;
      for (const failure of failures) {
        options.logger?.warn({ error: String(failure.reason) }, 'memory recall failed for one namespace');
      }
      const seen = new Set<string>();
      return settled
        .flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
        .sort((a, b) => b.score - a.score)
        .filter((memory) => !seen.has(memory.memoryRecordId) && seen.add(memory.memoryRecordId));
    },

    async append(scope: MemoryScope, messages: Message[]): Promise<void> {
      const sessionId = toMemorySessionId(scope.sessionId);
      const key = `${scope.actorId}\u0000${sessionId}`;
      let written = 0;
      for (const message of messages) {
        // Bedrock rejects blank text blocks; a message with nothing else left is not stored (as AWS's manager).
        const content = message.content.filter((block) => !('text' in block) || block.text.trim().length > 0);
        if (content.length === 0) continue;
        await store.createEvent({
          memoryId,
          actorId: scope.actorId,
          sessionId,
          eventTimestamp: nextTimestamp(key),
          payload: encodeMessage({ role: message.role, content }),
        });
        written++;
      }
      // Harmless when the store's onEventCreated hook already scheduled it (scheduling is an upsert).
      if (written > 0) worker?.schedule({ actorId: scope.actorId, sessionId });
    },

    pendingExtractions(): number {
      return worker?.pending() ?? 0;
    },

    async flushExtractions(): Promise<void> {
      await worker?.flush();
    },

    async close(): Promise<void> {
      await worker?.close();
    },
  };
}
