import { useCallback, useEffect, useRef, useState } from 'react';

/** What {@link usePoll} returns. */
export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  /** Loads again now (and restarts the interval). */
  refresh: () => void;
}

/**
 * Loads `load()` now and every `intervalMs` while mounted, one request at a time. A new `key` (another
 * actor, another session) forgets the old data; `load` undefined pauses polling.
 * @example const records = usePoll(`records:${actorId}`, () => devApi.records(actorId), 3000);
 */
export function usePoll<T>(key: string, load: (() => Promise<T>) | undefined, intervalMs: number): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: string }>({ key });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = load !== undefined;

  useEffect(() => {
    setState((previous) => (previous.key === key ? previous : { key }));
  }, [key]);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const current = loadRef.current;
      if (!current) return;
      try {
        const data = await current();
        if (!cancelled) setState({ key, data });
      } catch (error) {
        if (!cancelled) setState((previous) => ({ ...previous, key, error: (error as Error).message }));
      }
      if (!cancelled) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // `tick` is a dependency on purpose: refresh() bumps it to load again at once.
  }, [key, enabled, intervalMs, tick]);

  const refresh = useCallback(() => setTick((value) => value + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, refresh };
}
