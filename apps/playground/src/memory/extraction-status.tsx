import type { ExtractionState, ExtractionView } from '../api/types.js';

const STYLES: Record<ExtractionState, string> = {
  none: 'bg-slate-200 text-slate-800',
  pending: 'bg-amber-200 text-amber-900',
  running: 'bg-sky-200 text-sky-900',
  done: 'bg-emerald-600 text-white',
  failed: 'bg-red-600 text-white',
  unknown: 'bg-slate-200 text-slate-800',
};

/** Where long-term extraction of the session stands: pending, running or done (polled). */
export function ExtractionStatus({
  view,
  error,
}: {
  view: ExtractionView | undefined;
  error: string | undefined;
}) {
  return (
    <div className="space-y-1" aria-live="polite">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-medium">Extraction</h3>
        <span
          data-testid="extraction-state"
          className={`rounded px-2 py-0.5 text-xs font-semibold ${STYLES[view?.state ?? 'none']}`}
        >
          {view?.state ?? '…'}
        </span>
        {view && view.pendingInMemory > 0 && (
          <span className="text-xs text-slate-600">{view.pendingInMemory} job(s) queued in memory</span>
        )}
      </div>
      {view && <p className="text-xs text-slate-600">{view.detail}</p>}
      {view?.lastError && <p className="text-xs text-red-700">Last error: {view.lastError}</p>}
      {error && <p className="text-xs text-red-700">{error}</p>}
    </div>
  );
}
