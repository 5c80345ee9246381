export { IncidentsPage } from './IncidentsPage';
export { IncidentList } from './IncidentList';
export { IncidentsNavBar } from './IncidentsNavBar';
export type { IncidentsNavPage } from './IncidentsNavBar';
