import { formatJson, formatMs } from '../lib/format.js';
import type { ToolItem } from './turns.js';

/** One tool call inline in the conversation: name, input, result and how long it took. */
export function ToolCallCard({ item }: { item: ToolItem }) {
  const failed = item.result?.status === 'error';
  return (
    <div
      data-testid="tool-call"
      className={`rounded-md border text-sm ${failed ? 'border-red-300 bg-red-50' : 'border-slate-300 bg-white'}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-inherit px-3 py-1.5">
        <span className="font-mono font-semibold">{item.name}</span>
        <span className={failed ? 'text-red-700' : 'text-slate-600'}>
          {item.result ? (failed ? 'tool error' : 'ok') : 'running…'}
        </span>
        {item.result?.durationMs !== undefined && (
          <span className="ml-auto text-slate-600" data-testid="tool-duration">
            {formatMs(item.result.durationMs)}
          </span>
        )}
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 px-3 py-2">
        <dt className="text-slate-600">Input</dt>
        <dd>
          <pre className="whitespace-pre-wrap break-words font-mono text-xs">{formatJson(item.input)}</pre>
        </dd>
        {item.result && (
          <>
            <dt className="text-slate-600">Result</dt>
            <dd>
              <pre
                data-testid="tool-result"
                className={`whitespace-pre-wrap break-words font-mono text-xs ${failed ? 'text-red-800' : ''}`}
              >
                {item.result.text}
              </pre>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
