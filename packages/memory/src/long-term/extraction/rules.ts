import { categoriesOf } from './categories.js';
import { ADVERBS, factSentence } from './third-person.js';

/**
 * The offline reading of what a user says about themself: first-person statements of facts and
 * preferences. Deliberately conservative: questions, requests ("I'd like a coffee"), hypotheticals
 * ("if I lived in Rome") and clauses whose object is an unresolved pronoun ("I like that") give nothing.
 */

/** One thing the user said about themself. */
export interface Statement {
  kind: 'fact' | 'preference';
  /** Fact: a third-person sentence. Preference: the preference phrase ("Loves hot tea, especially Earl Grey"). */
  text: string;
  /** What it is about; a newer statement with the same key replaces the older. */
  key?: string;
  /** The user's own words. */
  source: string;
  /** Preference only: the normalised sentiment ("likes", "dislikes", "prefers") and its object. */
  sentiment?: string;
  object?: string;
  categories?: string[];
  /** The user withdrew it ("forget that ...", "I no longer live in ..."). */
  retract?: boolean;
  /** A preference that is also a fact about the user ("my favorite color is blue"): the fact sentence. */
  factText?: string;
}

const QUESTION_START =
  /^(what|who|whom|whose|where|when|why|how|which|do|does|did|is|are|am|was|were|can|could|would|will|should|shall|may|might|have|has|had|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|couldn't|shouldn't|tell me|guess)\b/i;
