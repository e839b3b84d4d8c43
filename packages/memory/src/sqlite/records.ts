import { idempotencyMismatch } from '../store/idempotency.js';
import { decodeToken, newMemoryRecordId, requestHash } from '../store/ids.js';
import type { ListRecordsRequest, RecordCreate, RecordUpdate } from '../store/inputs.js';
import {
  decodeRecordMetadata,
  encodeRecordMetadata,
  type RecordScopeInput,
} from '../store/record-filters.js';
import {
  type BatchItem,
  recordFromRow,
  recordNotFound,
  recordNotFoundFailure,
  recordsPage,
} from '../store/record-shapes.js';
import type { BatchMemoryRecordsOutput, ListMemoryRecordsOutput, MemoryRecord } from '../store/types.js';
import type { SqliteContext } from './context.js';
import { filterConditions, scopeCondition } from './record-filters.js';
import { noteRecordsChanged, type RecordChange } from './term-stats.js';

export interface RecordRow {
  id: number;
  memory_record_id: string;
  memory_id: string;
  namespace: string;
  memory_strategy_id: string;
  text: string;
  metadata: string | null;
  created_at: number;
}

/** Row → AgentCore's `MemoryRecord` (`memoryStrategyId` is `''` for records created without one). */
export function toRecord(row: RecordRow): MemoryRecord {
  return recordFromRow(row, decodeRecordMetadata(row.metadata === null ? null : JSON.parse(row.metadata)));
}

function findRecordRow(ctx: SqliteContext, memoryId: string, memoryRecordId: string): RecordRow | undefined {
  return ctx.db
    .prepare('SELECT * FROM records WHERE memory_id = ? AND memory_record_id = ?')
    .get(memoryId, memoryRecordId) as RecordRow | undefined;
}

/** `GetMemoryRecord`. */
export function getRecord(ctx: SqliteContext, memoryId: string, memoryRecordId: string): MemoryRecord {
  const row = findRecordRow(ctx, memoryId, memoryRecordId);
  if (!row) throw recordNotFound(memoryRecordId);
  return toRecord(row);
}

/** `DeleteMemoryRecord`. */
export function deleteRecord(ctx: SqliteContext, memoryId: string, memoryRecordId: string): string {
  const removed = ctx.db
    .prepare('DELETE FROM records WHERE memory_id = ? AND memory_record_id = ? RETURNING namespace, text')
    .get(memoryId, memoryRecordId) as { namespace: string; text: string } | undefined;
  if (!removed) throw recordNotFound(memoryRecordId);
  noteRecordsChanged(ctx.db, [{ memoryId, ...removed, sign: -1 }]);
  return memoryRecordId;
}

/** Conditions shared by listing and retrieval: memory, namespace scope, strategy, metadata filters. */
export function recordScope(memoryId: string, input: RecordScopeInput): { sql: string; params: unknown[] } {
  const parts = [scopeCondition(input), ...filterConditions(input.metadataFilters ?? [])];
  const sql = ['r.memory_id = ?', ...parts.map((part) => part.sql)];
  const params: unknown[] = [memoryId, ...parts.flatMap((part) => part.params)];
  if (input.memoryStrategyId !== undefined) {
    sql.push('r.memory_strategy_id = ?');
    params.push(input.memoryStrategyId);
  }
  return { sql: sql.join(' AND '), params };
}

/** `ListMemoryRecords`: newest first (createdAt, then id), keyset-paginated. */
export function listRecords(ctx: SqliteContext, input: ListRecordsRequest): ListMemoryRecordsOutput {
  const scope = recordScope(input.memoryId, input);
  let sql = scope.sql;
  const params = [...scope.params];
  if (input.nextToken !== undefined) {
    const cursor = decodeToken('ListMemoryRecords', input.nextToken, ['created', 'id']);
    sql += ' AND (r.created_at, r.memory_record_id) < (?, ?)';
    params.push(cursor.created, cursor.id);
  }
  const rows = ctx.db
    .prepare(
      `SELECT r.* FROM records r WHERE ${sql} ORDER BY r.created_at DESC, r.memory_record_id DESC LIMIT ?`,
    )
    .all(...params, input.maxResults + 1) as RecordRow[];
  return recordsPage(rows, input.maxResults, toRecord);
}

