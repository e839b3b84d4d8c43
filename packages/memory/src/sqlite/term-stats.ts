/**
 * Corpus statistics for lexical retrieval, cached per database: the records of a memory (N), each query term's
 * document frequency in that memory (df) and the mean record length FTS5 keeps. Counting the records that hold a
 * common term walks its whole FTS5 doclist (every record holds "user" in a typical memory: 100,000 postings at
 * 100k records), so the counts are kept, and kept up to date: a write on this connection reports the records it
 * added and removed (see {@link noteRecordsChanged}), and once its transaction commits the counts are adjusted
 * from those records' own tokens ({@link settleRecordChanges}) instead of being counted again. When SQLite's
 * `data_version` moves (another connection committed), or a write could not say what it changed, or rolled back,
 * everything is counted again: a cached count is never stale.
 */
import type Database from 'better-sqlite3';
import { ftsTokens } from './porter.js';
import { ftsString } from './query-terms.js';

interface MemoryStats {
  records: number;
  /** The smallest and largest namespace of the memory's records (undefined when it has none). */
  namespaces: [low: string, high: string] | undefined;
  /** Whether this memory's records are all the records of the file (then FTS5's own counts are the memory's). */
  alone: boolean;
  /** Records holding a one-token term, by that token (as FTS5 indexes it). */
  df: Map<string, number>;
  /** Records holding a term of several tokens (a phrase), by the term; dropped on any change to the memory. */
  phraseDf: Map<string, number>;
}

interface DatabaseStats {
  key: string;
  memories: Map<string, MemoryStats>;
  meanLength: number | undefined;
}

/** One record added (+1) or removed (-1) by a write, as the statistics need it. */
export interface RecordChange {
  memoryId: string;
  namespace: string;
  text: string;
  sign: 1 | -1;
}

/** The writes of the transaction under way: the statistics from before it, and what it changed (undefined: unknown). */
interface PendingChanges {
  base: DatabaseStats | undefined;
  changes: RecordChange[] | undefined;
}

/** Terms whose count is kept per memory before the cache starts over (a bound on memory use). */
const MAX_CACHED_TERMS = 50_000;

const localVersions = new WeakMap<Database.Database, number>();
const cache = new WeakMap<Database.Database, DatabaseStats>();
const pending = new WeakMap<Database.Database, PendingChanges>();

function currentKey(db: Database.Database): string {
  // A prepared PRAGMA (db.pragma() prepares it anew on every call).
  const dataVersion = db.prepare('PRAGMA data_version').pluck().get() as number;
  return `${dataVersion}:${localVersions.get(db) ?? 0}`;
}

/**
 * Call inside the transaction that writes records (create, update, delete) on this connection, with the records
 * added and removed, or nothing when that is not known: cached statistics are not used until the write settles.
 * @example noteRecordsChanged(ctx.db, [{ memoryId, namespace, text, sign: 1 }]);
 */
export function noteRecordsChanged(db: Database.Database, changes?: readonly RecordChange[]): void {
  let write = pending.get(db);
  if (!write) {
    const cached = cache.get(db);
    write = { base: cached && cached.key === currentKey(db) ? cached : undefined, changes: [] };
    pending.set(db, write);
  }
  if (changes === undefined) write.changes = undefined;
  else write.changes?.push(...changes);
  localVersions.set(db, (localVersions.get(db) ?? 0) + 1);
}

/**
 * Call once the writing transaction has ended: when it committed, the statistics from before it are adjusted by
 * what it changed and kept; when it rolled back (or a change was unknown), they are counted again when next needed.
 * @example try { write(); settleRecordChanges(db, true) } catch (error) { settleRecordChanges(db, false); throw error }
 */
export function settleRecordChanges(db: Database.Database, committed: boolean): void {
  const write = pending.get(db);
  if (!write) return;
  pending.delete(db);
  if (!committed || !write.base || !write.changes) return;
  for (const change of write.changes) applyChange(write.base, change);
  write.base.meanLength = undefined;
  write.base.key = currentKey(db);
  cache.set(db, write.base);
}

function applyChange(stats: DatabaseStats, change: RecordChange): void {
  for (const [memoryId, memory] of stats.memories) {
    if (memoryId !== change.memoryId) {
      // Another memory's record: this one is no longer alone in the file; a removal may leave it alone: recount.
      if (change.sign > 0) memory.alone = false;
      else stats.memories.delete(memoryId);
      continue;
    }
    const range = memory.namespaces;
    if (change.sign < 0 && range && (change.namespace === range[0] || change.namespace === range[1])) {
      // The smallest or largest namespace may be gone: recount this memory.
      stats.memories.delete(memoryId);
      continue;
    }
    memory.records += change.sign;
    if (change.sign > 0) memory.namespaces = widened(range, change.namespace);
    for (const token of new Set(ftsTokens(change.text))) {
      const df = memory.df.get(token);
      if (df !== undefined) memory.df.set(token, df + change.sign);
    }
    memory.phraseDf.clear();
  }
}

/** The namespace range with one more namespace in it. */
function widened(range: [string, string] | undefined, namespace: string): [string, string] {
  if (!range) return [namespace, namespace];
  const [low, high] = range;
  return [namespace < low ? namespace : low, namespace > high ? namespace : high];
}

