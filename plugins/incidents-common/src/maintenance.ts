/** Where a maintenance window stands at the time of the answer. */
export type MaintenanceWindowState = 'scheduled' | 'active' | 'ended';

/** The states a maintenance window can be listed by. */
export const MAINTENANCE_WINDOW_STATES: readonly MaintenanceWindowState[] = [
  'scheduled',
  'active',
  'ended',
];

/**
 * A maintenance window on an entity: while it is active, alerts routed to the entity
 * (and, with `includeDependents`, to entities that depend on it) of the severities it
 * suppresses are stored and marked, but open no incident and page nobody. Timestamps
 * are ISO-8601 UTC.
 */
export type MaintenanceWindow = {
  id: number;
  /** The entity in maintenance, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The entity's owner when the window was created: who is told at start and end. */
  ownerRef?: string;
  /** Also covers the entities whose `dependsOn` relation points at the entity. */
  includeDependents: boolean;
  startsAt: string;
  /** When it ends as planned (exclusive). */
  endsAt: string;
  reason: string;
  /** The severity ids it keeps from paging; absent: every severity. */
  severities?: string[];
  createdBy: string;
  createdAt: string;
  /** When it was ended early (or cancelled before it started); absent otherwise. */
  endedAt?: string;
  endedBy?: string;
  state: MaintenanceWindowState;
};

/** The limits the backend enforces on maintenance windows (and the dialog offers). */
export const MAINTENANCE_WINDOW_LIMITS = {
  /** Longest window: a week; longer quiet is a reason to change the alerts instead. */
  maxDurationMs: 7 * 24 * 60 * 60 * 1000,
  /** Shortest window: the start and end notices run once a minute. */
  minDurationMs: 60 * 1000,
  /** A start this far in the past is taken as now (clock skew); earlier is refused. */
  pastStartToleranceMs: 5 * 60 * 1000,
  maxReasonLength: 500,
  /** Windows not yet ended (active or scheduled) one entity may hold. */
  maxOpenPerEntity: 20,
} as const;
