import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** A team a filter can offer: its group ref and what people call it. */
export type TeamChoice = { ref: string; label: string };

/**
 * The catalog's groups as team choices, by name. An app without the catalog API offers
 * none rather than failing, so the filters still work on refs typed by hand.
 */
export function useTeams(): TeamChoice[] {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!catalogApi) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(e => ({
        ref: stringifyEntityRef(e),
        label: e.metadata.title ?? e.metadata.name,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);
  return value ?? [];
}
