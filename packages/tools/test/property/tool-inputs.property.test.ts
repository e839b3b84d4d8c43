import type { JsonValue, ToolContext } from '@agentcore-ts/agent-runtime';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stopMathWorker } from '../../src/calculator/math-worker.js';
import {
  type CodeInterpreterBackend,
  calculator,
  codeInterpreterInputSchema,
  createCodeInterpreterTool,
  defineTool,
  TOOL_NAME_PATTERN,
  ToolError,
} from '../../src/index.js';

/** Bounds every property run so that the whole suite stays fast on 2 cores. */
const BOUNDS = { numRuns: 150, interruptAfterTimeLimit: 8_000 } as const;

const context = (): ToolContext => ({
  actorId: 'actor',
  sessionId: 'session',
  toolUseId: 'tool-use-1',
  signal: new AbortController().signal,
});

/** A thrown value that is a tool's clean refusal: a ToolError (or subclass) with an id and a message. */
function expectCleanRefusal(error: unknown): void {
  expect(error).toBeInstanceOf(ToolError);
  const { id, message } = error as ToolError;
  expect(id).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(message.length).toBeGreaterThan(0);
  expect(message).not.toMatch(/\n\s+at /);
}

afterAll(async () => {
  await stopMathWorker();
});

/** Pieces of math, of the expression language's edges, and of attacks on it. */
const token = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '+',
    '-',
    '*',
    '/',
    '^',
    '!',
    '%',
    '(',
    ')',
    '[',
    ']',
    ',',
    ';',
    '=',
    '==',
    ' to ',
    ':',
    '.',
    "'",
    '"',
  ),
  fc.constantFrom(
    'x',
    'y',
    'pi',
    'e',
    'i',
    'cm',
    'inch',
    'sqrt',
    'sin',
    'log',
    'factorial',
    'det',
    'inv',
    'mean',
  ),
  fc.constantFrom(
    'import',
    'createUnit',
    'evaluate',
    'parse',
    'constructor',
    '__proto__',
    'cos.constructor',
    'f(x) = x',
  ),
  fc.constantFrom('9^9^9^9', '1e308 * 10', 'factorial(100000)', 'ones(10000, 10000)', '2^2^2^2^2^2'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const soup = fc.array(token, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));
/** Well-formed math (so that the evaluator itself is exercised), nested a few levels. */
const { math } = fc.letrec<{ math: string }>((tie) => ({
  math: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -100, max: 100 }).map(String),
    fc.constantFrom('x', 'y', 'pi', 'e', '2.5', '1e3', '0', '5 cm', '2 inch'),
    fc
      .tuple(tie('math'), fc.constantFrom('+', '-', '*', '/', '^', '%'), tie('math'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc
      .tuple(fc.constantFrom('sqrt', 'sin', 'log', 'abs', 'factorial', 'exp', 'round'), tie('math'))
      .map(([fn, arg]) => `${fn}(${arg})`),
    fc.tuple(tie('math'), tie('math')).map(([a, b]) => `det([[${a}, ${b}], [${b}, ${a}]])`),
    tie('math').map((side) => `${side} = 0`),
  ),
}));
const expression = fc.oneof({ weight: 3, arbitrary: math }, { weight: 1, arbitrary: soup });
/** Well-formed calls (so that the expression reaches the evaluator) and hostile ones. */
const wellFormed = fc.record(
  {
    expression,
    mode: fc.constantFrom('evaluate', 'simplify', 'derive', 'solve', 'matrix'),
    variables: fc.record({
      x: fc.integer({ min: -50, max: 50 }),
      y: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    }),
    wrt: fc.constantFrom('x', 'y'),
    precision: fc.integer({ min: 1, max: 64 }),
  },
  { requiredKeys: ['expression', 'variables'] },
);
const hostileShape = fc.record(
  {
    expression: fc.oneof(
      { weight: 5, arbitrary: expression },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    mode: fc.constantFrom('evaluate', 'simplify', 'derive', 'solve', 'matrix', 'explode'),
    precision: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double()),
    variables: fc.dictionary(
      fc.constantFrom('x', 'y', 'rate_2', '__proto__', 'constructor', '1x'),
      fc.oneof(fc.double(), fc.string()),
    ),
    wrt: fc.constantFrom('x', 'y', 'z', '', '__proto__'),
    bignumber: fc.boolean(),
    extra: fc.string(),
  },
  { requiredKeys: [] },
);
const calculatorInput = fc.oneof(
  { weight: 3, arbitrary: wellFormed },
  { weight: 1, arbitrary: hostileShape },
);