const HYPOTHETICAL = /^(if|unless|suppose|supposing|imagine|what if|when|whenever|once|maybe|perhaps)\b/i;
const REMEMBER =
  /^(?:(?:please|pls|hey|ok|okay|also|and)[,\s]+)*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?(?:remember|note|keep in mind|don't forget|do not forget)\b[,:\s]*(?:that\s+)?(.+)$/i;
const FORGET =
  /^(?:(?:please|pls|ok|okay)[,\s]+)*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?forget\s+(?:that\s+|about\s+)?(.+)$/i;
const PRONOUN_OBJECT = /^(it|them|that|this|those|these|you|him|her|so|one|too)\b/i;
// biome-ignore format: a word list reads best packed
const VAGUE_SUBJECTS = new Set([
  'question', 'problem', 'issue', 'point', 'guess', 'answer', 'bad', 'pleasure', 'turn', 'fault', 'mistake', 'concern',
  'request', 'task', 'job here', 'plan',
]);

const FAVORITE =
  /^my\s+(?:absolute\s+|all[- ]time\s+|very\s+)?(?:favou?rite|fav)\s+([a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)\s+(?:is|are|would be|has always been)\s+(.+)$/i;
const MY_X_IS = /^my\s+([a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)\s+(?:is|are)\s+(.+)$/i;
const LIVE =
  /^I(?:['\u2019]m| am)?\s+(?:currently\s+|now\s+|still\s+)?(?:live|living|reside|residing|stay|staying|based)\s+in\s+(.+)$/i;
const MOVED =
  /^I(?:['\u2019]ve| have)?\s+(?:just\s+|recently\s+|finally\s+)?(?:moved|relocated)\s+(?:from\s+(.+?)\s+)?to\s+(.+)$/i;
const NO_LONGER_LIVE = /^I\s+(?:no longer|don['\u2019]t|do not)\s+live\s+in\s+(.+?)(?:\s+anymore)?$/i;
const FROM = /^I(?:['\u2019]m| am| come)\s+(?:originally\s+)?from\s+(.+)$/i;
const WORK = /^I(?:['\u2019]m| am)?\s+(?:currently\s+|now\s+)?(?:work|working)\s+(at|for|as|in|on)\s+(.+)$/i;
const NAME = /^(?:call me|I['\u2019]m called|I am called|people call me)\s+(.+)$/i;
const ALLERGIC = /^I(?:['\u2019]m| am)\s+allergic\s+to\s+(.+)$/i;
const AGE = /^I(?:['\u2019]m| am)\s+(\d{1,3})(?:\s+years?\s+old)?$/i;
const IDENTITY = /^I(?:['\u2019]m| am)\s+(a|an)\s+(?!bit\b|little\b|lot\b)(.+)$/i;
const HAVE = /^I(?:\s+have|['\u2019]ve\s+got|\s+own)\s+(a|an|one|two|three|four|five|six|\d+)\s+(.+)$/i;
const HABIT =
  /^I\s+(?:usually|always|often|normally|typically|regularly|never|rarely|sometimes)\s+[a-z]+\s+\S.*$/i;
const FAN =
  /^I(?:['\u2019]m| am)\s+(?:a\s+(?:big\s+|huge\s+|real\s+)?fan\s+of|fond\s+of|into|crazy about|passionate about)\s+(.+)$/i;
const SENTIMENT = new RegExp(
  `^I((?:\\s+(?:${ADVERBS}))*)\\s+(love|like|enjoy|adore|prefer|hate|dislike|detest|loathe|` +
    `can['\u2019]t stand|cannot stand|don['\u2019]t like|do not like|don['\u2019]t enjoy|do not enjoy|` +
    `don['\u2019]t love|no longer like|no longer love|no longer enjoy|avoid)\\s+(.+)$`,
  'i',
);

const VERB_PHRASES: Record<string, [phrase: string, sentiment: string]> = {
  love: ['Loves', 'likes'],
  like: ['Likes', 'likes'],
  enjoy: ['Enjoys', 'likes'],
  adore: ['Adores', 'likes'],
  fan: ['Is a fan of', 'likes'],
  prefer: ['Prefers', 'prefers'],
  hate: ['Hates', 'dislikes'],
  dislike: ['Dislikes', 'dislikes'],
  detest: ['Detests', 'dislikes'],
  loathe: ['Loathes', 'dislikes'],
  avoid: ['Avoids', 'dislikes'],
  "can't stand": ['Cannot stand', 'dislikes'],
  "don't like": ['Does not like', 'dislikes'],
  "don't enjoy": ['Does not enjoy', 'dislikes'],
  "don't love": ['Does not love', 'dislikes'],
  'no longer like': ['No longer likes', 'dislikes'],
  'no longer love': ['No longer loves', 'dislikes'],
  'no longer enjoy': ['No longer enjoys', 'dislikes'],
};

/**
 * The statements of one user message, in order.
 * @example readStatements('I live in Paris and my favorite color is blue.').map((s) => s.text)
 * // ['The user lives in Paris.', "The user's favorite color is blue."]
 */
export function readStatements(message: string): Statement[] {
  const statements: Statement[] = [];
  for (const sentence of splitSentences(message)) {
    let text = sentence.replace(/^[\s"'“”]+|[\s"'“”]+$/g, '');
    const remember = REMEMBER.exec(text);
    const forget = remember ? null : FORGET.exec(text);
    if (remember) text = remember[1]!;
    else if (forget) text = forget[1]!;
    else if (text.endsWith('?') || QUESTION_START.test(text)) continue;
    text = text
      .replace(/[?.!;,\s]+$/, '')
      .replace(/\s+please$/i, '')
      .replace(
        /^(?:(?:and|also|so|but|oh|well|btw|by the way|actually|anyway|ok|okay|yes|yeah|no)\b[,\s]*)+/i,
        '',
      );
    if (HYPOTHETICAL.test(text) || text.length === 0) continue;

    const found: Statement[] = [];
    const resolved: string[] = [];
    let previousObject: string | undefined;
    for (const raw of splitClauses(text)) {
      const clause = resolvePronoun(raw, previousObject);
      resolved.push(clause);
      const statement = readClause(clause);
      if (statement) {
        found.push(statement);
        previousObject = statement.object ?? previousObject;
      }
    }
    if (forget) {
      for (const statement of found) statement.retract = true;
      if (found.length === 0 && /\b(I|my|me)\b/i.test(text)) {
        found.push({ kind: 'fact', text: factSentence(text), source: sentence, retract: true });
      }
    } else if (
      remember &&
      (found.length !== 1 || found[0]!.kind !== 'fact') &&
      /\b(I|my|me|I'm)\b/i.test(text)
    ) {
      // "Remember that ..." is an explicit request to keep the whole statement as a fact.
      found.push({ kind: 'fact', text: factSentence(resolved.join(', and ')), source: sentence });
    }
    statements.push(...found);
  }
  return statements;
}

/** Splits text into sentences, keeping the end mark (a `?` marks a question). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** Splits a sentence where a new first-person clause starts: "..., and I prefer ...". */
function splitClauses(sentence: string): string[] {
  return sentence
    .split(
      /\s*[,;]?\s+(?:and|but|so|while|plus)\s+(?=(?:I|my|My|I['\u2019]m|I['\u2019]ve)\b)|\s*;\s*|,\s+(?=(?:I|My)\s)/,
    )
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0);
}

/** "I prefer it with milk" after "I love hot tea" → "I prefer hot tea with milk". */
function resolvePronoun(clause: string, previousObject: string | undefined): string {
  if (!previousObject) return clause;
  return clause.replace(
    new RegExp(`^(I(?:\\s+(?:${ADVERBS}))*\\s+(?:\\S+\\s+){0,2}?)(it|them|those|these)\\b`, 'i'),
    (_match, head: string) => `${head}${previousObject}`,
  );
}

type ClauseRule = readonly [RegExp, (match: RegExpExecArray, clause: string) => Statement | undefined];

/** The clause rules, first match wins: specific shapes before the general "my X is Y" and "I am a ...". */
const CLAUSE_RULES: readonly ClauseRule[] = [
  [
    FAVORITE,
    (match, clause) => ({
      kind: 'preference',
      text: `Favorite ${match[1]} is ${match[2]}`,
      factText: `The user's favorite ${match[1]} is ${match[2]}.`,
      key: `favorite ${match[1]!.toLowerCase()}`,
      source: clause,
      sentiment: 'likes',
      object: match[2]!,
      categories: categoriesOf(`${match[1]} ${match[2]}`),
    }),
  ],
  [
    NO_LONGER_LIVE,
    (match, clause) => ({
      kind: 'fact',
      text: `The user lives in ${match[1]}.`,
      key: 'lives in',
      source: clause,
      retract: true,
    }),
  ],
  [
    MOVED,
    (match, clause) => {
      const from = match[1] ? ` (moved there from ${match[1]})` : '';
      return { kind: 'fact', text: `The user lives in ${match[2]}${from}.`, key: 'lives in', source: clause };
    },
  ],
  [
    LIVE,
    (match, clause) => ({
      kind: 'fact',
      text: `The user lives in ${match[1]}.`,
      key: 'lives in',
      source: clause,
    }),
  ],
  [FROM, (_match, clause) => fact(clause, 'from')],
  [
    WORK,
    (match, clause) => {
      const preposition = match[1]!.toLowerCase();
      return fact(
        clause,
        preposition === 'for' || preposition === 'at' ? 'works at' : `works ${preposition}`,
      );
    },
  ],
  [
    NAME,
    (match, clause) => ({
      kind: 'fact',
      text: `The user's name is ${match[1]}.`,
      key: 'my name',
      source: clause,
    }),
  ],
  [ALLERGIC, (match, clause) => fact(clause, `allergic to ${match[1]!.toLowerCase()}`)],
  [
    AGE,
    (match, clause) => ({
      kind: 'fact',
      text: `The user is ${match[1]} years old.`,
      key: 'age',
      source: clause,
    }),
  ],
  [FAN, (match, clause) => preference(clause, 'fan', match[1]!)],
  [
    SENTIMENT,
    (match, clause) => {
      const verb = match[2]!
        .toLowerCase()
        .replace(/\u2019/g, "'")
        .replace('do not', "don't")
        .replace('cannot', "can't");
      return preference(clause, verb, match[3]!);
    },
  ],
  [
    MY_X_IS,
    (match, clause) => {
      const subject = match[1]!.toLowerCase();
      return VAGUE_SUBJECTS.has(subject) ? undefined : fact(clause, `my ${subject}`);
    },
  ],
  [IDENTITY, (_match, clause) => fact(clause)],
  [HABIT, (_match, clause) => fact(clause)],
  [
    HAVE,
    (match, clause) =>
      /^(question|problem|issue|idea|meeting|call|minute|moment|second|headache|cold|few|couple|lot)\b/i.test(
        match[2]!,
      )
        ? undefined
        : fact(clause),
  ],
];

/** Time words at the end of a clause say when, not what: "to Berlin last month" → "to Berlin". */
const TRAILING_TIME =
  /(?:\s+(?:anymore|any more|these days|nowadays|now|today|yesterday|recently|lately|at the moment|(?:last|this|next)\s+(?:week|month|year|summer|winter|spring|autumn|fall|weekend)|(?:a|one|two|three|few|\d+)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?)\s+ago))+$/i;

function readClause(raw: string): Statement | undefined {
  const clause = raw.replace(TRAILING_TIME, '');
  for (const [pattern, build] of CLAUSE_RULES) {
    const match = pattern.exec(clause);
    if (match) return build(match, clause);
  }
  return undefined;
}

function fact(clause: string, key?: string): Statement {
  const statement: Statement = { kind: 'fact', text: factSentence(clause), source: clause };
  if (key) statement.key = key;
  return statement;
}

function preference(clause: string, verb: string, rawObject: string): Statement | undefined {
  const object = rawObject.trim();
  if (PRONOUN_OBJECT.test(object) || object.length < 2) return undefined;
  const [phrase, sentiment] = VERB_PHRASES[verb] ?? ['Likes', 'likes'];
  const head = objectHead(object);
  return {
    kind: 'preference',
    text: `${phrase} ${object}`,
    key: `${sentiment === 'prefers' ? 'prefers' : 'feels about'} ${head.toLowerCase()}`,
    source: clause,
    sentiment,
    object: head,
    categories: categoriesOf(object),
  };
}

/** The object without its qualifiers: "hot tea, especially Earl Grey" → "hot tea". */
function objectHead(object: string): string {
  const head = object.split(
    /,|\s+(?:especially|particularly|with|without|in the|when|because|but|for|over|more than|than|rather than|instead of|on|at)\s+/i,
  )[0];
  return (head ?? object).trim() || object;
}
