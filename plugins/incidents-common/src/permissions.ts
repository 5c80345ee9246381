import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of incidents in the permission framework. */
export const INCIDENT_RESOURCE_TYPE = 'incident';

/** Read incidents, alerts, postmortems and on-call. */
export const incidentReadPermission: ResourcePermission<
  typeof INCIDENT_RESOURCE_TYPE
> = createPermission({
  name: 'incidents.incident.read',
  attributes: { action: 'read' },
  resourceType: INCIDENT_RESOURCE_TYPE,
});

/** Declare a new incident. */
export const incidentCreatePermission = createPermission({
  name: 'incidents.incident.create',
  attributes: { action: 'create' },
});

/** Change an incident: fields, status, roles, notes, status updates, merges. */
export const incidentUpdatePermission: ResourcePermission<
  typeof INCIDENT_RESOURCE_TYPE
> = createPermission({
  name: 'incidents.incident.update',
  attributes: { action: 'update' },
  resourceType: INCIDENT_RESOURCE_TYPE,
});

/** Resource type of on-call groups (the group whose rota an override changes). */
export const ONCALL_GROUP_RESOURCE_TYPE = 'oncall-group';

/**
 * Create and delete on-call overrides (swaps, cover) of a group. A resource permission
 * on the group, so a policy can limit it to the group's members and owners.
 */
export const oncallOverridePermission: ResourcePermission<
  typeof ONCALL_GROUP_RESOURCE_TYPE
> = createPermission({
  name: 'incidents.oncall.override',
  attributes: { action: 'update' },
  resourceType: ONCALL_GROUP_RESOURCE_TYPE,
});

/** Resource type of entities as maintenance windows see them: the entity and its owner. */
export const MAINTENANCE_ENTITY_RESOURCE_TYPE = 'maintenance-entity';

/**
 * Start and end maintenance windows of an entity. A resource permission on the entity
 * (its ref is the resource ref), so a policy can limit it to the entity's owners.
 */
export const maintenanceManagePermission: ResourcePermission<
  typeof MAINTENANCE_ENTITY_RESOURCE_TYPE
> = createPermission({
  name: 'incidents.maintenance.manage',
  attributes: { action: 'update' },
  resourceType: MAINTENANCE_ENTITY_RESOURCE_TYPE,
});

/**
 * Send alerts to the ingest routes. Alert-sender tokens are restricted to this one
 * permission (`accessRestrictions`), so they can ingest and nothing else.
 */
export const alertIngestPermission = createPermission({
  name: 'incidents.alert.ingest',
  attributes: { action: 'create' },
});

/** Every permission Firebreak registers. */
export const incidentsPermissions = [
  incidentReadPermission,
  incidentCreatePermission,
  incidentUpdatePermission,
  oncallOverridePermission,
  maintenanceManagePermission,
  alertIngestPermission,
];
