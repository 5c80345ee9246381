/**
 * Firebreak's incident facts for the Tech Insights backend: open P1/P2 incidents, MTTR
 * and runbook coverage over 90 days, and overdue action items per entity, for scorecards.
 *
 * @packageDocumentation
 */

export { techInsightsModuleIncidents as default } from './module';
export {
  createIncidentFactRetriever,
  INCIDENT_FACT_RETRIEVER_ID,
} from './incidentFactRetriever';
