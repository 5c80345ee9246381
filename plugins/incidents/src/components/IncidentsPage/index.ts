export { IncidentsPage } from './IncidentsPage';
export { IncidentList } from './IncidentList';
