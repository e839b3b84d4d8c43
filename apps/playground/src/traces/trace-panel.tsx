import { useEffect } from 'react';
import { devApi } from '../api/dev-api.js';
import type { SpanKind } from '../api/types.js';
import { usePoll } from '../lib/use-poll.js';
import { KIND_COLORS } from './span-row.js';
import { TraceTimeline } from './trace-timeline.js';

const LEGEND: Array<[SpanKind, string]> = [
  ['agent', 'invocation'],
  ['model', 'model call'],
  ['tool', 'tool call'],
  ['memory', 'memory read / write'],
];

/** The session's invocations as span timelines, newest first (from the agent's in-process span buffer). */
export function TracePanel({ sessionId, version }: { sessionId: string; version: number }) {
  const traces = usePoll(`traces:${sessionId}`, () => devApi.traces(sessionId), 3000);
  const refresh = traces.refresh;
  useEffect(() => {
    if (version > 0) refresh();
  }, [version, refresh]);
  const list = traces.data?.traces;

  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap gap-3 text-xs" aria-label="Legend">
        {LEGEND.map(([kind, label]) => (
          <li key={kind} className="flex items-center gap-1">
            <span className={`inline-block h-3 w-3 rounded ${KIND_COLORS[kind]}`} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
      {traces.error && <p className="text-xs text-red-700">{traces.error}</p>}
      {!list && <p className="text-sm text-slate-600">Loading traces…</p>}
      {list?.length === 0 && (
        <p className="text-sm text-slate-600">
          No traces for this session in this agent process yet (spans are kept in memory, newest 2,000).
        </p>
      )}
      {list
        ?.map((trace, index) => ({ trace, index: index + 1 }))
        .reverse()
        .map(({ trace, index }) => (
          <TraceTimeline key={trace.traceId} trace={trace} index={index} />
        ))}
    </div>
  );
}
