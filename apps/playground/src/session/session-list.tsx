import type { SessionSummary } from '../api/types.js';
import { formatTime, shortId } from '../lib/format.js';

/** The actor's past sessions in memory, newest first; choosing one resumes it. */
export function SessionList({
  sessions,
  current,
  onSelect,
}: {
  sessions: SessionSummary[] | undefined;
  current: string;
  onSelect: (sessionId: string) => void;
}) {
  if (!sessions) return <p className="text-sm text-slate-600">Loading sessions…</p>;
  if (sessions.length === 0)
    return <p className="text-sm text-slate-600">No stored sessions for this actor yet.</p>;
  return (
    <ul className="max-h-60 space-y-1 overflow-y-auto lg:max-h-none" aria-label="Past sessions">
      {sessions.map((session) => {
        const runtimeId = session.runtimeSessionId;
        const isCurrent = runtimeId === current;
        return (
          <li key={session.memorySessionId}>
            <button
              type="button"
              disabled={runtimeId === null}
              aria-current={isCurrent ? 'true' : undefined}
              onClick={() => runtimeId && onSelect(runtimeId)}
              title={
                runtimeId === null
                  ? `${session.memorySessionId}: stored under a hashed id this agent process has not seen, so it cannot be resumed`
                  : runtimeId
              }
              className={`w-full rounded-md px-2 py-1.5 text-left text-sm focus:outline-2 focus:outline-indigo-600 ${
                isCurrent ? 'bg-indigo-100 font-medium text-indigo-900' : 'hover:bg-slate-100'
              } disabled:cursor-not-allowed disabled:text-slate-500`}
            >
              <span className="block truncate font-mono text-xs">{shortId(session.memorySessionId)}</span>
              <span className="text-xs text-slate-600">{formatTime(session.createdAt)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
