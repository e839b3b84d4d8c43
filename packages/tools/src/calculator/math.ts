import type { MathJsInstance, MathNode } from 'mathjs';
import { mathjs } from './mathjs.js';

/**
 * Functions that alter mathjs itself or turn text into expression trees: mathjs' own security
 * notes name them as the biggest risk. They are replaced by throwing stubs in every instance we
 * create, after we keep our own reference to `parse`. The calculator never hands user text to
 * mathjs' `evaluate`; the stubs are a second wall behind the allowlist in `validate.ts`.
 */
export const DISABLED_FUNCTIONS = [
  'import',
  'createUnit',
  'reviver',
  'evaluate',
  'parse',
  'simplify',
  'derivative',
  'resolve',
  'compile',
  'chain',
] as const;

/** A function as the interpreter calls it. */
export type MathFunction = (...args: unknown[]) => unknown;

/** A mathjs instance with the dangerous functions disabled, and what we kept before disabling them. */
export interface RestrictedMath {
  readonly math: MathJsInstance;
  /** The real parser, kept before `parse` was stubbed. */
  readonly parse: (expression: string) => MathNode;
  /** Looks a function up the way the expression parser does (transforms give 1-based dimensions). */
  fn(name: string): MathFunction;
  /** `'number'` or the BigNumber precision in significant digits. */
  readonly numbers: 'number' | number;
}

/**
 * Creates a restricted instance. Numbers are IEEE doubles, or BigNumbers of `precision` digits.
 * @example const { math, parse } = restrictedMath('number'); parse('1 + 2')
 */
export function restrictedMath(numbers: 'number' | number): RestrictedMath {
  const math =
    numbers === 'number'
      ? mathjs.create({ number: 'number' })
      : mathjs.create({ number: 'BigNumber', precision: numbers });
  const parse = math.parse;
  const table = math as unknown as Record<string, unknown>;
  const transforms = (math.expression as unknown as { mathWithTransform: Record<string, unknown> })
    .mathWithTransform;
  // mathjs creates functions lazily, binding their dependencies on first use: touch the ones we
  // call so they bind to the real functions, not to the stubs imported below.
  for (const name of [...CALLABLE_FUNCTIONS, ...Object.values(OPERATOR_FUNCTIONS), 'matrix', 'range']) {
    void transforms[name];
    void table[name];
  }
  const stubs: Record<string, () => never> = {};
  for (const name of DISABLED_FUNCTIONS) {
    stubs[name] = () => {
      throw new Error(`Function ${name} is disabled`);
    };
  }
  math.import(stubs, { override: true });
  return {
    math,
    parse,
    numbers,
    fn(name) {
      const transform = transforms[name];
      // Transforms marked rawArgs (`and`, `or`) expect unevaluated nodes; the interpreter passes values.
      const raw = (transform as { rawArgs?: boolean } | undefined)?.rawArgs === true;
      const found = typeof transform === 'function' && !raw ? transform : table[name];
      if (typeof found !== 'function') throw new Error(`mathjs has no function "${name}"`);
      return found as MathFunction;
    },
  };
}

let numberInstance: RestrictedMath | undefined;

/**
 * The shared restricted instance for doubles, created on first use. (BigNumbers run in the worker
 * thread, see `math-worker.ts`.)
 * @example numberMath().parse('1 + 2')
 */
export function numberMath(): RestrictedMath {
  numberInstance ??= restrictedMath('number');
  return numberInstance;
}

/** Operators of the expression language, by the function mathjs names in `OperatorNode.fn`. */
export const OPERATOR_FUNCTIONS: Readonly<Record<string, string>> = {
  add: 'add',
  subtract: 'subtract',
  multiply: 'multiply',
  divide: 'divide',
  pow: 'pow',
  mod: 'mod',
  unaryMinus: 'unaryMinus',
  unaryPlus: 'unaryPlus',
  factorial: 'factorial',
  dotMultiply: 'dotMultiply',
  dotDivide: 'dotDivide',
  dotPow: 'dotPow',
  transpose: 'transpose',
  ctranspose: 'ctranspose',
  to: 'to',
  equal: 'equal',
  unequal: 'unequal',
  smaller: 'smaller',
  larger: 'larger',
  smallerEq: 'smallerEq',
  largerEq: 'largerEq',
  and: 'and',
  or: 'or',
  xor: 'xor',
  not: 'not',
};

/** Functions an expression may call: pure mathematics, each with bounded cost once guarded. */
export const CALLABLE_FUNCTIONS: readonly string[] = words(`
  abs add cbrt ceil cube divide exp expm1 fix floor gcd hypot lcm log log10 log1p log2 mod multiply norm
  nthRoot pow round sign sqrt square subtract unaryMinus unaryPlus dotMultiply dotDivide dotPow
  sin cos tan sec csc cot asin acos atan atan2 asec acsc acot
  sinh cosh tanh sech csch coth asinh acosh atanh asech acsch acoth
  factorial gamma lgamma combinations permutations
  max min mean median mode std sum prod variance mad cumsum
  re im conj arg
  det inv pinv transpose trace dot cross size identity zeros ones diag kron flatten reshape concat count lusolve
  isInteger isPrime isZero isPositive isNegative isNaN number bignumber to
  compare equal unequal smaller larger smallerEq largerEq and or not xor
`);

const CALLABLE = new Set(CALLABLE_FUNCTIONS);

/** True when an expression may call the function. */
export function isCallable(name: string): boolean {
  return CALLABLE.has(name);
}

/** Named constants an expression may use (mathematical ones, and mathjs' physical constants). */
export const CONSTANT_NAMES: ReadonlySet<string> = new Set(
  words(`
    pi PI e E tau phi i Infinity NaN LN2 LN10 LOG2E LOG10E SQRT1_2 SQRT2
    speedOfLight gravitationConstant planckConstant reducedPlanckConstant gravity avogadro boltzmann
    gasConstant faraday elementaryCharge electronMass protonMass neutronMass atomicMass electricConstant
    magneticConstant coulombConstant stefanBoltzmann molarVolume bohrRadius rydberg
  `),
);

function words(text: string): string[] {
  return text.trim().split(/\s+/);
}
