import type { JsonValue, ToolResultContent } from './messages.js';

/** What a tool knows about the call it serves. */
export interface ToolContext {
  actorId: string;
  sessionId: string;
  toolUseId: string;
  /** Aborted when the tool's timeout passes or the invocation is cancelled. */
  signal: AbortSignal;
}

/** What a tool returns: text, a JSON value, or explicit result content. */
export type ToolOutput = string | JsonValue | { content: ToolResultContent[] };

/** A tool the agent can call. Build one with `defineTool` from `@agentcore-ts/tools`. */
export interface Tool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the input. */
  readonly inputSchema: Record<string, unknown>;
  /** Runs the tool. Throwing sends an error result back to the model; it never ends the turn. */
  invoke(input: JsonValue, context: ToolContext): Promise<ToolOutput>;
}
