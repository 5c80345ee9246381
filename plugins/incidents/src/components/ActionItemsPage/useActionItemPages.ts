import { useApi } from '@backstage/core-plugin-api';
import { ActionItem, Page } from '@firebreak/plugin-incidents-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ActionItemListFilter, incidentsApiRef } from '../../api';

/** Rows per request; large enough for a team's review, small enough to render at once. */
export const ACTION_ITEMS_PAGE_SIZE = 50;

/** One cursor-paginated list of action items, as {@link useActionItemPages} returns it. */
export type ActionItemPages = {
  page?: Page<ActionItem>;
  loading: boolean;
  error?: Error;
  retry: () => void;
  /** Whether pages before this one were loaded. */
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
};

/**
 * Loads one page of action items at a time, following the API's cursor. `filter`
 * `undefined` means nothing can match (e.g. an owner outside the chosen team), so no
 * request is made; `pending` waits (no page) until the filter is known. A different
 * filter starts again at the first page.
 */
export function useActionItemPages(
  filter: ActionItemListFilter | undefined,
  pending = false,
): ActionItemPages {
  const incidentsApi = useApi(incidentsApiRef);
  const key = JSON.stringify(filter ?? null);
  const [paging, setPaging] = useState<{
    key: string;
    cursors: (string | undefined)[];
  }>({ key, cursors: [undefined] });
  // Cursors belong to the filter they were issued for.
  const cursors = paging.key === key ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    if (pending) return undefined;
    if (!filter) return { items: [] } as Page<ActionItem>;
    return incidentsApi.listActionItems({
      ...filter,
      limit: ACTION_ITEMS_PAGE_SIZE,
      cursor,
    });
    // `key` stands for `filter`, which is a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentsApi, key, cursor, pending]);

  return {
    page: value,
    loading,
    error,
    retry,
    hasPrevious: cursors.length > 1,
    next: () => {
      if (value?.nextCursor) {
        setPaging({ key, cursors: [...cursors, value.nextCursor] });
      }
    },
    previous: () => setPaging({ key, cursors: cursors.slice(0, -1) }),
  };
}
