import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** Root of the global Incidents page. */
export const rootRouteRef = createRouteRef({ id: 'incidents' });

/** One incident's page, under the Incidents page. */
export const incidentRouteRef = createSubRouteRef({
  id: 'incidents/incident',
  parent: rootRouteRef,
  path: '/:id',
});
