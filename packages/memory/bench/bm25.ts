/**
 * Plain BM25 (Okapi, k1 = 1.2, b = 0.75) over lower-cased letter/digit tokens: no stemming, no stop
 * words, no expansion. The baseline the benchmark compares against, computed in the same run.
 */
export class Bm25Index {
  readonly #docs: { id: string; terms: Map<string, number>; length: number }[] = [];
  readonly #df = new Map<string, number>();
  #totalLength = 0;

  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {}

  static tokenize(text: string): string[] {
    return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  }

  add(id: string, text: string): void {
    const tokens = Bm25Index.tokenize(text);
    const terms = new Map<string, number>();
    for (const token of tokens) terms.set(token, (terms.get(token) ?? 0) + 1);
    for (const term of terms.keys()) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    this.#docs.push({ id, terms, length: tokens.length });
    this.#totalLength += tokens.length;
  }

  /** The ids of the best `topK` documents, best first (ties: insertion order). */
  search(query: string, topK: number): string[] {
    const n = this.#docs.length;
    const average = this.#totalLength / Math.max(1, n);
    const queryTerms = [...new Set(Bm25Index.tokenize(query))];
    const scored: { id: string; score: number; index: number }[] = [];
    this.#docs.forEach((doc, index) => {
      let score = 0;
      for (const term of queryTerms) {
        const tf = doc.terms.get(term);
        if (!tf) continue;
        const df = this.#df.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * doc.length) / average));
      }
      if (score > 0) scored.push({ id: doc.id, score, index });
    });
    scored.sort((a, b) => b.score - a.score || a.index - b.index);
    return scored.slice(0, topK).map((entry) => entry.id);
  }
}
