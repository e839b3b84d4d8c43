import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PostgresMemoryStore } from '../src/postgres/postgres-memory-store.js';
import { TEXT_SEARCH_CONFIG } from '../src/postgres/schema.js';
import { startTemporaryPostgres, type TemporaryPostgres } from '../src/postgres/temporary-cluster.js';
import { foldForSearch } from '../src/postgres/text-search.js';
import { ftsString, queryTerms } from '../src/sqlite/query-terms.js';
import { SqliteMemoryStore } from '../src/sqlite/sqlite-memory-store.js';
import { DEFAULT_MEMORY_ID } from '../src/store/defaults.js';
import { newMemoryRecordId } from '../src/store/ids.js';
import type { MemoryStore } from '../src/store/types.js';

/** A fresh, empty store of one backend, with the backend's own bare top-10 text search as the floor. */
export interface OpenedStore {
  store: MemoryStore;
  /** The database's own top-10 full-text query for `text` in `namespace` (no scoring of ours). */
  rawSearch(text: string, namespace: string): Promise<void>;
  /**
   * Loads many records fast (SQLite: plain INSERTs, 20,000 per transaction, through a second connection so the
   * store sees the change as any other writer's). Absent where the API is the only way in.
   */
  bulkInsert?(records: Iterable<{ namespace: string; text: string; timestamp: number }>): Promise<void>;
  close(): Promise<void>;
}

export interface BenchBackend {
  name: 'sqlite' | 'postgres';
  open(): Promise<OpenedStore>;
}

/** SQLite on a temp file (WAL), with FTS5 `MATCH ... ORDER BY bm25 LIMIT 10` as the floor. */
export const sqliteBackend: BenchBackend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'memory-bench-'));
    const path = join(dir, 'memory.db');
    const store = new SqliteMemoryStore({ path });
    const raw = store.database.prepare(
      `SELECT r.memory_record_id FROM records_fts JOIN records r ON r.id = records_fts.rowid
       WHERE records_fts MATCH ? AND r.memory_id = ? AND r.namespace = ? ORDER BY bm25(records_fts) LIMIT 10`,
    );
    return {
      store,
      async rawSearch(text, namespace) {
        raw.all(queryTerms(text).map(ftsString).join(' OR '), DEFAULT_MEMORY_ID, namespace);
      },
      async bulkInsert(records) {
        const db = new Database(path);
        const insert = db.prepare(
          `INSERT INTO records (memory_record_id, memory_id, namespace, memory_strategy_id, text, metadata,
             created_at, updated_at) VALUES (?, ?, ?, '', ?, NULL, ?, ?)`,
        );
        const batch: { namespace: string; text: string; timestamp: number }[] = [];
        const flush = db.transaction(() => {
          for (const record of batch) {
            insert.run(
              newMemoryRecordId(),
              DEFAULT_MEMORY_ID,
              record.namespace,
              record.text,
              record.timestamp,
              record.timestamp,
            );
          }
          batch.length = 0;
        });
        for (const record of records) {
          batch.push(record);
          if (batch.length === 20_000) flush();
        }
        flush();
        db.close();
      },
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** PostgreSQL, a fresh database per store, with `@@ ... ORDER BY ts_rank_cd LIMIT 10` on the GIN index as the floor. */
export function postgresBackend(server: TemporaryPostgres): BenchBackend {
  return {
    name: 'postgres',
    async open() {
      const store = new PostgresMemoryStore({ url: await server.createDatabase() });
      await store.ready();
      return {
        store,
        async rawSearch(text, namespace) {
          const terms = queryTerms(text).map(foldForSearch);
          const query = terms
            .map((_, index) => `plainto_tsquery('${TEXT_SEARCH_CONFIG}', $${index + 3})`)
            .join(' || ');
          await (await store.pool).query(
            `SELECT memory_record_id FROM records WHERE search @@ (${query}) AND memory_id = $1 AND namespace = $2
             ORDER BY ts_rank_cd(search, (${query})) DESC LIMIT 10`,
            [DEFAULT_MEMORY_ID, namespace, ...terms],
          );
        },
        close: () => store.close(),
      };
    },
  };
}

/**
 * The PostgreSQL server for the benchmark: `url` when given (`--postgres <url>`), otherwise a
 * throwaway cluster; undefined (with the reason printed) when neither is possible.
 */
export async function benchPostgres(url: string | undefined): Promise<TemporaryPostgres | undefined> {
  try {
    return await startTemporaryPostgres(url ? { url } : {});
  } catch (error) {
    console.log(`\n(PostgreSQL figures skipped: ${(error as Error).message})`);
    return undefined;
  }
}
