/**
 * The shapes the agent sends over HTTP, written out here because the playground imports no server
 * code: the SSE frames of `POST /invocations` (the runtime's AgentEvent) and the `/_dev` answers.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface RecalledMemory {
  text: string;
  score: number;
  namespace: string;
  memoryRecordId: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export type ToolResultContent = { text: string } | { json: JsonValue };

/**
 * A Converse content block (text, toolUse, toolResult, image, document...): loosely typed, since stored
 * events may hold any of them; the chat narrows with guards.
 */
export interface ContentBlock {
  text?: unknown;
  toolUse?: unknown;
  toolResult?: unknown;
  [key: string]: unknown;
}

export interface Message {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

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
  | { type: 'final'; result: { text: string; stopReason: string; usage: TokenUsage } };

export type PingStatus = 'Healthy' | 'HealthyBusy';

export interface DevInfo {
  model: { system: string; modelId: string };
  memory: {
    backend: string;
    memoryId: string;
    strategies: Array<{ strategyId: string; name: string; type: string; namespaces: string[] }>;
  };
}

export interface SessionSummary {
  memorySessionId: string;
  /** Null when the memory id was hashed from a runtime id this agent process has not seen. */
  runtimeSessionId: string | null;
  createdAt: string;
}

export interface StoredEvent {
  eventId: string;
  eventTimestamp: string;
  roles: string[];
  messages: Message[];
}

export interface MemoryRecordView {
  memoryRecordId: string;
  text: string;
  namespace: string;
  strategyId: string;
  createdAt: string;
}

export interface RetrievalResult extends MemoryRecordView {
  score: number;
  /** True when the agent's own recall (its top-k and minimum score) would give it to the model. */
  recalled: boolean;
}

export type ExtractionState = 'none' | 'pending' | 'running' | 'done' | 'failed' | 'unknown';

export interface ExtractionView {
  state: ExtractionState;
  attempts: number;
  lastError: string | null;
  pendingInMemory: number;
  detail: string;
}

export type SpanKind = 'agent' | 'model' | 'tool' | 'memory' | 'other';

export interface SpanView {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  offsetMs: number;
  durationMs: number;
  attributes: Record<string, unknown>;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
}

export interface TraceView {
  traceId: string;
  name: string;
  startTime: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  usage: { inputTokens: number; outputTokens: number };
  spans: SpanView[];
}
