import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { incidentsApiRef, IncidentsClient } from './api';
import { incidentRouteRef, rootRouteRef } from './routes';

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
  routes: { root: rootRouteRef, incident: incidentRouteRef },
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

/**
 * The global Incidents page: all incidents at its root, one incident at `/:id`. Mount it
 * at `/incidents` so the entity tab's links (which fall back to `/incidents/<id>`) match.
 */
export const IncidentsPage = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'IncidentsPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/IncidentsPage').then(m => () => (
        <m.IncidentsPage withHeader />
      )),
  }),
);
