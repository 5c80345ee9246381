import {
  incidentCreatePermission,
  incidentUpdatePermission,
  maintenanceManagePermission,
} from '@firebreak/plugin-incidents-common';
import { usePermission } from '@backstage/plugin-permission-react';

/** Whether the permission policy lets the signed-in user do something, and if it is still asking. */
export type PermissionAnswer = { allowed: boolean; loading: boolean };

/**
 * Whether the signed-in user may change the incident (status, roles, notes, status
 * updates, its postmortem and action items). The resource ref is the numeric id, as the
 * backend's incident resources expect; without an id the answer is "not allowed".
 */
export function useCanUpdateIncident(
  incidentId: number | undefined,
): PermissionAnswer {
  const { allowed, loading } = usePermission({
    permission: incidentUpdatePermission,
    resourceRef: incidentId === undefined ? undefined : String(incidentId),
  });
  return { allowed, loading };
}

/**
 * Whether the signed-in user may start and end maintenance windows of the entity (the
 * resource ref is its entity ref; a team-scoped policy allows its owners).
 */
export function useCanManageMaintenance(entityRef: string): PermissionAnswer {
  const { allowed, loading } = usePermission({
    permission: maintenanceManagePermission,
    resourceRef: entityRef,
  });
  return { allowed, loading };
}

/** Whether the signed-in user may declare incidents. */
export function useCanDeclareIncident(): PermissionAnswer {
  const { allowed, loading } = usePermission({
    permission: incidentCreatePermission,
  });
  return { allowed, loading };
}