function storeEmbedding(ctx: SqliteContext, rowId: number | bigint, vector: Float32Array | undefined) {
  if (!vector) return;
  ctx.db
    .prepare('INSERT OR REPLACE INTO record_embeddings (record_row, embedding) VALUES (?, ?)')
    .run(rowId, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
}

/**
 * `BatchCreateMemoryRecords` inside the caller's transaction. Replays a stored response for a
 * repeated `clientToken` with the same request.
 */
export function batchCreate(
  ctx: SqliteContext,
  memoryId: string,
  items: BatchItem<RecordCreate>[],
  clientToken: string | undefined,
  rawRecords: unknown,
): BatchMemoryRecordsOutput {
  const hash = clientToken === undefined ? '' : requestHash({ memoryId, rawRecords });
  if (clientToken !== undefined) {
    const previous = ctx.db
      .prepare(
        `SELECT request_hash, response FROM idempotency
         WHERE memory_id = ? AND operation = 'BatchCreateMemoryRecords' AND client_token = ?`,
      )
      .get(memoryId, clientToken) as { request_hash: string; response: string } | undefined;
    if (previous) {
      if (previous.request_hash === hash) return JSON.parse(previous.response) as BatchMemoryRecordsOutput;
      throw idempotencyMismatch('BatchCreateMemoryRecords');
    }
  }
  const output: BatchMemoryRecordsOutput = { successfulRecords: [], failedRecords: [] };
  const added: RecordChange[] = [];
  const insert = ctx.db.prepare(
    `INSERT INTO records (memory_record_id, memory_id, namespace, memory_strategy_id, text, metadata, created_at,
       updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const item of items) {
    if ('failure' in item) {
      output.failedRecords.push(item.failure);
      continue;
    }
    const { input } = item;
    const memoryRecordId = newMemoryRecordId();
    const timestamp = input.timestamp.getTime();
    // Validation allows exactly one namespace per record.
    const namespace = input.namespaces[0]!;
    const row = insert.run(
      memoryRecordId,
      memoryId,
      namespace,
      input.memoryStrategyId ?? '',
      input.content.text,
      encodeRecordMetadata(input.metadata),
      timestamp,
      timestamp,
    );
    storeEmbedding(ctx, row.lastInsertRowid, item.vector);
    added.push({ memoryId, namespace, text: input.content.text, sign: 1 });
    output.successfulRecords.push({
      memoryRecordId,
      status: 'SUCCEEDED',
      requestIdentifier: input.requestIdentifier,
    });
  }
  noteRecordsChanged(ctx.db, added);
  if (clientToken !== undefined) {
    ctx.db
      .prepare(
        `INSERT INTO idempotency (memory_id, operation, client_token, request_hash, response, created_at)
         VALUES (?, 'BatchCreateMemoryRecords', ?, ?, ?, ?)`,
      )
      .run(memoryId, clientToken, hash, JSON.stringify(output), ctx.now());
  }
  return output;
}

/** `BatchUpdateMemoryRecords` inside the caller's transaction; an unknown id fails that record (404). */
export function batchUpdate(
  ctx: SqliteContext,
  memoryId: string,
  items: BatchItem<RecordUpdate>[],
): BatchMemoryRecordsOutput {
  const output: BatchMemoryRecordsOutput = { successfulRecords: [], failedRecords: [] };
  for (const item of items) {
    if ('failure' in item) {
      output.failedRecords.push(item.failure);
      continue;
    }
    const { input } = item;
    const row = findRecordRow(ctx, memoryId, input.memoryRecordId);
    if (!row) {
      output.failedRecords.push(recordNotFoundFailure(input.memoryRecordId));
      continue;
    }
    const text = input.content?.text ?? row.text;
    const namespace = input.namespaces?.[0] ?? row.namespace;
    noteRecordsChanged(ctx.db, [
      { memoryId, namespace: row.namespace, text: row.text, sign: -1 },
      { memoryId, namespace, text, sign: 1 },
    ]);
    ctx.db
      .prepare(
        `UPDATE records SET text = ?, namespace = ?, memory_strategy_id = ?, metadata = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        text,
        namespace,
        input.memoryStrategyId ?? row.memory_strategy_id,
        input.metadata === undefined ? row.metadata : encodeRecordMetadata(input.metadata),
        input.timestamp.getTime(),
        row.id,
      );
    storeEmbedding(ctx, row.id, item.vector);
    output.successfulRecords.push({ memoryRecordId: input.memoryRecordId, status: 'SUCCEEDED' });
  }
  return output;
}

/** `BatchDeleteMemoryRecords` inside the caller's transaction. */
export function batchDelete(
  ctx: SqliteContext,
  memoryId: string,
  items: BatchItem<{ memoryRecordId: string }>[],
): BatchMemoryRecordsOutput {
  const output: BatchMemoryRecordsOutput = { successfulRecords: [], failedRecords: [] };
  const remove = ctx.db.prepare(
    'DELETE FROM records WHERE memory_id = ? AND memory_record_id = ? RETURNING namespace, text',
  );
  for (const item of items) {
    if ('failure' in item) {
      output.failedRecords.push(item.failure);
      continue;
    }
    const { memoryRecordId } = item.input;
    const removed = remove.get(memoryId, memoryRecordId) as { namespace: string; text: string } | undefined;
    if (!removed) {
      output.failedRecords.push(recordNotFoundFailure(memoryRecordId));
    } else {
      noteRecordsChanged(ctx.db, [{ memoryId, ...removed, sign: -1 }]);
      output.successfulRecords.push({ memoryRecordId, status: 'SUCCEEDED' });
    }
  }
  return output;
}
