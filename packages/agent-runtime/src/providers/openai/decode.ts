/**
 * From chat-completions answers to the toolkit's model events: tool calls gathered from their
 * pieces, finish reasons mapped to Converse stop reasons, usage to token counts.
 */
import { ModelError } from '../../errors.js';
import type { JsonValue, StopReason, TokenUsage } from '../../ports/messages.js';
import type { ModelStreamEvent } from '../../ports/model.js';
import type { CallTarget } from './errors.js';
import type { ChatCompletion, ToolCallDelta, WireUsage } from './wire.js';

interface PartialCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Gathers streamed tool calls by their `index`: the first piece carries id and name, the next
 * ones carry the arguments text in pieces. Emits one complete `tool-use` per call at the end.
 * @example
 * const calls = new ToolCalls(target);
 * calls.add({ index: 0, id: 'call_1', function: { name: 'clock', arguments: '' } });
 * calls.events(); // [{ type: 'tool-use', toolUseId: 'call_1', name: 'clock', input: {} }]
 */
export class ToolCalls {
  private readonly calls = new Map<number, PartialCall>();
  private lastIndex = -1;

  constructor(private readonly target: CallTarget) {}

  get size(): number {
    return this.calls.size;
  }

  add(delta: ToolCallDelta): void {
    // A few servers leave out `index`: a new id then starts a new call, anything else continues the last.
    let index = delta.index ?? undefined;
    if (index === undefined) {
      const last = this.calls.get(this.lastIndex);
      index = !last || (delta.id && delta.id !== last.id) ? this.calls.size : this.lastIndex;
    }
    this.lastIndex = index;
    let call = this.calls.get(index);
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      this.calls.set(index, call);
    }
    if (delta.id && !call.id) call.id = delta.id;
    const fn = delta.function;
    if (fn?.name && !call.name) call.name = fn.name;
    const args = fn?.arguments;
    if (typeof args === 'string') call.arguments += args;
    else if (args) call.arguments += JSON.stringify(args);
  }

  /** The complete calls in index order, arguments parsed; throws on a call the model got wrong. */
  events(): ModelStreamEvent[] {
    const ordered = [...this.calls.entries()].sort(([a], [b]) => a - b);
    return ordered.map(([index, call]) => {
      if (!call.name) {
        throw new ModelError(
          { id: 'MODEL_RESPONSE_INVALID', category: 'third_party', details: { ...this.details(), index } },
          `The model server at ${this.target.url} sent tool call #${index} without a function name.`,
        );
      }
      return {
        type: 'tool-use',
        // Servers that send no id (some llama.cpp builds) still need one to pair the result.
        toolUseId: call.id || `call_${index}_${crypto.randomUUID().slice(0, 8)}`,
        name: call.name,
        input: this.parseInput(call),
      };
    });
  }

  private parseInput(call: PartialCall): JsonValue {
    if (call.arguments.trim() === '') return {};
    try {
      return JSON.parse(call.arguments) as JsonValue;
    } catch (error) {
      const shown = call.arguments.length > 200 ? `${call.arguments.slice(0, 200)}...` : call.arguments;
      // Sampling again often fixes a small model's broken JSON: the agent may retry this call.
      throw new ModelError(
        {
          id: 'MODEL_TOOL_INPUT_INVALID',
          category: 'third_party',
          retryable: true,
          details: { ...this.details(), tool: call.name, toolUseId: call.id, arguments: shown },
        },
        `Model "${this.target.model}" called tool "${call.name}" with arguments that are not valid JSON: ${shown}. ` +
          'Smaller models do this now and then; a model with better tool support, or a lower temperature, helps.',
        error,
      );
    }
  }

  private details() {
    return { provider: 'openai', model: this.target.model, url: this.target.url };
  }
}

/**
 * Maps a chat-completions `finish_reason` to a Converse stop reason. Some servers (older Ollama)
 * finish tool calls with `stop`, so a response that made calls always stops with `tool_use`.
 * @example stopReason('length', false) // 'max_tokens'
 */
export function stopReason(finishReason: string | null | undefined, madeToolCalls: boolean): StopReason {
  if (madeToolCalls) return 'tool_use';
  if (finishReason === 'length') return 'max_tokens';
  if (finishReason === 'content_filter') return 'content_filtered';
  return 'end_turn';
}

/**
 * Maps wire usage to token counts; `total_tokens` is computed when the server leaves it out.
 * @example tokenUsage({ prompt_tokens: 10, completion_tokens: 5 }) // { inputTokens: 10, outputTokens: 5, totalTokens: 15 }
 */
export function tokenUsage(usage: WireUsage): TokenUsage {
  const inputTokens = usage.prompt_tokens ?? 0;
  const outputTokens = usage.completion_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
}

/**
 * The events of a whole (non-streamed) answer, in the same order a stream yields them.
 * @example for (const event of completionEvents(body, target)) yield event;
 */
export function completionEvents(completion: ChatCompletion, target: CallTarget): ModelStreamEvent[] {
  const choice = completion.choices[0]!;
  const events: ModelStreamEvent[] = [];
  if (choice.message.content) events.push({ type: 'text-delta', text: choice.message.content });
  const calls = new ToolCalls(target);
  for (const [index, call] of (choice.message.tool_calls ?? []).entries()) {
    calls.add({ index, id: call.id, function: call.function });
  }
  events.push(...calls.events());
  events.push({ type: 'stop', stopReason: stopReason(choice.finish_reason, calls.size > 0) });
  if (completion.usage) events.push({ type: 'usage', usage: tokenUsage(completion.usage) });
  return events;
}
