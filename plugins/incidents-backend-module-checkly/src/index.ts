/**
 * Firebreak backend module: accepts Checkly webhook alert channel calls at
 * `POST /api/incidents/alerts/checkly`, added through the alert sources extension point.
 *
 * @packageDocumentation
 */

export { incidentsModuleCheckly as default } from './module';
export { checklyAlertSource } from './checklyAlertSource';
