/**
 * Relevance scores for `RetrieveMemoryRecords`, in 0..1 so that a minimum score (the Python SDK's
 * default `relevance_score` is 0.2) means the same on every backend.
 *
 * Lexical score (always): weighted query-term coverage. FTS5 finds the candidates (any query term,
 * porter-stemmed) and orders ties by BM25; the score is
 *
 *     lexical(d) = Σ_{t ∈ Q, t ∈ d} w_t / Σ_{t ∈ Q} w_t,    w_t = ln(1 + (N + 1) / (max(n_t, 1) + 0.5))
 *
 * with Q the distinct non-stopword query terms, N the records of the memory and n_t those holding
 * t. It is 1 when a record holds every query term, 0 when none, and rare terms weigh more. A term
 * no record holds ("kind", "prepared" in a spoken question) still counts against every record, but
 * only as much as a term held once: otherwise such words would outweigh the ones that match. Raw
 * BM25 is not used as the score because it is unbounded and, in the small corpora of a local agent,
 * FTS5 clamps its IDF to ~0 (a term in 1 of 2 records scores 1e-6), so no fixed floor could work.
 *
 * Lexical retrieval finds the top k without scoring every match (see `lexical-ranking.ts`); ties are broken
 * by BM25, then recency.
 *
 * Hybrid score (when an `Embedder` is configured): 0.7 × max(0, cosine) + 0.3 × lexical, cosine
 * from sqlite-vec's `vec_distance_cosine` over the records in scope. Records scoring 0 are dropped. Its
 * lexical candidates are the best 10 × topK (at least 200) by FTS5's BM25.
 */
import type { z } from 'zod';
import type { MemoryRecordSummary } from '../store/types.js';
import type { retrieveMemoryRecordsInputSchema } from '../store/validation.js';
import type { SqliteContext } from './context.js';
import { lexicalTopK } from './lexical-ranking.js';
import { ftsString, queryTerms } from './query-terms.js';
import { type RecordRow, recordScope, toRecord } from './records.js';
import { documentFrequency, recordCount } from './term-stats.js';

type Retrieve = z.output<typeof retrieveMemoryRecordsInputSchema>;

export const VECTOR_WEIGHT = 0.7;
const CANDIDATES_PER_RESULT = 10;
const MIN_CANDIDATES = 200;

interface Scored {
  row: RecordRow;
  lexical: number;
  /** NaN until known (a record without a vector counts as 0). */
  cosine: number;
  bm25: number;
}

function vectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/**
 * Ranked records for a retrieval, most relevant first, at most `topK`.
 * `queryVector` is the embedded query when the store has an embedder.
 */
export function rankRecords(
  ctx: SqliteContext,
  input: Retrieve,
  queryVector?: Float32Array,
): MemoryRecordSummary[] {
  const { db } = ctx;
  const { topK } = input.searchCriteria;
  const scope = recordScope(input.memoryId, { ...input, ...input.searchCriteria });
  const limit = Math.max(MIN_CANDIDATES, topK * CANDIDATES_PER_RESULT);
  const scored = new Map<number, Scored>();
  const terms = queryTerms(input.searchCriteria.searchQuery);

  if (terms.length > 0 && !queryVector) {
    const lexicalScope = {
      ...scope,
      namespace: input.namespace,
      namespacePath: input.namespacePath,
      memoryStrategyId: input.searchCriteria.memoryStrategyId,
      metadataFilters: input.searchCriteria.metadataFilters,
    };
    return lexicalTopK(db, input.memoryId, lexicalScope, terms, topK)
      .map((hit) => ({ ...toRecord(hit.row), score: Math.min(1, Math.max(0, hit.lexical)) }))
      .filter((record) => record.score > 0);
  }

  if (terms.length > 0) {
    const rows = db
      .prepare(`SELECT r.*, bm25(records_fts) AS rank FROM records_fts JOIN records r ON r.id = records_fts.rowid
       WHERE records_fts MATCH ? AND ${scope.sql} ORDER BY rank LIMIT ?`)
      .all(terms.map(ftsString).join(' OR '), ...scope.params, limit) as (RecordRow & { rank: number })[];
    if (rows.length > 0) {
      const total = recordCount(db, input.memoryId);
      const ids = JSON.stringify(rows.map((row) => row.id));
      const gained = new Map<number, number>();
      let weightSum = 0;
      for (const term of terms) {
        const match = ftsString(term);
        const df = documentFrequency(db, input.memoryId, term);
        const weight = Math.log(1 + (total + 1) / (Math.max(df, 1) + 0.5));
        weightSum += weight;
        const holders = db
          .prepare(
            'SELECT rowid FROM records_fts WHERE records_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))',
          )
          .all(match, ids) as { rowid: number }[];
        for (const { rowid } of holders) gained.set(rowid, (gained.get(rowid) ?? 0) + weight);
      }
      for (const row of rows) {
        scored.set(row.id, {
          row,
          lexical: (gained.get(row.id) ?? 0) / weightSum,
          cosine: Number.NaN,
          bm25: row.rank,
        });
      }
    }
  }

  if (queryVector) {
    const blob = vectorBlob(queryVector);
    const nearest = db
      .prepare(
        `SELECT r.*, vec_distance_cosine(e.embedding, ?) AS distance FROM records r
         JOIN record_embeddings e ON e.record_row = r.id WHERE ${scope.sql} ORDER BY distance LIMIT ?`,
      )
      .all(blob, ...scope.params, limit) as (RecordRow & { distance: number })[];
    for (const row of nearest) {
      const entry = scored.get(row.id) ?? { row, lexical: 0, cosine: Number.NaN, bm25: 0 };
      entry.cosine = 1 - row.distance;
      scored.set(row.id, entry);
    }
    const missing = [...scored.values()]
      .filter((entry) => Number.isNaN(entry.cosine))
      .map((entry) => entry.row.id);
    if (missing.length > 0) {
      const distances = db
        .prepare(
          `SELECT record_row AS id, vec_distance_cosine(embedding, ?) AS distance FROM record_embeddings
           WHERE record_row IN (SELECT value FROM json_each(?))`,
        )
        .all(blob, JSON.stringify(missing)) as { id: number; distance: number }[];
      for (const { id, distance } of distances) {
        const entry = scored.get(id);
        if (entry) entry.cosine = 1 - distance;
      }
    }
  }

  const score = (entry: Scored) => {
    const raw = queryVector
      ? VECTOR_WEIGHT * (Number.isNaN(entry.cosine) ? 0 : Math.max(0, entry.cosine)) +
        (1 - VECTOR_WEIGHT) * entry.lexical
      : entry.lexical;
    return Math.min(1, Math.max(0, raw));
  };
  return [...scored.values()]
    .map((entry) => ({ entry, score: score(entry) }))
    .filter((item) => item.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || a.entry.bm25 - b.entry.bm25 || b.entry.row.created_at - a.entry.row.created_at,
    )
    .slice(0, topK)
    .map((item) => ({ ...toRecord(item.entry.row), score: item.score }));
}
