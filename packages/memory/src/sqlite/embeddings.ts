import * as sqliteVec from 'sqlite-vec';
import { embedDocuments } from '../store/batch-items.js';
import type { Embedder } from '../store/embedder.js';
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
    const vectors = await embedDocuments(
      embedder,
      rows.map((row) => row.text),
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
