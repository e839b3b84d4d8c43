/**
 * Relevance scores for `RetrieveMemoryRecords` on PostgreSQL, with the SQLite store's formula (see
 * `../sqlite/retrieval.ts`) so that a minimum relevance score means the same on both:
 *
 *     lexical(d) = Σ_{t ∈ Q, t ∈ d} w_t / Σ_{t ∈ Q} w_t,    w_t = ln(1 + (N + 1) / (max(n_t, 1) + 0.5))
 *
 * Q are the same query terms (`queryTerms`), folded like the records (`foldForSearch`); "t ∈ d" is
 * `search @@ plainto_tsquery(t)` on the GIN-indexed tsvector; N and n_t are counted in the memory.
 * Candidates are the records holding any term, at most max(200, 10 × topK) of them by coverage
 * (then recency); `ts_rank_cd` breaks ties among them, as BM25 does on SQLite.
 *
 * Hybrid score (when an `Embedder` is configured): 0.7 × max(0, cosine) + 0.3 × lexical. Cosine comes
 * from pgvector's `<=>` when the extension is there, otherwise it is computed here over the vectors
 * of the records in scope (the namespace being searched).
 */
import type { z } from 'zod';
import { queryTerms } from '../sqlite/query-terms.js';
import { VECTOR_WEIGHT } from '../sqlite/retrieval.js';
import type { MemoryRecordSummary } from '../store/types.js';
import type { retrieveMemoryRecordsInputSchema } from '../store/validation.js';
import { Params, type PgContext, rows } from './context.js';
import { RECORD_COLUMNS, type RecordRow, recordScope, toRecord } from './records.js';
import { TEXT_SEARCH_CONFIG } from './schema.js';
import { foldForSearch } from './text-search.js';
import { cosine, fromBytes, vectorLiteral } from './vectors.js';

type Retrieve = z.output<typeof retrieveMemoryRecordsInputSchema>;

const CANDIDATES_PER_RESULT = 10;
const MIN_CANDIDATES = 200;

interface Scored {
  row: RecordRow;
  lexical: number;
  /** NaN until known (a record without a vector counts as 0). */
  cosine: number;
  rank: number;
}

async function lexicalCandidates(
  ctx: PgContext,
  input: Retrieve,
  terms: string[],
  limit: number,
  scored: Map<number, Scored>,
): Promise<void> {
  const tsQueries = (params: Params) =>
    terms.map((term) => `plainto_tsquery('${TEXT_SEARCH_CONFIG}', ${params.add(foldForSearch(term))})`);
  const statsParams = new Params();
  const memory = statsParams.add(input.memoryId);
  const counts = tsQueries(statsParams).map(
    (query) => `(SELECT count(*) FROM records WHERE memory_id = ${memory} AND search @@ ${query})`,
  );
  const [stats] = await rows<{ total: number; df: number[] }>(
    ctx,
    `SELECT (SELECT count(*) FROM records WHERE memory_id = ${memory}) AS total, ARRAY[${counts.join(', ')}]::bigint[] AS df`,
    statsParams.values,
  );
  const total = Number(stats?.total ?? 0);
  const weights = (stats?.df ?? []).map((df) => Math.log(1 + (total + 1) / (Math.max(Number(df), 1) + 0.5)));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);

  const params = new Params();
  const queries = tsQueries(params);
  const any = `(${queries.join(' || ')})`;
  const scope = recordScope(input.memoryId, { ...input, ...input.searchCriteria }, params);
  // The candidates are the best by coverage itself (exact, where a cut by rank could drop a record
  // holding every term), newest first among equals; ts_rank_cd, the costly part, is then computed
  // for those candidates only, to break ties.
  const coverage = queries
    .map(
      (query, index) =>
        `CASE WHEN r.search @@ ${query} THEN ${params.add(weights[index])}::float8 ELSE 0 END`,
    )
    .join(' + ');
  const found = await rows<RecordRow & { rank: number; holds: boolean[] }>(
    ctx,
    `WITH top AS (
       SELECT r.id, ${coverage} AS coverage FROM records r WHERE r.search @@ ${any} AND ${scope}
       ORDER BY coverage DESC, r.created_at DESC, r.id DESC LIMIT ${params.add(limit)}
     )
     SELECT ${RECORD_COLUMNS}, ts_rank_cd(r.search, ${any}) AS rank,
       ARRAY[${queries.map((query) => `r.search @@ ${query}`).join(', ')}] AS holds
     FROM top JOIN records r ON r.id = top.id`,
    params.values,
  );
  for (const row of found) {
    const gained = row.holds.reduce((sum, held, index) => sum + (held ? weights[index]! : 0), 0);
    scored.set(row.id, {
      row,
      lexical: weightSum > 0 ? gained / weightSum : 0,
      cosine: Number.NaN,
      rank: row.rank,
    });
  }
}

