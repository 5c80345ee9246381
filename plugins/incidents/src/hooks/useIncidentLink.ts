import {
  RouteRef,
  SubRouteRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { useLocation } from 'react-router-dom';
import {
  actionItemsRouteRef,
  incidentRouteRef,
  metricsRouteRef,
  oncallRouteRef,
  postmortemRouteRef,
  rootRouteRef,
  unroutedAlertsRouteRef,
} from '../routes';

/**
 * Resolves one of the plugin's routes. In the new frontend system the route is resolved
 * through the app; where it cannot be (legacy apps, or an app without that page) the link
 * falls back to `fallback`, the path the legacy pages are documented to be mounted at.
 * `useRouteRef` is not used because it throws for an unmounted route, and entity pages
 * must still render then.
 */
function useRouteLink<Params extends { [key in string]: string }>(
  routeRef: RouteRef<any> | SubRouteRef<any>,
  fallback: (params: Params) => string,
): (params: Params) => string {
  const resolver = useApiHolder().get(coreApis.routeResolution);
  const { pathname } = useLocation();
  return useCallback(
    (params: Params) => {
      let resolved: ((p: Params) => string) | undefined;
      try {
        resolved = resolver?.resolve(routeRef as any, {
          sourcePath: pathname,
        }) as ((p: Params) => string) | undefined;
      } catch {
        resolved = undefined;
      }
      return resolved ? resolved(params) : fallback(params);
    },
    [resolver, pathname, routeRef, fallback],
  );
}

const enc = (id: number | string) => encodeURIComponent(String(id));
const incidentFallback = ({ id }: { id: string }) => `/incidents/${enc(id)}`;
const postmortemFallback = ({ id }: { id: string }) =>
  `/incidents/${enc(id)}/postmortem`;
const fixedFallback = (path: string) => () => path;
const rootFallback = fixedFallback('/incidents');
const unroutedFallback = fixedFallback('/incidents/alerts/unrouted');
const actionItemsFallback = fixedFallback('/incidents/action-items');
const metricsFallback = fixedFallback('/incidents/metrics');
const oncallFallback = fixedFallback('/incidents/oncall');

/** Builds links to an incident's page (`/incidents/<id>` where the route cannot be resolved). */
export function useIncidentLink(): (id: number | string) => string {
  const link = useRouteLink(incidentRouteRef, incidentFallback);
  return useCallback((id: number | string) => link({ id: String(id) }), [link]);
}

/** Builds links to an incident's postmortem editor. */
export function usePostmortemLink(): (incidentId: number | string) => string {
  const link = useRouteLink(postmortemRouteRef, postmortemFallback);
  return useCallback(
    (incidentId: number | string) => link({ id: String(incidentId) }),
    [link],
  );
}

/**
 * Links to the plugin's pages: the incident list, the unrouted alerts inbox, the action
 * items review, the metrics dashboard and the on-call schedules.
 */
export function usePageLinks(): {
  incidents: string;
  unroutedAlerts: string;
  actionItems: string;
  metrics: string;
  oncall: string;
} {
  return {
    incidents: useRouteLink(rootRouteRef, rootFallback)({}),
    unroutedAlerts: useRouteLink(unroutedAlertsRouteRef, unroutedFallback)({}),
    actionItems: useRouteLink(actionItemsRouteRef, actionItemsFallback)({}),
    metrics: useRouteLink(metricsRouteRef, metricsFallback)({}),
    oncall: useRouteLink(oncallRouteRef, oncallFallback)({}),
  };
}
