import type { RecalledMemory } from '../ports/memory.js';
import type { JsonValue, Message, StopReason, TokenUsage, ToolResultContent } from '../ports/messages.js';

/** Why a turn ended: the model's reason, or the agent's step bound. */
export type TurnStopReason = StopReason | 'max_steps';

/** The result of one turn. */
export interface AgentResult {
  /** The text of the final assistant message. */
  text: string;
  stopReason: TurnStopReason;
  /** Token usage summed over the turn's model calls. */
  usage: TokenUsage;
  /** The messages this turn added, in order (user prompt, assistant, tool results, ...). */
  messages: Message[];
  /** Long-term memories recalled for the prompt. */
  recalled: RecalledMemory[];
}

/** Typed events of `agent.stream(prompt)`, in the order they happen. */
export type AgentEvent =
  | { type: 'recall'; memories: RecalledMemory[] }
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call'; toolUseId: string; name: string; input: JsonValue }
  | {
      type: 'tool-result';
      toolUseId: string;
      name: string;
      status: 'success' | 'error';
      content: ToolResultContent[];
      durationMs: number;
    }
  | { type: 'message'; message: Message }
  | { type: 'usage'; usage: TokenUsage }
  | { type: 'final'; result: AgentResult };
