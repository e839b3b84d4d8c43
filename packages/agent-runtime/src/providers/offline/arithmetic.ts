/** Words people use for operators, as the calculator understands them. */
const OPERATOR_WORDS: Array<[RegExp, string]> = [
  [/\bmultiplied by\b/gi, '*'],
  [/\btimes\b/gi, '*'],
  [/\bdivided by\b/gi, '/'],
  [/\bover\b/gi, '/'],
  [/\bplus\b/gi, '+'],
  [/\bminus\b/gi, '-'],
  [/\bto the power of\b/gi, '^'],
  [/\bsquared\b/gi, '^2'],
  [/\bcubed\b/gi, '^3'],
  [/(\d)\s*[x×]\s*(?=\d)/g, '$1 * '],
  [/÷/g, '/'],
];

const EXPRESSION = /[-+(]*\s*\d[\d.,\s]*(?:\s*(?:[-+*/^%]|\*\*)\s*[-+(]*\s*\d[\d.,]*\s*\)*)+/g;

/**
 * Finds the arithmetic in a sentence: "What is 25 * 4 + 10?" gives `25 * 4 + 10`,
 * "42 multiplied by 5" gives `42 * 5`. Returns undefined when there is none.
 */
export function findArithmetic(sentence: string): string | undefined {
  let text = sentence;
  for (const [pattern, replacement] of OPERATOR_WORDS) text = text.replace(pattern, replacement);
  let best: string | undefined;
  for (const match of text.matchAll(EXPRESSION)) {
    const candidate = balance(
      match[0]
        .replace(/,(?=\d{3}\b)/g, '')
        .replace(/[,.\s]+$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    if (!best || candidate.length > best.length) best = candidate;
  }
  return best;
}

/** Drops unmatched parentheses at the ends of a captured expression. */
function balance(expression: string): string {
  let result = expression;
  const count = (char: string) => result.split(char).length - 1;
  while (count(')') > count('(') && result.endsWith(')')) result = result.slice(0, -1).trim();
  while (count('(') > count(')') && result.startsWith('(')) result = result.slice(1).trim();
  return result;
}
