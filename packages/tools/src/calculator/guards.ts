import type { MathJsInstance } from 'mathjs';
import { calculatorError, count } from './calculator-error.js';
import type { CalculatorLimits } from './limits.js';
import { isBigNumber, isComplex, isMatrix, isUnit } from './mathjs.js';

/**
 * Checks made before a mathjs function runs, so that no single call can take long or allocate much:
 * the interpreter checks the clock between calls, but cannot interrupt one. Costs measured on
 * Node 20 (see the README): every allowed call stays well under the default 1 s bound once these
 * hold.
 */

/** Largest exponent of a matrix power (`A^n` squares the matrix about log2(n) times). */
const MAX_MATRIX_POWER = 1_000;
/** Largest argument of `isPrime` (trial division up to its square root). */
const MAX_PRIME_CANDIDATE = 1e12;

/** Functions whose result grows like `exp(x)`: bounded by the same digit count as a power. */
const EXPONENTIAL = new Set(['exp', 'expm1', 'sinh', 'cosh']);
/** Functions with their own size rule; every other function is bounded by the broadcast rule. */
const CREATORS = new Set(['zeros', 'ones', 'identity']);

/**
 * Refuses a call whose cost or result size is out of bounds.
 * @example guardCall(math, limits, 'factorial', [100000]) // throws CALCULATOR_LIMIT
 */
export function guardCall(
  math: MathJsInstance,
  limits: CalculatorLimits,
  name: string,
  args: unknown[],
): void {
  if (name === 'pow' || name === 'dotPow') guardPower(math, limits, name, args[0], args[1]);
  else if (EXPONENTIAL.has(name)) guardExponential(math, limits, name, args[0]);
  else if (name === 'factorial' || name === 'gamma') guardFactorial(math, limits, name, args[0], args[0]);
  else if (name === 'combinations' && args.length === 2) {
    const n = largest(math, args[0]);
    const k = largest(math, args[1]);
    guardFactorial(math, limits, name, Math.min(k, n - k), `${show(math, args[0])}, ${show(math, args[1])}`);
  } else if (name === 'permutations') {
    guardFactorial(
      math,
      limits,
      name,
      largest(math, args[1] ?? args[0]),
      args.map((a) => show(math, a)).join(', '),
    );
  } else if (name === 'isPrime' && largest(math, args[0]) > MAX_PRIME_CANDIDATE) {
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: isPrime works on numbers up to ${MAX_PRIME_CANDIDATE.toExponential()} here.`,
    );
  }
  guardSize(limits, name, estimateElements(math, name, args));
}

/**
 * Refuses a result with too many elements (the last line of defence for sizes).
 * @example guardResult(limits, 'concat', result)
 */
export function guardResult(limits: CalculatorLimits, name: string, result: unknown): void {
  guardSize(limits, name, elements(result));
}

/**
 * Refuses a range `start:step:end` that would hold too many elements.
 * @example guardRange(math, limits, 1, 1e9, 1) // throws CALCULATOR_LIMIT
 */
export function guardRange(
  math: MathJsInstance,
  limits: CalculatorLimits,
  start: unknown,
  end: unknown,
  step: unknown,
): void {
  const span = toNumber(math, end) - toNumber(math, start);
  const stride = step === undefined ? 1 : toNumber(math, step);
  const size = stride === 0 ? Number.POSITIVE_INFINITY : Math.floor(span / stride) + 1;
  if (!(size <= limits.maxMatrixElements)) {
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: the range would have ${count(size)} elements; the limit is ` +
        `${count(limits.maxMatrixElements)} (maxMatrixElements).`,
    );
  }
}

function guardSize(limits: CalculatorLimits, name: string, size: number): void {
  if (size > limits.maxMatrixElements) {
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: ${name}(...) would make a matrix of ${count(size)} elements; the limit is ` +
        `${count(limits.maxMatrixElements)} (maxMatrixElements).`,
      { function: name, size },
    );
  }
}

function guardPower(
  math: MathJsInstance,
  limits: CalculatorLimits,
  name: string,
  base: unknown,
  exponent: unknown,
): void {
  if (name === 'pow' && isCollection(base)) {
    const power = Math.abs(toNumber(math, exponent));
    if (power > MAX_MATRIX_POWER) {
      throw calculatorError(
        'CALCULATOR_LIMIT',
        `Refused: a matrix power with exponent ${show(math, exponent)}; the limit is ${count(MAX_MATRIX_POWER)}.`,
      );
    }
    return;
  }
  const digits = Math.abs(largest(math, exponent) * largestLog10(math, base));
  if (digits > limits.maxPowerDigits) {
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: the power ${show(math, base)}^${show(math, exponent)} would have about ${count(digits)} ` +
        `digits; the limit is ${count(limits.maxPowerDigits)} digits (maxPowerDigits).`,
    );
  }
}

