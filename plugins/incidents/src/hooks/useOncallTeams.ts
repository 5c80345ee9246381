import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { ANNOTATION_ONCALL } from '@firebreak/plugin-incidents-common';
import useAsync from 'react-use/esm/useAsync';
import { TeamChoice } from './useTeams';

/**
 * The catalog's groups that declare a rotation (`firebreak.dev/oncall`), by name, as
 * the caller may read them. `undefined` while loading; an app without the catalog API
 * has none.
 */
export function useOncallTeams(): {
  teams?: TeamChoice[];
  error?: Error;
} {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value, error } = useAsync(async () => {
    if (!catalogApi) return [];
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'Group',
        [`metadata.annotations.${ANNOTATION_ONCALL}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(e => ({
        ref: stringifyEntityRef(e),
        label: e.metadata.title ?? e.metadata.name,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);
  return { teams: value, error };
}
