export { IncidentsNavBar, UNROUTED_COUNT_LIMIT } from './IncidentsNavBar';
export type { IncidentsNavPage } from './IncidentsNavBar';
