import type { ToolContext } from '@agentcore-ts/agent-runtime';
import type { MathNode } from 'mathjs';
import { ToolError } from '../errors.js';
import type { CalculatorInput } from './calculator.js';
import { calculatorError, isCalculatorError } from './calculator-error.js';
import { DEFAULT_NUMBER_DIGITS, formatValue, MAX_NUMBER_DIGITS } from './format.js';
import { evaluateTree } from './interpret.js';
import type { CalculatorLimits } from './limits.js';
import { isCallable, numberMath, type RestrictedMath } from './math.js';
import { runInWorker } from './math-worker.js';
import { isOperatorNode } from './mathjs.js';
import { solveEquation, splitEquation } from './solve.js';
import { isReservedName, readExpression } from './validate.js';

// The calculator's work, loaded on its first call (see `calculator.ts`): mathjs (see `mathjs.ts`) is not loaded at
// start-up for a tool the agent may never call.

/** Significant digits of BigNumber results unless `precision` says otherwise (mathjs' default). */
const DEFAULT_BIG_DIGITS = 64;

/**
 * Runs one validated calculator call.
 * @example await calculate({ expression: '25 * 4 + 10' }, resolveLimits(), context) // '110'
 */
export async function calculate(
  input: CalculatorInput,
  limits: CalculatorLimits,
  context: ToolContext,
): Promise<string> {
  const values = checkVariables(input.variables ?? {});
  const mode = input.mode ?? 'evaluate';
  if (mode === 'evaluate' || mode === 'matrix') return evaluate(input, values, limits, context.signal);
  const rm = numberMath();
  const digits = Math.min(input.precision ?? DEFAULT_NUMBER_DIGITS, MAX_NUMBER_DIGITS);
  const target = chosenVariable(input);
  const others = (name: string | undefined) =>
    Object.fromEntries(Object.entries(values).filter(([key]) => key !== name));
  const symbolic = { timeoutMs: limits.symbolicTimeoutMs, signal: context.signal };
  if (mode === 'simplify') {
    readExpression(rm, input.expression, limits, { variables: new Set(Object.keys(values)), symbolic: true });
    return runInWorker({ op: 'simplify', expression: input.expression, scope: values }, symbolic);
  }
  if (mode === 'derive') {
    // Every name is a symbol here; a value given for the variable is the point to evaluate at.
    const { symbols } = readExpression(rm, input.expression, limits, {
      variables: new Set(),
      symbolic: true,
    });
    const unknowns = symbols.filter((name) => !Object.hasOwn(values, name));
    const variable =
      target ?? onlyUnknown(unknowns.length === 0 ? symbols : unknowns, 'differentiate by', 'wrt');
    const derivative = await runInWorker(
      {
        op: 'derive',
        expression: input.expression,
        variable,
        order: input.order ?? 1,
        scope: others(variable),
      },
      symbolic,
    );
    if (!Object.hasOwn(values, variable)) return derivative;
    const point = values[variable];
    const atPoint = valueAtPoint(rm, derivative, values, limits, digits, context.signal);
    return atPoint === undefined ? derivative : `${derivative} (at ${variable} = ${point}: ${atPoint})`;
  }
  const { equation, symbols } = readEquation(
    rm,
    input.expression,
    limits,
    new Set(Object.keys(others(target))),
  );
  const variable = target ?? onlyUnknown(symbols, 'solve for', 'variable');
  const rest = symbols.filter((name) => name !== variable);
  if (!symbols.includes(variable)) {
    throw calculatorError(
      'CALCULATOR_REFUSED',
      `Cannot solve for "${variable}": it does not appear in the equation.`,
    );
  }
  if (rest.length > 0) {
    throw calculatorError(
      'CALCULATOR_UNKNOWN_NAME',
      `Solving handles one unknown: give values for ${rest.map((name) => `"${name}"`).join(', ')} in "variables", ` +
        `or say which one to solve for with "variable".`,
    );
  }
  return solveEquation({
    rm,
    limits,
    equation,
    variable,
    values: others(variable),
    digits,
    signal: context.signal,
  });
}

