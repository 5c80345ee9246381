import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** Root of the global Incidents page. */
export const rootRouteRef = createRouteRef({ id: 'incidents' });

/** One incident's page, under the Incidents page. */
export const incidentRouteRef = createSubRouteRef({
  id: 'incidents/incident',
  parent: rootRouteRef,
  path: '/:id',
});

/** The postmortem editor of one incident, under the Incidents page. */
export const postmortemRouteRef = createSubRouteRef({
  id: 'incidents/postmortem',
  parent: rootRouteRef,
  path: '/:id/postmortem',
});

/** The inbox of alerts that matched no entity, under the Incidents page. */
export const unroutedAlertsRouteRef = createSubRouteRef({
  id: 'incidents/unrouted-alerts',
  parent: rootRouteRef,
  path: '/alerts/unrouted',
});

/** The SRE's review of action items across services (its own page). */
export const actionItemsRouteRef = createRouteRef({
  id: 'incidents-action-items',
});

/** The incident metrics dashboard (its own page). */
export const metricsRouteRef = createRouteRef({ id: 'incidents-metrics' });

/** The on-call schedules and the signed-in user's shifts (its own page). */
export const oncallRouteRef = createRouteRef({ id: 'incidents-oncall' });
