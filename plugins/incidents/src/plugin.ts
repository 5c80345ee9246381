import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { incidentsApiRef, IncidentsClient } from './api';
import { rootRouteRef } from './routes';

/** Firebreak for the legacy frontend system. */
export const incidentsPlugin = createPlugin({
  id: 'incidents',
  apis: [
    createApiFactory({
      api: incidentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncidentsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The Incidents tab; mount it under an `EntityLayout.Route` gated by `isIncidentsAvailable`. */
export const EntityIncidentsContent = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityIncidentsContent',
    component: {
      lazy: () =>
        import('./components/EntityIncidentsContent').then(
          m => m.EntityIncidentsContent,
        ),
    },
  }),
);
