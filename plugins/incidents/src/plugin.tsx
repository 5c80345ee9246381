import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import { createCardExtension } from '@backstage/plugin-home-react';
import { incidentsApiRef, IncidentsClient } from './api';
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

/** Firebreak for the legacy frontend system. */
export const incidentsPlugin = createPlugin({
  id: 'incidents',
  apis: [
    createApiFactory({
      api: incidentsApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncidentsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    incident: incidentRouteRef,
    postmortem: postmortemRouteRef,
    unroutedAlerts: unroutedAlertsRouteRef,
    actionItems: actionItemsRouteRef,
    metrics: metricsRouteRef,
    oncall: oncallRouteRef,
  },
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
 * The global Incidents page: all incidents at its root, the unrouted alerts inbox at
 * `/alerts/unrouted`, one incident at `/:id` and its postmortem editor at
 * `/:id/postmortem`. Mount it at `/incidents` so the entity tab's links (which fall back to
 * `/incidents/<id>`) match.
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

/** The action items review across services; mount it at `/incidents/action-items`. */
export const ActionItemsPage = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'ActionItemsPage',
    mountPoint: actionItemsRouteRef,
    component: () =>
      import('./components/ActionItemsPage').then(m => () => (
        <m.ActionItemsPage withHeader />
      )),
  }),
);

/** The incident metrics dashboard; mount it at `/incidents/metrics`. */
export const IncidentMetricsPage = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'IncidentMetricsPage',
    mountPoint: metricsRouteRef,
    component: () =>
      import('./components/MetricsDashboard').then(m => () => (
        <m.MetricsDashboardPage withHeader />
      )),
  }),
);

/**
 * On-call schedules: a team's shifts for four weeks in the viewer's time zone, who is on
 * call at any instant, and the signed-in user's shifts; mount it at `/incidents/oncall`.
 */
export const OncallSchedulePage = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'OncallSchedulePage',
    mountPoint: oncallRouteRef,
    component: () =>
      import('./components/OncallSchedulePage').then(m => () => (
        <m.OncallSchedulePage withHeader />
      )),
  }),
);

/**
 * Incident results in Backstage search (documents of type `incident`, from
 * `@firebreak/plugin-search-backend-module-incidents`): put it among the children of
 * `SearchResult` / `SearchResultListItemExtensions` on your search page.
 */
export const IncidentSearchResultListItem = incidentsPlugin.provide(
  createSearchResultListItemExtension({
    name: 'IncidentSearchResultListItem',
    component: () =>
      import('./search/IncidentSearchResultListItem').then(
        m => m.IncidentSearchResultListItem,
      ),
    predicate: isIncidentSearchResult,
  }),
);

/** Home page card: where the signed-in user is on call now and next, per team. */
export const HomePageOncallShifts = incidentsPlugin.provide(
  createCardExtension({
    name: 'HomePageOncallShifts',
    title: 'My on-call shifts',
    components: () =>
      import('./home').then(m => ({ Content: m.MyOncallShiftsContent })),
  }),
);

/** Home page card: open incidents on services owned by the user or their teams. */
export const HomePageOwnedIncidents = incidentsPlugin.provide(
  createCardExtension({
    name: 'HomePageOwnedIncidents',
    title: 'Open incidents on my services',
    components: () =>
      import('./home').then(m => ({ Content: m.OwnedIncidentsContent })),
  }),
);

/** Home page card: the user's overdue action items. */
export const HomePageOverdueActionItems = incidentsPlugin.provide(
  createCardExtension({
    name: 'HomePageOverdueActionItems',
    title: 'My overdue action items',
    components: () =>
      import('./home').then(m => ({ Content: m.OverdueActionItemsContent })),
  }),
);

/** Home page card: the latest incidents in which the user holds a role. */
export const HomePageRoleIncidents = incidentsPlugin.provide(
  createCardExtension({
    name: 'HomePageRoleIncidents',
    title: 'Incidents I hold a role in',
    components: () =>
      import('./home').then(m => ({ Content: m.RoleIncidentsContent })),
  }),
);
