import {
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentRoleAssignment,
  IncidentStatus,
  StatusUpdate,
  TimelineEvent,
  TimelineEventType,
} from '@firebreak/plugin-incidents-common';
import {
  DbBoolean,
  DbTimestamp,
  fromDb,
  fromDbOptional,
} from '../database/dbUtils';

// The incidents feature's tables as the drivers return them, and their mapping to the
// API types. Shared by the incident, timeline and paging-claim stores.

export interface IncidentRow {
  id: number;
  title: string;
  description: string;
  status: IncidentStatus;
  severity: string;
  entity_ref: string;
  owner_ref: string | null;
  source: string;
  impact: string;
  links: string;
  created_by: string;
  started_at: DbTimestamp | null;
  detected_at: DbTimestamp;
  acknowledged_at: DbTimestamp | null;
  mitigated_at: DbTimestamp | null;
  resolved_at: DbTimestamp | null;
  merged_into_id: number | null;
  escalation_level: number;
  last_reminder_at: DbTimestamp | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  version: number;
}

export interface RoleRow {
  incident_id: number;
  role: string;
  user_ref: string;
  assigned_at: DbTimestamp;
  assigned_by: string;
}

export interface EntityRow {
  incident_id: number;
  entity_ref: string;
  is_primary: DbBoolean;
}

export interface TimelineRow {
  id: number;
  incident_id: number;
  type: TimelineEventType;
  at: DbTimestamp;
  actor_ref: string | null;
  message: string;
  data: string | null;
  pinned: DbBoolean;
}

export interface StatusUpdateRow {
  id: number;
  incident_id: number;
  status: IncidentStatus;
  message: string;
  posted_by: string;
  posted_at: DbTimestamp;
  /** SQLite answers 0/1. */
  public: boolean | number;
}

/** Non-primary affected refs, without duplicates, in a stable order. */
export function affectedRefs(primary: string, refs: string[]): string[] {
  return [...new Set(refs)].filter(ref => ref !== primary).sort();
}

export function toRoleAssignment(row: RoleRow): IncidentRoleAssignment {
  return {
    role: row.role,
    userRef: row.user_ref,
    assignedAt: fromDb(row.assigned_at),
    assignedBy: row.assigned_by,
  };
}

/** An incident row with its roles and affected entities, loaded separately. */
export function toIncident(
  row: IncidentRow,
  roles: IncidentRoleAssignment[],
  affectedEntityRefs: string[],
): Incident {
  return {
    id: row.id,
    ref: `INC-${row.id}`,
    title: row.title,
    description: row.description,
    status: row.status,
    severity: row.severity,
    entityRef: row.entity_ref,
    affectedEntityRefs,
    ...(row.owner_ref !== null && { ownerRef: row.owner_ref }),
    source: row.source,
    impact: JSON.parse(row.impact) as IncidentImpact,
    roles,
    links: JSON.parse(row.links) as IncidentLink[],
    createdBy: row.created_by,
    ...optionalTimestamp('startedAt', row.started_at),
    detectedAt: fromDb(row.detected_at),
    ...optionalTimestamp('acknowledgedAt', row.acknowledged_at),
    ...optionalTimestamp('mitigatedAt', row.mitigated_at),
    ...optionalTimestamp('resolvedAt', row.resolved_at),
    ...(row.merged_into_id !== null && { mergedIntoId: row.merged_into_id }),
    createdAt: fromDb(row.created_at),
    updatedAt: fromDb(row.updated_at),
    version: row.version,
  };
}

export function toTimelineEvent(row: TimelineRow): TimelineEvent {
  return {
    id: row.id,
    incidentId: row.incident_id,
    type: row.type,
    at: fromDb(row.at),
    ...(row.actor_ref !== null && { actorRef: row.actor_ref }),
    message: row.message,
    ...(row.data !== null && { data: JSON.parse(row.data) }),
    pinned: Boolean(row.pinned),
  };
}

export function toStatusUpdate(row: StatusUpdateRow): StatusUpdate {
  return {
    id: row.id,
    incidentId: row.incident_id,
    status: row.status,
    message: row.message,
    postedBy: row.posted_by,
    postedAt: fromDb(row.posted_at),
    public: !!row.public,
  };
}

function optionalTimestamp<K extends string>(
  key: K,
  value: DbTimestamp | null,
): Partial<Record<K, string>> {
  const iso = fromDbOptional(value);
  return iso === undefined ? {} : ({ [key]: iso } as Record<K, string>);
}