async function vectorCandidates(
  ctx: PgContext,
  input: Retrieve,
  queryVector: Float32Array,
  limit: number,
  scored: Map<number, Scored>,
): Promise<void> {
  const params = new Params();
  const scope = recordScope(input.memoryId, { ...input, ...input.searchCriteria }, params);
  let nearest: { id: number; cosine: number }[];
  if (ctx.vectorMode === 'pgvector') {
    const query = `${params.add(vectorLiteral(queryVector))}::vector`;
    nearest = await rows<{ id: number; cosine: number }>(
      ctx,
      `SELECT r.id, 1 - (e.embedding_vector <=> ${query}) AS cosine FROM records r
       JOIN record_embeddings e ON e.record_row = r.id
       WHERE e.embedding_vector IS NOT NULL AND ${scope} ORDER BY e.embedding_vector <=> ${query} LIMIT ${params.add(limit)}`,
      params.values,
    );
    const missing = [...scored.keys()].filter((id) => !nearest.some((entry) => entry.id === id));
    if (missing.length > 0) {
      nearest.push(
        ...(await rows<{ id: number; cosine: number }>(
          ctx,
          `SELECT record_row AS id, 1 - (embedding_vector <=> $1::vector) AS cosine FROM record_embeddings
           WHERE record_row = ANY($2::bigint[]) AND embedding_vector IS NOT NULL`,
          [vectorLiteral(queryVector), missing],
        )),
      );
    }
  } else {
    // No vector index without pgvector: every vector in scope is compared here (a namespace is one
    // actor's facts or preferences, so this is hundreds of vectors, not the whole table).
    const all = await rows<{ id: number; embedding: Buffer }>(
      ctx,
      `SELECT r.id, e.embedding FROM records r JOIN record_embeddings e ON e.record_row = r.id WHERE ${scope}`,
      params.values,
    );
    nearest = all
      .map((entry) => ({ id: entry.id, cosine: cosine(fromBytes(entry.embedding), queryVector) }))
      .sort((a, b) => b.cosine - a.cosine);
    const lexical = nearest.filter((entry) => scored.has(entry.id));
    nearest = [...nearest.slice(0, limit), ...lexical];
  }
  const unknown = [...new Set(nearest.map((entry) => entry.id).filter((id) => !scored.has(id)))];
  if (unknown.length > 0) {
    const fetched = await rows<RecordRow>(
      ctx,
      `SELECT ${RECORD_COLUMNS} FROM records r WHERE r.id = ANY($1::bigint[])`,
      [unknown],
    );
    for (const row of fetched) scored.set(row.id, { row, lexical: 0, cosine: Number.NaN, rank: 0 });
  }
  for (const { id, cosine: similarity } of nearest) {
    const entry = scored.get(id);
    if (entry) entry.cosine = similarity;
  }
}

/**
 * Ranked records for a retrieval, most relevant first, at most `topK`.
 * `queryVector` is the embedded query when the store has an embedder.
 */
export async function rankRecords(
  ctx: PgContext,
  input: Retrieve,
  queryVector?: Float32Array,
): Promise<MemoryRecordSummary[]> {
  const { topK } = input.searchCriteria;
  const limit = Math.max(MIN_CANDIDATES, topK * CANDIDATES_PER_RESULT);
  const scored = new Map<number, Scored>();
  const terms = queryTerms(input.searchCriteria.searchQuery);
  if (terms.length > 0) await lexicalCandidates(ctx, input, terms, limit, scored);
  if (queryVector) await vectorCandidates(ctx, input, queryVector, limit, scored);

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
        b.score - a.score || b.entry.rank - a.entry.rank || b.entry.row.created_at - a.entry.row.created_at,
    )
    .slice(0, topK)
    .map((item) => ({ ...toRecord(item.entry.row), score: item.score }));
}
