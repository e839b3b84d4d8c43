import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { prepareBatchItems } from '../store/batch-items.js';
import { DEFAULT_EVENT_EXPIRY_DAYS, DEFAULT_SQLITE_PATH } from '../store/defaults.js';
import type { Embedder } from '../store/embedder.js';
import { MemoryStoreError, RetryableConflictException, ServiceException } from '../store/errors.js';
import { memoriesById, memoriesOptionSchema } from '../store/options.js';
import { retrievalOffset, retrievalPage } from '../store/paging.js';
import { notifyEventCreated, requireServedMemory, storeClosed } from '../store/store-guards.js';
import type * as T from '../store/types.js';
import * as V from '../store/validation.js';
import type { SqliteContext } from './context.js';
import { backfillEmbeddings, syncEmbeddingDimensions } from './embeddings.js';
import { createEvent, deleteEvent, getEvent, listEvents } from './events.js';
import { applyMigrations } from './migrate.js';
import * as R from './records.js';
import { rankRecords } from './retrieval.js';
import { STORE_COMPONENT, storeMigrations } from './schema.js';
import { listActors, listSessions, purgeExpired } from './sessions.js';
import { reusePreparedStatements } from './statements.js';
import { settleRecordChanges } from './term-stats.js';

export interface SqliteMemoryStoreOptions extends T.MemoryStoreHooks {
  /** Database file; `:memory:` for a throwaway store. Default `.agentcore/memory.db` under the working directory. */
  path?: string;
  /** The memories this store serves; other memoryIds get ResourceNotFoundException. Default: one `local_memory-0000000000`. */
  memories?: T.MemoryConfig[];
  /** Enables hybrid (vector + lexical) retrieval. */
  embedder?: Embedder;
  /** How long a write waits for another process's lock before failing with RetryableConflictException. */
  busyTimeoutMs?: number;
  /** Clock in epoch ms (tests move it to check expiry). */
  now?: () => number;
}

const optionsSchema = z.object({
  path: z.string().min(1).optional(),
  memories: memoriesOptionSchema,
  busyTimeoutMs: z.number().int().min(0).optional(),
});

const PURGE_INTERVAL_MS = 60_000;

/**
 * AgentCore Memory's data plane on one SQLite file (WAL, `synchronous=NORMAL`), with FTS5 and,
 * when an embedder is given, sqlite-vec for retrieval.
 * @example
 * const store = new SqliteMemoryStore({ path: '.agentcore/memory.db' });
 * await store.createEvent({ memoryId: DEFAULT_MEMORY_ID, actorId: 'alice', sessionId: 's1',
 *   eventTimestamp: new Date(), payload: [{ conversational: { role: 'USER', content: { text: 'hi' } } }] });
 */
export class SqliteMemoryStore implements T.MemoryStore {
  readonly #db: Database.Database;
  /** One transaction function, made once (better-sqlite3 builds a wrapper per `transaction()` call). */
  readonly #inTransaction: Database.Transaction<(body: () => unknown) => unknown>;
  readonly #memories: Map<string, T.MemoryConfig>;
  readonly #ctx: SqliteContext;
  readonly #onEventCreated: T.MemoryStoreHooks['onEventCreated'];
  #lastPurge = 0;
  #closed = false;

