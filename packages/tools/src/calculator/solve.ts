import type { MathNode } from 'mathjs';
import { calculatorError, isCalculatorError } from './calculator-error.js';
import { formatNumber } from './format.js';
import { evaluateTree } from './interpret.js';
import type { CalculatorLimits } from './limits.js';
import type { RestrictedMath } from './math.js';
import { type RationalForm, runInWorker } from './math-worker.js';
import { isBigNumber, isComplex, isConstantNode, isOperatorNode } from './mathjs.js';
import { readExpression } from './validate.js';

/** One equation `f = 0` in one unknown, checked already. */
export interface SolveRequest {
  rm: RestrictedMath;
  limits: CalculatorLimits;
  /** The left side minus the right side. */
  equation: MathNode;
  variable: string;
  /** Values of the other names. */
  values: Record<string, number>;
  digits: number;
  signal?: AbortSignal;
}

const MAX_ROOTS_SHOWN = 20;
/** Above this, expanding a power symbolically is not worth trying. */
const MAX_EXACT_EXPONENT = 64;

/**
 * Solves `f = 0` for one variable: exactly when `f` is a polynomial of degree 2 or less (after
 * `rationalize`, excluding roots that zero a denominator), numerically otherwise, and says which.
 * @example await solveEquation({ rm, limits, equation: rm.parse('x^2 - 4'), variable: 'x', values: {}, digits: 14 }) // 'x = -2 or x = 2'
 */
export async function solveEquation(request: SolveRequest): Promise<string> {
  const { variable } = request;
  const form = await exactForm(request);
  if (form) {
    const coefficients = [...form.coefficients];
    while (coefficients.length > 0 && coefficients[coefficients.length - 1] === 0) coefficients.pop();
    const degree = coefficients.length - 1;
    if (degree < 1) {
      return degree < 0
        ? `Every ${variable} is a solution: the equation holds for all ${variable}.`
        : 'No solution: the equation never holds.';
    }
    if (degree <= 2) return describeExact(request, coefficients, form.denominator);
    return numeric(request, `a polynomial of degree ${degree} has no exact method here`);
  }
  return numeric(request, 'no exact method applies to this equation');
}

async function exactForm(request: SolveRequest): Promise<RationalForm | undefined> {
  if (!hasSmallPowers(request.equation)) return undefined;
  try {
    const form = await runInWorker(
      { op: 'rationalize', expression: request.equation.toString(), scope: request.values },
      { timeoutMs: request.limits.symbolicTimeoutMs, signal: request.signal },
    );
    const onlyUnknown = form.variables.every((name) => name === request.variable);
    return onlyUnknown && form.coefficients.length > 0 ? form : undefined;
  } catch (error) {
    // Not a polynomial, or too slow to expand: the numeric search still answers.
    if (isCalculatorError(error, 'CALCULATOR_ABORTED', 'CALCULATOR_UNAVAILABLE')) throw error;
    return undefined;
  }
}

function hasSmallPowers(node: MathNode): boolean {
  let small = true;
  node.traverse((child) => {
    if (isOperatorNode(child) && child.fn === 'pow') {
      const exponent = child.args[1];
      if (!isConstantNode(exponent) || !(Math.abs(Number(exponent.value)) <= MAX_EXACT_EXPONENT))
        small = false;
    }
  });
  return small;
}

function describeExact(request: SolveRequest, coefficients: number[], denominator: string | null): string {
  const { rm, variable, digits } = request;
  const show = (value: number) => formatNumber(rm, value, digits);
  const [c = 0, b = 0, a = 0] = coefficients;
  if (coefficients.length === 2) return keepDefined(request, [-c / b], denominator);
  const discriminant = b * b - 4 * a * c;
  if (discriminant < 0) {
    const real = show(-b / (2 * a));
    const size = show(Math.sqrt(-discriminant) / (2 * Math.abs(a)));
    const imaginary = size === '1' ? '' : size;
    const prefix = real === '0' ? '' : `${real} `;
    const plus = prefix ? `${prefix}+ ${imaginary}i` : `${imaginary}i`;
    const minus = prefix ? `${prefix}- ${imaginary}i` : `-${imaginary}i`;
    return `${variable} = ${minus} or ${variable} = ${plus} (no real solution)`;
  }
  if (discriminant === 0) return keepDefined(request, [-b / (2 * a)], denominator, ' (double root)');
  // The stable form of the quadratic formula: no cancellation between -b and the square root.
  const q = -(b + Math.sign(b || 1) * Math.sqrt(discriminant)) / 2;
  return keepDefined(request, [q / a, q === 0 ? 0 : c / q], denominator);
}

/** Drops roots that zero the denominator of a rational equation, and writes the rest. */
function keepDefined(request: SolveRequest, roots: number[], denominator: string | null, note = ''): string {
  const { rm, variable, digits } = request;
  const unique = [...new Set(roots.map((root) => (Object.is(root, -0) ? 0 : root)))].sort((x, y) => x - y);
  const excluded = denominator ? unique.filter((root) => zeroes(request, denominator, root)) : [];
  const kept = unique.filter((root) => !excluded.includes(root));
  const shown = (list: number[]) => list.map((root) => `${variable} = ${formatNumber(rm, root, digits)}`);
  if (kept.length === 0) {
    return `No solution: ${shown(excluded).join(' and ')} would make a denominator zero.`;
  }
  return shown(kept).join(' or ') + note;
}

