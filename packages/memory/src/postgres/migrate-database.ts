import { EXTRACTION_COMPONENT } from '../long-term/extraction/jobs.js';
import { createPool, inTransaction, toStoreError } from './connection.js';
import type { VectorSearchMode } from './context.js';
import { detectVectorMode } from './embeddings.js';
import { postgresExtractionMigrations } from './extraction-jobs.js';
import { applyPostgresMigrations } from './migrate.js';
import { POSTGRES_STORE_COMPONENT, postgresStoreMigrations } from './schema.js';

/** What {@link migratePostgres} did: the versions applied now per component (empty: already up to date). */
export interface PostgresMigrationReport {
  applied: Record<string, number[]>;
  /** The latest version of each component the database is now at. */
  versions: Record<string, number>;
  vectorSearch: VectorSearchMode;
}

/**
 * Brings a PostgreSQL database to the memory store's current schema (the store's tables and the
 * extraction jobs), as the store does on start-up, under the same advisory lock: for a deploy step
 * (`agentcore-ts memory migrate`) that runs before the replicas. Safe to run again or concurrently.
 * @example const report = await migratePostgres('postgres://agent@db:5432/memory'); // { applied: { 'memory-store': [1], extraction: [1] }, ... }
 */
export async function migratePostgres(url: string): Promise<PostgresMigrationReport> {
  const pool = await createPool(url, 2);
  pool.on('error', () => undefined);
  try {
    const store = await applyPostgresMigrations(pool, POSTGRES_STORE_COMPONENT, postgresStoreMigrations);
    const extraction = await applyPostgresMigrations(
      pool,
      EXTRACTION_COMPONENT,
      postgresExtractionMigrations,
    );
    const vectorSearch = await inTransaction(pool, (client) => detectVectorMode(client));
    const latest = (migrations: { version: number }[]) => Math.max(...migrations.map((step) => step.version));
    return {
      applied: { [POSTGRES_STORE_COMPONENT]: store, [EXTRACTION_COMPONENT]: extraction },
      versions: {
        [POSTGRES_STORE_COMPONENT]: latest(postgresStoreMigrations),
        [EXTRACTION_COMPONENT]: latest(postgresExtractionMigrations),
      },
      vectorSearch,
    };
  } catch (error) {
    throw toStoreError(error);
  } finally {
    await pool.end();
  }
}
