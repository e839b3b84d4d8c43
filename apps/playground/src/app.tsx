import { useCallback, useMemo, useState } from 'react';
import { devApi } from './api/dev-api.js';
import { ChatPanel } from './chat/chat-panel.js';
import { useChat } from './chat/use-chat.js';
import { HealthBar } from './health/health-bar.js';
import { InspectorTabs } from './inspector/inspector-tabs.js';
import { isRuntimeSessionId, newSessionId } from './lib/session-id.js';
import { usePoll } from './lib/use-poll.js';
import { useStoredState } from './lib/use-stored-state.js';
import { MemoryPanel } from './memory/memory-panel.js';
import { SessionSidebar } from './session/session-sidebar.js';
import { TracePanel } from './traces/trace-panel.js';

/** The playground: who and which session on the left, the chat in the middle, memory and traces on the right. */
export function App() {
  const [actorId, setActorId] = useStoredState('playground.actor', () => 'user123');
  const [sessionId, setSessionId] = useStoredState('playground.session', newSessionId);
  // Bumped when a turn ends, so the panels load again at once instead of at their next poll.
  const [version, setVersion] = useState(0);

  const actors = usePoll('actors', devApi.actors, 10_000);
  const sessions = usePoll(`sessions:${actorId}`, () => devApi.sessions(actorId), 5000);
  const refreshSessions = sessions.refresh;
  const refreshActors = actors.refresh;
  const onTurnEnd = useCallback(() => {
    setVersion((value) => value + 1);
    refreshSessions();
    refreshActors();
  }, [refreshSessions, refreshActors]);
  const chat = useChat(actorId, sessionId, onTurnEnd);

  // The records the latest answer recalled, with their scores, to highlight in the memory panel.
  const recallScores = useMemo(() => {
    const last = chat.turns?.findLast((turn) => turn.status !== 'streaming');
    return new Map((last?.recalled ?? []).map((memory) => [memory.memoryRecordId, memory.score]));
  }, [chat.turns]);

  const changeActor = (next: string) => {
    setActorId(next);
    setSessionId(newSessionId());
  };

  return (
    <div className="flex min-h-screen flex-col lg:h-screen">
      <a
        href="#composer"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to the message box
      </a>
      <HealthBar />
      <div className="grid flex-1 grid-cols-1 lg:min-h-0 lg:grid-cols-[15rem_minmax(0,1fr)_minmax(0,1fr)]">
        <SessionSidebar
          actorId={actorId}
          actors={actors.data?.actors ?? []}
          sessionId={sessionId}
          sessions={sessions.data?.sessions}
          sessionsError={sessions.error}
          onActorChange={changeActor}
          onNewSession={() => setSessionId(newSessionId())}
          onSelectSession={setSessionId}
        />
        <ChatPanel
          chat={chat}
          disabledReason={
            isRuntimeSessionId(sessionId) ? undefined : 'The session id must be 33 to 256 characters.'
          }
        />
        <section
          aria-label="Inspector"
          className="border-t border-slate-200 bg-slate-50 lg:flex lg:min-h-0 lg:flex-col lg:border-t-0 lg:border-l"
        >
          <InspectorTabs
            tabs={[
              {
                id: 'memory',
                label: 'Memory',
                content: () => (
                  <MemoryPanel
                    actorId={actorId}
                    sessionId={sessionId}
                    version={version}
                    recallScores={recallScores}
                  />
                ),
              },
              {
                id: 'traces',
                label: 'Traces',
                content: () => <TracePanel sessionId={sessionId} version={version} />,
              },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