describe('calculator under random and hostile input', () => {
  it('answers or refuses with a ToolError, never throws anything else, never pollutes prototypes', async () => {
    await fc.assert(
      fc.asyncProperty(calculatorInput, async (input) => {
        try {
          const output = await calculator.invoke(input as JsonValue, context());
          expect(output).toBeDefined();
        } catch (error) {
          expectCleanRefusal(error);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('x');
      }),
      { ...BOUNDS, numRuns: 120 },
    );
  }, 60_000);
});

describe('defineTool validation', () => {
  it('hands run() only input that satisfies the schema, and refuses the rest naming the fields', async () => {
    const schema = z
      .object({ city: z.string().min(1), days: z.number().int().min(1).max(14).default(3) })
      .strict();
    const received: unknown[] = [];
    const forecast = defineTool({
      name: 'forecast',
      description: 'Weather forecast.',
      input: schema,
      run: (input) => {
        received.push(input);
        return `${input.days} days in ${input.city}`;
      },
    });
    const input = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        { city: fc.oneof(fc.string(), fc.integer()), days: fc.oneof(fc.integer(), fc.double(), fc.string()) },
        { requiredKeys: [] },
      ),
      fc.record({ city: fc.string({ minLength: 1 }), extra: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const count = received.length;
        try {
          await forecast.invoke(raw as JsonValue, context());
          expect(schema.safeParse(received.at(-1)).success).toBe(true);
        } catch (error) {
          expectCleanRefusal(error);
          expect((error as ToolError).id).toBe('TOOL_INPUT_INVALID');
          expect((error as ToolError).message).toMatch(/^Invalid input for tool "forecast":\n- /);
          expect(received.length).toBe(count);
        }
      }),
      BOUNDS,
    );
  });

  it('accepts exactly the names Bedrock accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,70}$/)),
        (name) => {
          const make = () => defineTool({ name, description: 'd', input: z.object({}), run: () => 'ok' });
          if (TOOL_NAME_PATTERN.test(name)) expect(make().name).toBe(name);
          else expect(make).toThrow(ToolError);
        },
      ),
      BOUNDS,
    );
  });
});

describe('code interpreter inputs', () => {
  it('reaches the backend only with input its schema accepts; anything else is a clean refusal', async () => {
    const calls: unknown[] = [];
    const backend: CodeInterpreterBackend = {
      kind: 'recording',
      invoke: async (_scope, name, args) => {
        calls.push({ action: name, ...args });
        return { content: [{ type: 'text', text: 'ok' }], isError: false };
      },
      stopSession: async () => undefined,
      close: async () => undefined,
    };
    const tool = createCodeInterpreterTool({ backend });
    const path = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('/etc/passwd', '../../x', 'a\u0000b', ''),
    );
    const input = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          action: fc.constantFrom(
            'executeCode',
            'executeCommand',
            'readFiles',
            'writeFiles',
            'listFiles',
            'removeFiles',
            'rm -rf',
            '',
          ),
          code: fc.oneof(fc.string(), fc.integer()),
          language: fc.constantFrom('python', 'javascript', 'bash', ''),
          clearContext: fc.oneof(fc.boolean(), fc.string()),
          command: fc.string(),
          paths: fc.oneof(fc.array(path, { maxLength: 3 }), path),
          content: fc.array(
            fc.record(
              { path, text: fc.string(), blob: fc.oneof(fc.base64String(), fc.string()) },
              { requiredKeys: ['path'] },
            ),
            { maxLength: 3 },
          ),
          directoryPath: fc.oneof(path, fc.integer()),
        },
        { requiredKeys: ['action'] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const count = calls.length;
        try {
          await tool.invoke(raw as JsonValue, context());
          expect(codeInterpreterInputSchema.safeParse(calls.at(-1)).success).toBe(true);
        } catch (error) {
          expectCleanRefusal(error);
          expect(calls.length).toBe(count);
        }
      }),
      BOUNDS,
    );
    await tool.close();
  });
});
