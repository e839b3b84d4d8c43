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
import { Params, type PgContext, rows } from './context.js';
import { filterConditions, scopeCondition } from './record-filters.js';
import { TEXT_SEARCH_CONFIG } from './schema.js';
import { foldForSearch } from './text-search.js';
import { vectorBytes, vectorLiteral } from './vectors.js';

/** The columns read back (never the tsvector). */
export const RECORD_COLUMNS =
  'r.id, r.memory_record_id, r.memory_id, r.namespace, r.memory_strategy_id, r.text, r.metadata, r.created_at';

export interface RecordRow {
  id: number;
  memory_record_id: string;
  memory_id: string;
  namespace: string;
  memory_strategy_id: string;
  text: string;
  metadata: Record<string, Record<string, unknown>> | null;
  created_at: number;
}

/** The tsvector expression for a record's text (`$n` holds the folded text). */
export function searchVector(params: Params, text: string): string {
  return `to_tsvector('${TEXT_SEARCH_CONFIG}', ${params.add(foldForSearch(text))})`;
}

/** Row → AgentCore's `MemoryRecord` (`memoryStrategyId` is `''` for records created without one). */
export function toRecord(row: RecordRow): MemoryRecord {
  return recordFromRow(row, decodeRecordMetadata(row.metadata));
}

async function findRecordRow(
  ctx: PgContext,
  memoryId: string,
  memoryRecordId: string,
  forUpdate = false,
): Promise<RecordRow | undefined> {
  const [row] = await rows<RecordRow>(
    ctx,
    `SELECT ${RECORD_COLUMNS} FROM records r WHERE r.memory_id = $1 AND r.memory_record_id = $2
     ${forUpdate ? 'FOR UPDATE' : ''}`,
    [memoryId, memoryRecordId],
  );
  return row;
}

/** `GetMemoryRecord`. */
export async function getRecord(
  ctx: PgContext,
  memoryId: string,
  memoryRecordId: string,
): Promise<MemoryRecord> {
  const row = await findRecordRow(ctx, memoryId, memoryRecordId);
  if (!row) throw recordNotFound(memoryRecordId);
  return toRecord(row);
}

/** `DeleteMemoryRecord`. */
export async function deleteRecord(
  ctx: PgContext,
  memoryId: string,
  memoryRecordId: string,
): Promise<string> {
  const result = await ctx.client.query(
    'DELETE FROM records WHERE memory_id = $1 AND memory_record_id = $2',
    [memoryId, memoryRecordId],
  );
  if (result.rowCount === 0) throw recordNotFound(memoryRecordId);
  return memoryRecordId;
}

/** Conditions shared by listing and retrieval: memory, namespace scope, strategy, metadata filters. */
export function recordScope(memoryId: string, input: RecordScopeInput, params: Params): string {
  const sql = [
    `r.memory_id = ${params.add(memoryId)}`,
    scopeCondition(input, params),
    ...filterConditions(input.metadataFilters ?? [], params),
  ];
  if (input.memoryStrategyId !== undefined)
    sql.push(`r.memory_strategy_id = ${params.add(input.memoryStrategyId)}`);
  return sql.join(' AND ');
}

/** `ListMemoryRecords`: newest first (createdAt, then id), keyset-paginated. */
export async function listRecords(
  ctx: PgContext,
  input: ListRecordsRequest,
): Promise<ListMemoryRecordsOutput> {
  const params = new Params();
  let sql = recordScope(input.memoryId, input, params);
  if (input.nextToken !== undefined) {
    const cursor = decodeToken('ListMemoryRecords', input.nextToken, ['created', 'id']);
    sql += ` AND (r.created_at, r.memory_record_id) < (${params.add(Number(cursor.created))}, ${params.add(String(cursor.id))})`;
  }
  const found = await rows<RecordRow>(
    ctx,
    `SELECT ${RECORD_COLUMNS} FROM records r WHERE ${sql}
     ORDER BY r.created_at DESC, r.memory_record_id DESC LIMIT ${params.add(input.maxResults + 1)}`,
    params.values,
  );
  return recordsPage(found, input.maxResults, toRecord);
}

async function storeEmbedding(
  ctx: PgContext,
  rowId: number,
  vector: Float32Array | undefined,
): Promise<void> {
  if (!vector) return;
  if (ctx.vectorMode === 'pgvector') {
    await ctx.client.query(
      `INSERT INTO record_embeddings (record_row, embedding, embedding_vector) VALUES ($1, $2, $3::vector)
       ON CONFLICT (record_row) DO UPDATE SET embedding = excluded.embedding, embedding_vector = excluded.embedding_vector`,
      [rowId, vectorBytes(vector), vectorLiteral(vector)],
    );
    return;
  }
  await ctx.client.query(
    `INSERT INTO record_embeddings (record_row, embedding) VALUES ($1, $2)
     ON CONFLICT (record_row) DO UPDATE SET embedding = excluded.embedding`,
    [rowId, vectorBytes(vector)],
  );
}

/**
 * `BatchCreateMemoryRecords` inside the caller's transaction. Replays a stored response for a
 * repeated `clientToken` with the same request.
 */
