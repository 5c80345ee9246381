import { useApi } from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { useCallback, useEffect, useMemo, useState } from 'react';

/** A named set of list filters, stored as the URL query it stands for. */
export type SavedView = {
  name: string;
  /** The serialized filters, as in the page's URL query. */
  query: string;
};

/** Storage key of the saved views in the `incidents` bucket. */
export const SAVED_VIEWS_KEY = 'savedViews';

function asViews(value: unknown): SavedView[] {
  // Storage may hold anything an older version or another tab wrote.
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is SavedView =>
      !!v && typeof v.name === 'string' && typeof v.query === 'string',
  );
}

/**
 * The user's saved incident list views, kept in the Backstage storage API so they
 * follow the user between sessions (and devices, with a persistent storage backend).
 */
export function useSavedViews(): {
  views: SavedView[];
  /** Saves under `name`, replacing a view of the same name. */
  save: (name: string, query: string) => Promise<void>;
  remove: (name: string) => Promise<void>;
} {
  const storageApi = useApi(coreApis.storage);
  const bucket = useMemo(() => storageApi.forBucket('incidents'), [storageApi]);
  const [views, setViews] = useState<SavedView[]>(() =>
    asViews(bucket.snapshot(SAVED_VIEWS_KEY).value),
  );

  useEffect(() => {
    const subscription = bucket
      .observe$(SAVED_VIEWS_KEY)
      .subscribe(snapshot => setViews(asViews(snapshot.value)));
    return () => subscription.unsubscribe();
  }, [bucket]);

  const write = useCallback(
    async (next: SavedView[]) => {
      setViews(next);
      await bucket.set(SAVED_VIEWS_KEY, next);
    },
    [bucket],
  );

  const save = useCallback(
    (name: string, query: string) =>
      write([...views.filter(v => v.name !== name), { name, query }]),
    [views, write],
  );
  const remove = useCallback(
    (name: string) => write(views.filter(v => v.name !== name)),
    [views, write],
  );
  return { views, save, remove };
}