function zeroes(request: SolveRequest, denominator: string, root: number): boolean {
  return Math.abs(valueAt(request, readDenominator(request, denominator), root)) < 1e-12;
}

function readDenominator(request: SolveRequest, denominator: string): MathNode {
  const names = new Set([request.variable, ...Object.keys(request.values)]);
  const limits = { ...request.limits, maxExpressionLength: Number.MAX_SAFE_INTEGER };
  return readExpression(request.rm, denominator, limits, { variables: names, symbolic: false }).node;
}

function numeric(request: SolveRequest, reason: string): string {
  const { rm, variable, digits } = request;
  const deadline = performance.now() + request.limits.timeoutMs;
  const f = (x: number) => valueAt(request, request.equation, x, deadline);
  const roots: number[] = [];
  const points = samplePoints();
  let previous = { x: points[0] as number, y: f(points[0] as number) };
  if (previous.y === 0) roots.push(previous.x);
  for (const x of points.slice(1)) {
    const y = f(x);
    if (y === 0) roots.push(x);
    else if (Number.isFinite(y) && Number.isFinite(previous.y) && previous.y !== 0 && y * previous.y < 0) {
      const root = bisect(f, previous.x, previous.y, x);
      // A sign change across a pole (1/x, tan x) is not a root: the value there is far from zero.
      if (Math.abs(f(root)) <= 1e-6 * Math.max(1, Math.min(Math.abs(previous.y), Math.abs(y))))
        roots.push(root);
    }
    previous = { x, y };
  }
  const distinct = roots
    .sort((x, y) => x - y)
    .filter(
      (root, index, all) =>
        index === 0 || Math.abs(root - (all[index - 1] as number)) > 1e-9 * Math.max(1, Math.abs(root)),
    );
  const searched = `searched ${variable} from -1e6 to 1e6; roots outside that range, or where the curve touches zero without crossing it, can be missed`;
  if (distinct.length === 0) {
    return `No real solution found numerically (${reason}; ${searched}).`;
  }
  const shown = [...distinct]
    .sort((x, y) => Math.abs(x) - Math.abs(y) || x - y)
    .slice(0, MAX_ROOTS_SHOWN)
    .sort((x, y) => x - y)
    .map((root) => `${variable} ≈ ${formatNumber(rm, root, digits)}`);
  const more = distinct.length > MAX_ROOTS_SHOWN ? ` (and ${distinct.length - MAX_ROOTS_SHOWN} more)` : '';
  return `${shown.join(' or ')}${more} (found numerically: ${reason}; ${searched})`;
}

/**
 * Where the numeric search looks: 0, steps of 0.01 up to 10, then 100 steps per decade up to 1e6,
 * on both sides. Wide enough for everyday equations, finite so that the search ends.
 */
function samplePoints(): number[] {
  const points = new Set<number>([0]);
  for (let i = 1; i <= 1000; i += 1) {
    points.add(i / 100);
    points.add(-i / 100);
  }
  for (let i = 1; i <= 500; i += 1) {
    const x = 10 ** (1 + (5 * i) / 500);
    points.add(x);
    points.add(-x);
  }
  return [...points].sort((x, y) => x - y);
}

function bisect(f: (x: number) => number, low: number, lowValue: number, high: number): number {
  let lo = low;
  let hi = high;
  let fLo = lowValue;
  for (let step = 0; step < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); step += 1) {
    const mid = (lo + hi) / 2;
    const value = f(mid);
    if (value === 0) return mid;
    if (!Number.isFinite(value)) break;
    if (Math.sign(value) === Math.sign(fLo)) {
      lo = mid;
      fLo = value;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

/** f(x) as a real double; NaN where it is undefined, complex, or refused by a guard. */
function valueAt(
  request: SolveRequest,
  node: MathNode,
  x: number,
  deadline = performance.now() + request.limits.timeoutMs,
): number {
  const scope = new Map<string, unknown>(Object.entries(request.values));
  scope.set(request.variable, x);
  try {
    const value = evaluateTree(node, {
      rm: request.rm,
      limits: request.limits,
      scope,
      deadline,
      signal: request.signal,
    });
    if (typeof value === 'number') return value;
    if (isBigNumber(value)) return value.toNumber();
    if (isComplex(value) && Math.abs(value.im) <= 1e-12 * Math.max(1, Math.abs(value.re))) return value.re;
    return Number.NaN;
  } catch (error) {
    if (isCalculatorError(error, 'CALCULATOR_TIMEOUT', 'CALCULATOR_ABORTED')) throw error;
    return Number.NaN;
  }
}

/** Splits `lhs = rhs` on its one `=` (not `==`, `<=`, `>=`, `!=`); undefined when there is none. */
export function splitEquation(expression: string): { lhs: string; rhs: string } | undefined {
  const positions: number[] = [];
  for (let i = 0; i < expression.length; i += 1) {
    if (expression[i] !== '=') continue;
    const before = expression[i - 1] ?? '';
    const after = expression[i + 1] ?? '';
    if (after === '=') {
      i += 1; // `==` compares
      continue;
    }
    if (before !== '' && '<>!'.includes(before)) continue; // `<=`, `>=`, `!=`
    positions.push(i);
  }
  if (positions.length === 0) return undefined;
  if (positions.length > 1) {
    throw calculatorError('CALCULATOR_SYNTAX', 'Write one equation with a single "=", such as x^2 - 4 = 0.');
  }
  const at = positions[0] as number;
  return { lhs: expression.slice(0, at), rhs: expression.slice(at + 1) };
}
