import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useIncidentsSignal } from '../hooks/useIncidentsSignal';

/**
 * Loads a widget's data and loads it again whenever the backend signals an incident
 * change, so a home page left open stays current. The previous value stays on screen
 * while it reloads, so the card does not flicker.
 */
export function useWidgetData<T>(load: () => Promise<T>, deps: DependencyList) {
  const state = useAsyncRetry(load, deps);
  useIncidentsSignal(state.retry);
  return state;
}
