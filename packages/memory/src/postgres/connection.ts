import type pg from 'pg';
import { MemoryStoreError, RetryableConflictException, ServiceException } from '../store/errors.js';

const INT8 = 20;

let loadingPg: Promise<typeof pg> | undefined;

/**
 * The `pg` module, loaded on first use: a process whose memory is on SQLite or AgentCore never loads it (about
 * 60 modules, some 30 ms of cold start).
 * @example const { Client } = await loadPg();
 */
export function loadPg(): Promise<typeof pg> {
  loadingPg ??= import('pg').then((module) => module.default);
  return loadingPg;
}

/**
 * A pool whose `bigint` columns (epoch milliseconds, row ids) come back as numbers: every value the
 * store keeps in them is far below 2^53. The parser is per pool, so other users of `pg` in the
 * process keep theirs.
 * @example const pool = await createPool('postgres://agent@db:5432/memory', 10);
 */
export async function createPool(connectionString: string, max: number): Promise<pg.Pool> {
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  return pool;
}

const RETRYABLE = new Set(['40001', '40P01', '55P03']);
const UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/** Whether a failed transaction may simply be run again (serialization failure, deadlock, a racing insert). */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (RETRYABLE.has(code) || code === '23505');
}

/**
 * PostgreSQL and connection failures → AgentCore-named errors; the store's own errors pass through.
 * @example throw toStoreError(error)
 */
export function toStoreError(error: unknown): MemoryStoreError {
  if (error instanceof MemoryStoreError) return error;
  const code = (error as { code?: unknown }).code;
  const message = (error as Error)?.message ?? String(error);
  if (typeof code === 'string' && (RETRYABLE.has(code) || code === '23505')) {
    return new RetryableConflictException(
      `The memory database reported a conflict (${code}: ${message}); retry`,
      {
        id: 'MEMORY_DATABASE_BUSY',
        cause: error,
      },
    );
  }
  if (typeof code === 'string' && (UNAVAILABLE.has(code) || NETWORK.has(code))) {
    return new ServiceException(
      `The memory database is unreachable (${code}: ${message}); check MEMORY_URL and that PostgreSQL is running`,
      { id: 'MEMORY_DATABASE_UNAVAILABLE', category: 'third_party', cause: error },
    );
  }
  return new ServiceException(`The memory database failed: ${message}`, {
    id: 'MEMORY_DATABASE_ERROR',
    cause: error,
  });
}

const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `body` in a transaction on a pooled client, and again (up to 4 times in all) when it fails
 * with a serialization failure, a deadlock or a racing insert: each attempt sees what the other
 * writer committed.
 * @example await inTransaction(pool, (client) => client.query('UPDATE ...'))
 */
export async function inTransaction<R>(
  pool: pg.Pool,
  body: (client: pg.ClientBase) => Promise<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (attempt >= TRANSACTION_ATTEMPTS || !isTransient(error)) throw error;
    } finally {
      client.release();
    }
  }
}
