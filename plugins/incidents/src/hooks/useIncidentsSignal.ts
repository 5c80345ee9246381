import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/** Signals channel the backend publishes every incident change on. */
export const INCIDENTS_SIGNAL_CHANNEL = 'firebreak:incidents';

/**
 * Calls `onChange` whenever the backend signals an incident change. Without a signal API
 * in the app, `useSignal` subscribes to nothing, so pages simply do not refresh live.
 */
export function useIncidentsSignal(onChange: () => void): void {
  const { lastSignal } = useSignal(INCIDENTS_SIGNAL_CHANNEL);
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (lastSignal) callback.current();
  }, [lastSignal]);
}
