/**
 * The offline model's reading of first-person statements: "my favorite number is 42" is the fact
 * `favorite number` = `42`. It reads them from the conversation and from recalled memories.
 */
export interface StatedFact {
  subject: string;
  value: string;
}

const MY_X_IS_Y = /\bmy\s+((?:[a-z]+\s+){0,3}?[a-z]+)\s+(?:is|are|was)\s+([^.,;!?]+)/gi;
const MEMORY_X_IS_Y =
  /^(?:the user'?s?\s+|user'?s?\s+)?((?:[a-z]+\s+){0,3}?[a-z]+)\s+(?:is|are)\s+([^.,;!?]+)/i;

/** Facts stated as "my X is Y" in a text, in order. */
export function statedFacts(text: string): StatedFact[] {
  const facts: StatedFact[] = [];
  for (const match of text.matchAll(MY_X_IS_Y)) {
    facts.push({ subject: normalise(match[1]!), value: match[2]!.trim() });
  }
  return facts;
}

/** A fact in a memory line such as "Favorite number is 42" or "The user's favorite number is 42". */
export function memoryFact(line: string): StatedFact | undefined {
  const mine = statedFacts(line);
  if (mine.length > 0) return mine[0];
  const match = MEMORY_X_IS_Y.exec(line.trim());
  return match ? { subject: normalise(match[1]!), value: match[2]!.trim() } : undefined;
}

/** Replaces "my X" with the latest known value of X: "my favorite number times 5" → "42 times 5". */
export function substituteFacts(text: string, facts: StatedFact[]): string {
  let result = text;
  for (const fact of [...facts].reverse()) {
    const pattern = new RegExp(`\\b(?:my|your)\\s+${escapeRegExp(fact.subject)}\\b`, 'gi');
    result = result.replace(pattern, fact.value);
  }
  return result;
}

function normalise(subject: string): string {
  return subject
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^favourite\b/, 'favorite');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
