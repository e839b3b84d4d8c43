import type pg from 'pg';
import type { Embedder } from '../store/embedder.js';

/**
 * How vectors are searched: `pgvector` when the `vector` extension is installed or can be created,
 * otherwise `in-process` (vectors as float32 `bytea` beside the records, cosine computed in Node over
 * the records in the namespace being searched). Debian does not package pgvector for PostgreSQL 15.
 */
export type VectorSearchMode = 'pgvector' | 'in-process';

/** What the operation modules need: a client (inside the caller's transaction), the clock, settings. */
export interface PgContext {
  client: pg.ClientBase;
  /** Epoch milliseconds; injectable so that expiry can be tested without waiting days. */
  now(): number;
  /** Days events of this memory live (the memory is known to exist). */
  eventExpiryDays(memoryId: string): number;
  embedder: Embedder | undefined;
  vectorMode: VectorSearchMode;
}

/**
 * Numbered placeholders for one statement: `params.add(value)` returns `$n`.
 * @example const p = new Params(); const sql = `SELECT * FROM t WHERE a = ${p.add(1)}`; client.query(sql, p.values)
 */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Rows of one query, typed. */
export async function rows<R extends pg.QueryResultRow>(
  ctx: { client: pg.ClientBase },
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  return (await ctx.client.query<R>(sql, values)).rows;
}
