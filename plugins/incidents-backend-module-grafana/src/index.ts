/**
 * Example Firebreak backend module: accepts Grafana alerting webhooks at
 * `POST /api/incidents/alerts/grafana`, added through the alert sources extension point.
 *
 * @packageDocumentation
 */

export { incidentsModuleGrafana as default } from './module';
export { grafanaAlertSource } from './grafanaAlertSource';