  constructor(options: SqliteMemoryStoreOptions = {}) {
    const config = V.validateInput(optionsSchema, options, 'SqliteMemoryStore options');
    this.#memories = memoriesById(config.memories);
    const path = config.path ?? resolve(process.cwd(), DEFAULT_SQLITE_PATH);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.#db = new Database(path, { timeout: config.busyTimeoutMs ?? 5_000 });
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('foreign_keys = ON');
    reusePreparedStatements(this.#db);
    this.#inTransaction = this.#db.transaction((body: () => unknown) => body());
    this.#ctx = {
      db: this.#db,
      now: options.now ?? Date.now,
      eventExpiryDays: (memoryId) =>
        this.#memories.get(memoryId)?.eventExpiryDuration ?? DEFAULT_EVENT_EXPIRY_DAYS,
      embedder: options.embedder,
    };
    this.#onEventCreated = options.onEventCreated;
    applyMigrations(this.#db, STORE_COMPONENT, storeMigrations);
    if (options.embedder) syncEmbeddingDimensions(this.#ctx, options.embedder);
    this.#purge(true);
  }

  /** The open database, for components that keep their own tables in the same file (see `applyMigrations`). */
  get database(): Database.Database {
    return this.#db;
  }

  /** The memories this store serves (with their strategies), as configured. */
  get memories(): T.MemoryConfig[] {
    return [...this.#memories.values()];
  }

  async createEvent(input: T.CreateEventInput): Promise<T.CreateEventOutput> {
    const valid = V.validateInput(V.createEventInputSchema, input, 'CreateEvent');
    const created = this.#write(valid.memoryId, () => {
      const stored = createEvent(this.#ctx, valid);
      // Inside the event's transaction: a listener that writes to this database (the extraction job queue does)
      // commits with the event, in one commit, and a crash cannot keep the event and lose its job.
      notifyEventCreated(this.#onEventCreated, stored);
      return stored;
    });
    this.#purge(false);
    return { event: created.event };
  }

  async getEvent(input: T.GetEventInput): Promise<T.GetEventOutput> {
    const valid = V.validateInput(V.getEventInputSchema, input, 'GetEvent');
    return { event: this.#read(valid.memoryId, () => getEvent(this.#ctx, valid)) };
  }

  async listEvents(input: T.ListEventsInput): Promise<T.ListEventsOutput> {
    const valid = V.validateInput(V.listEventsInputSchema, input, 'ListEvents');
    return this.#read(valid.memoryId, () => listEvents(this.#ctx, valid));
  }

  async deleteEvent(input: T.DeleteEventInput): Promise<T.DeleteEventOutput> {
    const valid = V.validateInput(V.deleteEventInputSchema, input, 'DeleteEvent');
    return { eventId: this.#write(valid.memoryId, () => deleteEvent(this.#ctx, valid)) };
  }

  async listActors(input: T.ListActorsInput): Promise<T.ListActorsOutput> {
    const valid = V.validateInput(V.listActorsInputSchema, input, 'ListActors');
    return this.#read(valid.memoryId, () => listActors(this.#ctx, valid));
  }

  async listSessions(input: T.ListSessionsInput): Promise<T.ListSessionsOutput> {
    const valid = V.validateInput(V.listSessionsInputSchema, input, 'ListSessions');
    return this.#read(valid.memoryId, () => listSessions(this.#ctx, valid));
  }

  async retrieveMemoryRecords(input: T.RetrieveMemoryRecordsInput): Promise<T.RetrieveMemoryRecordsOutput> {
    const valid = V.validateInput(V.retrieveMemoryRecordsInputSchema, input, 'RetrieveMemoryRecords');
    this.#requireMemory(valid.memoryId);
    const offset = retrievalOffset(valid.nextToken);
    const embedder = this.#ctx.embedder;
    let queryVector: Float32Array | undefined;
    if (embedder) {
      await backfillEmbeddings(this.#ctx, embedder, (sql) => this.#write(valid.memoryId, sql));
      [queryVector] = await embedder.embed([valid.searchCriteria.searchQuery], 'query');
    }
    const ranked = this.#read(valid.memoryId, () => rankRecords(this.#ctx, valid, queryVector));
    return retrievalPage(ranked, offset, valid.maxResults);
  }

  async listMemoryRecords(input: T.ListMemoryRecordsInput): Promise<T.ListMemoryRecordsOutput> {
    const valid = V.validateInput(V.listMemoryRecordsInputSchema, input, 'ListMemoryRecords');
    return this.#read(valid.memoryId, () => R.listRecords(this.#ctx, valid));
  }

  async getMemoryRecord(input: T.GetMemoryRecordInput): Promise<T.GetMemoryRecordOutput> {
    const valid = V.validateInput(V.getMemoryRecordInputSchema, input, 'GetMemoryRecord');
    return {
      memoryRecord: this.#read(valid.memoryId, () =>
        R.getRecord(this.#ctx, valid.memoryId, valid.memoryRecordId),
      ),
    };
  }

  async deleteMemoryRecord(input: T.DeleteMemoryRecordInput): Promise<T.DeleteMemoryRecordOutput> {
    const valid = V.validateInput(V.deleteMemoryRecordInputSchema, input, 'DeleteMemoryRecord');
    const id = this.#write(valid.memoryId, () =>
      R.deleteRecord(this.#ctx, valid.memoryId, valid.memoryRecordId),
    );
    return { memoryRecordId: id };
  }

  async batchCreateMemoryRecords(
    input: T.BatchCreateMemoryRecordsInput,
  ): Promise<T.BatchCreateMemoryRecordsOutput> {
    const valid = V.validateInput(V.batchCreateMemoryRecordsInputSchema, input, 'BatchCreateMemoryRecords');
    this.#requireMemory(valid.memoryId);
    const items = await prepareBatchItems(
      this.#ctx.embedder,
      valid.records,
      V.memoryRecordCreateInputSchema,
      'create',
    );
    return this.#write(valid.memoryId, () =>
      R.batchCreate(this.#ctx, valid.memoryId, items, valid.clientToken, valid.records),
    );
  }

  async batchUpdateMemoryRecords(
    input: T.BatchUpdateMemoryRecordsInput,
  ): Promise<T.BatchUpdateMemoryRecordsOutput> {
    const valid = V.validateInput(V.batchUpdateMemoryRecordsInputSchema, input, 'BatchUpdateMemoryRecords');
    this.#requireMemory(valid.memoryId);
    const items = await prepareBatchItems(
      this.#ctx.embedder,
      valid.records,
      V.memoryRecordUpdateInputSchema,
      'update',
    );
    return this.#write(valid.memoryId, () => R.batchUpdate(this.#ctx, valid.memoryId, items));
  }

  async batchDeleteMemoryRecords(
    input: T.BatchDeleteMemoryRecordsInput,
  ): Promise<T.BatchDeleteMemoryRecordsOutput> {
    const valid = V.validateInput(V.batchDeleteMemoryRecordsInputSchema, input, 'BatchDeleteMemoryRecords');
    this.#requireMemory(valid.memoryId);
    const items = await prepareBatchItems(
      this.#ctx.embedder,
      valid.records,
      V.memoryRecordDeleteInputSchema,
      'delete',
    );
    return this.#write(valid.memoryId, () => R.batchDelete(this.#ctx, valid.memoryId, items));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #requireMemory(memoryId: string): void {
    if (this.#closed) throw storeClosed('SqliteMemoryStore');
    requireServedMemory(this.#memories, memoryId);
  }

  #read<R>(memoryId: string, body: () => R): R {
    this.#requireMemory(memoryId);
    return guard(() => this.#inTransaction.deferred(body) as R);
  }

  #write<R>(memoryId: string, body: () => R): R {
    this.#requireMemory(memoryId);
    let committed = false;
    try {
      const result = guard(() => this.#inTransaction.immediate(body) as R);
      committed = true;
      return result;
    } finally {
      // The retrieval statistics take the records this write changed once it committed, or recount if it did not.
      settleRecordChanges(this.#db, committed);
    }
  }

  #purge(force: boolean): void {
    const now = this.#ctx.now();
    if (this.#closed || (!force && now - this.#lastPurge < PURGE_INTERVAL_MS)) return;
    this.#lastPurge = now;
    try {
      this.#db.transaction(() => purgeExpired(this.#ctx)).immediate();
    } catch {
      // Purging is housekeeping: expired events are already invisible; the next write retries.
    }
  }
}

/** SQLite failures → AgentCore-named errors; our own errors pass through. */
function guard<R>(body: () => R): R {
  try {
    return body();
  } catch (error) {
    if (error instanceof MemoryStoreError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new RetryableConflictException('The memory database is busy (locked by another writer); retry', {
        id: 'MEMORY_DATABASE_BUSY',
        cause: error,
      });
    }
    throw new ServiceException(`The memory database failed: ${(error as Error).message}`, {
      id: 'MEMORY_DATABASE_ERROR',
      cause: error,
    });
  }
}
