import { ToolError } from '../errors.js';

/** The stable ids of calculator errors. */
export type CalculatorErrorId =
  /** A construct the expression language of the calculator does not allow (property access, `import`...). */
  | 'CALCULATOR_REFUSED'
  /** A bound was hit: length, nesting, matrix size, power size, factorial size. */
  | 'CALCULATOR_LIMIT'
  /** The calculation ran past its wall-clock bound and was stopped. */
  | 'CALCULATOR_TIMEOUT'
  /** The call was cancelled (the agent's tool timeout, or the invocation ended). */
  | 'CALCULATOR_ABORTED'
  /** The expression could not be read. */
  | 'CALCULATOR_SYNTAX'
  /** A name that is neither a variable, a constant, a unit nor a function. */
  | 'CALCULATOR_UNKNOWN_NAME'
  /** The mathematics failed (dimension mismatch, singular matrix, wrong argument type...). */
  | 'CALCULATOR_MATH_ERROR'
  /** The worker thread (symbolic work, BigNumbers) could not start or stopped. */
  | 'CALCULATOR_UNAVAILABLE';

/**
 * Builds a calculator error: the message is what the model reads, so it names what was refused
 * and what would work, and never carries a stack trace.
 * @example throw calculatorError('CALCULATOR_REFUSED', 'Refused: property access ".constructor" is not allowed.')
 */
export function calculatorError(
  id: CalculatorErrorId,
  message: string,
  details: Record<string, unknown> = {},
): ToolError {
  const category = id === 'CALCULATOR_UNAVAILABLE' ? 'system' : 'user';
  return new ToolError({ id, category, details }, message);
}

/** True when the error is a calculator error with one of the ids. */
export function isCalculatorError(error: unknown, ...ids: CalculatorErrorId[]): error is ToolError {
  return error instanceof ToolError && (ids.length === 0 || ids.includes(error.id as CalculatorErrorId));
}

/** Formats an integer with thousands separators for messages ("10,000"). */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : String(value);
}
