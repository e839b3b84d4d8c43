/**
 * Corpus statistics for lexical retrieval, cached per database: the records of a memory (N), each query term's
 * document frequency in that memory (df) and the mean record length FTS5 keeps. Counting the records that hold a
 * common term walks its whole FTS5 doclist (every record holds "user" in a typical memory: 100,000 postings at
 * 100k records), so the counts are kept until the records change. "Change" is exact: this connection bumps a
 * counter on every record write (see {@link noteRecordsChanged}) and SQLite's `data_version` moves when another
 * connection commits, so a cached count is never stale.
 */
import type Database from 'better-sqlite3';
import { ftsString } from './query-terms.js';
import { cachedStatement } from './statement-cache.js';

interface MemoryStats {
  records: number;
  /** The smallest and largest namespace of the memory's records (undefined when it has none). */
  namespaces: [low: string, high: string] | undefined;
  /** Whether this memory's records are all the records of the file (then FTS5's own counts are the memory's). */
  alone: boolean;
  df: Map<string, number>;
}

interface DatabaseStats {
  key: string;
  memories: Map<string, MemoryStats>;
  meanLength: number | undefined;
}

/** Terms whose count is kept per memory before the cache starts over (a bound on memory use). */
const MAX_CACHED_TERMS = 50_000;

const localVersions = new WeakMap<Database.Database, number>();
const cache = new WeakMap<Database.Database, DatabaseStats>();

/**
 * Call after writing records (create, update, delete) on this connection: cached statistics are dropped.
 * @example noteRecordsChanged(ctx.db);
 */
export function noteRecordsChanged(db: Database.Database): void {
  localVersions.set(db, (localVersions.get(db) ?? 0) + 1);
}

function currentStats(db: Database.Database): DatabaseStats {
  // A prepared PRAGMA (db.pragma() prepares it anew on every call).
  const dataVersion = cachedStatement(db, 'PRAGMA data_version').pluck().get() as number;
  const key = `${dataVersion}:${localVersions.get(db) ?? 0}`;
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
    const low = cachedStatement(db, 'SELECT min(memory_id) FROM records').pluck().get() as string | null;
    const high = cachedStatement(db, 'SELECT max(memory_id) FROM records').pluck().get() as string | null;
    const records = cachedStatement(db, 'SELECT count(*) FROM records WHERE memory_id = ?')
      .pluck()
      .get(memoryId) as number;
    const first = cachedStatement(db, 'SELECT min(namespace) FROM records WHERE memory_id = ?')
      .pluck()
      .get(memoryId) as string | null;
    const last = cachedStatement(db, 'SELECT max(namespace) FROM records WHERE memory_id = ?')
      .pluck()
      .get(memoryId) as string | null;
    memory = {
      records,
      namespaces: first === null || last === null ? undefined : [first, last],
      alone: low === high && (low === null || low === memoryId),
      df: new Map(),
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
  let df = memory.df.get(term);
  if (df === undefined) {
    df = memory.alone
      ? (cachedStatement(db, 'SELECT count(*) FROM records_fts WHERE records_fts MATCH ?')
          .pluck()
          .get(ftsString(term)) as number)
      : (cachedStatement(
          db,
          `SELECT count(*) FROM records_fts JOIN records r ON r.id = records_fts.rowid
           WHERE records_fts MATCH ? AND r.memory_id = ?`,
        )
          .pluck()
          .get(ftsString(term), memoryId) as number);
    if (memory.df.size >= MAX_CACHED_TERMS) memory.df.clear();
    memory.df.set(term, df);
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
    const block = cachedStatement(db, 'SELECT block FROM records_fts_data WHERE id = 1').pluck().get() as
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
