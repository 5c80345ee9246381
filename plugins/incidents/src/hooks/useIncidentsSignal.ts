import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef, useState } from 'react';

/** Signals channel the backend publishes every incident change on. */
export const INCIDENTS_SIGNAL_CHANNEL = 'firebreak:incidents';

/**
 * The least time between two refreshes of one page. Signals carry no content (a page
 * cannot tell whether a change concerns it), so during an alert storm a page refreshes
 * at most once per interval instead of once per change.
 */
export const SIGNAL_REFRESH_INTERVAL_MS = 1000;

/**
 * Calls `onChange` when the backend signals an incident change: at once for the first
 * signal after a quiet interval, then at most once per `intervalMs`, always once after
 * the last signal of a burst so the page ends up current. Without a signal API in the
 * app, `useSignal` subscribes to nothing, so pages simply do not refresh live.
 */
export function useIncidentsSignal(
  onChange: () => void,
  intervalMs: number = SIGNAL_REFRESH_INTERVAL_MS,
): void {
  const { lastSignal } = useSignal(INCIDENTS_SIGNAL_CHANNEL);
  const callback = useRef(onChange);
  callback.current = onChange;
  const lastRun = useRef<number | undefined>(undefined);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!lastSignal || pending.current) return;
    const run = () => {
      pending.current = undefined;
      lastRun.current = Date.now();
      callback.current();
    };
    const wait =
      lastRun.current === undefined
        ? 0
        : lastRun.current + intervalMs - Date.now();
    if (wait <= 0) run();
    else pending.current = setTimeout(run, wait);
  }, [lastSignal, intervalMs]);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
}

/**
 * A number that grows on each (throttled) incident change, for a page's load
 * dependencies. Unlike calling a loader's `retry`, which react-use ignores while a load
 * is running, a changed dependency starts a new load and keeps only its answer, so the
 * last change of a burst is never dropped.
 */
export function useIncidentsRefreshKey(
  intervalMs: number = SIGNAL_REFRESH_INTERVAL_MS,
): number {
  const [key, setKey] = useState(0);
  useIncidentsSignal(() => setKey(k => k + 1), intervalMs);
  return key;
}
