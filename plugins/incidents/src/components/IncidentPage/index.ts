export { IncidentPage } from './IncidentPage';
export type { IncidentPageProps } from './IncidentPage';
