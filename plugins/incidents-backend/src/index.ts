/**
 * The Firebreak incidents backend plugin.
 *
 * @packageDocumentation
 */

export { incidentsPlugin as default } from './plugin';
export {
  incidentConditions,
  createIncidentConditionalDecision,
  oncallGroupConditions,
  createOncallGroupConditionalDecision,
  incidentPermissionRules,
  oncallGroupPermissionRules,
  maintenanceEntityConditions,
  createMaintenanceEntityConditionalDecision,
  maintenanceEntityPermissionRules,
} from './permissions/rules';
export type {
  IncidentPermissionQuery,
  MaintenanceEntityResource,
  OncallGroupResource,
} from './permissions/rules';