function guardExponential(math: MathJsInstance, limits: CalculatorLimits, name: string, x: unknown): void {
  const digits = largest(math, x) * Math.LOG10E;
  if (digits > limits.maxPowerDigits) {
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: ${name}(${show(math, x)}) would have about ${count(digits)} digits; the limit is ` +
        `${count(limits.maxPowerDigits)} digits (maxPowerDigits).`,
    );
  }
}

function guardFactorial(
  math: MathJsInstance,
  limits: CalculatorLimits,
  name: string,
  size: unknown,
  shown: unknown,
): void {
  const n = typeof size === 'number' ? size : largest(math, size);
  if (n > limits.maxFactorialArgument) {
    const argument = typeof shown === 'string' ? shown : show(math, shown);
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: ${name}(${argument}) is too large; the limit is ${count(limits.maxFactorialArgument)} ` +
        '(maxFactorialArgument).',
    );
  }
}

/** Elements the call may produce, before it runs. */
function estimateElements(math: MathJsInstance, name: string, args: unknown[]): number {
  if (CREATORS.has(name)) {
    const sizes = args.length === 1 && isCollection(args[0]) ? flatValues(args[0]) : args;
    const numeric = sizes.filter((size) => !isCollection(size) && typeof size !== 'string');
    let product = 1;
    for (const size of numeric) product *= Math.abs(toNumber(math, size));
    // identity(n) is n x n.
    return name === 'identity' && numeric.length === 1 ? product * product : product;
  }
  if (name === 'diag' && isCollection(args[0])) {
    const shape = dimensions(args[0]);
    return shape.length === 1 ? (shape[0] ?? 0) ** 2 : elements(args[0]);
  }
  const collections = args.filter(isCollection);
  if (collections.length === 0) return 0;
  if (name === 'kron') return collections.reduce<number>((product, c) => product * elements(c), 1);
  if (name === 'concat') return collections.reduce<number>((sum, c) => sum + elements(c), 0);
  // Elementwise operations broadcast: the result takes the largest size of each dimension. That
  // also bounds a matrix product (m x k times k x n is at most max(m,k) x max(k,n)).
  const shapes = collections.map(dimensions);
  const rank = Math.max(...shapes.map((shape) => shape.length));
  let broadcast = 1;
  for (let axis = 1; axis <= rank; axis += 1) {
    broadcast *= Math.max(...shapes.map((shape) => shape[shape.length - axis] ?? 1));
  }
  return broadcast;
}

function isCollection(value: unknown): boolean {
  return isMatrix(value) || Array.isArray(value);
}

function dimensions(value: unknown): number[] {
  if (isMatrix(value)) return value.size();
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function elements(value: unknown): number {
  if (!isCollection(value)) return 0;
  return dimensions(value).reduce((product, size) => product * size, 1);
}

function flatValues(value: unknown): unknown[] {
  const array: unknown = isMatrix(value) ? value.toArray() : value;
  return Array.isArray(array) ? (array as unknown[]).flat(Number.POSITIVE_INFINITY) : [array];
}

/** The largest magnitude in a value (a scalar, or every element of a matrix). */
function largest(math: MathJsInstance, value: unknown): number {
  if (isCollection(value)) return Math.max(0, ...flatValues(value).map((item) => largest(math, item)));
  return Math.abs(toNumber(math, value));
}

/** The largest |log10 |x|| over a value: how many digits a unit exponent adds or removes. */
function largestLog10(math: MathJsInstance, value: unknown): number {
  if (isCollection(value)) return Math.max(0, ...flatValues(value).map((item) => largestLog10(math, item)));
  if (isBigNumber(value)) {
    if (value.isZero() || !value.isFinite()) return 0;
    const [mantissa = '1', exponent = '0'] = value.abs().toExponential(15).split('e');
    return Math.abs(Math.log10(Number(mantissa)) + Number(exponent));
  }
  const magnitude = Math.abs(toNumber(math, value));
  return magnitude === 0 || !Number.isFinite(magnitude) ? 0 : Math.abs(Math.log10(magnitude));
}

/** A scalar as a double: BigNumbers past the double range become Infinity, which refuses safely. */
function toNumber(math: MathJsInstance, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isBigNumber(value)) return value.toNumber();
  if (isComplex(value)) return math.abs(value) as unknown as number;
  if (isUnit(value)) return value.value === null ? 1 : toNumber(math, value.value);
  const converted = Number(value);
  return Number.isNaN(converted) ? 0 : converted;
}

function show(math: MathJsInstance, value: unknown): string {
  const text = math.format(value, { precision: 6 });
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
