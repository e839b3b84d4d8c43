import { z } from 'zod';
import { ToolError } from '../errors.js';

/** Bounds of the calculator. Each one, when hit, ends the call with an error naming it. */
export interface CalculatorOptions {
  /** Tool name. Default `calculator`. */
  name?: string;
  /** Longest expression, in characters. Default 1,000. */
  maxExpressionLength?: number;
  /** Deepest nesting of `(`, `[` and `{`. Default 50, at most 150 (mathjs' parser recurses per level). */
  maxNestingDepth?: number;
  /** Wall-clock bound of a numeric evaluation (checked between steps), in ms. Default 1,000. */
  timeoutMs?: number;
  /** Wall-clock bound of symbolic work (simplify, derive, exact solve) in a worker thread, in ms. Default 5,000. */
  symbolicTimeoutMs?: number;
  /** Most elements a matrix (an argument, a result, or one about to be created) may have. Default 2,500. */
  maxMatrixElements?: number;
  /** Most decimal digits the magnitude of a power (`a^b`, `exp(x)`) may have. Default 100,000. */
  maxPowerDigits?: number;
  /** Largest argument of `factorial`, `gamma`, and of the loops in `combinations`/`permutations`. Default 10,000. */
  maxFactorialArgument?: number;
}

/** The options with every default applied. */
export type CalculatorLimits = Required<CalculatorOptions>;

const positiveInt = (max: number) => z.number().int().min(1).max(max);

const optionsSchema = z.strictObject({
  name: z.string().optional(),
  maxExpressionLength: positiveInt(1_000_000).optional(),
  maxNestingDepth: positiveInt(150).optional(),
  timeoutMs: positiveInt(600_000).optional(),
  symbolicTimeoutMs: positiveInt(600_000).optional(),
  maxMatrixElements: positiveInt(1_000_000).optional(),
  maxPowerDigits: positiveInt(1_000_000_000).optional(),
  maxFactorialArgument: positiveInt(1_000_000).optional(),
});

/** The defaults: generous for people's arithmetic, tight enough that no call holds the event loop long. */
export const DEFAULT_CALCULATOR_LIMITS: Readonly<CalculatorLimits> = Object.freeze({
  name: 'calculator',
  maxExpressionLength: 1_000,
  maxNestingDepth: 50,
  timeoutMs: 1_000,
  symbolicTimeoutMs: 5_000,
  maxMatrixElements: 2_500,
  maxPowerDigits: 100_000,
  maxFactorialArgument: 10_000,
});

/**
 * Validates calculator options and fills in the defaults; a bad value throws naming the key.
 * @example resolveLimits({ timeoutMs: 500 }).maxExpressionLength // 1000
 */
export function resolveLimits(options: CalculatorOptions = {}): CalculatorLimits {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
      .join('; ');
    throw new ToolError(
      { id: 'CALCULATOR_OPTIONS_INVALID', category: 'config' },
      `Invalid calculator options: ${problems}.`,
    );
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_CALCULATOR_LIMITS, ...given };
}
