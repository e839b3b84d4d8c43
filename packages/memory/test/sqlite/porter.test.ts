import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsTokens, porterStem } from '../../src/sqlite/porter.js';

/** What FTS5 itself makes of each text, with the records table's tokenizer. */
function fts5Tokens(texts: readonly string[]): string[][] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE v USING fts5vocab (t, instance);`);
  const insert = db.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)');
  for (const [index, text] of texts.entries()) insert.run(index + 1, text);
  const out = texts.map((): string[] => []);
  for (const row of db.prepare('SELECT term, doc FROM v ORDER BY doc, offset').all() as {
    term: string;
    doc: number;
  }[]) {
    out[row.doc - 1]!.push(row.term);
  }
  db.close();
  return out;
}

// Porter's published vocabulary samples for every step, and words that exercise its conditions.
const WORDS = `caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized
  hopping tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci
  hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator
  feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize
  electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible
  irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective
  bowdlerize probate rate cease controll roll generalizations oscillators analogy archaeology biology possibly
  trying played eyes dyed yell yelling sky's don't it's we'll a an is as us bus yes ay oy uy y yy ying eed`;

describe('ftsTokens', () => {
  it('stems every word as FTS5 porter does', () => {
    const words = WORDS.split(/\s+/).filter(Boolean);
    expect(words.map((word) => ftsTokens(word))).toEqual(fts5Tokens(words));
  });

  it('splits, folds and stems sentences as FTS5 unicode61 does, Latin accents removed, others kept', () => {
    const texts = [
      'The user LIKES green tea, and she lives in Paris since 2019!',
      'Größe naïve café Ærø ŒUVRE façade São Paulo',
      '日本語 テスト привет мир ελληνικά',
      'x\u0301y e\u0301cole',
      'Melanie on 6 July 2023: Glad you have support! [shared a photo] (replying to Caroline: thanks.)',
      'über-élégant crème-brûlée fiancée résumé',
    ];
    expect(texts.map((text) => ftsTokens(text))).toEqual(fts5Tokens(texts));
  });

  it('leaves tokens under 3 or over 64 bytes alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('s'.repeat(65))).toBe('s'.repeat(65));
    expect(porterStem('running')).toBe('run');
  });
});
