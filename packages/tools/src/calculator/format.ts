import { calculatorError } from './calculator-error.js';
import type { RestrictedMath } from './math.js';
import { isBigNumber, isComplex, isFraction, isMatrix, isUnit } from './mathjs.js';

/** Significant digits shown for doubles unless asked otherwise: hides binary noise (0.1 + 0.2 gives 0.3). */
export const DEFAULT_NUMBER_DIGITS = 14;
/** Most significant digits a double can carry: asking for more needs BigNumbers. */
export const MAX_NUMBER_DIGITS = 17;

/**
 * Writes a result as plain text: `110`, `100.8 mm`, `[[-2, 1], [1.5, -0.5]]`, `1 + 2i`, `true`.
 * Integers that fit the significant digits are written in full; other numbers switch to
 * exponent notation past 1e21 (or past the BigNumber precision) and below 1e-9.
 * @example formatValue(numberMath(), 110, 14) // '110'
 */
export function formatValue(rm: RestrictedMath, value: unknown, digits: number): string {
  if (typeof value === 'boolean') return String(value);
  const numeric =
    typeof value === 'number' ||
    isBigNumber(value) ||
    isComplex(value) ||
    isUnit(value) ||
    isMatrix(value) ||
    Array.isArray(value) ||
    isFraction(value);
  if (!numeric) {
    throw calculatorError(
      'CALCULATOR_MATH_ERROR',
      `The result is a ${rm.math.typeOf(value)}, which the calculator cannot show; it gives numbers, units and matrices.`,
    );
  }
  return rm.math.format(value, {
    precision: digits,
    lowerExp: -9,
    upperExp: rm.numbers === 'number' ? 21 : Math.max(21, digits),
  });
}

/**
 * Writes a double for a message, such as a root: `2`, `-0.5`, `1.4142135623731`.
 * @example formatNumber(numberMath(), 0.1 + 0.2, 14) // '0.3'
 */
export function formatNumber(rm: RestrictedMath, value: number, digits: number): string {
  const text = rm.math.format(value, { precision: digits, lowerExp: -9, upperExp: 21 });
  return text === '-0' ? '0' : text;
}
