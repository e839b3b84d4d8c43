/**
 * Text as PostgreSQL full-text search sees it. FTS5's `unicode61 remove_diacritics 2` tokenizer
 * splits on anything that is not a letter or digit and folds case and diacritics; PostgreSQL's
 * parser has its own token types (emails, URLs, hyphenated words, versions...). To match on the
 * same words as the SQLite store, records and query terms are folded and split here, in Node, and
 * PostgreSQL only stems the words (English Snowball, no stopwords: see `schema.ts`).
 */

/**
 * Lower-cased, diacritics removed, letter/digit runs joined by single spaces.
 * @example foldForSearch('Crème brûlée, e-mail: A@B.com') // 'creme brulee e mail a b com'
 */
export function foldForSearch(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}
