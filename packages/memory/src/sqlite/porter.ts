/**
 * The tokens FTS5 indexes a record's text as, computed in JavaScript: `unicode61 remove_diacritics 2` (letters,
 * digits and private-use characters, lower-cased, accents removed), then the Porter stemmer as SQLite's FTS5
 * implements it (Porter's 1980 algorithm with the later `logi` and `bli` rules; `y` is a vowel after a
 * consonant; tokens shorter than 3 or longer than 64 bytes are kept as they are). Retrieval uses it to read term
 * frequencies and lengths from the few records it ranks, without another trip through FTS5. A test holds it to
 * FTS5's own output. One known difference: FTS5's character tables predate recent emoji, which it then keeps
 * inside tokens (`a🧘b` is one token there, three characters apart here); only record lengths can differ by it.
 */

const MAX_TOKEN_BYTES = 64;

function isVowel(word: string, index: number, yIsVowel: boolean): boolean {
  const c = word.charCodeAt(index);
  // a e i o u, and y when the caller says so.
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || (yIsVowel && c === 121);
}

/** The index just past the first vowel-consonant sequence of `word[start, end)`, or 0 when there is none. */
function pastVowelConsonant(word: string, start: number, end: number, previousConsonant: boolean): number {
  let consonant = previousConsonant;
  let index = start;
  for (; index < end; index++) {
    consonant = !isVowel(word, index, consonant);
    if (!consonant) break;
  }
  for (index++; index < end; index++) {
    consonant = !isVowel(word, index, consonant);
    if (consonant) return index + 1;
  }
  return 0;
}

/** Porter's measure of `word[0, end)` compared with 1: -1 for m = 0, 0 for m = 1, 1 for m > 1. */
function measure(word: string, end: number): -1 | 0 | 1 {
  const first = pastVowelConsonant(word, 0, end, false);
  if (first === 0) return -1;
  return pastVowelConsonant(word, first, end, true) === 0 ? 0 : 1;
}

function hasVowel(word: string, end: number): boolean {
  for (let index = 0; index < end; index++) if (isVowel(word, index, index > 0)) return true;
  return false;
}

/** Porter's `*o`: the stem ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(word: string, end: number): boolean {
  const last = word[end - 1];
  if (last === 'w' || last === 'x' || last === 'y') return false;
  let consonant = false;
  let pattern = 0;
  for (let index = 0; index < end; index++) {
    consonant = !isVowel(word, index, consonant);
    pattern = ((pattern << 1) | (consonant ? 1 : 0)) & 7;
  }
  return pattern === 5;
}

type Condition = (word: string, end: number) => boolean;
const mAbove0: Condition = (word, end) => measure(word, end) >= 0;
const mAbove1: Condition = (word, end) => measure(word, end) === 1;
const mAbove1EndsST: Condition = (word, end) =>
  (word[end - 1] === 's' || word[end - 1] === 't') && mAbove1(word, end);

/** [suffix, replacement]: within a step, the first suffix the word ends with (and is longer than) decides. */
type Rule = readonly [suffix: string, replacement: string];

const STEP_2: readonly Rule[] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['logi', 'log'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
];

const STEP_3: readonly Rule[] = [
  ['ical', 'ic'],
  ['ness', ''],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ful', ''],
  ['ative', ''],
  ['alize', 'al'],
];

const STEP_4: readonly string[] = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

/** Applies the first rule whose suffix ends `word` (suffixes sharing their second-to-last letter compete). */
function applyRules(word: string, rules: readonly Rule[], condition: Condition): string {
  for (const [suffix, replacement] of rules) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      const stem = word.length - suffix.length;
      return condition(word, stem) ? word.slice(0, stem) + replacement : word;
    }
  }
  return word;
}

