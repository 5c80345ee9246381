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

/** Create and delete on-call overrides (swaps, cover). */
export const oncallOverridePermission = createPermission({
  name: 'incidents.oncall.override',
  attributes: { action: 'update' },
});

/** Every permission Firebreak registers. */
export const incidentsPermissions = [
  incidentReadPermission,
  incidentCreatePermission,
  incidentUpdatePermission,
  oncallOverridePermission,
];
