import { useApi } from '@backstage/core-plugin-api';
import { MaintenanceWindow } from '@firebreak/plugin-incidents-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../api';

/** What {@link useMaintenanceWindows} answers. */
export type MaintenanceWindows = {
  active: MaintenanceWindow[];
  scheduled: MaintenanceWindow[];
  loading: boolean;
  error?: Error;
  /** Reloads, e.g. after a window was started or ended. */
  retry: () => void;
};

/** The entity's maintenance windows in force and those scheduled, soonest first. */
export function useMaintenanceWindows(entityRef: string): MaintenanceWindows {
  const incidentsApi = useApi(incidentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [active, scheduled] = await Promise.all([
      incidentsApi.listMaintenanceWindows({ entityRef, state: 'active' }),
      incidentsApi.listMaintenanceWindows({ entityRef, state: 'scheduled' }),
    ]);
    // The API lists newest start first; the next one to start reads best first.
    return { active, scheduled: [...scheduled].reverse() };
  }, [incidentsApi, entityRef]);
  return {
    active: value?.active ?? [],
    scheduled: value?.scheduled ?? [],
    loading,
    error,
    retry,
  };
}
