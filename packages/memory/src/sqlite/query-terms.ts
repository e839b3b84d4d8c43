/**
 * Query text → FTS5-safe terms. Users' prompts go straight into retrieval, so the query is never
 * handed to FTS5's query language: it is split into letter/digit runs, each run is quoted as an
 * FTS5 string, and the runs are OR-ed. Quotes, `*`, `^`, `:`, `NEAR`, `AND/OR/NOT`, parentheses
 * and column filters therefore lose their meaning and cannot throw.
 */

// Function words that carry no topic: a prompt like "what do you know about my dog" should be
// scored on "know" and "dog", not on "what", "do", "you", "about", "my".
const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers
  herself him himself his how i if in into is it its itself just let me more most my myself no nor not now of off
  on once only or other our ours ourselves out over own please same she should so some such tell than that the
  their theirs them themselves then there these they this those through to too under until up very was we were
  what when where which while who whom why will with would you your yours yourself yourselves s t d ll m re ve`.split(
    /\s+/,
  ),
);

/** At most this many distinct terms are searched (a pasted document must not become a 10,000-way OR). */
export const MAX_QUERY_TERMS = 32;

/**
 * Distinct lower-cased terms of `query`, stopwords removed (kept when the query has nothing else).
 * @example queryTerms('What is my "favourite" colour?') // ['favourite', 'colour']
 */
export function queryTerms(query: string): string[] {
  const runs = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const distinct = [...new Set(runs)];
  const content = distinct.filter((term) => !STOPWORDS.has(term));
  return (content.length > 0 ? content : distinct).slice(0, MAX_QUERY_TERMS);
}

/**
 * One term as an FTS5 string literal (the term holds only letters and digits; quotes are doubled anyway).
 * @example ftsString('dog') // '"dog"'
 */
export function ftsString(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
