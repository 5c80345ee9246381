import { useCallback, useRef } from 'react';

/**
 * A callback whose identity never changes but which always runs the latest `fn`. The
 * editor's cards are memoised, and handlers that read the current drafts and version
 * would otherwise change on every keystroke and re-render the whole page.
 */
export function useStableCallback<Args extends unknown[], Result>(
  fn: (...args: Args) => Result,
): (...args: Args) => Result {
  const latest = useRef(fn);
  latest.current = fn;
  return useCallback((...args: Args) => latest.current(...args), []);
}
