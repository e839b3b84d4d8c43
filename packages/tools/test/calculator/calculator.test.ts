import { Agent, offlineModel, type ToolContext } from '@agentcore-ts/agent-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { stopMathWorker } from '../../src/calculator/math-worker.js';
import { calculator, createCalculator, DEFAULT_CALCULATOR_LIMITS, ToolError } from '../../src/index.js';

const context: ToolContext = {
  actorId: 'actor',
  sessionId: 'session',
  toolUseId: 'tool-use-1',
  signal: new AbortController().signal,
};

const calc = (input: Record<string, unknown>) => calculator.invoke(input as never, context);

async function failure(input: Record<string, unknown>): Promise<ToolError> {
  const error = await calc(input).then(
    (result) => new Error(`expected a failure, got ${JSON.stringify(result)}`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

afterAll(() => stopMathWorker());

describe('calculator: evaluate (the default mode)', () => {
  it.each([
    ['25 * 4 + 10', '110'],
    ['42 * 5', '210'],
    ['0.1 + 0.2', '0.3'],
    ['2^0.5', '1.4142135623731'],
    ['10!', '3628800'],
    ['1e21 * 10', '1e+22'],
    ['1 / 0', 'Infinity'],
    ['sqrt(-4)', '2i'],
    ['(1 + 2i) * (3 - i)', '5 + 5i'],
    ['50%', '0.5'],
    ['10 % 3', '1'],
    ['mean([1, 2, 3, 4])', '2.5'],
    ['round(2.567, 2)', '2.57'],
    ['gcd(12, 18) + lcm(4, 6)', '18'],
    ['log(e^3)', '3'],
    ['sin(pi / 6)', '0.5'],
    ['combinations(52, 5)', '2598960'],
    ['3 > 2 ? 1 : 0', '1'],
    ['1 < 2 < 3', 'true'],
    ['true and false', 'false'],
  ])('%s gives %s', async (expression, expected) => {
    await expect(calc({ expression })).resolves.toBe(expected);
  });

  it('returns the plain value as text, which the offline model quotes', async () => {
    const result = await calc({ expression: '25 * 4 + 10' });
    expect(result).toBe('110');
  });

  it('rounds to `precision` significant digits', async () => {
    await expect(calc({ expression: 'pi', precision: 5 })).resolves.toBe('3.1416');
    await expect(calc({ expression: '1/3', precision: 3 })).resolves.toBe('0.333');
    await expect(calc({ expression: '123456', precision: 2 })).resolves.toBe('120000');
  });

  it('takes values for names from `variables`', async () => {
    await expect(calc({ expression: 'x^2 + y', variables: { x: 3, y: 1 } })).resolves.toBe('10');
    await expect(calc({ expression: 'P * (1 + r)^n', variables: { P: 1000, r: 0.05, n: 10 } })).resolves.toBe(
      '1628.8946267774',
    );
  });

  it('converts and combines units', async () => {
    await expect(calc({ expression: '5 cm + 2 inch to mm' })).resolves.toBe('100.8 mm');
    await expect(calc({ expression: '2 inch in cm' })).resolves.toBe('5.08 cm');
    await expect(calc({ expression: '60 km/h to m/s' })).resolves.toBe('16.666666666667 m / s');
    const error = await failure({ expression: '5 cm + 2 kg' });
    expect(error.id).toBe('CALCULATOR_MATH_ERROR');
    expect(error.message).toBe('Could not calculate add(...): Units do not match');
  });

  it('works with matrices: determinant, inverse, product, transpose', async () => {
    await expect(calc({ expression: 'det([[1, 2], [3, 4]])' })).resolves.toBe('-2');
    await expect(calc({ expression: 'inv([[1, 2], [3, 4]])' })).resolves.toBe('[[-2, 1], [1.5, -0.5]]');
    await expect(calc({ expression: '[[1, 2], [3, 4]] * [[5], [6]]' })).resolves.toBe('[[17], [39]]');
    await expect(calc({ expression: "[[1, 2], [3, 4]]'" })).resolves.toBe('[[1, 3], [2, 4]]');
    await expect(calc({ expression: 'det([[1, 2], [3, 4]])', mode: 'matrix' })).resolves.toBe('-2');
    await expect(calc({ expression: 'size(ones(2, 3))' })).resolves.toBe('[2, 3]');
    const singular = await failure({ expression: 'inv([[1, 2], [2, 4]])' });
    expect(singular.message).toContain('determinant is zero');
    const mismatch = await failure({ expression: '[[1, 2]] * [[1, 2]]' });
    expect(mismatch.id).toBe('CALCULATOR_MATH_ERROR');
  });

  it('computes with BigNumbers when asked (bignumber, or precision above 17)', async () => {
    await expect(calc({ expression: '2^200', bignumber: true })).resolves.toBe(
      '1606938044258990275541962092341162602522202993782792835301376',
    );
    await expect(calc({ expression: '0.1 + 0.2', bignumber: true })).resolves.toBe('0.3');
    await expect(calc({ expression: 'factorial(30)', bignumber: true })).resolves.toBe(
      '265252859812191058636308480000000',
    );
    await expect(calc({ expression: 'pi', precision: 30 })).resolves.toBe('3.14159265358979323846264338328');
    await expect(calc({ expression: '1/3', precision: 40 })).resolves.toBe(`0.${'3'.repeat(40)}`);
    await expect(calc({ expression: 'x^2', bignumber: true, variables: { x: 0.1 } })).resolves.toBe('0.01');
    await expect(calc({ expression: '5 cm + 2 inch to mm', bignumber: true })).resolves.toBe('100.8 mm');
    await expect(calc({ expression: 'round(pi, 20)', bignumber: true })).resolves.toBe(
      '3.14159265358979323846',
    );
  });
});

describe('calculator: simplify, derive, solve', () => {
  it('simplifies', async () => {
    await expect(calc({ expression: 'x + x', mode: 'simplify' })).resolves.toBe('2 * x');
    await expect(calc({ expression: '2x + 3x - x', mode: 'simplify' })).resolves.toBe('4 * x');
    await expect(calc({ expression: 'x^2 + y', mode: 'simplify', variables: { x: 2 } })).resolves.toBe(
      'y + 4',
    );
  });

  it('differentiates, by the only unknown or by `wrt`, to any order up to 10', async () => {
    await expect(calc({ expression: 'x^2 + 2x', mode: 'derive' })).resolves.toBe('2 * (x + 1)');
    await expect(calc({ expression: 'sin(x)', mode: 'derive', wrt: 'x', order: 2 })).resolves.toBe('-sin(x)');
    await expect(calc({ expression: 'x * y', mode: 'derive', wrt: 'y' })).resolves.toBe('x');
    await expect(calc({ expression: 'x * y', mode: 'derive', variable: 'y' })).resolves.toBe('x');
    await expect(calc({ expression: 'x^2 + 2x', mode: 'derive', variables: { x: 3 } })).resolves.toBe(
      '2 * (x + 1) (at x = 3: 8)',
    );
    const ambiguous = await failure({ expression: 'x * y', mode: 'derive' });
    expect(ambiguous.message).toBe('Say which variable to differentiate by with "wrt" (found x, y).');
    const disagree = await failure({ expression: 'x * y', mode: 'derive', wrt: 'x', variable: 'y' });
    expect(disagree.id).toBe('TOOL_INPUT_INVALID');
  });

  it.each([
    ['x^2 - 4 = 0', 'x = -2 or x = 2'],
    ['2x + 3 = 7', 'x = 2'],
    ['x == 3', 'x = 3'],
    ['x^2 - 2x + 1', 'x = 1 (double root)'],
    ['x^2 + 2x + 5 = 0', 'x = -1 - 2i or x = -1 + 2i (no real solution)'],
    ['x^2 = -1', 'x = -i or x = i (no real solution)'],
    ['x - pi = 0', 'x = 3.1415926535898'],
    ['x = x + 1', 'No solution: the equation never holds.'],
    ['x - x = 0', 'Every x is a solution: the equation holds for all x.'],
    ['(x - 1) / (x - 1) = 0', 'No solution: x = 1 would make a denominator zero.'],
    ['x^2 / (x + 1) = 0', 'x = 0 (double root)'],
  ])('solves %s exactly: %s', async (expression, expected) => {
    await expect(calc({ expression, mode: 'solve' })).resolves.toBe(expected);
  });

  it('solves with other names given values', async () => {
    await expect(calc({ expression: 'a*x + b = 0', mode: 'solve', variables: { a: 2, b: 4 } })).resolves.toBe(
      'x = -2',
    );
    const unknown = await failure({ expression: 'a*x = 1', mode: 'solve', variable: 'x' });
    expect(unknown.message).toContain('give values for "a" in "variables"');
  });

  it('finds roots numerically otherwise, and says so', async () => {
    const cosine = await calc({ expression: 'cos(x) = x', mode: 'solve' });
    expect(cosine).toMatch(/^x ≈ 0\.73908513321516 \(found numerically: no exact method applies/);
    expect(cosine).toContain('searched x from -1e6 to 1e6');
    const cubic = await calc({ expression: 'x^3 - x = 0', mode: 'solve' });
    expect(cubic).toMatch(/^x ≈ -1 or x ≈ 0 or x ≈ 1 \(found numerically: a polynomial of degree 3/);
    await expect(calc({ expression: '2^x = 1024', mode: 'solve' })).resolves.toMatch(/^x ≈ 10 \(/);
    // tan crosses zero at its poles too: those sign changes must not be reported as roots.
    const tangent = await calc({ expression: 'tan(x) = 0', mode: 'solve' });
    expect(tangent).toContain('x ≈ 3.1415926535898');
    expect(tangent).not.toContain('1.5707963');
    await expect(calc({ expression: 'exp(x) = -1', mode: 'solve' })).resolves.toMatch(
      /^No real solution found numerically/,
    );
  });
});

describe('calculator: the tool', () => {
  it('is named calculator and asks for an expression, within the length bound', () => {
    expect(calculator.name).toBe('calculator');
    expect(calculator.inputSchema.required).toEqual(['expression']);
    expect(calculator.inputSchema.properties).toMatchObject({
      expression: { type: 'string', maxLength: DEFAULT_CALCULATOR_LIMITS.maxExpressionLength },
      mode: { enum: ['evaluate', 'simplify', 'derive', 'solve', 'matrix'] },
    });
    expect(calculator.inputSchema.$schema).toBeUndefined();
  });

  it('explains a bad input with the fields and what is allowed', async () => {
    const error = await failure({ expression: '1', mode: 'integrate', precision: 0, scientific: true });
    expect(error.id).toBe('TOOL_INPUT_INVALID');
    expect(error.message).toContain(
      '- mode: Invalid option: expected one of "evaluate"|"simplify"|"derive"|"solve"|"matrix"',
    );
    expect(error.message).toContain('- precision:');
    expect(error.message).toContain('unknown field "scientific"');
  });

  it('takes its own bounds and name, and refuses bad options naming the key', async () => {
    const small = createCalculator({ name: 'math', maxExpressionLength: 10 });
    expect(small.name).toBe('math');
    await expect(small.invoke({ expression: '1 + 2' }, context)).resolves.toBe('3');
    await expect(small.invoke({ expression: '1 + 2 + 3 + 4' }, context)).rejects.toThrow(
      /maxExpressionLength/,
    );
    expect(() => createCalculator({ timeoutMs: -5 })).toThrow(/timeoutMs/);
    expect(() => createCalculator({ maxNestingDepth: 1000 })).toThrow(/maxNestingDepth/);
  });

  it('answers the offline model in an agent loop', async () => {
    const agent = new Agent({ model: offlineModel(), tools: [calculator] });
    const { text } = await agent.invoke('What is 25 * 4 + 10?');
    expect(text).toContain('25 * 4 + 10 = 110');
    const again = await agent.invoke('And 42 multiplied by 5?');
    expect(again.text).toContain('42 * 5 = 210');
  });
});
