// Memory store (data plane, backends, emulator)

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
