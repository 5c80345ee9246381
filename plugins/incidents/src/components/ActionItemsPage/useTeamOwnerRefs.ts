import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** The owner refs a team stands for, as {@link useTeamOwnerRefs} resolves them. */
export type TeamOwnerRefs = {
  /** The group and its members; `undefined` without a team or while loading. */
  refs?: string[];
  loading: boolean;
  error?: Error;
};

/**
 * A team owns what the group owns and what its members own, so the group ref is
 * expanded with its `hasMember` relations from the catalog. Without a catalog API in the
 * app, or for a group the catalog does not know, the team is just the group.
 */
export function useTeamOwnerRefs(team: string | undefined): TeamOwnerRefs {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    if (!team) return undefined;
    const group = catalogApi
      ? await catalogApi.getEntityByRef(team)
      : undefined;
    const members = (group?.relations ?? [])
      .filter(r => r.type === 'hasMember')
      .map(r => r.targetRef);
    return { team, refs: [team, ...new Set(members)] };
  }, [catalogApi, team]);
  // Until the new team resolves, the previous team's refs must not be used.
  const current = value?.team === team;
  return {
    refs: current ? value?.refs : undefined,
    loading: !!team && (loading || (!current && !error)),
    error,
  };
}
