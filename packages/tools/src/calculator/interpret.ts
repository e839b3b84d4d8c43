import type { MathNode } from 'mathjs';
import { calculatorError, isCalculatorError } from './calculator-error.js';
import { guardCall, guardRange, guardResult } from './guards.js';
import type { CalculatorLimits } from './limits.js';
import { CONSTANT_NAMES, OPERATOR_FUNCTIONS, type RestrictedMath } from './math.js';
import {
  isArrayNode,
  isBigNumber,
  isComplex,
  isConditionalNode,
  isConstantNode,
  isFunctionNode,
  isOperatorNode,
  isParenthesisNode,
  isRangeNode,
  isRelationalNode,
  isSymbolNode,
  isUnit,
} from './mathjs.js';

/** What one evaluation runs with. */
export interface Evaluation {
  rm: RestrictedMath;
  limits: CalculatorLimits;
  /** Values of the caller's variables (and of the unknown, while solving numerically). */
  scope: ReadonlyMap<string, unknown>;
  /** `performance.now()` after which the evaluation stops. */
  deadline: number;
  signal?: AbortSignal;
}

/**
 * Evaluates a tree that passed `checkTree`, calling mathjs one function at a time. mathjs' own
 * `evaluate` is never given user input: this walk is what lets every call be guarded (sizes,
 * powers, factorials) and the clock be checked between calls.
 * @example evaluateTree(readExpression(rm, '25 * 4 + 10', limits, rules).node, evaluation) // 110
 */
export function evaluateTree(node: MathNode, env: Evaluation): unknown {
  tick(env);
  if (isConstantNode(node)) return node.value;
  if (isParenthesisNode(node)) return evaluateTree(node.content, env);
  if (isSymbolNode(node)) return symbolValue(node.name, env);
  if (isOperatorNode(node)) {
    const name = OPERATOR_FUNCTIONS[node.fn];
    if (!name)
      throw calculatorError('CALCULATOR_REFUSED', `Refused: the operator "${node.op}" is not allowed.`);
    return call(
      env,
      name,
      node.args.map((arg) => evaluateTree(arg, env)),
    );
  }
  if (isFunctionNode(node) && isSymbolNode(node.fn)) {
    const name = node.fn.name;
    return call(
      env,
      name,
      node.args.map((arg) => evaluateTree(arg, env)),
    );
  }
  if (isArrayNode(node)) {
    return call(env, 'matrix', [node.items.map((item) => evaluateTree(item, env))]);
  }
  if (isRangeNode(node)) {
    const start = evaluateTree(node.start, env);
    const end = evaluateTree(node.end, env);
    const step = node.step ? evaluateTree(node.step, env) : undefined;
    guardRange(env.rm.math, env.limits, start, end, step);
    return call(env, 'range', step === undefined ? [start, end] : [start, end, step]);
  }
  if (isConditionalNode(node)) {
    return truthy(evaluateTree(node.condition, env))
      ? evaluateTree(node.trueExpr, env)
      : evaluateTree(node.falseExpr, env);
  }
  if (isRelationalNode(node)) {
    let left = evaluateTree(node.params[0] as MathNode, env);
    for (const [index, relation] of node.conditionals.entries()) {
      const right = evaluateTree(node.params[index + 1] as MathNode, env);
      const holds = call(env, relation, [left, right]);
      if (typeof holds !== 'boolean') {
        throw calculatorError(
          'CALCULATOR_REFUSED',
          'Refused: chained comparisons (a < b < c) take single values.',
        );
      }
      if (!holds) return false;
      left = right;
    }
    return true;
  }
  throw calculatorError(
    'CALCULATOR_REFUSED',
    `Refused: "${node.type}" is not allowed in calculator expressions.`,
  );
}

function call(env: Evaluation, name: string, args: unknown[]): unknown {
  guardCall(env.rm.math, env.limits, name, args);
  let result: unknown;
  try {
    result = env.rm.fn(name)(...args);
  } catch (error) {
    if (isCalculatorError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw calculatorError('CALCULATOR_MATH_ERROR', `Could not calculate ${name}(...): ${reason}`, {
      function: name,
    });
  }
  guardResult(env.limits, name, result);
  return result;
}

function symbolValue(name: string, env: Evaluation): unknown {
  if (env.scope.has(name)) return env.scope.get(name);
  if (CONSTANT_NAMES.has(name)) return (env.rm.math as unknown as Record<string, unknown>)[name];
  if (env.rm.math.Unit.isValuelessUnit(name)) return env.rm.math.unit(name);
  throw calculatorError('CALCULATOR_UNKNOWN_NAME', `Unknown name "${name}": give it a value in "variables".`);
}

function tick(env: Evaluation): void {
  if (env.signal?.aborted) {
    throw calculatorError('CALCULATOR_ABORTED', 'Stopped: the calculation was cancelled.');
  }
  if (performance.now() > env.deadline) {
    throw calculatorError(
      'CALCULATOR_TIMEOUT',
      `Stopped: the calculation took longer than ${env.limits.timeoutMs} ms (timeoutMs).`,
    );
  }
}

/** mathjs' rule for a condition: true, or a non-zero number. */
function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (isBigNumber(value)) return !value.isZero() && !value.isNaN();
  if (isComplex(value)) return value.re !== 0 || value.im !== 0;
  if (isUnit(value)) return value.value !== null && truthy(value.value);
  throw calculatorError('CALCULATOR_REFUSED', 'Refused: a condition must be a number or true/false.');
}
