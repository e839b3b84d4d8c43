import { describe, expect, it } from 'vitest';
import { ftsString, MAX_QUERY_TERMS, queryTerms } from '../../src/sqlite/query-terms.js';

describe('queryTerms', () => {
  it('keeps content words, lower-cased and distinct, without FTS5 syntax', () => {
    expect(queryTerms('What is my "favourite" COLOUR? colour!')).toEqual(['favourite', 'colour']);
    expect(queryTerms('NEAR(a b) OR c* AND ^d:e')).toEqual(['near', 'b', 'c', 'e']);
  });

  it('falls back to stopwords when nothing else is left, and to nothing for punctuation', () => {
    expect(queryTerms('who are you')).toEqual(['who', 'are', 'you']);
    expect(queryTerms('?!"*()')).toEqual([]);
  });

  it('caps the number of terms', () => {
    const many = Array.from({ length: 100 }, (_, index) => `word${index}`).join(' ');
    expect(queryTerms(many)).toHaveLength(MAX_QUERY_TERMS);
  });

  it('quotes terms as FTS5 strings', () => {
    expect(ftsString('dog')).toBe('"dog"');
    expect(ftsString('a"b')).toBe('"a""b"');
  });
});
