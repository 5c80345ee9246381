import { useApiHolder } from '@backstage/core-plugin-api';
import { routeResolutionApiRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { useLocation } from 'react-router-dom';
import { incidentRouteRef } from '../routes';

/**
 * Builds links to an incident's page. In the new frontend system the plugin's route is
 * resolved; where it cannot be (legacy apps, or an app without the Incidents page) links
 * fall back to `/incidents/<id>`, where the legacy `IncidentsPage` is meant to be mounted.
 * `useRouteRef` is not used because it throws for an unmounted route, and entity pages
 * must still render then.
 */
export function useIncidentLink(): (id: number | string) => string {
  const resolver = useApiHolder().get(routeResolutionApiRef);
  const { pathname } = useLocation();
  return useCallback(
    (id: number | string) => {
      let resolved: ((params: { id: string }) => string) | undefined;
      try {
        resolved = resolver?.resolve(incidentRouteRef, {
          sourcePath: pathname,
        });
      } catch {
        resolved = undefined;
      }
      return resolved
        ? resolved({ id: String(id) })
        : `/incidents/${encodeURIComponent(String(id))}`;
    },
    [resolver, pathname],
  );
}
