/**
 * Firebreak backend module: accepts Datadog monitor notifications at
 * `POST /api/incidents/alerts/datadog`, added through the alert sources extension point.
 *
 * @packageDocumentation
 */

export { incidentsModuleDatadog as default } from './module';
export { datadogAlertSource } from './datadogAlertSource';
