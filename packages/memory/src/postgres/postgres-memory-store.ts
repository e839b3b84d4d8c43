import type pg from 'pg';
import { DEFAULT_EVENT_EXPIRY_DAYS } from '../store/defaults.js';
import { memoriesById } from '../store/options.js';
import { retrievalOffset, retrievalPage } from '../store/paging.js';
import { notifyEventCreated, requireServedMemory, storeClosed } from '../store/store-guards.js';
import type * as T from '../store/types.js';
import * as V from '../store/validation.js';
import { createPool, inTransaction, toStoreError } from './connection.js';
import type { PgContext, VectorSearchMode } from './context.js';
import { backfillEmbeddings, detectVectorMode, prepareItems, syncEmbeddingDimensions } from './embeddings.js';
import { createEvent, deleteEvent, getEvent, listEvents } from './events.js';
import { applyPostgresMigrations } from './migrate.js';
import { optionsSchema, type PostgresMemoryStoreOptions } from './options.js';
import * as R from './records.js';
import { rankRecords } from './retrieval.js';
import { POSTGRES_STORE_COMPONENT, postgresStoreMigrations } from './schema.js';
import { listActors, listSessions, purgeExpired } from './sessions.js';

const PURGE_INTERVAL_MS = 60_000;

/**
 * AgentCore Memory's data plane on PostgreSQL, for fleets of agent replicas sharing one database.
 * Schema migrations are versioned and applied on start-up under an advisory lock (replicas starting
 * at once are safe). Lexical retrieval uses full-text search (tsvector + GIN) with the SQLite store's
 * 0..1 coverage score; vectors are searched with pgvector when installed, otherwise in process
 * (`vectorSearch()` says which). The constructor returns at once; the first call waits for the
 * connection and migrations (`ready()` waits for them explicitly).
 * @example
 * const store = new PostgresMemoryStore({ url: 'postgres://agent@127.0.0.1:5432/memory' });
 * await store.ready();
 * await store.createEvent({ memoryId: DEFAULT_MEMORY_ID, actorId: 'alice', sessionId: 's1',
 *   eventTimestamp: new Date(), payload: [{ conversational: { role: 'USER', content: { text: 'hi' } } }] });
 */
export class PostgresMemoryStore implements T.MemoryStore {
  readonly #pool: Promise<pg.Pool>;
  readonly #memories: Map<string, T.MemoryConfig>;
  readonly #options: PostgresMemoryStoreOptions;
  readonly #now: () => number;
  readonly #ready: Promise<VectorSearchMode>;
  #vectorMode: VectorSearchMode = 'in-process';
  #lastPurge = 0;
  #closed = false;

  constructor(options: PostgresMemoryStoreOptions) {
    const config = V.validateInput(optionsSchema, options, 'PostgresMemoryStore options');
    this.#memories = memoriesById(config.memories);
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pool = createPool(config.url, config.maxConnections ?? 10).then((pool) =>
      // An idle connection dropped by the server must not crash the process; the next query reconnects.
      pool.on('error', (error) =>
        options.logger?.warn(
          { error: error.message },
          'memory database connection lost; reconnecting on demand',
        ),
      ),
    );
    this.#pool.catch(() => undefined);
    this.#ready = this.#start();
    this.#ready.catch(() => undefined);
  }

  async #start(): Promise<VectorSearchMode> {
    await applyPostgresMigrations(await this.#pool, POSTGRES_STORE_COMPONENT, postgresStoreMigrations);
    this.#vectorMode = await this.#transaction((client) => detectVectorMode(client));
    const embedder = this.#options.embedder;
    if (embedder)
      await this.#transaction((client) => syncEmbeddingDimensions(this.#context(client), embedder));
    this.#options.logger?.info(
      { backend: 'postgres', vectorSearch: this.#vectorMode },
      this.#vectorMode === 'pgvector'
        ? 'memory store on PostgreSQL; vectors searched with pgvector'
        : 'memory store on PostgreSQL; vectors searched in process (pgvector is not installed)',
    );
    await this.#purge(true);
    return this.#vectorMode;
  }

  /**
   * Resolves when the database is reachable and migrated; rejects with the reason otherwise.
   * @example await store.ready();
   */
  async ready(): Promise<void> {
    await this.#whenReady();
  }

