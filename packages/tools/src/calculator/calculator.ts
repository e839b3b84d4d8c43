import { z } from 'zod';
import { type DefinedTool, defineTool } from '../define-tool.js';
import { type CalculatorLimits, type CalculatorOptions, resolveLimits } from './limits.js';

/** What the calculator can do with an expression. `matrix` is `evaluate` (kept for Strands users). */
export const CALCULATOR_MODES = ['evaluate', 'simplify', 'derive', 'solve', 'matrix'] as const;
/** Most significant digits a result may ask for. */
export const MAX_PRECISION = 256;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function calculatorInput(limits: CalculatorLimits) {
  const name = z.string().regex(NAME, { error: 'must be a name such as x or rate_2' });
  return z.strictObject({
    expression: z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(limits.maxExpressionLength, {
        error: `Refused: the expression is longer than ${limits.maxExpressionLength} characters (maxExpressionLength)`,
      })
      .describe(
        'The expression, e.g. "25 * 4 + 10", "sqrt(2) * sin(pi / 4)", "5 cm + 2 inch to mm", "x^2 - 4 = 0".',
      ),
    mode: z
      .enum(CALCULATOR_MODES)
      .optional()
      .describe(
        'evaluate (default): the value. simplify: a simpler equivalent. derive: the derivative by `wrt`. ' +
          'solve: the solutions of one equation in one unknown. matrix: same as evaluate.',
      ),
    precision: z
      .number()
      .int()
      .min(1)
      .max(MAX_PRECISION)
      .optional()
      .describe('Significant digits of the result (default 14). Above 17, BigNumbers are used.'),
    variables: z
      .record(name, z.number())
      .optional()
      .describe('Values of names used in the expression, e.g. {"r": 2}.'),
    wrt: name.optional().describe('The variable to differentiate by (derive) or solve for (solve).'),
    variable: name.optional().describe('Same as `wrt`.'),
    order: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe('Order of the derivative (derive; default 1).'),
    bignumber: z
      .boolean()
      .optional()
      .describe('Compute with arbitrary-precision decimals (e.g. 2^200 in full); precision sets the digits.'),
  });
}

/** A calculator call's input, validated. */
export type CalculatorInput = z.output<ReturnType<typeof calculatorInput>>;

const DESCRIPTION =
  'A calculator. Evaluates math expressions and returns the result as text: arithmetic, functions (sqrt, ' +
  'sin, log, factorial, gcd, mean, ...), units ("5 cm + 2 inch to mm"), complex numbers, and matrices ' +
  '("det([[1, 2], [3, 4]])", inv, transpose, multiplication). Other modes simplify an expression, ' +
  'differentiate it (derive, with `wrt`), or solve one equation in one unknown ("x^2 - 4 = 0": exact up to ' +
  'degree 2, numeric otherwise). Give values to names with `variables`. Only math is allowed: no ' +
  'assignments, strings, property access or function definitions.';

/**
 * Creates the calculator tool with its own bounds (see `CalculatorOptions`).
 * @example
 * const calculator = createCalculator({ timeoutMs: 250 });
 * await calculator.invoke({ expression: '25 * 4 + 10' }, context); // '110'
 */
export function createCalculator(
  options: CalculatorOptions = {},
): DefinedTool<ReturnType<typeof calculatorInput>> {
  const limits = resolveLimits(options);
  return defineTool({
    name: limits.name,
    description: DESCRIPTION,
    input: calculatorInput(limits),
    // mathjs loads on the first call, not at start-up.
    run: async (input, context) => (await import('./calculate.js')).calculate(input, limits, context),
  });
}

/**
 * The calculator with default bounds: `{ "expression": "25 * 4 + 10" }` gives `"110"`.
 * @example new Agent({ model: offlineModel(), tools: [calculator] })
 */
export const calculator = createCalculator();
