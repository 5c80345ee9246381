import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { incidentsApiRef, IncidentsClient } from './api';
import { isIncidentsAvailable } from './isIncidentsAvailable';
import { rootRouteRef } from './routes';

const incidentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: incidentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncidentsClient({ discoveryApi, fetchApi }),
    }),
});

const entityIncidentsContent = EntityContentBlueprint.make({
  name: 'incidents',
  params: {
    path: '/incidents',
    title: 'Incidents',
    filter: isIncidentsAvailable,
    loader: () =>
      import('./components/EntityIncidentsContent').then(m => (
        <m.EntityIncidentsContent />
      )),
  },
});

/** Firebreak for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'incidents',
  title: 'Incidents',
  routes: { root: rootRouteRef },
  extensions: [incidentsApi, entityIncidentsContent],
});
