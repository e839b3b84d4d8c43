import type { Migration } from './migrate.js';

/** The `schema_migrations` component of the store's own tables. */
export const STORE_COMPONENT = 'memory-store';

/**
 * Tables of the SQLite memory store. Times are epoch milliseconds (INTEGER). Payloads and
 * metadata are JSON text; event metadata is also exploded into `event_metadata` so that
 * `ListEvents` filters are index lookups. Records are indexed by FTS5 (porter stemming over
 * unicode61, diacritics folded) through an external-content table kept in sync by triggers.
 */
export const storeMigrations: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          memory_id TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          session_id TEXT NOT NULL,
          event_id TEXT NOT NULL,
          event_ts INTEGER NOT NULL,
          branch_name TEXT,
          branch_root_event_id TEXT,
          payload TEXT NOT NULL,
          metadata TEXT,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          UNIQUE (memory_id, actor_id, session_id, event_id)
        );
        CREATE INDEX events_by_order ON events (memory_id, actor_id, session_id, event_ts, event_id);
        CREATE INDEX events_by_expiry ON events (expires_at);

        CREATE TABLE event_metadata (
          event_row INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (event_row, key)
        ) WITHOUT ROWID;
        CREATE INDEX event_metadata_by_key ON event_metadata (key, value);

        CREATE TABLE sessions (
          memory_id TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          session_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (memory_id, actor_id, session_id)
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_created ON sessions (memory_id, actor_id, created_at);

        CREATE TABLE branches (
          memory_id TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          session_id TEXT NOT NULL,
          name TEXT NOT NULL,
          root_event_id TEXT,
          PRIMARY KEY (memory_id, actor_id, session_id, name)
        ) WITHOUT ROWID;

        CREATE TABLE idempotency (
          memory_id TEXT NOT NULL,
          operation TEXT NOT NULL,
          client_token TEXT NOT NULL,
          request_hash TEXT NOT NULL,
          response TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (memory_id, operation, client_token)
        ) WITHOUT ROWID;

        CREATE TABLE records (
          id INTEGER PRIMARY KEY,
          memory_record_id TEXT NOT NULL UNIQUE,
          memory_id TEXT NOT NULL,
          namespace TEXT NOT NULL,
          memory_strategy_id TEXT NOT NULL,
          text TEXT NOT NULL,
          metadata TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX records_by_namespace ON records (memory_id, namespace);
        CREATE INDEX records_by_created ON records (memory_id, created_at, memory_record_id);

        CREATE VIRTUAL TABLE records_fts USING fts5 (
          text, content = 'records', content_rowid = 'id',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER records_ai AFTER INSERT ON records BEGIN
          INSERT INTO records_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER records_ad AFTER DELETE ON records BEGIN
          INSERT INTO records_fts (records_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER records_au AFTER UPDATE OF text ON records BEGIN
          INSERT INTO records_fts (records_fts, rowid, text) VALUES ('delete', old.id, old.text);
          INSERT INTO records_fts (rowid, text) VALUES (new.id, new.text);
        END;

        CREATE TABLE record_embeddings (
          record_row INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
          embedding BLOB NOT NULL
        );

        CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      `);
    },
  },
];
