import { useEffect, useState } from 'react';

/**
 * State kept in `localStorage`, so a reload returns to the same actor and session.
 * @example const [actorId, setActorId] = useStoredState('playground.actor', () => 'user123');
 */
export function useStoredState(key: string, initial: () => string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => {
    try {
      return localStorage.getItem(key) ?? initial();
    } catch {
      return initial();
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Storage can be off (private mode): the state simply does not survive a reload.
    }
  }, [key, value]);
  return [value, setValue];
}
