/**
 * Top-k lexical retrieval without scoring every match. The score is the weighted query-term coverage described in
 * `retrieval.ts`; computing it for every record that holds any query term costs as much as those records (at
 * 100k records, common words such as "user" or "likes" are held by tens of thousands). Instead, as in the
 * MaxScore algorithm of search engines:
 *
 * 1. Terms are taken rarest first. The rare ("essential") ones, up to a budget of postings, give the candidates:
 *    the records in scope that hold at least one of them. A record holding none of them scores at most the
 *    weight of the other terms (`rest`).
 * 2. For each candidate, which terms it holds is read from FTS5 in bulk: a rare term's own doclist, and for a
 *    common term `(essential terms) AND term`, which FTS5 answers by skipping through the long doclist.
 * 3. Candidates are grouped by the terms they hold (equal groups score equally). Once the k-th best candidate
 *    scores above `rest`, no record outside the candidates can enter the top k; otherwise the next term becomes
 *    essential and the step repeats.
 * 4. Ties are broken by BM25 as FTS5 computes it (`k1` 1.2, `b` 0.75, FTS5's IDF floor), with term frequency and
 *    length read from each record's text through the same tokenizer (`porter.ts`), then by recency. Within one large tie group only the newest
 *    `MAX_TIE_ROWS` records are compared (a bounded, documented approximation: the coverage order is exact).
 */
import type Database from 'better-sqlite3';
import { ftsTokens } from './porter.js';
import { ftsString } from './query-terms.js';
import type { RecordRow } from './records.js';
import {
  documentFrequency,
  meanRecordLength,
  memoryIsAlone,
  recordCount,
  scopeCoversMemory,
} from './term-stats.js';

/** Postings read for the essential terms before a more common term is added (besides the rarest one). */
const ESSENTIAL_POSTINGS = 4_000;
/** Candidates read at most, newest first (a query made of one very common term still answers in bounded time). */
const MAX_CANDIDATES = 20_000;
/** Records read to break ties, at most. */
const MAX_TIE_ROWS = 400;
/**
 * A scope of at most this many records (one actor's namespace, typically) is ranked from its own records, read
 * through the namespace index and tokenized here: its cost follows the scope. FTS5 would walk each term's doclist
 * over the whole file (every actor's records), which grows with the number of actors.
 */
const SMALL_SCOPE_RECORDS = 1_000;

const BM25_K1 = 1.2;
const BM25_B = 0.75;

/** One retrieved record with its coverage score (0..1) and BM25 (lower is better, as FTS5's `bm25()`). */
export interface LexicalHit {
  row: RecordRow;
  lexical: number;
  bm25: number;
}

interface TermInfo {
  term: string;
  /** The term as FTS5 indexes it (stemmed), or undefined when FTS5 makes a phrase of it. */
  token: string | undefined;
  match: string;
  df: number;
  weight: number;
}

/**
 * The weight of a query term held by `df` of the memory's `records` records:
 * `ln(1 + (N + 1) / (max(df, 1) + 0.5))`.
 * @example termWeight(10, 1000) // ≈ 4.57
 */
export function termWeight(df: number, records: number): number {
  return Math.log(1 + (records + 1) / (Math.max(df, 1) + 0.5));
}

/** Where to search: the SQL condition over `records r`, and what it was built from. */
export interface LexicalScope {
  sql: string;
  params: unknown[];
  namespace?: string;
  namespacePath?: string;
  memoryStrategyId?: string;
  metadataFilters?: readonly unknown[];
}

/** Tuning, for tests: the postings budget of the essential terms, and the largest scope ranked from its records. */
export interface LexicalOptions {
  essentialPostings?: number;
  smallScopeRecords?: number;
}

/**
 * The `topK` records in `scope` that cover the query terms best, ties by BM25 then recency.
 * @example lexicalTopK(db, memoryId, { ...recordScope(memoryId, { namespace }), namespace }, ['coffee', 'paris'], 10)
 */
