import type { JsonValue, Tool, ToolContext, ToolOutput } from '@agentcore-ts/agent-runtime';
import { z } from 'zod';
import { ToolError } from './errors.js';

/** Bedrock's rule for a tool name (Converse `toolSpec.name`): a letter, then up to 63 of `[a-zA-Z0-9_-]`. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

/** A zod object schema: a tool's input is always a JSON object (Bedrock requires `type: object`). */
export type ToolInputSchema = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;

/** What `defineTool` needs: the input schema types `run`'s argument. */
export interface ToolDefinition<Input extends ToolInputSchema, Output extends ToolOutput> {
  /** Must match `TOOL_NAME_PATTERN`. */
  name: string;
  /** What the tool does and when to use it: the model reads this to decide. */
  description: string;
  /** The input, as a zod object schema; its JSON Schema becomes `inputSchema`. */
  input: Input;
  /** Optional schema the result is checked against (a tool bug becomes a clear error). */
  output?: z.ZodType<Output>;
  /** Does the work, with input already validated and parsed (defaults applied). */
  run(input: z.output<Input>, context: ToolContext): Output | Promise<Output>;
}

/** A `Tool` built by `defineTool`, keeping its zod schema. */
export interface DefinedTool<Input extends ToolInputSchema = ToolInputSchema> extends Tool {
  /** The zod schema `invoke` validates with. */
  readonly input: Input;
}

/**
 * Builds a `Tool` from a zod schema and a function. The name is checked now (Bedrock's rule); the
 * input is validated on every call, and a bad input throws a `ToolError` naming each bad field and
 * what is allowed, which the agent sends back to the model as an error result.
 * @example
 * const add = defineTool({
 *   name: 'add',
 *   description: 'Adds two numbers.',
 *   input: z.object({ a: z.number(), b: z.number() }),
 *   run: ({ a, b }) => String(a + b),
 * });
 */
export function defineTool<Input extends ToolInputSchema, Output extends ToolOutput = ToolOutput>(
  definition: ToolDefinition<Input, Output>,
): DefinedTool<Input> {
  const { name, description, input, output, run } = definition;
  if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) {
    throw new ToolError(
      { id: 'TOOL_NAME_INVALID', category: 'config', details: { name } },
      `Tool name ${JSON.stringify(name)} is not allowed: it must start with a letter and have at most 64 ` +
        'characters from a-z, A-Z, 0-9, "_" and "-" (Bedrock requires ^[a-zA-Z][a-zA-Z0-9_-]{0,63}$).',
    );
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw new ToolError(
      { id: 'TOOL_DESCRIPTION_MISSING', category: 'config', details: { name } },
      `Tool "${name}" needs a description: the model reads it to decide when to call the tool.`,
    );
  }
  const inputSchema = toInputSchema(name, input);
  return {
    name,
    description,
    inputSchema,
    input,
    async invoke(raw: JsonValue, context: ToolContext): Promise<ToolOutput> {
      const parsed = await input.safeParseAsync(raw);
      if (!parsed.success) {
        throw new ToolError(
          { id: 'TOOL_INPUT_INVALID', category: 'user', details: { tool: name } },
          describeIssues(name, parsed.error.issues, raw, Object.keys(input.shape)),
        );
      }
      const result = await run(parsed.data, context);
      if (output) {
        const checked = await output.safeParseAsync(result);
        if (!checked.success) {
          throw new ToolError(
            { id: 'TOOL_OUTPUT_INVALID', category: 'system', details: { tool: name } },
            `Tool "${name}" returned a result that does not match its output schema: ` +
              checked.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`).join('; '),
          );
        }
        return checked.data;
      }
      return result;
    },
  };
}

/** The input's JSON Schema as a plain JSON object, without `$schema` (Converse's toolSpec does not need it). */
function toInputSchema(name: string, input: ToolInputSchema): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(input, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' });
  } catch (error) {
    throw new ToolError(
      { id: 'TOOL_SCHEMA_UNREPRESENTABLE', category: 'config', details: { name } },
      `Tool "${name}": its input schema cannot be written as JSON Schema ` +
        `(${error instanceof Error ? error.message : String(error)}). Use JSON types only: string, number, ` +
        'boolean, null, enum, literal, object, array, record, union, optional.',
      error,
    );
  }
  const { $schema: _draft, ...rest } = schema;
  // A JSON round trip guarantees a plain object with no undefined values, as the wire carries it.
  const plain = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  if (plain.type !== 'object') {
    throw new ToolError(
      { id: 'TOOL_SCHEMA_UNREPRESENTABLE', category: 'config', details: { name } },
      `Tool "${name}": the input schema must describe a JSON object (type "object").`,
    );
  }
  return plain;
}

function describeIssues(
  toolName: string,
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  fields: string[],
): string {
  const lines = issues.map((issue) => `- ${where(issue.path)}: ${explain(issue, raw, fields)}`);
  return `Invalid input for tool "${toolName}":\n${lines.join('\n')}`;
}

function explain(issue: z.core.$ZodIssue, raw: unknown, fields: string[]): string {
  if (issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(raw, issue.path) === undefined) {
    return `required (expected ${issue.expected})`;
  }
  if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
    const unknown = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${unknown}; allowed fields: ${fields.join(', ')}`;
  }
  return issue.message;
}

function where(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(input)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`))
    .join('');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
