import type { SessionSummary } from '../api/types.js';
import { ActorPicker } from './actor-picker.js';
import { SessionList } from './session-list.js';

/** Actor and session: who is talking, in which conversation, and the conversations memory holds. */
export function SessionSidebar(props: {
  actorId: string;
  actors: string[];
  sessionId: string;
  sessions: SessionSummary[] | undefined;
  sessionsError: string | undefined;
  onActorChange: (actorId: string) => void;
  onNewSession: () => void;
  onSelectSession: (sessionId: string) => void;
}) {
  return (
    <aside
      aria-label="Actor and session"
      className="space-y-4 border-b border-slate-200 bg-white p-4 lg:overflow-y-auto lg:border-r lg:border-b-0"
    >
      <ActorPicker actorId={props.actorId} actors={props.actors} onChange={props.onActorChange} />
      <div className="space-y-1">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-sm font-medium">Session</h2>
          <button
            type="button"
            onClick={props.onNewSession}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-2 focus:outline-offset-2 focus:outline-indigo-600"
          >
            New session
          </button>
        </div>
        <p className="break-all font-mono text-xs text-slate-700" data-testid="current-session">
          {props.sessionId}
        </p>
      </div>
      <div className="space-y-1">
        <h2 className="text-sm font-medium">Past sessions</h2>
        {props.sessionsError && <p className="text-xs text-red-700">{props.sessionsError}</p>}
        <SessionList sessions={props.sessions} current={props.sessionId} onSelect={props.onSelectSession} />
      </div>
    </aside>
  );
}
