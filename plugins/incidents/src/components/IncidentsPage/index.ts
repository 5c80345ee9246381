export { IncidentsPage, IncidentList } from './IncidentsPage';
