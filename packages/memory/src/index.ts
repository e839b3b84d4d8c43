// Memory store (data plane, backends, emulator)

export {
  AgentCoreMemoryStore,
  type AgentCoreMemoryStoreOptions,
} from './agentcore/agentcore-memory-store.js';
export { createMemoryEmulator, type MemoryEmulatorOptions } from './emulator/app.js';
export {
  type RunningMemoryEmulator,
  type ServeMemoryEmulatorOptions,
  serveMemoryEmulator,
} from './emulator/serve.js';
export type { VectorSearchMode } from './postgres/context.js';
export { PostgresExtractionJobs, postgresExtractionMigrations } from './postgres/extraction-jobs.js';
export { applyPostgresMigrations, type PostgresMigration } from './postgres/migrate.js';
export { migratePostgres, type PostgresMigrationReport } from './postgres/migrate-database.js';
export type { PostgresMemoryStoreOptions, PostgresStoreLogger } from './postgres/options.js';
export { PostgresMemoryStore } from './postgres/postgres-memory-store.js';
export {
  findPostgresBinaries,
  startTemporaryPostgres,
  type TemporaryPostgres,
  type TemporaryPostgresOptions,
} from './postgres/temporary-cluster.js';
export { applyMigrations, type Migration } from './sqlite/migrate.js';
export { SqliteMemoryStore, type SqliteMemoryStoreOptions } from './sqlite/sqlite-memory-store.js';
export { DEFAULT_EVENT_EXPIRY_DAYS, DEFAULT_MEMORY_ID, DEFAULT_SQLITE_PATH } from './store/defaults.js';
export type { Embedder } from './store/embedder.js';
export * from './store/errors.js';
export type * from './store/types.js';
export {
  ACTOR_ID_PATTERN,
  actorIdSchema,
  EVENT_ID_PATTERN,
  eventIdSchema,
  MEMORY_ID_PATTERN,
  MEMORY_RECORD_ID_PATTERN,
  memoryIdSchema,
  memoryRecordIdSchema,
  memoryStrategyIdSchema,
  NAMESPACE_PATTERN,
  namespaceSchema,
  SESSION_ID_PATTERN,
  sessionIdSchema,
  validateInput,
} from './store/validation.js';

// Long-term memory (strategies, extraction, retrieval, the agent adapter)

export {
  type CreateAgentMemoryOptions,
  createAgentMemory,
  type LongTermAgentMemory,
  type RetrievalSettings,
} from './long-term/agent-memory.js';
export {
  type OpenAiCompatibleEmbedderOptions,
  openAiCompatibleEmbedder,
} from './long-term/embedders/openai-compatible.js';
export { type TitanEmbedderOptions, titanEmbedder } from './long-term/embedders/titan.js';
export { type MemoryEnvConfig, readMemoryEnv } from './long-term/env-config.js';
export { type LongTermErrorCategory, LongTermMemoryError } from './long-term/errors.js';
export { type ConversationTurn, decodeEvent, encodeMessage, turnsOf } from './long-term/event-codec.js';
export {
  type ExtractionJobQueue,
  type ExtractionJobState,
  sqliteJobQueue,
} from './long-term/extraction/job-queue.js';
export { EXTRACTION_COMPONENT, ExtractionJobs, extractionMigrations } from './long-term/extraction/jobs.js';
export { type ModelExtractorOptions, modelExtractor } from './long-term/extraction/model-extractor.js';
export { consolidateByRules, ruleExtractor } from './long-term/extraction/rule-extractor.js';
export { readStatements, type Statement } from './long-term/extraction/rules.js';
export type {
  CandidateRecord,
  ConsolidationOperation,
  ExistingRecord,
  Extractor,
} from './long-term/extraction/types.js';
export {
  ExtractionWorker,
  type ExtractionWorkerOptions,
  type MemoryLogger,
} from './long-term/extraction/worker.js';
export { repairHistory } from './long-term/history.js';
export {
  createLocalMemory,
  createMemoryFromEnv,
  createPostgresMemory,
  type LocalMemoryOptions,
  type MemoryFromEnvOptions,
  type OwnedAgentMemory,
  type PostgresMemoryOptions,
  tutorialRetrieval,
} from './long-term/local.js';
export { namespaceContains, resolveNamespace, validateNamespaceTemplate } from './long-term/namespace.js';
export { isMemorySessionId, toMemorySessionId } from './long-term/session-id.js';
export {
  type CustomStrategyOptions,
  customStrategy,
  type ExtractionKind,
  type LongTermStrategy,
  type StrategyOptions,
  semanticStrategy,
  strategyIdFor,
  summaryStrategy,
  tutorialStrategies,
  userPreferenceStrategy,
} from './long-term/strategies.js';
