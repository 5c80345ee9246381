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

/** Overview card: open incident count and the latest incident; gate it with `isIncidentsAvailable`. */
export const EntityIncidentsCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityIncidentsCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityIncidentsCard),
    },
  }),
);

/** Overview card: who is on call now for the entity's owner; gate it with `isIncidentsAvailable`. */
export const EntityOncallCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityOncallCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityOncallCard),
    },
  }),
);

/** Overview card: runbook coverage and missing runbooks; gate it with `isIncidentsAvailable`. */
export const EntityRunbooksCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityRunbooksCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityRunbooksCard),
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
