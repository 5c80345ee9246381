import express from 'express';
import { addAlertRoutes, AlertRouteDeps } from './alerts/alertRoutes';
import {
  addIncidentRoutes,
  IncidentRouteDeps,
} from './incidents/incidentRoutes';
import {
  addHeartbeatRoutes,
  HeartbeatRouteDeps,
} from './heartbeats/heartbeatRoutes';
import {
  addMaintenanceRoutes,
  MaintenanceRouteDeps,
} from './maintenance/maintenanceRoutes';
import { addMetricsRoutes } from './metrics/metricsRoutes';
import { MetricsService } from './metrics/MetricsService';
import { addOncallRoutes, OncallRouteDeps } from './oncall/oncallRoutes';
import {
  addPostmortemRoutes,
  PostmortemRouteDeps,
} from './postmortems/postmortemRoutes';
import { addJiraRoutes, JiraRouteDeps } from './jira/jiraRoutes';
import {
  addRunbookFollowUpRoutes,
  RunbookFollowUpRouteDeps,
} from './postmortems/runbookFollowUpRoutes';
import { rejectInvalidText } from './http/invalidText';
import { createOpenApiRouter } from './schema/openapi.generated';

/** Everything the `/api/incidents` routes need, feature by feature. */
export type RouterOptions = IncidentRouteDeps &
  OncallRouteDeps &
  Omit<AlertRouteDeps, 'getIncident'> &
  PostmortemRouteDeps &
  HeartbeatRouteDeps &
  MaintenanceRouteDeps &
  JiraRouteDeps &
  RunbookFollowUpRouteDeps & { metrics: MetricsService };

/**
 * The `/api/incidents` router: validated against the OpenAPI spec, with each feature's
 * routes added in turn. Every route requires Backstage credentials.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = await createOpenApiRouter();
  // Before any route: text a database cannot store is a 400 naming the field, on every engine.
  router.use(rejectInvalidText);
  addIncidentRoutes(router, options);
  addOncallRoutes(router, options);
  addAlertRoutes(router, {
    ...options,
    getIncident: id => options.incidents.get(id),
  });
  addMetricsRoutes(router, options);
  addPostmortemRoutes(router, options);
  addHeartbeatRoutes(router, options);
  addMaintenanceRoutes(router, options);
  addJiraRoutes(router, options);
  addRunbookFollowUpRoutes(router, options);
  return router;
}
