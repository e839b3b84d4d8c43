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
