import { createApiRef } from '@backstage/core-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';

/** Talks to the Firebreak backend at `/api/incidents`. */
export interface IncidentsApi {
  /** The severity policy, most severe first. */
  getSeverities(): Promise<SeverityLevel[]>;
}

/** Reference to the {@link IncidentsApi}. */
export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
