import { ReactNode } from 'react';
import { SWRConfig } from 'swr';

/**
 * Gives what it wraps its own cache of permission answers. `usePermission` keeps them in
 * SWR's global cache, so without this one test's answer (allowed) would be shown to the
 * next test that asks the same question (and expects a refusal).
 */
export function FreshPermissionCache(props: { children: ReactNode }) {
  return (
    <SWRConfig value={{ provider: () => new Map() }}>
      {props.children}
    </SWRConfig>
  );
}