async function evaluate(
  input: CalculatorInput,
  values: Record<string, number>,
  limits: CalculatorLimits,
  signal: AbortSignal,
): Promise<string> {
  const big = input.bignumber ?? (input.precision !== undefined && input.precision > MAX_NUMBER_DIGITS);
  const rm = numberMath();
  const scope = new Map<string, unknown>(Object.entries(values));
  const { node } = readExpression(rm, input.expression, limits, {
    variables: new Set(scope.keys()),
    symbolic: false,
  });
  const run = () =>
    evaluateTree(node, { rm, limits, scope, deadline: performance.now() + limits.timeoutMs, signal });
  if (!big)
    return formatValue(rm, run(), Math.min(input.precision ?? DEFAULT_NUMBER_DIGITS, MAX_NUMBER_DIGITS));
  // Doubles first: their guards name what is too large (a power, a factorial, a matrix) before the
  // BigNumbers run in the worker thread, where only the clock bounds them. A failure that only
  // doubles have (such as round(x, 20)) is left for the BigNumbers to decide.
  try {
    run();
  } catch (error) {
    if (!isCalculatorError(error, 'CALCULATOR_MATH_ERROR')) throw error;
  }
  const digits = input.precision ?? DEFAULT_BIG_DIGITS;
  // Guard digits, rounded up so that the worker keeps only a few BigNumber configurations.
  const precision = Math.ceil((digits + 8) / 32) * 32;
  return runInWorker(
    { op: 'evaluate', expression: input.expression, scope: values, precision, digits },
    { timeoutMs: limits.timeoutMs, signal },
  );
}

/** Reads `lhs = rhs` (or `lhs == rhs`, or `f` meaning `f = 0`) as the tree of `lhs - rhs`. */
function readEquation(
  rm: RestrictedMath,
  expression: string,
  limits: CalculatorLimits,
  variables: ReadonlySet<string>,
): { equation: MathNode; symbols: string[] } {
  const rules = { variables, symbolic: true };
  const sides = splitEquation(expression);
  const { math } = rm;
  const difference = (lhs: MathNode, rhs: MathNode) =>
    new math.OperatorNode('-', 'subtract', [new math.ParenthesisNode(lhs), new math.ParenthesisNode(rhs)]);
  if (sides) {
    const lhs = readExpression(rm, sides.lhs, limits, rules);
    const rhs = readExpression(rm, sides.rhs, limits, rules);
    const symbols = [...new Set([...lhs.symbols, ...rhs.symbols])];
    return { equation: difference(lhs.node, rhs.node), symbols };
  }
  const { node, symbols } = readExpression(rm, expression, limits, rules);
  if (isOperatorNode(node) && node.fn === 'equal' && node.args.length === 2) {
    return { equation: difference(node.args[0] as MathNode, node.args[1] as MathNode), symbols };
  }
  return { equation: node, symbols };
}

function valueAtPoint(
  rm: RestrictedMath,
  expression: string,
  values: Record<string, number>,
  limits: CalculatorLimits,
  digits: number,
  signal: AbortSignal,
): string | undefined {
  try {
    const relaxed = { ...limits, maxExpressionLength: Number.MAX_SAFE_INTEGER };
    const scope = new Map<string, unknown>(Object.entries(values));
    const { node } = readExpression(rm, expression, relaxed, {
      variables: new Set(scope.keys()),
      symbolic: false,
    });
    const deadline = performance.now() + limits.timeoutMs;
    return formatValue(rm, evaluateTree(node, { rm, limits, scope, deadline, signal }), digits);
  } catch {
    // The derivative still has names without values (a partial derivative): the formula is the answer.
    return undefined;
  }
}

function chosenVariable(input: CalculatorInput): string | undefined {
  if (input.wrt && input.variable && input.wrt !== input.variable) {
    throw new ToolError(
      { id: 'TOOL_INPUT_INVALID', category: 'user' },
      `"wrt" ("${input.wrt}") and "variable" ("${input.variable}") disagree; give one of them.`,
    );
  }
  const name = input.wrt ?? input.variable;
  if (name !== undefined && isReservedName(name)) {
    throw calculatorError('CALCULATOR_REFUSED', `Refused: the name "${name}" is reserved.`);
  }
  return name;
}

function onlyUnknown(symbols: string[], action: string, field: string): string {
  if (symbols.length === 1) return symbols[0] as string;
  const found = symbols.length === 0 ? 'the expression has no unknown' : `found ${symbols.join(', ')}`;
  throw calculatorError(
    'CALCULATOR_UNKNOWN_NAME',
    `Say which variable to ${action} with "${field}" (${found}).`,
  );
}

function checkVariables(values: Record<string, number>): Record<string, number> {
  for (const name of Object.keys(values)) {
    if (isReservedName(name) || isCallable(name)) {
      throw calculatorError(
        'CALCULATOR_REFUSED',
        `Refused: "${name}" cannot be a variable name${isCallable(name) ? ': it is a function' : ''}.`,
      );
    }
  }
  return values;
}
