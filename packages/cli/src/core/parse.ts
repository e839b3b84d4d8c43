import { InvalidArgumentError } from 'commander';

/**
 * Splits a comma-separated flag value, trimming blanks (`a, b,,c` → `['a','b','c']`).
 * @example parseList('semantic,summary'); // ['semantic', 'summary']
 */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * A commander argument parser for a whole number in a range; a bad value is a usage error naming the range.
 * @example new Option('--port <n>').argParser(intInRange(0, 65535));
 */
export function intInRange(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

/**
 * A commander argument parser accepting one of `choices`.
 * @example new Option('--memory <mode>').argParser(oneOf(['none', 'short-term']));
 */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    }
    return value as T;
  };
}

/**
 * Parses `K:V,K2:V2` (or `K=V` pairs with `separator` '='); a value may contain the separator after the first.
 * @example parsePairs('X-Tenant:acme,X-Env:dev', ':'); // { 'X-Tenant': 'acme', 'X-Env': 'dev' }
 */
export function parsePairs(value: string, separator: ':' | '='): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of parseList(value)) {
    const at = item.indexOf(separator);
    if (at <= 0)
      throw new InvalidArgumentError(
        `expected NAME${separator}VALUE pairs separated by commas, got "${item}"`,
      );
    pairs[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return pairs;
}
