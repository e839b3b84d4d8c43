import type { ToolContext } from '@agentcore-ts/agent-runtime';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineTool, TOOL_NAME_PATTERN, ToolError } from '../src/index.js';

const context: ToolContext = {
  actorId: 'actor',
  sessionId: 'session',
  toolUseId: 'tool-use-1',
  signal: new AbortController().signal,
};

const weather = defineTool({
  name: 'get_weather',
  description: 'Gives the weather in a city.',
  input: z.strictObject({
    city: z.string().min(1).describe('City name'),
    unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
    days: z.number().int().min(1).max(7).optional(),
    stops: z.array(z.object({ name: z.string() })).optional(),
  }),
  run: ({ city, unit, days }) => `${city}: 21 ${unit} for ${days ?? 1} day(s)`,
});

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('defineTool: the schema', () => {
  it('is a plain JSON object of type object, without $schema, as Converse toolSpec takes it', () => {
    const schema = weather.inputSchema;
    expect(schema.$schema).toBeUndefined();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(Object.getPrototypeOf(schema)).toBe(Object.prototype);
    expect(schema).toMatchObject({
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1, description: 'City name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      additionalProperties: false,
    });
  });

  it('requires only the fields without default or optional (the input side of the schema)', () => {
    expect(weather.inputSchema.required).toEqual(['city']);
  });

  it('keeps the name, description and zod schema', () => {
    expect(weather.name).toBe('get_weather');
    expect(weather.description).toBe('Gives the weather in a city.');
    expect(weather.input.shape.city).toBeDefined();
  });

  it('refuses a schema JSON cannot carry, at definition time', () => {
    expect(() =>
      defineTool({
        name: 'when',
        description: 'Takes a date.',
        input: z.object({ at: z.date() }),
        run: () => 'ok',
      }),
    ).toThrow(expect.objectContaining({ id: 'TOOL_SCHEMA_UNREPRESENTABLE' }));
  });
});

describe('defineTool: validation of the input', () => {
  it('passes the parsed input (defaults applied) and the context to run', async () => {
    let seen: unknown;
    const echo = defineTool({
      name: 'echo',
      description: 'Echoes.',
      input: z.object({ text: z.string(), times: z.number().default(2) }),
      run: (input, ctx) => {
        seen = { input, toolUseId: ctx.toolUseId };
        return input.text.repeat(input.times);
      },
    });
    await expect(echo.invoke({ text: 'ab' }, context)).resolves.toBe('abab');
    expect(seen).toEqual({ input: { text: 'ab', times: 2 }, toolUseId: 'tool-use-1' });
  });

  it('names every bad field and what is allowed', async () => {
    const error = await failure(
      weather.invoke({ unit: 'kelvin', days: 9, stops: [{ name: 'a' }, { name: 3 }], extra: true }, context),
    );
    expect(error.id).toBe('TOOL_INPUT_INVALID');
    expect(error.category).toBe('user');
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid input for tool "get_weather":');
    expect(error.message).toContain('- city: required (expected string)');
    expect(error.message).toMatch(/- unit: .*"celsius"\|"fahrenheit"/);
    expect(error.message).toMatch(/- days: .*<=7/);
    expect(error.message).toContain('- stops[1].name: Invalid input: expected string, received number');
    expect(error.message).toContain(
      '- (input): unknown field "extra"; allowed fields: city, unit, days, stops',
    );
    expect(error.message).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('says so when the input is not an object at all', async () => {
    const error = await failure(weather.invoke('Paris', context));
    expect(error.message).toContain('- (input): Invalid input: expected object, received string');
  });

  it('checks the result against an output schema when one is given', async () => {
    const broken = defineTool({
      name: 'broken',
      description: 'Returns the wrong shape.',
      input: z.object({}),
      output: z.object({ total: z.number() }),
      run: () => ({ total: 'many' }) as unknown as { total: number },
    });
    const error = await failure(broken.invoke({}, context));
    expect(error.id).toBe('TOOL_OUTPUT_INVALID');
    expect(error.message).toContain('total');
  });

  it('types run from the schema', () => {
    defineTool({
      name: 'typed',
      description: 'Typed.',
      input: z.object({ a: z.number(), b: z.string().optional(), c: z.boolean().default(false) }),
      run: (input) => {
        expectTypeOf(input).toEqualTypeOf<{ a: number; b?: string | undefined; c: boolean }>();
        return { sum: input.a };
      },
    });
  });
});

describe('defineTool: the name rule (Bedrock)', () => {
  const build = (name: string) => () =>
    defineTool({ name, description: 'Named.', input: z.object({}), run: () => 'ok' });

  it.each(['a', 'calculator', 'current_time', 'get-weather', 'A1_b-2', `a${'b'.repeat(63)}`])(
    'accepts %j',
    (name) => {
      expect(build(name)).not.toThrow();
      expect(TOOL_NAME_PATTERN.test(name)).toBe(true);
    },
  );

  it.each(['', '1abc', '_private', '-dash', 'has space', 'dots.not', 'naïve', `a${'b'.repeat(64)}`])(
    'refuses %j when the tool is defined',
    (name) => {
      expect(build(name)).toThrow(expect.objectContaining({ id: 'TOOL_NAME_INVALID', category: 'config' }));
      expect(build(name)).toThrow(/must start with a letter/);
    },
  );

  it('refuses an empty description', () => {
    expect(() => defineTool({ name: 'x', description: ' ', input: z.object({}), run: () => 'ok' })).toThrow(
      expect.objectContaining({ id: 'TOOL_DESCRIPTION_MISSING' }),
    );
  });
});
