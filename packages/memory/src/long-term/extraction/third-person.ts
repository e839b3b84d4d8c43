/**
 * Rewrites a user's first-person clause in the third person, as AgentCore's extraction writes facts
 * ("pronouns resolved"): "I absolutely love tea" → "The user absolutely loves tea". It knows the few
 * grammar rules first-person statements need; it is not a parser.
 */

/** Adverbs that may stand between "I" and its verb. */
export const ADVERBS =
  'absolutely|really|truly|just|also|generally|usually|always|often|sometimes|never|still|actually|' +
  'definitely|totally|honestly|quite|mostly|especially|personally|currently|now|recently|sincerely|deeply|' +
  'simply|kind of|sort of|mainly|normally|typically|only|even|already|finally';

// biome-ignore format: a word list reads best packed
const IRREGULAR_PAST = new Set([
  'went', 'got', 'bought', 'made', 'saw', 'ate', 'drank', 'met', 'left', 'took', 'gave', 'came', 'became',
  'began', 'grew', 'knew', 'thought', 'told', 'said', 'found', 'felt', 'kept', 'lost', 'paid', 'sold', 'sent',
  'spent', 'won', 'wrote', 'ran', 'swam', 'flew', 'drove', 'rode', 'broke', 'chose', 'fell', 'forgot', 'heard',
  'held', 'built', 'taught', 'caught', 'brought', 'sang', 'sat', 'slept', 'spoke', 'stood', 'understood', 'wore',
  'did', 'had', 'was', 'were', 'used',
]);

const MODALS =
  /^(can|could|will|would|should|must|might|may|shall|can't|cannot|won't|wouldn't|couldn't|shouldn't|did|didn't|had|used)$/i;

/**
 * The third-person singular of a present-tense verb; past forms and modals are returned unchanged.
 * @example conjugate('love') // 'loves'
 * @example conjugate('moved') // 'moved'
 */
export function conjugate(verb: string): string {
  const lower = verb.toLowerCase();
  if (MODALS.test(lower) || IRREGULAR_PAST.has(lower) || /ed$/.test(lower)) return verb;
  if (lower === 'have') return 'has';
  if (lower === 'be' || lower === 'am') return 'is';
  if (lower === 'do') return 'does';
  if (lower === 'go') return 'goes';
  if (/(s|sh|ch|x|z|o)$/.test(lower)) return `${verb}es`;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

const APOSTROPHE = "['\u2019]";
type Replacer = (match: string, ...groups: string[]) => string;
const fixed =
  (text: string): Replacer =>
  () =>
    text;

const REPLACEMENTS: ReadonlyArray<readonly [RegExp, Replacer]> = [
  [new RegExp(`\\b[Ii]${APOSTROPHE}m\\b`, 'g'), fixed('the user is')],
  [/\b[Ii] am\b/g, fixed('the user is')],
  [/\b[Ii] was\b/g, fixed('the user was')],
  [new RegExp(`\\b[Ii]${APOSTROPHE}ve\\b`, 'g'), fixed('the user has')],
  [new RegExp(`\\b[Ii]${APOSTROPHE}d\\b`, 'g'), fixed('the user would')],
  [new RegExp(`\\b[Ii]${APOSTROPHE}ll\\b`, 'g'), fixed('the user will')],
  [new RegExp(`\\b[Ii] don${APOSTROPHE}t\\b`, 'g'), fixed("the user doesn't")],
  [/\b[Ii] do not\b/g, fixed('the user does not')],
  [
    new RegExp(`\\b[Ii]((?:\\s+(?:${ADVERBS}))*)\\s+([A-Za-z]+(?:${APOSTROPHE}t)?)\\b`, 'g'),
    (_match, adverbs, verb) => `the user${adverbs} ${conjugate(verb!)}`,
  ],
  [/(?<![\w'])[Ii](?![\w'])/g, fixed('the user')],
  [/\b[Mm]y\b/g, fixed("the user's")],
  [/\b[Mm]ine\b/g, fixed("the user's")],
  [/\b[Mm]yself\b/g, fixed('themselves')],
  [/\b[Mm]e\b/g, fixed('the user')],
];

/**
 * The clause in the third person, first letter capitalised, no trailing punctuation.
 * @example toThirdPerson('I absolutely love hot tea') // 'The user absolutely loves hot tea'
 * @example toThirdPerson("my favorite color is blue") // "The user's favorite color is blue"
 */
export function toThirdPerson(clause: string): string {
  let text = clause.trim().replace(/[.!;,\s]+$/, '');
  for (const [pattern, replacement] of REPLACEMENTS) text = text.replace(pattern, replacement);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Makes a fact sentence: third person, ending with a full stop.
 * @example factSentence('I live in Berlin') // 'The user lives in Berlin.'
 */
export function factSentence(clause: string): string {
  return `${toThirdPerson(clause)}.`;
}
