export { AlertsRunbooksCard } from './AlertsRunbooksCard';
export type { AlertsRunbooksCardProps } from './AlertsRunbooksCard';
