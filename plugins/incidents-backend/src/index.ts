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
} from './permissions/rules';
export type {
  IncidentPermissionQuery,
  OncallGroupResource,
} from './permissions/rules';
