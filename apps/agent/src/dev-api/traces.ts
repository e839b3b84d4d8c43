import { GenAI, type SpanRecord } from '@agentcore-ts/agent-runtime';

/** What a span stands for in the timeline. */
export type SpanKind = 'agent' | 'model' | 'tool' | 'memory' | 'other';

export interface SpanView extends SpanRecord {
  kind: SpanKind;
  /** Milliseconds from the start of the invocation. */
  offsetMs: number;
}

/** One invocation (one trace): its spans, oldest first, and the tokens its model calls used. */
export interface TraceView {
  traceId: string;
  name: string;
  startTime: number;
  durationMs: number;
  status: SpanRecord['status']['code'];
  usage: { inputTokens: number; outputTokens: number };
  spans: SpanView[];
}

function kindOf(span: SpanRecord): SpanKind {
  const operation = span.attributes[GenAI.operationName];
  if (operation === 'invoke_agent') return 'agent';
  if (operation === 'chat') return 'model';
  if (operation === 'execute_tool') return 'tool';
  if (span.name.startsWith('memory.')) return 'memory';
  return 'other';
}

const tokens = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Groups finished spans into invocations (one trace each), oldest first. Token usage sums the model
 * (`chat`) spans, so retried calls count as the provider billed them.
 * @example groupTraces(telemetry.spans.list({ sessionId }))
 */
export function groupTraces(spans: SpanRecord[]): TraceView[] {
  const byTrace = new Map<string, SpanRecord[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const traces: TraceView[] = [];
  for (const [traceId, members] of byTrace) {
    members.sort((a, b) => a.startTime - b.startTime);
    const ids = new Set(members.map((span) => span.spanId));
    const root =
      members.find((span) => kindOf(span) === 'agent') ??
      members.find((span) => !span.parentSpanId || !ids.has(span.parentSpanId)) ??
      members[0]!;
    const start = Math.min(...members.map((span) => span.startTime));
    const end = Math.max(...members.map((span) => span.startTime + span.durationMs));
    const models = members.filter((span) => kindOf(span) === 'model');
    traces.push({
      traceId,
      name: root.name,
      startTime: start,
      durationMs: end - start,
      status: members.some((span) => span.status.code === 'error') ? 'error' : root.status.code,
      usage: {
        inputTokens: models.reduce((sum, span) => sum + tokens(span.attributes[GenAI.usageInputTokens]), 0),
        outputTokens: models.reduce((sum, span) => sum + tokens(span.attributes[GenAI.usageOutputTokens]), 0),
      },
      spans: members.map((span) => ({ ...span, kind: kindOf(span), offsetMs: span.startTime - start })),
    });
  }
  return traces.sort((a, b) => a.startTime - b.startTime);
}
