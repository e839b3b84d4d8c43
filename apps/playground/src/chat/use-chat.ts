import { useCallback, useEffect, useRef, useState } from 'react';
import { devApi } from '../api/dev-api.js';
import { invokeAgent } from '../api/invoke.js';
import { applyEvent, type ChatTurn, failTurn, historyToTurns, startTurn } from './turns.js';

/** What {@link useChat} returns. */
export interface Chat {
  /** The session's turns; undefined while its history loads. */
  turns: ChatTurn[] | undefined;
  /** True while a turn of this session streams. */
  busy: boolean;
  /** Why the history could not be loaded, if it could not. */
  historyError: string | undefined;
  send: (prompt: string) => Promise<void>;
}

const keyOf = (actorId: string, sessionId: string) => `${actorId}\u0000${sessionId}`;

/**
 * The chat of one (actor, session): past turns rebuilt from memory's events on first view, new turns
 * streamed from `POST /invocations`. Turns of every session seen are kept while the page is open.
 * @example const chat = useChat(actorId, sessionId, () => refreshPanels());
 */
export function useChat(actorId: string, sessionId: string, onTurnEnd: () => void): Chat {
  const [turns, setTurns] = useState<Record<string, ChatTurn[]>>({});
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [historyError, setHistoryError] = useState<Record<string, string>>({});
  const onTurnEndRef = useRef(onTurnEnd);
  onTurnEndRef.current = onTurnEnd;
  const key = keyOf(actorId, sessionId);
  const loaded = turns[key] !== undefined;

  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    devApi
      .events(actorId, sessionId)
      .then(({ events }) => {
        if (!cancelled) setTurns((all) => (all[key] ? all : { ...all, [key]: historyToTurns(events) }));
      })
      .catch((error: Error) => {
        if (cancelled) return;
        setHistoryError((all) => ({ ...all, [key]: error.message }));
        setTurns((all) => (all[key] ? all : { ...all, [key]: [] }));
      });
    return () => {
      cancelled = true;
    };
  }, [actorId, sessionId, key, loaded]);

  const send = useCallback(
    async (prompt: string) => {
      const turnKey = keyOf(actorId, sessionId);
      const id = `turn-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const update = (change: (turn: ChatTurn) => ChatTurn) =>
        setTurns((all) => ({
          ...all,
          [turnKey]: (all[turnKey] ?? []).map((turn) => (turn.id === id ? change(turn) : turn)),
        }));
      setTurns((all) => ({ ...all, [turnKey]: [...(all[turnKey] ?? []), startTurn(id, prompt)] }));
      setBusy((all) => ({ ...all, [turnKey]: true }));
      try {
        for await (const event of invokeAgent({ prompt, actorId, sessionId }))
          update((turn) => applyEvent(turn, event));
        update((turn) => (turn.status === 'streaming' ? { ...turn, status: 'done' } : turn));
      } catch (error) {
        update((turn) => failTurn(turn, (error as Error).message));
      } finally {
        setBusy((all) => ({ ...all, [turnKey]: false }));
        onTurnEndRef.current();
      }
    },
    [actorId, sessionId],
  );

  return { turns: turns[key], busy: busy[key] ?? false, historyError: historyError[key], send };
}
