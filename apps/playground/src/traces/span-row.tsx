import type { SpanKind, SpanView } from '../api/types.js';
import { formatMs } from '../lib/format.js';

export const KIND_COLORS: Record<SpanKind, string> = {
  agent: 'bg-slate-500',
  model: 'bg-indigo-500',
  tool: 'bg-amber-500',
  memory: 'bg-emerald-500',
  other: 'bg-gray-400',
};

const tokens = (span: SpanView, key: string) => {
  const value = span.attributes[key];
  return typeof value === 'number' ? value : undefined;
};

/** One span on the invocation's timeline: where it starts, how long it runs, what it used. */
export function SpanRow({ span, depth, totalMs }: { span: SpanView; depth: number; totalMs: number }) {
  const total = Math.max(totalMs, 0.001);
  const left = (span.offsetMs / total) * 100;
  const width = Math.max((span.durationMs / total) * 100, 0.6);
  const input = tokens(span, 'gen_ai.usage.input_tokens');
  const output = tokens(span, 'gen_ai.usage.output_tokens');
  const failed = span.status.code === 'error';
  return (
    <li
      className="grid grid-cols-1 gap-x-3 py-0.5 sm:grid-cols-[minmax(0,10.5rem)_minmax(0,1fr)]"
      data-testid="span"
      data-kind={span.kind}
    >
      <div className="truncate text-xs" style={{ paddingLeft: `${depth * 0.75}rem` }} title={span.name}>
        <span className={failed ? 'font-semibold text-red-700' : ''}>{span.name}</span>
      </div>
      <div className="flex items-center gap-2">
        <div className="relative h-3 min-w-0 flex-1 rounded bg-slate-100">
          <div
            className={`absolute top-0 h-3 rounded ${KIND_COLORS[span.kind]} ${failed ? 'ring-2 ring-red-600' : ''}`}
            style={{
              left: `${Math.min(left, 99.4)}%`,
              width: `${Math.min(width, 100 - Math.min(left, 99.4))}%`,
            }}
          />
        </div>
        <span className="w-32 shrink-0 text-right text-xs whitespace-nowrap text-slate-700">
          {formatMs(span.durationMs)}
          {input !== undefined && (
            <span data-testid="span-tokens">
              {' '}
              · {input}/{output ?? 0} tok
            </span>
          )}
        </span>
      </div>
    </li>
  );
}
