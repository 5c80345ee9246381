import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  Incident,
  INCIDENT_RESOURCE_TYPE,
  MAINTENANCE_ENTITY_RESOURCE_TYPE,
  ONCALL_GROUP_RESOURCE_TYPE,
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

/** An on-call group as the permission framework sees it: the group whose rota changes. */
export type OncallGroupResource = { groupRef: string };

/** Permission resource ref of on-call groups (overrides are authorized on their group). */
export const oncallGroupResourceRef = createPermissionResourceRef<
  OncallGroupResource,
  { groupRefs: string[] }
>().with({ pluginId: 'incidents', resourceType: ONCALL_GROUP_RESOURCE_TYPE });

/**
 * Allows on-call groups that are one of `claims` — typically the caller's ownership refs
 * (the groups they are a member of, plus any owner groups the policy adds), so a team
 * changes its own rota and no one else's.
 */
export const isOncallGroupMember = createPermissionRule({
  name: 'IS_ONCALL_GROUP_MEMBER',
  description: 'Allow on-call groups that are one of the given refs',
  resourceRef: oncallGroupResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Group refs the caller belongs to or owns'),
  }),
  apply: (group, { claims }) => claims.includes(group.groupRef),
  toQuery: ({ claims }) => ({ groupRefs: claims }),
});

/** Every rule Firebreak registers for on-call groups. */
export const oncallGroupPermissionRules = { isOncallGroupMember };

/**
 * Condition helpers for on-call overrides, e.g.
 * `createOncallGroupConditionalDecision(permission, oncallGroupConditions.isOncallGroupMember({ claims }))`.
 */
export const {
  conditions: oncallGroupConditions,
  createConditionalDecision: createOncallGroupConditionalDecision,
} = createConditionExports({
  resourceRef: oncallGroupResourceRef,
  rules: oncallGroupPermissionRules,
});

/**
 * An entity as maintenance windows are authorized on it: its ref and its owner (the
 * catalog's, when it can be read), so a policy can let only the owners start and end
 * its windows.
 */
export type MaintenanceEntityResource = {
  entityRef: string;
  ownerRef?: string;
};

/** Permission resource ref of the entities maintenance windows are authorized on. */
export const maintenanceEntityResourceRef = createPermissionResourceRef<
  MaintenanceEntityResource,
  { ownerRefs: string[] }
>().with({
  pluginId: 'incidents',
  resourceType: MAINTENANCE_ENTITY_RESOURCE_TYPE,
});

/**
 * Allows entities whose owner is one of `claims` — typically the caller's ownership
 * refs, so a team puts its own entities in maintenance and nobody else's.
 */
export const isMaintenanceEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description: 'Allow entities owned by one of the given groups or users',
  resourceRef: maintenanceEntityResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership refs of the caller, e.g. group:default/payments'),
  }),
  apply: (entity, { claims }) =>
    !!entity.ownerRef && claims.includes(entity.ownerRef),
  toQuery: ({ claims }) => ({ ownerRefs: claims }),
});

/** Every rule Firebreak registers for maintenance entities. */
export const maintenanceEntityPermissionRules = {
  isEntityOwner: isMaintenanceEntityOwner,
};

/**
 * Condition helpers for maintenance windows, e.g.
 * `createMaintenanceEntityConditionalDecision(permission, maintenanceEntityConditions.isEntityOwner({ claims }))`.
 */
export const {
  conditions: maintenanceEntityConditions,
  createConditionalDecision: createMaintenanceEntityConditionalDecision,
} = createConditionExports({
  resourceRef: maintenanceEntityResourceRef,
  rules: maintenanceEntityPermissionRules,
});