export function lexicalTopK(
  db: Database.Database,
  memoryId: string,
  scope: LexicalScope,
  terms: readonly string[],
  topK: number,
  options: LexicalOptions = {},
): LexicalHit[] {
  const budget = options.essentialPostings ?? ESSENTIAL_POSTINGS;
  const records = recordCount(db, memoryId);
  // When the scope holds every record of the file, candidates need no look-up in `records` to be kept.
  const unscoped =
    scope.memoryStrategyId === undefined &&
    (scope.metadataFilters?.length ?? 0) === 0 &&
    memoryIsAlone(db, memoryId) &&
    scopeCoversMemory(db, memoryId, scope);
  const infos: TermInfo[] = terms.map((term) => {
    const df = documentFrequency(db, memoryId, term);
    const tokens = ftsTokens(term);
    return {
      term,
      token: tokens.length === 1 ? tokens[0] : undefined,
      match: ftsString(term),
      df,
      weight: termWeight(df, records),
    };
  });
  // Rarest first; a stable sort keeps the query's order among equals.
  infos.sort((a, b) => a.df - b.df);
  const weightSum = infos.reduce((sum, info) => sum + info.weight, 0);
  let essential = 0;
  let postings = 0;
  while (essential < infos.length && (essential === 0 || postings + infos[essential]!.df <= budget)) {
    postings += infos[essential]!.df;
    essential++;
  }
  const smallLimit = options.smallScopeRecords ?? SMALL_SCOPE_RECORDS;
  const small = unscoped || smallLimit <= 0 ? undefined : smallScope(db, scope, smallLimit);
  if (small)
    return finish(
      db,
      infos,
      selectGroups(scopeMasks(small, infos), infos, topK).selected,
      records,
      weightSum,
      topK,
    );
  for (;;) {
    const attempt = rankWith(db, unscoped ? undefined : scope, infos, essential, topK);
    if (attempt.complete || essential === infos.length) {
      return finish(db, infos, attempt.selected, records, weightSum, topK);
    }
    essential++;
  }
}

interface Attempt {
  /** Candidate ids to read, best groups first, with the terms each holds (bit i: `infos[i]`). */
  selected: Map<number, number>;
  complete: boolean;
}