  /**
   * How vectors are searched in this database: `pgvector`, or `in-process` (cosine over the records in scope).
   * @example console.log(await store.vectorSearch()); // 'in-process'
   */
  async vectorSearch(): Promise<VectorSearchMode> {
    return this.#whenReady();
  }

  /**
   * The pool (made once `pg` has loaded), for components that keep their own tables in the same database.
   * @example const jobs = new PostgresExtractionJobs(store.pool);
   */
  get pool(): Promise<pg.Pool> {
    return this.#pool;
  }

  /** The memories this store serves (with their strategies), as configured. */
  get memories(): T.MemoryConfig[] {
    return [...this.#memories.values()];
  }

  async createEvent(input: T.CreateEventInput): Promise<T.CreateEventOutput> {
    const valid = V.validateInput(V.createEventInputSchema, input, 'CreateEvent');
    const created = await this.#write(valid.memoryId, (ctx) => createEvent(ctx, valid));
    notifyEventCreated(this.#options.onEventCreated, created);
    await this.#purge(false);
    return { event: created.event };
  }

  async getEvent(input: T.GetEventInput): Promise<T.GetEventOutput> {
    const valid = V.validateInput(V.getEventInputSchema, input, 'GetEvent');
    return { event: await this.#read(valid.memoryId, (ctx) => getEvent(ctx, valid)) };
  }

  async listEvents(input: T.ListEventsInput): Promise<T.ListEventsOutput> {
    const valid = V.validateInput(V.listEventsInputSchema, input, 'ListEvents');
    return this.#read(valid.memoryId, (ctx) => listEvents(ctx, valid));
  }

  async deleteEvent(input: T.DeleteEventInput): Promise<T.DeleteEventOutput> {
    const valid = V.validateInput(V.deleteEventInputSchema, input, 'DeleteEvent');
    return { eventId: await this.#write(valid.memoryId, (ctx) => deleteEvent(ctx, valid)) };
  }

  async listActors(input: T.ListActorsInput): Promise<T.ListActorsOutput> {
    const valid = V.validateInput(V.listActorsInputSchema, input, 'ListActors');
    return this.#read(valid.memoryId, (ctx) => listActors(ctx, valid));
  }

  async listSessions(input: T.ListSessionsInput): Promise<T.ListSessionsOutput> {
    const valid = V.validateInput(V.listSessionsInputSchema, input, 'ListSessions');
    return this.#read(valid.memoryId, (ctx) => listSessions(ctx, valid));
  }

  async retrieveMemoryRecords(input: T.RetrieveMemoryRecordsInput): Promise<T.RetrieveMemoryRecordsOutput> {
    const valid = V.validateInput(V.retrieveMemoryRecordsInputSchema, input, 'RetrieveMemoryRecords');
    await this.#whenReady();
    this.#requireMemory(valid.memoryId);
    const offset = retrievalOffset(valid.nextToken);
    const embedder = this.#options.embedder;
    let queryVector: Float32Array | undefined;
    if (embedder) {
      await backfillEmbeddings(
        embedder,
        this.#vectorMode,
        (body) => this.#read(valid.memoryId, (ctx) => body(ctx.client)),
        (body) => this.#write(valid.memoryId, (ctx) => body(ctx.client)),
      );
      [queryVector] = await embedder.embed([valid.searchCriteria.searchQuery], 'query');
    }
    const ranked = await this.#read(valid.memoryId, (ctx) => rankRecords(ctx, valid, queryVector));
    return retrievalPage(ranked, offset, valid.maxResults);
  }

  async listMemoryRecords(input: T.ListMemoryRecordsInput): Promise<T.ListMemoryRecordsOutput> {
    const valid = V.validateInput(V.listMemoryRecordsInputSchema, input, 'ListMemoryRecords');
    return this.#read(valid.memoryId, (ctx) => R.listRecords(ctx, valid));
  }

  async getMemoryRecord(input: T.GetMemoryRecordInput): Promise<T.GetMemoryRecordOutput> {
    const valid = V.validateInput(V.getMemoryRecordInputSchema, input, 'GetMemoryRecord');
    return {
      memoryRecord: await this.#read(valid.memoryId, (ctx) =>
        R.getRecord(ctx, valid.memoryId, valid.memoryRecordId),
      ),
    };
  }

  async deleteMemoryRecord(input: T.DeleteMemoryRecordInput): Promise<T.DeleteMemoryRecordOutput> {
    const valid = V.validateInput(V.deleteMemoryRecordInputSchema, input, 'DeleteMemoryRecord');
    const id = await this.#write(valid.memoryId, (ctx) =>
      R.deleteRecord(ctx, valid.memoryId, valid.memoryRecordId),
    );
    return { memoryRecordId: id };
  }

  async batchCreateMemoryRecords(
    input: T.BatchCreateMemoryRecordsInput,
  ): Promise<T.BatchCreateMemoryRecordsOutput> {
    const valid = V.validateInput(V.batchCreateMemoryRecordsInputSchema, input, 'BatchCreateMemoryRecords');
    await this.#whenReady();
    this.#requireMemory(valid.memoryId);
    const items = await prepareItems(
      this.#options.embedder,
      valid.records,
      V.memoryRecordCreateInputSchema,
      'create',
    );
    return this.#write(valid.memoryId, (ctx) =>
      R.batchCreate(ctx, valid.memoryId, items, valid.clientToken, valid.records),
    );
  }

  async batchUpdateMemoryRecords(
    input: T.BatchUpdateMemoryRecordsInput,
  ): Promise<T.BatchUpdateMemoryRecordsOutput> {
    const valid = V.validateInput(V.batchUpdateMemoryRecordsInputSchema, input, 'BatchUpdateMemoryRecords');
    await this.#whenReady();
    this.#requireMemory(valid.memoryId);
    const items = await prepareItems(
      this.#options.embedder,
      valid.records,
      V.memoryRecordUpdateInputSchema,
      'update',
    );
    return this.#write(valid.memoryId, (ctx) => R.batchUpdate(ctx, valid.memoryId, items));
  }

  async batchDeleteMemoryRecords(
    input: T.BatchDeleteMemoryRecordsInput,
  ): Promise<T.BatchDeleteMemoryRecordsOutput> {
    const valid = V.validateInput(V.batchDeleteMemoryRecordsInputSchema, input, 'BatchDeleteMemoryRecords');
    await this.#whenReady();
    this.#requireMemory(valid.memoryId);
    const items = await prepareItems(
      this.#options.embedder,
      valid.records,
      V.memoryRecordDeleteInputSchema,
      'delete',
    );
    return this.#write(valid.memoryId, (ctx) => R.batchDelete(ctx, valid.memoryId, items));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ready.catch(() => undefined);
    const pool = await this.#pool.catch(() => undefined);
    await pool?.end();
  }

  async #whenReady(): Promise<VectorSearchMode> {
    this.#requireOpen();
    try {
      return await this.#ready;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  #requireOpen(): void {
    if (this.#closed) throw storeClosed('PostgresMemoryStore');
  }

  #requireMemory(memoryId: string): void {
    this.#requireOpen();
    requireServedMemory(this.#memories, memoryId);
  }

  #context(client: pg.ClientBase): PgContext {
    return {
      client,
      now: this.#now,
      eventExpiryDays: (memoryId) =>
        this.#memories.get(memoryId)?.eventExpiryDuration ?? DEFAULT_EVENT_EXPIRY_DAYS,
      embedder: this.#options.embedder,
      vectorMode: this.#vectorMode,
    };
  }

  async #read<R>(memoryId: string, body: (ctx: PgContext) => Promise<R>): Promise<R> {
    await this.#whenReady();
    this.#requireMemory(memoryId);
    let client: pg.PoolClient | undefined;
    try {
      client = await (await this.#pool).connect();
      return await body(this.#context(client));
    } catch (error) {
      throw toStoreError(error);
    } finally {
      client?.release();
    }
  }

  async #write<R>(memoryId: string, body: (ctx: PgContext) => Promise<R>): Promise<R> {
    await this.#whenReady();
    this.#requireMemory(memoryId);
    try {
      return await this.#transaction((client) => body(this.#context(client)));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async #transaction<R>(body: (client: pg.ClientBase) => Promise<R>): Promise<R> {
    return inTransaction(await this.#pool, body);
  }

  async #purge(force: boolean): Promise<void> {
    const now = this.#now();
    if (this.#closed || (!force && now - this.#lastPurge < PURGE_INTERVAL_MS)) return;
    this.#lastPurge = now;
    try {
      await this.#transaction((client) => purgeExpired(this.#context(client)));
    } catch {
      // Purging is housekeeping: expired events are already invisible; the next write retries.
    }
  }
}