function currentStats(db: Database.Database): DatabaseStats {
  const key = currentKey(db);
  let stats = cache.get(db);
  if (!stats || stats.key !== key) {
    stats = { key, memories: new Map(), meanLength: undefined };
    cache.set(db, stats);
  }
  return stats;
}

function memoryStats(db: Database.Database, memoryId: string): MemoryStats {
  const stats = currentStats(db);
  let memory = stats.memories.get(memoryId);
  if (!memory) {
    // min and max each read one end of the index on memory_id.
    const low = db.prepare('SELECT min(memory_id) FROM records').pluck().get() as string | null;
    const high = db.prepare('SELECT max(memory_id) FROM records').pluck().get() as string | null;
    const records = db
      .prepare('SELECT count(*) FROM records WHERE memory_id = ?')
      .pluck()
      .get(memoryId) as number;
    const first = db
      .prepare('SELECT min(namespace) FROM records WHERE memory_id = ?')
      .pluck()
      .get(memoryId) as string | null;
    const last = db.prepare('SELECT max(namespace) FROM records WHERE memory_id = ?').pluck().get(memoryId) as
      | string
      | null;
    memory = {
      records,
      namespaces: first === null || last === null ? undefined : [first, last],
      alone: low === high && (low === null || low === memoryId),
      df: new Map(),
      phraseDf: new Map(),
    };
    stats.memories.set(memoryId, memory);
  }
  return memory;
}

/**
 * The number of records in the memory.
 * @example const n = recordCount(db, memoryId);
 */
export function recordCount(db: Database.Database, memoryId: string): number {
  return memoryStats(db, memoryId).records;
}

/**
 * True when the memory's records are all the records of the file.
 * @example if (memoryIsAlone(db, memoryId)) useFtsCountsDirectly();
 */
export function memoryIsAlone(db: Database.Database, memoryId: string): boolean {
  return memoryStats(db, memoryId).alone;
}

/**
 * True when every record of the memory lies in the namespace scope (`namespace`: a string prefix;
 * `namespacePath`: the path or below it, segment-wise): then the scope filters nothing. Records sort by namespace,
 * so checking the smallest and the largest is enough, as long as everything between them is in scope too: for a
 * path, both must then start with `path/` (`/users/a-b` sorts between `/users/a` and `/users/a/`).
 * @example scopeCoversMemory(db, memoryId, { namespace: '/users/alice/' })
 */
export function scopeCoversMemory(
  db: Database.Database,
  memoryId: string,
  scope: { namespace?: string; namespacePath?: string },
): boolean {
  const range = memoryStats(db, memoryId).namespaces;
  if (!range) return true;
  if (scope.namespace !== undefined)
    return range.every((namespace) => namespace.startsWith(scope.namespace!));
  const path = (scope.namespacePath ?? '/').replace(/\/+$/, '');
  if (path === '') return true;
  return range.every((namespace) => namespace.startsWith(`${path}/`)) || range.every((n) => n === path);
}

/**
 * How many records of the memory hold `term` (porter-stemmed, as FTS5 matches it).
 * @example const df = documentFrequency(db, memoryId, 'coffee');
 */
export function documentFrequency(db: Database.Database, memoryId: string, term: string): number {
  const memory = memoryStats(db, memoryId);
  const tokens = ftsTokens(term);
  const counts = tokens.length === 1 ? memory.df : memory.phraseDf;
  const key = tokens.length === 1 ? tokens[0]! : term;
  let df = counts.get(key);
  if (df === undefined) {
    df = memory.alone
      ? (db
          .prepare('SELECT count(*) FROM records_fts WHERE records_fts MATCH ?')
          .pluck()
          .get(ftsString(term)) as number)
      : (db
          .prepare(`SELECT count(*) FROM records_fts JOIN records r ON r.id = records_fts.rowid
           WHERE records_fts MATCH ? AND r.memory_id = ?`)
          .pluck()
          .get(ftsString(term), memoryId) as number);
    if (counts.size >= MAX_CACHED_TERMS) counts.clear();
    counts.set(key, df);
  }
  return df;
}

/**
 * The mean record length in tokens, as FTS5's BM25 uses it, or undefined when unknown. FTS5 keeps it in its
 * "averages" record (row 1 of `records_fts_data`: the number of rows, then the tokens of each column, as SQLite
 * varints, most significant group first).
 * @example const avgdl = meanRecordLength(db) ?? 10;
 */
export function meanRecordLength(db: Database.Database): number | undefined {
  const stats = currentStats(db);
  if (stats.meanLength === undefined) {
    const block = db.prepare('SELECT block FROM records_fts_data WHERE id = 1').pluck().get() as
      | Buffer
      | undefined;
    if (block) {
      const [rows, next] = readFtsVarint(block, 0);
      const [tokens] = readFtsVarint(block, next);
      if (rows > 0 && Number.isFinite(tokens)) stats.meanLength = tokens / rows;
    }
  }
  return stats.meanLength;
}

/** SQLite's varint (big-endian 7-bit groups, the 9th byte whole), as FTS5 writes them. */
function readFtsVarint(bytes: Uint8Array, start: number): [value: number, next: number] {
  let value = 0;
  let index = start;
  for (let count = 0; index < bytes.length; count++) {
    const byte = bytes[index++]!;
    if (count === 8) return [value * 256 + byte, index];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, index];
  }
  return [Number.NaN, index];
}
