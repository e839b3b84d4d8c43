import type pg from 'pg';
import { embedDocuments, prepareBatchItems } from '../store/batch-items.js';
import type { Embedder } from '../store/embedder.js';
import type { BatchItem } from '../store/record-shapes.js';
import type { MemoryRecordOutput } from '../store/types.js';
import type { PgContext, VectorSearchMode } from './context.js';
import { vectorBytes, vectorLiteral } from './vectors.js';

/**
 * Chooses how vectors are searched: pgvector when the extension is installed, or can be created
 * now (needs the privilege), otherwise in process. The choice is per database, so every replica
 * makes the same one; in pgvector mode the table gains an untyped `vector` column beside the bytes.
 */
export async function detectVectorMode(client: pg.ClientBase): Promise<VectorSearchMode> {
  const available = await client.query<{ installed: string | null }>(
    "SELECT installed_version AS installed FROM pg_available_extensions WHERE name = 'vector'",
  );
  const row = available.rows[0];
  if (!row) return 'in-process';
  if (row.installed === null) {
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    } catch {
      return 'in-process';
    }
  }
  await client.query('ALTER TABLE record_embeddings ADD COLUMN IF NOT EXISTS embedding_vector vector');
  return 'pgvector';
}

/**
 * Records the embedder's dimensions. When they change (a different model), the stored vectors are
 * meaningless for the new one, so they are dropped and rebuilt lazily by `backfillEmbeddings`. In
 * pgvector mode, vectors written before the extension existed are dropped the same way.
 */
export async function syncEmbeddingDimensions(ctx: PgContext, embedder: Embedder): Promise<void> {
  if (ctx.vectorMode === 'pgvector') {
    await ctx.client.query('DELETE FROM record_embeddings WHERE embedding_vector IS NULL');
  }
  const stored = await ctx.client.query<{ value: string }>(
    "SELECT value FROM store_meta WHERE key = 'embedding_dimensions' FOR UPDATE",
  );
  if (stored.rows[0]?.value === String(embedder.dimensions)) return;
  await ctx.client.query('DELETE FROM record_embeddings');
  await ctx.client.query(
    `INSERT INTO store_meta (key, value) VALUES ('embedding_dimensions', $1)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [String(embedder.dimensions)],
  );
}

const BACKFILL_BATCH = 64;

/**
 * Embeds records stored without a vector (written before an embedder was configured). `read` and
 * `write` run a body on a client (the write inside a transaction). Replicas backfilling at once
 * both embed, and the first insert wins (`ON CONFLICT DO NOTHING`).
 */
export async function backfillEmbeddings(
  embedder: Embedder,
  vectorMode: VectorSearchMode,
  read: <R>(body: (client: pg.ClientBase) => Promise<R>) => Promise<R>,
  write: (body: (client: pg.ClientBase) => Promise<void>) => Promise<void>,
): Promise<void> {
  for (;;) {
    const missing = await read((client) =>
      client.query<{ id: number; text: string }>(
        `SELECT r.id, r.text FROM records r LEFT JOIN record_embeddings e ON e.record_row = r.id
         WHERE e.record_row IS NULL LIMIT $1`,
        [BACKFILL_BATCH],
      ),
    );
    if (missing.rows.length === 0) return;
    const vectors = await embedDocuments(
      embedder,
      missing.rows.map((row) => row.text),
    );
    await write(async (client) => {
      for (const [index, row] of missing.rows.entries()) {
        const vector = vectors[index]!;
        if (vectorMode === 'pgvector') {
          await client.query(
            `INSERT INTO record_embeddings (record_row, embedding, embedding_vector) SELECT $1, $2, $3::vector
             WHERE EXISTS (SELECT 1 FROM records WHERE id = $1) ON CONFLICT DO NOTHING`,
            [row.id, vectorBytes(vector), vectorLiteral(vector)],
          );
        } else {
          await client.query(
            `INSERT INTO record_embeddings (record_row, embedding) SELECT $1, $2
             WHERE EXISTS (SELECT 1 FROM records WHERE id = $1) ON CONFLICT DO NOTHING`,
            [row.id, vectorBytes(vector)],
          );
        }
      }
    });
  }
}

const NUL = '\u0000';

/**
 * Validates each record of a batch on its own, as the SQLite store does (`prepareBatchItems`), then
 * fails records whose text or metadata holds U+0000: PostgreSQL text cannot store it.
 */
export async function prepareItems<S extends Parameters<typeof prepareBatchItems>[2]>(
  embedder: Embedder | undefined,
  records: unknown[],
  schema: S,
  kind: 'create' | 'update' | 'delete',
) {
  const items = await prepareBatchItems(embedder, records, schema, kind);
  return items.map((item): typeof item => {
    if (!('input' in item) || !JSON.stringify(item.input).includes('\\u0000')) return item;
    const input = item.input as { memoryRecordId?: string; requestIdentifier?: string };
    const failure: MemoryRecordOutput = {
      memoryRecordId: input.memoryRecordId ?? '',
      status: 'FAILED',
      errorCode: 400,
      errorMessage: `the record holds the character U+0000 (${JSON.stringify(NUL)}), which PostgreSQL text cannot store; remove it`,
    };
    if (input.requestIdentifier !== undefined) failure.requestIdentifier = input.requestIdentifier;
    return { failure } as BatchItem<never>;
  });
}
