import type {
  StopReason as BedrockStopReason,
  TokenUsage as BedrockTokenUsage,
  ConverseOutput,
  ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { ModelError } from '../../errors.js';
import type { JsonValue, StopReason, TokenUsage } from '../../ports/messages.js';
import type { ModelStreamEvent } from '../../ports/model.js';

/**
 * Maps a Bedrock stop reason onto the port's. Reasons the port has no word for are folded into the
 * nearest one: a full context window truncates like `max_tokens`; malformed output ends the turn.
 * @example toStopReason('tool_use') // 'tool_use'
 */
export function toStopReason(reason: BedrockStopReason | string | undefined): StopReason {
  switch (reason) {
    case 'tool_use':
    case 'max_tokens':
    case 'stop_sequence':
    case 'guardrail_intervened':
    case 'content_filtered':
    case 'end_turn':
      return reason;
    case 'model_context_window_exceeded':
      return 'max_tokens';
    default:
      return 'end_turn';
  }
}

/**
 * Maps Bedrock token counts onto the port's (cache counts are left out; the port has no place for them).
 * @example toUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 15 })
 */
export function toUsage(usage: BedrockTokenUsage): TokenUsage {
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.totalTokens ?? inputTokens + outputTokens };
}

function parseToolInput(raw: string, name: string, toolUseId: string): JsonValue {
  // A tool without parameters may stream no input at all.
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as JsonValue;
  } catch (cause) {
    throw new ModelError(
      { id: 'MODEL_TOOL_INPUT_INVALID', category: 'third_party', details: { name, toolUseId, input: raw } },
      `The model asked for tool '${name}' with input that is not valid JSON: ${raw.slice(0, 200)}`,
      cause,
    );
  }
}

interface PendingToolUse {
  toolUseId: string;
  name: string;
  input: string;
}

/**
 * Maps a ConverseStream event stream onto the port's events: text deltas as they come, one complete
 * `tool-use` per tool block (its input deltas joined and parsed at `contentBlockStop`), one `stop`,
 * then `usage`. In-stream exceptions are thrown by the SDK while iterating; the caller maps them.
 * @example for await (const event of mapConverseStream(response.stream)) console.log(event);
 */
export async function* mapConverseStream(
  stream: AsyncIterable<ConverseStreamOutput>,
): AsyncGenerator<ModelStreamEvent> {
  const tools = new Map<number, PendingToolUse>();
  let stopped = false;
  let heldUsage: TokenUsage | undefined;
  for await (const event of stream) {
    if (event.contentBlockStart) {
      const toolUse = event.contentBlockStart.start?.toolUse;
      if (toolUse?.toolUseId && toolUse.name) {
        tools.set(event.contentBlockStart.contentBlockIndex ?? 0, {
          toolUseId: toolUse.toolUseId,
          name: toolUse.name,
          input: '',
        });
      }
    } else if (event.contentBlockDelta) {
      const { delta, contentBlockIndex } = event.contentBlockDelta;
      if (delta?.text !== undefined) {
        if (delta.text.length > 0) yield { type: 'text-delta', text: delta.text };
      } else if (delta?.toolUse) {
        const pending = tools.get(contentBlockIndex ?? 0);
        if (pending) pending.input += delta.toolUse.input ?? '';
      }
      // Reasoning and citation deltas have no place in the port; they are dropped here.
    } else if (event.contentBlockStop) {
      const index = event.contentBlockStop.contentBlockIndex ?? 0;
      const pending = tools.get(index);
      if (pending) {
        tools.delete(index);
        const input = parseToolInput(pending.input, pending.name, pending.toolUseId);
        yield { type: 'tool-use', toolUseId: pending.toolUseId, name: pending.name, input };
      }
    } else if (event.messageStop) {
      stopped = true;
      yield { type: 'stop', stopReason: toStopReason(event.messageStop.stopReason) };
      if (heldUsage) yield { type: 'usage', usage: heldUsage };
      heldUsage = undefined;
    } else if (event.metadata?.usage) {
      // The port promises `usage` after `stop`; Bedrock sends metadata last, but hold it if not.
      const usage = toUsage(event.metadata.usage);
      if (stopped) yield { type: 'usage', usage };
      else heldUsage = usage;
    }
  }
  if (!stopped) {
    throw new ModelError(
      { id: 'MODEL_STREAM_INCOMPLETE', category: 'third_party', retryable: true },
      'The Bedrock response stream ended before the model stopped (no messageStop event).',
    );
  }
}

/**
 * Maps a non-streaming Converse output onto the same events as the stream: one `text-delta` per text
 * block, one `tool-use` per tool block, one `stop`, then `usage`.
 * @example for await (const event of mapConverseOutput(response)) console.log(event);
 */
export async function* mapConverseOutput(output: {
  output?: ConverseOutput | undefined;
  stopReason?: BedrockStopReason | string | undefined;
  usage?: BedrockTokenUsage | undefined;
}): AsyncGenerator<ModelStreamEvent> {
  for (const block of output.output?.message?.content ?? []) {
    if (block.text !== undefined) {
      if (block.text.length > 0) yield { type: 'text-delta', text: block.text };
    } else if (block.toolUse?.toolUseId && block.toolUse.name) {
      const { toolUseId, name, input } = block.toolUse;
      yield { type: 'tool-use', toolUseId, name, input: (input ?? {}) as JsonValue };
    }
  }
  yield { type: 'stop', stopReason: toStopReason(output.stopReason) };
  if (output.usage) yield { type: 'usage', usage: toUsage(output.usage) };
}
