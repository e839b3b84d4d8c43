/** The memory a local store serves when none is configured (matches AgentCore's memoryId pattern). */
export const DEFAULT_MEMORY_ID = 'local_memory-0000000000';
/** Days an event stays visible when the memory sets no `eventExpiryDuration` (AgentCore allows 3..365). */
export const DEFAULT_EVENT_EXPIRY_DAYS = 90;
/** Where the SQLite store lives by default, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = '.agentcore/memory.db';
