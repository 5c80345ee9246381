export { IncidentsErrorPanel, isNotAllowed } from './IncidentsErrorPanel';
