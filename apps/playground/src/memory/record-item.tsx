import { useState } from 'react';
import type { MemoryRecordView } from '../api/types.js';
import { formatScore, formatTime, readableRecord } from '../lib/format.js';

/** One long-term record; its score is shown when the last answer recalled it. Delete asks to confirm. */
export function RecordItem({
  record,
  recallScore,
  onDelete,
}: {
  record: MemoryRecordView;
  recallScore: number | undefined;
  onDelete: (memoryRecordId: string) => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const used = recallScore !== undefined;
  const readable = readableRecord(record.text);

  const remove = async () => {
    setDeleting(true);
    try {
      await onDelete(record.memoryRecordId);
    } finally {
      setDeleting(false);
      setConfirming(false);
    }
  };

  return (
    <li
      data-testid="memory-record"
      className={`rounded-md border px-3 py-2 text-sm ${used ? 'border-emerald-400 bg-emerald-50' : 'border-slate-200 bg-white'}`}
    >
      <p className="break-words">{readable.text}</p>
      {readable.note && <p className="mt-0.5 break-words text-xs text-slate-600">{readable.note}</p>}
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
        {used && (
          <span
            className="rounded bg-emerald-600 px-1.5 py-0.5 font-mono text-white"
            data-testid="recall-score"
          >
            used in last answer · {formatScore(recallScore)}
          </span>
        )}
        <span>{formatTime(record.createdAt)}</span>
        <span className="font-mono" title={record.memoryRecordId}>
          {record.memoryRecordId.slice(0, 12)}…
        </span>
        <span className="ml-auto flex gap-2">
          {confirming ? (
            <>
              <button
                type="button"
                onClick={() => void remove()}
                disabled={deleting}
                className="rounded bg-red-600 px-2 py-0.5 font-medium text-white hover:bg-red-700 focus:outline-2 focus:outline-red-600"
              >
                Confirm delete
              </button>
              <button
                type="button"
                onClick={() => setConfirming(false)}
                className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 focus:outline-2 focus:outline-indigo-600"
              >
                Cancel
              </button>
            </>
          ) : (
            <button
              type="button"
              onClick={() => setConfirming(true)}
              aria-label={`Delete record: ${readable.text.slice(0, 60)}`}
              className="rounded border border-slate-300 px-2 py-0.5 text-red-700 hover:bg-red-50 focus:outline-2 focus:outline-red-600"
            >
              Delete
            </button>
          )}
        </span>
      </div>
    </li>
  );
}
