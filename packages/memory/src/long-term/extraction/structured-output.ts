import type { ModelProvider, ModelRequest } from '@agentcore-ts/agent-runtime';
import { z } from 'zod';
import { LongTermMemoryError } from '../errors.js';

/** One structured call: a prompt, and the zod schema the answer must satisfy. */
export interface StructuredCall<T> {
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  /** The tool the model may call to give its answer (its input schema is `schema` as JSON Schema). */
  toolName: string;
  toolDescription: string;
  maxTokens?: number;
  signal?: AbortSignal;
}

/**
 * Asks the model for one JSON answer and validates it with zod. The answer may come as a call of the
 * offered tool (what tool-using models do best) or as JSON text, fenced or not. Anything else is
 * rejected with `MEMORY_EXTRACTION_OUTPUT_INVALID`, never half-applied.
 * @example const { facts } = await structuredOutput(model, { system, prompt, schema, toolName: 'record_facts', toolDescription: '...' });
 */
export async function structuredOutput<T>(model: ModelProvider, call: StructuredCall<T>): Promise<T> {
  const request: ModelRequest = {
    system: call.system,
    messages: [{ role: 'user', content: [{ text: call.prompt }] }],
    tools: [
      {
        name: call.toolName,
        description: call.toolDescription,
        inputSchema: z.toJSONSchema(call.schema, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
      },
    ],
    temperature: 0,
    maxTokens: call.maxTokens ?? 4096,
  };
  let text = '';
  let toolInput: unknown;
  let fromTool = false;
  for await (const event of model.stream(request, call.signal)) {
    if (event.type === 'text-delta') text += event.text;
    else if (event.type === 'tool-use' && event.name === call.toolName && !fromTool) {
      toolInput = event.input;
      fromTool = true;
    }
  }
  const raw = fromTool ? toolInput : parseJsonText(text);
  const parsed = call.schema.safeParse(raw);
  if (!parsed.success) {
    throw new LongTermMemoryError(
      {
        id: 'MEMORY_EXTRACTION_OUTPUT_INVALID',
        category: 'third_party',
        retryable: true,
        details: {
          model: model.modelId,
          issues: parsed.error.issues
            .slice(0, 5)
            .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
          output: (fromTool ? JSON.stringify(toolInput) : text).slice(0, 500),
        },
      },
      `The model ${model.modelId} did not answer with valid ${call.toolName} JSON: ` +
        parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('; '),
    );
  }
  return parsed.data;
}

/** The JSON value in a model's text: the whole text, a fenced block, or the outermost `{...}`. */
function parseJsonText(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced) candidates.push(fenced[1]!.trim());
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
