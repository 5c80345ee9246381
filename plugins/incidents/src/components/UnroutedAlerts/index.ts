export { UnroutedAlertsInbox } from './UnroutedAlertsInbox';
