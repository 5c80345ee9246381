import { createRouteRef } from '@backstage/core-plugin-api';

/** Root of the global Incidents page. */
export const rootRouteRef = createRouteRef({ id: 'incidents' });
