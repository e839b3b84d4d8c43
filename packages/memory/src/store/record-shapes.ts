import { ResourceNotFoundException } from './errors.js';
import { encodeToken } from './ids.js';
import { keysetPage } from './paging.js';
import type {
  ListMemoryRecordsOutput,
  MemoryRecord,
  MemoryRecordMetadataValue,
  MemoryRecordOutput,
} from './types.js';

/** One record of a batch: already validated (`input`) or already failed (`failure`). */
export type BatchItem<T> = { input: T; vector?: Float32Array } | { failure: MemoryRecordOutput };

/** The columns of a `records` row that every backend reads back the same way. */
export interface RecordColumns {
  memory_record_id: string;
  namespace: string;
  memory_strategy_id: string;
  text: string;
  created_at: number;
}

/**
 * Row → AgentCore's `MemoryRecord` (`memoryStrategyId` is `''` for records created without one);
 * `metadata` is the row's metadata, already decoded.
 * @example recordFromRow(row, decodeRecordMetadata(row.metadata)).createdAt // a Date
 */
export function recordFromRow(
  row: RecordColumns,
  metadata: Record<string, MemoryRecordMetadataValue> | undefined,
): MemoryRecord {
  const record: MemoryRecord = {
    memoryRecordId: row.memory_record_id,
    content: { text: row.text },
    memoryStrategyId: row.memory_strategy_id,
    namespaces: [row.namespace],
    createdAt: new Date(row.created_at),
  };
  if (metadata) record.metadata = metadata;
  return record;
}

/**
 * The 404 of `GetMemoryRecord` and `DeleteMemoryRecord`.
 * @example throw recordNotFound('mem-1')
 */
export function recordNotFound(memoryRecordId: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`Memory record ${memoryRecordId} not found in this memory`, {
    id: 'MEMORY_RECORD_NOT_FOUND',
    details: { memoryRecordId },
  });
}

/**
 * The failed entry of a batch update or delete for an id this memory does not hold.
 * @example output.failedRecords.push(recordNotFoundFailure('mem-1'))
 */
export function recordNotFoundFailure(memoryRecordId: string): MemoryRecordOutput {
  return {
    memoryRecordId,
    status: 'FAILED',
    errorCode: 404,
    errorMessage: `Memory record ${memoryRecordId} not found in this memory`,
  };
}

/**
 * A `ListMemoryRecords` page from `maxResults + 1` rows, newest first; `toRecord` is the backend's
 * row reader (metadata is stored differently).
 * @example recordsPage(rows, 20, toRecord).memoryRecordSummaries.length // at most 20
 */
export function recordsPage<Row extends RecordColumns>(
  rows: readonly Row[],
  maxResults: number,
  toRecord: (row: Row) => MemoryRecord,
): ListMemoryRecordsOutput {
  const { page, nextToken } = keysetPage(rows, maxResults, (last) =>
    encodeToken('ListMemoryRecords', { created: last.created_at, id: last.memory_record_id }),
  );
  const output: ListMemoryRecordsOutput = { memoryRecordSummaries: page.map(toRecord) };
  if (nextToken !== undefined) output.nextToken = nextToken;
  return output;
}