export async function batchCreate(
  ctx: PgContext,
  memoryId: string,
  items: BatchItem<RecordCreate>[],
  clientToken: string | undefined,
  rawRecords: unknown,
): Promise<BatchMemoryRecordsOutput> {
  const hash = clientToken === undefined ? '' : requestHash({ memoryId, rawRecords });
  if (clientToken !== undefined) {
    const [previous] = await rows<{ request_hash: string; response: string }>(
      ctx,
      `SELECT request_hash, response FROM idempotency
       WHERE memory_id = $1 AND operation = 'BatchCreateMemoryRecords' AND client_token = $2`,
      [memoryId, clientToken],
    );
    if (previous) {
      if (previous.request_hash === hash) return JSON.parse(previous.response) as BatchMemoryRecordsOutput;
      throw idempotencyMismatch('BatchCreateMemoryRecords');
    }
  }
  const output: BatchMemoryRecordsOutput = { successfulRecords: [], failedRecords: [] };
  for (const item of items) {
    if ('failure' in item) {
      output.failedRecords.push(item.failure);
      continue;
    }
    const { input } = item;
    const memoryRecordId = newMemoryRecordId();
    const timestamp = input.timestamp.getTime();
    const params = new Params();
    const values = [
      params.add(memoryRecordId),
      params.add(memoryId),
      params.add(input.namespaces[0]),
      params.add(input.memoryStrategyId ?? ''),
      params.add(input.content.text),
      `${params.add(encodeRecordMetadata(input.metadata))}::jsonb`,
      searchVector(params, input.content.text),
      params.add(timestamp),
      params.add(timestamp),
    ];
    const [row] = await rows<{ id: number }>(
      ctx,
      `INSERT INTO records (memory_record_id, memory_id, namespace, memory_strategy_id, text, metadata, search,
         created_at, updated_at) VALUES (${values.join(', ')}) RETURNING id`,
      params.values,
    );
    await storeEmbedding(ctx, row!.id, item.vector);
    output.successfulRecords.push({
      memoryRecordId,
      status: 'SUCCEEDED',
      requestIdentifier: input.requestIdentifier,
    });
  }
  if (clientToken !== undefined) {
    await ctx.client.query(
      `INSERT INTO idempotency (memory_id, operation, client_token, request_hash, response, created_at)
       VALUES ($1, 'BatchCreateMemoryRecords', $2, $3, $4, $5)`,
      [memoryId, clientToken, hash, JSON.stringify(output), ctx.now()],
    );
  }
  return output;
}

/** `BatchUpdateMemoryRecords` inside the caller's transaction; an unknown id fails that record (404). */
export async function batchUpdate(
  ctx: PgContext,
  memoryId: string,
  items: BatchItem<RecordUpdate>[],
): Promise<BatchMemoryRecordsOutput> {
  const output: BatchMemoryRecordsOutput = { successfulRecords: [], failedRecords: [] };
  for (const item of items) {
    if ('failure' in item) {
      output.failedRecords.push(item.failure);
      continue;
    }
    const { input } = item;
    const row = await findRecordRow(ctx, memoryId, input.memoryRecordId, true);
    if (!row) {
      output.failedRecords.push(recordNotFoundFailure(input.memoryRecordId));
      continue;
    }
    const text = input.content?.text ?? row.text;
    const params = new Params();
    const sets = [
      `text = ${params.add(text)}`,
      `search = ${searchVector(params, text)}`,
      `namespace = ${params.add(input.namespaces?.[0] ?? row.namespace)}`,
      `memory_strategy_id = ${params.add(input.memoryStrategyId ?? row.memory_strategy_id)}`,
      `metadata = ${input.metadata === undefined ? 'metadata' : `${params.add(encodeRecordMetadata(input.metadata))}::jsonb`}`,
      `updated_at = ${params.add(input.timestamp.getTime())}`,
    ];
    await ctx.client.query(
      `UPDATE records SET ${sets.join(', ')} WHERE id = ${params.add(row.id)}`,
      params.values,
    );
    await storeEmbedding(ctx, row.id, item.vector);
    output.successfulRecords.push({ memoryRecordId: input.memoryRecordId, status: 'SUCCEEDED' });
  }
  return output;
}

/** `BatchDeleteMemoryRecords` inside the caller's transaction. */
export async function batchDelete(
  ctx: PgContext,
  memoryId: string,
  items: BatchItem<{ memoryRecordId: string }>[],
): Promise<BatchMemoryRecordsOutput> {
  const output: BatchMemoryRecordsOutput = { successfulRecords: [], failedRecords: [] };
  for (const item of items) {
    if ('failure' in item) {
      output.failedRecords.push(item.failure);
      continue;
    }
    const { memoryRecordId } = item.input;
    const result = await ctx.client.query(
      'DELETE FROM records WHERE memory_id = $1 AND memory_record_id = $2',
      [memoryId, memoryRecordId],
    );
    if (result.rowCount === 0) {
      output.failedRecords.push(recordNotFoundFailure(memoryRecordId));
    } else {
      output.successfulRecords.push({ memoryRecordId, status: 'SUCCEEDED' });
    }
  }
  return output;
}
