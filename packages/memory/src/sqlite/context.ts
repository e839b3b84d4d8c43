import type Database from 'better-sqlite3';
import type { Embedder } from '../store/embedder.js';

/** What the operation modules need from the store: the database, the clock, per-memory settings. */
export interface SqliteContext {
  db: Database.Database;
  /** Epoch milliseconds; injectable so that expiry can be tested without waiting days. */
  now(): number;
  /** Days events of this memory live (the memory is known to exist). */
  eventExpiryDays(memoryId: string): number;
  embedder: Embedder | undefined;
}