function step1(input: string): string {
  let word = input;
  const n = word.length;
  if (word[n - 1] === 's') {
    if (word[n - 2] === 'e') {
      word =
        (n > 4 && word.endsWith('sses')) || (n > 3 && word[n - 3] === 'i')
          ? word.slice(0, -2)
          : word.slice(0, -1);
    } else if (word[n - 2] !== 's') {
      word = word.slice(0, -1);
    }
  }
  let removed = false;
  if (word.length > 3 && word.endsWith('eed')) {
    if (mAbove0(word, word.length - 3)) word = word.slice(0, -1);
  } else if (word.length > 2 && word.endsWith('ed')) {
    if (hasVowel(word, word.length - 2)) {
      word = word.slice(0, -2);
      removed = true;
    }
  } else if (word.length > 3 && word.endsWith('ing')) {
    if (hasVowel(word, word.length - 3)) {
      word = word.slice(0, -3);
      removed = true;
    }
  }
  if (removed) {
    const m = word.length;
    if (m > 2 && (word.endsWith('at') || word.endsWith('bl') || word.endsWith('iz'))) {
      word += 'e';
    } else {
      const last = word[m - 1]!;
      if (
        !isVowel(word, m - 1, false) &&
        last !== 'l' &&
        last !== 's' &&
        last !== 'z' &&
        last === word[m - 2]
      ) {
        word = word.slice(0, -1);
      } else if (measure(word, m) === 0 && endsCvc(word, m)) {
        word += 'e';
      }
    }
  }
  if (word.endsWith('y') && hasVowel(word, word.length - 1)) word = `${word.slice(0, -1)}i`;
  return word;
}

function step4(word: string): string {
  for (const suffix of STEP_4) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      const stem = word.length - suffix.length;
      const condition = suffix === 'ion' ? mAbove1EndsST : mAbove1;
      return condition(word, stem) ? word.slice(0, stem) : word;
    }
  }
  return word;
}

function step5(input: string): string {
  let word = input;
  if (word.endsWith('e')) {
    const stem = word.length - 1;
    const m = measure(word, stem);
    if (m === 1 || (m === 0 && !endsCvc(word, stem))) word = word.slice(0, stem);
  }
  if (word.length > 1 && word.endsWith('ll') && mAbove1(word, word.length - 1)) word = word.slice(0, -1);
  return word;
}

/**
 * The Porter stem of one lower-cased, accent-free token, as FTS5's `porter` tokenizer makes it.
 * @example porterStem('likes') // 'like'; porterStem('running') // 'run'
 */
export function porterStem(token: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, on purpose.
  if (/^[\u0000-\u007f]*$/.test(token)) {
    return token.length < 3 || token.length > MAX_TOKEN_BYTES ? token : stemBytes(token);
  }
  // FTS5 stems UTF-8 bytes: a character outside ASCII counts as one consonant per byte. Each byte becomes one
  // character (above ASCII, so never a vowel), the steps run, and the bytes are put back; steps only ever remove
  // or add ASCII letters at the end, so no character is cut.
  const bytes = Buffer.from(token, 'utf8');
  if (bytes.length < 3 || bytes.length > MAX_TOKEN_BYTES) return token;
  const stemmed = stemBytes(String.fromCharCode(...bytes.map((byte) => (byte < 128 ? byte : 0x100 + byte))));
  return Buffer.from(Array.from(stemmed, (char) => char.charCodeAt(0) & 0xff)).toString('utf8');
}

function stemBytes(token: string): string {
  let word = step1(token);
  word = applyRules(word, STEP_2, mAbove0);
  word = applyRules(word, STEP_3, mAbove0);
  word = step4(word);
  return step5(word);
}

const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
const MARKS = /\p{M}+/gu;
// remove_diacritics folds Latin letters only (Greek `ά` keeps its accent); lone combining marks are dropped.
const LATIN_WITH_MARKS = /[\u00c0-\u024f\u1e00-\u1eff]/g;

function foldLatin(char: string): string {
  return char.normalize('NFD').replace(MARKS, '');
}

/**
 * The tokens of `text` as FTS5 indexes it with `porter unicode61 remove_diacritics 2`.
 * @example ftsTokens('She LIKES cafés') // ['she', 'like', 'cafe']
 */
export function ftsTokens(text: string): string[] {
  const folded = text.toLowerCase().replace(LATIN_WITH_MARKS, foldLatin).replace(MARKS, '');
  const tokens = folded.match(TOKEN) ?? [];
  return tokens.map(cachedStem);
}

const stemCache = new Map<string, string>();

function cachedStem(token: string): string {
  let stem = stemCache.get(token);
  if (stem === undefined) {
    stem = porterStem(token);
    // A bounded cache: a vocabulary of ordinary text fits many times over.
    if (stemCache.size >= 100_000) stemCache.clear();
    stemCache.set(token, stem);
  }
  return stem;
}
