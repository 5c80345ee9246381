import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  Incident,
  INCIDENT_RESOURCE_TYPE,
} from '@firebreak/plugin-incidents-common';
import { z } from 'zod';

/** The query shape permission conditions turn into: owner groups an incident must belong to. */
export type IncidentPermissionQuery = { ownerRefs: string[] };

/** Permission resource ref of incidents. */
export const incidentResourceRef = createPermissionResourceRef<
  Incident,
  IncidentPermissionQuery
>().with({ pluginId: 'incidents', resourceType: INCIDENT_RESOURCE_TYPE });

/**
 * Allows incidents whose owner (the primary entity's `spec.owner` when declared) is one
 * of `ownerRefs` — typically the caller's ownership refs, so teams act on their incidents.
 */
export const isIncidentOwner = createPermissionRule({
  name: 'IS_INCIDENT_OWNER',
  description: 'Allow incidents owned by one of the given groups or users',
  resourceRef: incidentResourceRef,
  paramsSchema: z.object({
    ownerRefs: z
      .array(z.string())
      .describe('Owner entity refs, e.g. group:default/payments'),
  }),
  apply: (incident, { ownerRefs }) =>
    !!incident.ownerRef && ownerRefs.includes(incident.ownerRef),
  toQuery: ({ ownerRefs }) => ({ ownerRefs }),
});

/** Every rule Firebreak registers for incidents. */
export const incidentPermissionRules = { isIncidentOwner };

/**
 * Condition helpers for permission policy authors, e.g.
 * `createIncidentConditionalDecision(permission, incidentConditions.isIncidentOwner({ ownerRefs }))`.
 */
export const {
  conditions: incidentConditions,
  createConditionalDecision: createIncidentConditionalDecision,
} = createConditionExports({
  resourceRef: incidentResourceRef,
  rules: incidentPermissionRules,
});
