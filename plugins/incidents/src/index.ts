/**
 * Firebreak incidents frontend plugin (legacy frontend system; see `/alpha` for the new one).
 *
 * @packageDocumentation
 */

export {
  incidentsPlugin,
  EntityIncidentsContent,
  EntityIncidentsCard,
  EntityOncallCard,
  EntityRunbooksCard,
  IncidentsPage,
  ActionItemsPage,
  IncidentMetricsPage,
  OncallSchedulePage,
  IncidentSearchResultListItem,
  HomePageOncallShifts,
  HomePageOwnedIncidents,
  HomePageOverdueActionItems,
  HomePageRoleIncidents,
} from './plugin';
export type { IncidentSearchResultListItemProps } from './search';
export { isIncidentsAvailable } from './isIncidentsAvailable';
export * from './api';
