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
} from './plugin';
export { isIncidentsAvailable } from './isIncidentsAvailable';
export * from './api';
