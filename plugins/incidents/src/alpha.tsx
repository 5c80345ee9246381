import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import { incidentsApiRef, IncidentsClient } from './api';
import { isIncidentsAvailable } from './isIncidentsAvailable';
import { incidentRouteRef, rootRouteRef } from './routes';

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

const entityIncidentsCard = EntityCardBlueprint.make({
  name: 'incidents',
  params: {
    type: 'info',
    filter: isIncidentsAvailable,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityIncidentsCard />),
  },
});

const entityOncallCard = EntityCardBlueprint.make({
  name: 'oncall',
  params: {
    type: 'info',
    filter: isIncidentsAvailable,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityOncallCard />),
  },
});

const entityRunbooksCard = EntityCardBlueprint.make({
  name: 'runbooks',
  params: {
    type: 'info',
    filter: isIncidentsAvailable,
    loader: () =>
      import('./components/EntityCards').then(m => <m.EntityRunbooksCard />),
  },
});

const incidentsPage = PageBlueprint.make({
  params: {
    path: '/incidents',
    title: 'Incidents',
    icon: <WhatshotIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/IncidentsPage').then(m => <m.IncidentsPage />),
  },
});

/** Firebreak for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'incidents',
  title: 'Incidents',
  routes: { root: rootRouteRef, incident: incidentRouteRef },
  extensions: [
    incidentsApi,
    incidentsPage,
    entityIncidentsContent,
    entityIncidentsCard,
    entityOncallCard,
    entityRunbooksCard,
  ],
});
