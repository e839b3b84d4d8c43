import type { SpanView, TraceView } from '../api/types.js';
import { formatMs, formatTime } from '../lib/format.js';
import { SpanRow } from './span-row.js';

/**
 * The spans as a tree, depth first, siblings in start order: each call sits under what made it even when
 * clocks put a child a fraction of a millisecond before its parent.
 */
function inTreeOrder(spans: SpanView[]): Array<{ span: SpanView; depth: number }> {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, SpanView[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const ordered: Array<{ span: SpanView; depth: number }> = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.offsetMs - b.offsetMs)) {
      ordered.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return ordered;
}

/** One invocation: its spans on a shared time axis, with its token usage. */
export function TraceTimeline({ trace, index }: { trace: TraceView; index: number }) {
  return (
    <section
      aria-label={`Invocation ${index}`}
      data-testid="trace"
      className={`rounded-md border bg-white p-3 ${trace.status === 'error' ? 'border-red-300' : 'border-slate-200'}`}
    >
      <h4 className="flex flex-wrap items-baseline gap-x-3 text-sm">
        <span className="font-semibold">#{index}</span>
        <span className="font-mono text-xs">{trace.name}</span>
        <span className="text-xs text-slate-600">{formatTime(trace.startTime)}</span>
        <span className="text-xs text-slate-600">{formatMs(trace.durationMs)}</span>
        <span className="text-xs text-slate-700" data-testid="trace-usage">
          {trace.usage.inputTokens} in · {trace.usage.outputTokens} out tokens
        </span>
        {trace.status === 'error' && <span className="text-xs font-semibold text-red-700">has errors</span>}
      </h4>
      <ol className="mt-2">
        {inTreeOrder(trace.spans).map(({ span, depth }) => (
          <SpanRow key={span.spanId} span={span} depth={depth} totalMs={trace.durationMs} />
        ))}
      </ol>
    </section>
  );
}