function rankWith(
  db: Database.Database,
  scope: { sql: string; params: unknown[] } | undefined,
  infos: readonly TermInfo[],
  essential: number,
  topK: number,
): Attempt {
  const expression = infos
    .slice(0, essential)
    .map((info) => info.match)
    .join(' OR ');
  const candidates = (
    scope
      ? db
          .prepare(`SELECT records_fts.rowid FROM records_fts JOIN records r ON r.id = records_fts.rowid
           WHERE records_fts MATCH ? AND ${scope.sql} ORDER BY records_fts.rowid DESC LIMIT ?`)
          .pluck()
          .all(expression, ...scope.params, MAX_CANDIDATES)
      : db
          .prepare('SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
          .pluck()
          .all(expression, MAX_CANDIDATES)
  ) as number[];
  const masks = new Map<number, number>();
  for (const id of candidates) masks.set(id, 0);
  const holdersOf = db.prepare('SELECT rowid FROM records_fts WHERE records_fts MATCH ?').pluck();
  for (let bit = 0; bit < infos.length; bit++) {
    const info = infos[bit]!;
    const holders = holdersOf.all(
      bit < essential ? info.match : `(${expression}) AND ${info.match}`,
    ) as number[];
    const flag = 2 ** bit;
    for (const id of holders) {
      const mask = masks.get(id);
      if (mask !== undefined) masks.set(id, mask + flag);
    }
  }

  const rest = infos.slice(essential).reduce((sum, info) => sum + info.weight, 0);
  const { selected, count, kth } = selectGroups(masks, infos, topK);
  // Records outside the candidates score at most `rest`: the top k is settled once the k-th scores more.
  const complete = count >= topK && kth > rest;
  return { selected, complete };
}

/** The best-covering records among `masks` (id → terms held), newest first within a group, as {@link rankWith}. */
function selectGroups(
  masks: Map<number, number>,
  infos: readonly TermInfo[],
  topK: number,
): { selected: Map<number, number>; count: number; kth: number } {
  const groups = new Map<number, number[]>();
  for (const [id, mask] of masks) {
    const group = groups.get(mask);
    if (group) group.push(id);
    else groups.set(mask, [id]);
  }
  const weightOf = (mask: number): number => {
    let sum = 0;
    for (let bit = 0; bit < infos.length; bit++)
      if (Math.floor(mask / 2 ** bit) % 2 === 1) sum += infos[bit]!.weight;
    return sum;
  };
  const ordered = [...groups.entries()]
    .map(([mask, ids]) => ({ mask, ids, weight: weightOf(mask) }))
    .sort((a, b) => b.weight - a.weight);

  const selected = new Map<number, number>();
  let count = 0;
  let kth = Number.NEGATIVE_INFINITY;
  for (const group of ordered) {
    if (count >= topK && group.weight < kth) break;
    for (const id of group.ids) {
      if (selected.size >= Math.max(MAX_TIE_ROWS, topK)) break;
      selected.set(id, group.mask);
    }
    count += group.ids.length;
    if (count >= topK && kth === Number.NEGATIVE_INFINITY) kth = group.weight;
  }
  return { selected, count, kth };
}

/**
 * The records of a scope that holds at most `limit` (newest first), or undefined for a larger one.
 */
function smallScope(
  db: Database.Database,
  scope: { sql: string; params: unknown[] },
  limit: number,
): { id: number; text: string }[] | undefined {
  const rows = db
    .prepare(`SELECT r.id, r.text FROM records r WHERE ${scope.sql} ORDER BY r.id DESC LIMIT ?`)
    .all(...scope.params, SMALL_SCOPE_RECORDS + 1) as { id: number; text: string }[];
  return rows.length > limit ? undefined : rows;
}

/**
 * Which query terms each record holds (bit i: `infos[i]`), as FTS5 would match them: a term's tokens (FTS5's own
 * tokenizer, see `porter.ts`) appearing in a row in the record's tokens. Records holding none are left out.
 */
function scopeMasks(
  records: readonly { id: number; text: string }[],
  infos: readonly TermInfo[],
): Map<number, number> {
  const termTokens = infos.map((info) => ftsTokens(info.term));
  const masks = new Map<number, number>();
  for (const record of records) {
    const tokens = ftsTokens(record.text);
    let mask = 0;
    for (let bit = 0; bit < infos.length; bit++) {
      if (holdsPhrase(tokens, termTokens[bit]!)) mask += 2 ** bit;
    }
    if (mask !== 0) masks.set(record.id, mask);
  }
  return masks;
}

function holdsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start + phrase.length <= tokens.length; start++) {
    let at = 0;
    while (at < phrase.length && tokens[start + at] === phrase[at]) at++;
    if (at === phrase.length) return true;
  }
  return false;
}

function finish(
  db: Database.Database,
  infos: readonly TermInfo[],
  selected: Map<number, number>,
  records: number,
  weightSum: number,
  topK: number,
): LexicalHit[] {
  if (selected.size === 0) return [];
  const rows = db
    .prepare('SELECT r.* FROM records r WHERE r.id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...selected.keys()])) as RecordRow[];
  const meanLength = meanRecordLength(db) ?? 1;
  const idf = infos.map((info) => {
    const value = Math.log((records - info.df + 0.5) / (info.df + 0.5));
    return value > 0 ? value : 1e-6;
  });
  const hits = rows.map((row): LexicalHit => {
    const mask = selected.get(row.id)!;
    const tokens = ftsTokens(row.text);
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * tokens.length) / meanLength);
    let held = 0;
    let score = 0;
    for (let bit = 0; bit < infos.length; bit++) {
      if (Math.floor(mask / 2 ** bit) % 2 === 0) continue;
      const info = infos[bit]!;
      held += info.weight;
      let frequency = 0;
      if (info.token !== undefined) for (const token of tokens) if (token === info.token) frequency++;
      // FTS5 found the term (for a phrase, counted once): the record holds it at least once.
      frequency = Math.max(1, frequency);
      score += (idf[bit]! * frequency * (BM25_K1 + 1)) / (frequency + norm);
    }
    return { row, lexical: held / weightSum, bm25: -score };
  });
  return hits
    .sort((a, b) => b.lexical - a.lexical || a.bm25 - b.bm25 || b.row.created_at - a.row.created_at)
    .slice(0, topK);
}
