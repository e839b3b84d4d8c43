import * as sqliteVec from 'sqlite-vec';
import type { z } from 'zod';
import type { Embedder } from '../store/embedder.js';
import { ServiceException } from '../store/errors.js';
import type { BatchItem } from '../store/record-shapes.js';
import type { MemoryRecordOutput } from '../store/types.js';
import { toFieldList } from '../store/validation.js';
import type { SqliteContext } from './context.js';

/**
 * Loads sqlite-vec and records the embedder's dimensions. When they change (a different model),
 * the stored vectors are meaningless for the new one, so they are dropped and rebuilt lazily.
 */
export function syncEmbeddingDimensions(ctx: SqliteContext, embedder: Embedder): void {
  sqliteVec.load(ctx.db);
  const stored = ctx.db.prepare("SELECT value FROM store_meta WHERE key = 'embedding_dimensions'").get() as
    | { value: string }
    | undefined;
  if (stored?.value === String(embedder.dimensions)) return;
  ctx.db.transaction(() => {
    ctx.db.exec('DELETE FROM record_embeddings');
    ctx.db
      .prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('embedding_dimensions', ?)")
      .run(String(embedder.dimensions));
  })();
}

async function embed(embedder: Embedder, texts: string[], purpose: 'document' | 'query') {
  let vectors: Float32Array[];
  try {
    vectors = await embedder.embed(texts, purpose);
  } catch (error) {
    throw new ServiceException(`The embedder failed: ${(error as Error).message}`, {
      id: 'MEMORY_EMBEDDER_FAILED',
      category: 'third_party',
      cause: error,
    });
  }
  if (vectors.length !== texts.length || vectors.some((vector) => vector.length !== embedder.dimensions)) {
    throw new ServiceException(
      `The embedder returned ${vectors.length} vectors for ${texts.length} texts, or vectors whose length is not ${embedder.dimensions}`,
      { id: 'MEMORY_EMBEDDER_INVALID_OUTPUT', category: 'config' },
    );
  }
  return vectors;
}

const BACKFILL_BATCH = 64;

/** Embeds records stored without a vector (written before an embedder was configured). */
export async function backfillEmbeddings(
  ctx: SqliteContext,
  embedder: Embedder,
  write: (body: () => void) => void,
): Promise<void> {
  for (;;) {
    const rows = ctx.db
      .prepare(
        `SELECT r.id, r.text FROM records r LEFT JOIN record_embeddings e ON e.record_row = r.id
         WHERE e.record_row IS NULL LIMIT ?`,
      )
      .all(BACKFILL_BATCH) as { id: number; text: string }[];
    if (rows.length === 0) return;
    const vectors = await embed(
      embedder,
      rows.map((row) => row.text),
      'document',
    );
    write(() => {
      const insert = ctx.db.prepare(
        'INSERT OR IGNORE INTO record_embeddings (record_row, embedding) VALUES (?, ?)',
      );
      rows.forEach((row, index) => {
        const vector = vectors[index]!;
        insert.run(row.id, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      });
    });
  }
}

/**
 * Validates each record of a batch on its own (a bad record fails alone, AgentCore-style), flags
 * repeated `requestIdentifier`s and record ids, and embeds new texts before the write transaction.
 */
export async function prepareItems<S extends z.ZodType>(
  ctx: SqliteContext,
  records: unknown[],
  schema: S,
  kind: 'create' | 'update' | 'delete',
): Promise<BatchItem<z.output<S>>[]> {
  const seen = new Set<string>();
  const items: BatchItem<z.output<S>>[] = records.map((raw) => {
    const candidate = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const failure = (message: string): { failure: MemoryRecordOutput } => {
      const output: MemoryRecordOutput = {
        memoryRecordId: typeof candidate.memoryRecordId === 'string' ? candidate.memoryRecordId : '',
        status: 'FAILED',
        errorCode: 400,
        errorMessage: message,
      };
      if (typeof candidate.requestIdentifier === 'string')
        output.requestIdentifier = candidate.requestIdentifier;
      return { failure: output };
    };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return failure(
        toFieldList(parsed.error.issues)
          .map((field) => `'${field.name}' ${field.message}`)
          .join('; '),
      );
    }
    const key = kind === 'create' ? String(candidate.requestIdentifier) : String(candidate.memoryRecordId);
    if (seen.has(key)) {
      return failure(
        `${kind === 'create' ? 'requestIdentifier' : 'memoryRecordId'} ${key} appears twice in the batch`,
      );
    }
    seen.add(key);
    return { input: parsed.data as z.output<S> };
  });
  const embedder = ctx.embedder;
  if (!embedder || kind === 'delete') return items;
  const needing = items.filter(
    (item): item is { input: { content?: { text: string } } } & BatchItem<z.output<S>> =>
      'input' in item && (item.input as { content?: { text: string } }).content !== undefined,
  );
  if (needing.length === 0) return items;
  const vectors = await embed(
    embedder,
    needing.map((item) => item.input.content!.text),
    'document',
  );
  needing.forEach((item, index) => {
    (item as { vector?: Float32Array }).vector = vectors[index];
  });
  return items;
}
