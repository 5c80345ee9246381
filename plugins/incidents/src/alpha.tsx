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
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { INCIDENT_SEARCH_TYPE } from '@firebreak/plugin-incidents-common';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import { incidentsApiRef, IncidentsClient } from './api';
import { isIncidentsAvailable } from './isIncidentsAvailable';
import {
  actionItemsRouteRef,
  incidentRouteRef,
  metricsRouteRef,
  oncallRouteRef,
  postmortemRouteRef,
  rootRouteRef,
  unroutedAlertsRouteRef,
} from './routes';
import { isIncidentSearchResult } from './search/isIncidentSearchResult';
import { incidentsTranslationRef } from './translation';

export { incidentsTranslationRef } from './translation';

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
    title: incidentsTranslationRef('entityContent.title'),
    group: 'operation',
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
    title: incidentsTranslationRef('page.title'),
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
    title: incidentsTranslationRef('actionItemsPage.title'),
    routeRef: actionItemsRouteRef,
    loader: () =>
      import('./components/ActionItemsPage').then(m => <m.ActionItemsPage />),
  },
});

const metricsPage = PageBlueprint.make({
  name: 'metrics',
  params: {
    path: '/incidents/metrics',
    title: incidentsTranslationRef('metricsPage.title'),
    routeRef: metricsRouteRef,
    loader: () =>
      import('./components/MetricsDashboard').then(m => (
        <m.MetricsDashboardPage />
      )),
  },
});

const oncallPage = PageBlueprint.make({
  name: 'oncall',
  params: {
    path: '/incidents/oncall',
    title: incidentsTranslationRef('oncallPage.title'),
    routeRef: oncallRouteRef,
    loader: () =>
      import('./components/OncallSchedulePage').then(m => (
        <m.OncallSchedulePage />
      )),
  },
});

// Incident results on the search page, from the incidents search module's documents.
const incidentSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    predicate: isIncidentSearchResult,
    component: () =>
      import('./search/IncidentSearchResultListItem').then(
        m => m.IncidentSearchResultListItem,
      ),
  },
});

const incidentSearchResultType = SearchFilterResultTypeBlueprint.make({
  params: {
    value: INCIDENT_SEARCH_TYPE,
    name: 'Incidents',
    icon: <WhatshotIcon />,
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
  icon: <WhatshotIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
    incident: incidentRouteRef,
    postmortem: postmortemRouteRef,
    unroutedAlerts: unroutedAlertsRouteRef,
    actionItems: actionItemsRouteRef,
    metrics: metricsRouteRef,
    oncall: oncallRouteRef,
  },
  extensions: [
    incidentsApi,
    incidentsPage,
    actionItemsPage,
    metricsPage,
    oncallPage,
    entityIncidentsContent,
    entityIncidentsCard,
    entityOncallCard,
    entityRunbooksCard,
    incidentSearchResultListItem,
    incidentSearchResultType,
    homeOncallShiftsWidget,
    homeOwnedIncidentsWidget,
    homeOverdueActionItemsWidget,
    homeRoleIncidentsWidget,
  ],
});
