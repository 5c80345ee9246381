import {
  ApiBlueprint,
  createFrontendPlugin,
  coreApis,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import { incidentsApiRef, IncidentsClient } from './api';
import { isIncidentsAvailable } from './isIncidentsAvailable';
import {
  actionItemsRouteRef,
  incidentRouteRef,
  metricsRouteRef,
  postmortemRouteRef,
  rootRouteRef,
  unroutedAlertsRouteRef,
} from './routes';

const incidentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: incidentsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
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

// Own pages rather than sub-pages: the Incidents page routes incident ids below itself,
// which the tabbed sub-page layout cannot; the more specific paths win over `/incidents`.
const actionItemsPage = PageBlueprint.make({
  name: 'action-items',
  params: {
    path: '/incidents/action-items',
    title: 'Action items',
    routeRef: actionItemsRouteRef,
    loader: () =>
      import('./components/ActionItemsPage').then(m => <m.ActionItemsPage />),
  },
});

const metricsPage = PageBlueprint.make({
  name: 'metrics',
  params: {
    path: '/incidents/metrics',
    title: 'Incident metrics',
    routeRef: metricsRouteRef,
    loader: () =>
      import('./components/MetricsDashboard').then(m => (
        <m.MetricsDashboardPage />
      )),
  },
});

// Home page widgets: same names and titles as the legacy cards in plugin.tsx.
const homeOncallShiftsWidget = HomePageWidgetBlueprint.make({
  name: 'oncall-shifts',
  params: {
    name: 'HomePageOncallShifts',
    title: 'My on-call shifts',
    description: 'Where you are on call now, until when, and your next shift',
    components: () =>
      import('./home').then(m => ({ Content: m.MyOncallShiftsContent })),
  },
});

const homeOwnedIncidentsWidget = HomePageWidgetBlueprint.make({
  name: 'owned-incidents',
  params: {
    name: 'HomePageOwnedIncidents',
    title: 'Open incidents on my services',
    description: 'Open incidents on services owned by you or your teams',
    components: () =>
      import('./home').then(m => ({ Content: m.OwnedIncidentsContent })),
  },
});

const homeOverdueActionItemsWidget = HomePageWidgetBlueprint.make({
  name: 'overdue-action-items',
  params: {
    name: 'HomePageOverdueActionItems',
    title: 'My overdue action items',
    description: 'Your action items past their due date',
    components: () =>
      import('./home').then(m => ({ Content: m.OverdueActionItemsContent })),
  },
});

const homeRoleIncidentsWidget = HomePageWidgetBlueprint.make({
  name: 'role-incidents',
  params: {
    name: 'HomePageRoleIncidents',
    title: 'Incidents I hold a role in',
    description: 'The latest incidents where you are commander, scribe, ...',
    components: () =>
      import('./home').then(m => ({ Content: m.RoleIncidentsContent })),
  },
});

/** Firebreak for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'incidents',
  title: 'Incidents',
  routes: {
    root: rootRouteRef,
    incident: incidentRouteRef,
    postmortem: postmortemRouteRef,
    unroutedAlerts: unroutedAlertsRouteRef,
    actionItems: actionItemsRouteRef,
    metrics: metricsRouteRef,
  },
  extensions: [
    incidentsApi,
    incidentsPage,
    actionItemsPage,
    metricsPage,
    entityIncidentsContent,
    entityIncidentsCard,
    entityOncallCard,
    entityRunbooksCard,
    homeOncallShiftsWidget,
    homeOwnedIncidentsWidget,
    homeOverdueActionItemsWidget,
    homeRoleIncidentsWidget,
  ],
});
