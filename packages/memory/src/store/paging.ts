import { decodeToken, encodeToken } from './ids.js';
import type { MemoryRecordSummary, RetrieveMemoryRecordsOutput } from './types.js';

/**
 * One page of a keyset-paginated read that fetched `maxResults + 1` rows: the rows to return and,
 * when there was one more, the token of the last returned row (the next page starts after it).
 * @example keysetPage([a, b, c], 2, (last) => encodeToken('ListEvents', { id: last.id })) // { page: [a, b], nextToken: '…' }
 */
export function keysetPage<Row>(
  rows: readonly Row[],
  maxResults: number,
  tokenFor: (last: Row) => string,
): { page: Row[]; nextToken?: string } {
  const page = rows.slice(0, maxResults);
  const last = page.at(-1);
  if (rows.length > maxResults && last) return { page, nextToken: tokenFor(last) };
  return { page };
}

/**
 * Where a `RetrieveMemoryRecords` page starts: 0, or the offset its nextToken carries. Read before
 * any work so a bad token fails fast.
 * @example retrievalOffset(undefined) // 0
 */
export function retrievalOffset(nextToken: string | undefined): number {
  if (nextToken === undefined) return 0;
  return Number(decodeToken('RetrieveMemoryRecords', nextToken, ['offset']).offset);
}

/**
 * One page of ranked retrieval results (ranking is recomputed per call, so the token is an offset).
 * @example retrievalPage(ranked, 0, 10).nextToken // set when more than 10 ranked
 */
export function retrievalPage(
  ranked: MemoryRecordSummary[],
  offset: number,
  maxResults: number,
): RetrieveMemoryRecordsOutput {
  const output: RetrieveMemoryRecordsOutput = {
    memoryRecordSummaries: ranked.slice(offset, offset + maxResults),
  };
  if (offset + maxResults < ranked.length) {
    output.nextToken = encodeToken('RetrieveMemoryRecords', { offset: offset + maxResults });
  }
  return output;
}
