/**
 * The parts of the OpenAI chat-completions wire format this provider reads, as zod schemas.
 * Servers differ in what they add (Ollama's `system_fingerprint`, vLLM's `stop_reason` and
 * `logprobs`), so unknown keys are ignored and most fields are optional: only what we use is checked.
 */
import { z } from 'zod';

/** `arguments` is a JSON string on the wire; a few servers send the object itself. */
const toolArguments = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

/** One piece of a tool call in a stream: id and name usually come first, arguments in pieces. */
const toolCallDeltaSchema = z.object({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: toolArguments }).nullish(),
});

/** Token counts; every server we know sends the first two, `total_tokens` is sometimes missing. */
const usageSchema = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});

/** One `data:` payload of a streamed answer (`object: "chat.completion.chunk"`). */
export const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z.array(toolCallDeltaSchema).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  // vLLM and llama.cpp report a failure after the headers went out as an `error` chunk.
  error: z.unknown().optional(),
});

/** A whole non-streamed answer (`object: "chat.completion"`). */
export const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string().nullish(),
                function: z.object({ name: z.string(), arguments: toolArguments }),
              }),
            )
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema.nullish(),
});

export type ChatChunk = z.infer<typeof chunkSchema>;
export type ChatCompletion = z.infer<typeof completionSchema>;
export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;
export type WireUsage = z.infer<typeof usageSchema>;
