import type { PostgresMigration } from './migrate.js';

/** The `schema_migrations` component of the PostgreSQL store's own tables. */
export const POSTGRES_STORE_COMPONENT = 'memory-store';

/** The text search configuration records are indexed with (see `text-search.ts`). */
export const TEXT_SEARCH_CONFIG = 'agentcore_memory';

/**
 * Tables of the PostgreSQL memory store: the SQLite store's, column for column (times in epoch
 * milliseconds, payloads as JSON text: `jsonb` cannot hold `\u0000`, which event text may), with
 * identifiers in byte order (`COLLATE "C"`) so that sorting and keyset pagination match SQLite's.
 * Records carry a `tsvector` (GIN-indexed) built from their folded text with the `agentcore_memory`
 * configuration: English Snowball stemming with no stopword list, so that, as with FTS5's porter
 * tokenizer, every word of a record can be matched (the query side drops function words itself).
 * Record metadata is `jsonb` (dates as epoch ms) for the metadata filters.
 */
export const postgresStoreMigrations: PostgresMigration[] = [
  {
    version: 1,
    async up(client) {
      await client.query(`
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'agentcore_english_stem') THEN
            CREATE TEXT SEARCH DICTIONARY agentcore_english_stem (TEMPLATE = snowball, Language = english);
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '${TEXT_SEARCH_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION ${TEXT_SEARCH_CONFIG} (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION ${TEXT_SEARCH_CONFIG}
              ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
              WITH agentcore_english_stem;
          END IF;
        END $$;

        CREATE TABLE events (
          id BIGSERIAL PRIMARY KEY,
          memory_id TEXT COLLATE "C" NOT NULL,
          actor_id TEXT COLLATE "C" NOT NULL,
          session_id TEXT COLLATE "C" NOT NULL,
          event_id TEXT COLLATE "C" NOT NULL,
          event_ts BIGINT NOT NULL,
          branch_name TEXT COLLATE "C",
          branch_root_event_id TEXT COLLATE "C",
          payload TEXT NOT NULL,
          metadata TEXT,
          created_at BIGINT NOT NULL,
          expires_at BIGINT NOT NULL,
          UNIQUE (memory_id, actor_id, session_id, event_id)
        );
        CREATE INDEX events_by_order ON events (memory_id, actor_id, session_id, event_ts, event_id);
        CREATE INDEX events_by_expiry ON events (expires_at);
        CREATE INDEX events_by_actor ON events (memory_id, actor_id);

        CREATE TABLE event_metadata (
          event_row BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
          key TEXT COLLATE "C" NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (event_row, key)
        );
        CREATE INDEX event_metadata_by_key ON event_metadata (key, value);

        CREATE TABLE sessions (
          memory_id TEXT COLLATE "C" NOT NULL,
          actor_id TEXT COLLATE "C" NOT NULL,
          session_id TEXT COLLATE "C" NOT NULL,
          created_at BIGINT NOT NULL,
          PRIMARY KEY (memory_id, actor_id, session_id)
        );
        CREATE INDEX sessions_by_created ON sessions (memory_id, actor_id, created_at);

        CREATE TABLE branches (
          memory_id TEXT COLLATE "C" NOT NULL,
          actor_id TEXT COLLATE "C" NOT NULL,
          session_id TEXT COLLATE "C" NOT NULL,
          name TEXT COLLATE "C" NOT NULL,
          root_event_id TEXT COLLATE "C",
          PRIMARY KEY (memory_id, actor_id, session_id, name)
        );

        CREATE TABLE idempotency (
          memory_id TEXT COLLATE "C" NOT NULL,
          operation TEXT NOT NULL,
          client_token TEXT NOT NULL,
          request_hash TEXT NOT NULL,
          response TEXT NOT NULL,
          created_at BIGINT NOT NULL,
          PRIMARY KEY (memory_id, operation, client_token)
        );

        CREATE TABLE records (
          id BIGSERIAL PRIMARY KEY,
          memory_record_id TEXT COLLATE "C" NOT NULL UNIQUE,
          memory_id TEXT COLLATE "C" NOT NULL,
          namespace TEXT COLLATE "C" NOT NULL,
          memory_strategy_id TEXT COLLATE "C" NOT NULL,
          text TEXT NOT NULL,
          metadata JSONB,
          search TSVECTOR NOT NULL,
          created_at BIGINT NOT NULL,
          updated_at BIGINT NOT NULL
        );
        CREATE INDEX records_by_namespace ON records (memory_id, namespace);
        CREATE INDEX records_by_created ON records (memory_id, created_at, memory_record_id);
        -- fastupdate off: records are written rarely (extraction) and searched on every turn, and a
        -- GIN pending list (up to 4 MB after a batch of writes) is scanned linearly by every search.
        CREATE INDEX records_search ON records USING GIN (search) WITH (fastupdate = off);

        CREATE TABLE record_embeddings (
          record_row BIGINT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
          embedding BYTEA NOT NULL
        );

        CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
];
