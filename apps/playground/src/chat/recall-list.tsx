import type { RecalledMemory } from '../api/types.js';
import { formatScore, readableRecord } from '../lib/format.js';

/** The long-term memories recalled for a prompt, with the scores that let them in. */
export function RecallList({ memories }: { memories: RecalledMemory[] }) {
  return (
    <details className="rounded-md border border-emerald-300 bg-emerald-50 text-sm" data-testid="recall" open>
      <summary className="cursor-pointer px-3 py-1.5 font-medium text-emerald-900">
        Recalled from memory ({memories.length})
      </summary>
      <ul className="space-y-1 px-3 pb-2">
        {memories.map((memory) => (
          <li key={memory.memoryRecordId} className="flex items-start gap-2">
            <span
              className="shrink-0 rounded bg-emerald-600 px-1.5 py-0.5 font-mono text-xs text-white"
              title="relevance score, 0 to 1"
            >
              {formatScore(memory.score)}
            </span>
            <span className="min-w-0 break-words">
              {readableRecord(memory.text).text}
              <span className="block font-mono text-xs text-emerald-800">{memory.namespace}</span>
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
