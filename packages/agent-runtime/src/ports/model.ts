import type { JsonValue, Message, StopReason, TokenUsage } from './messages.js';

/** What the model is told about one tool. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's input. */
  inputSchema: Record<string, unknown>;
}

/** One call to a model. */
export interface ModelRequest {
  system?: string;
  messages: Message[];
  tools: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
}

/** Events a model stream yields, in order: deltas and tool uses, then one `stop`, then `usage` if known. */
export type ModelStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-use'; toolUseId: string; name: string; input: JsonValue }
  | { type: 'stop'; stopReason: StopReason }
  | { type: 'usage'; usage: TokenUsage };

/**
 * A model provider: Bedrock, an OpenAI-compatible server, or the offline development model.
 * Implementations stream typed events and throw a {@link ModelError} on failure.
 */
export interface ModelProvider {
  /** Provider name, as `gen_ai.system` in spans: `aws.bedrock`, `openai`, `offline`. */
  readonly system: string;
  /** The model id requested. */
  readonly modelId: string;
  /** Streams one model response. */
  stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelStreamEvent>;
}
