/** Statuses an incident moves through; see {@link INCIDENT_TRANSITIONS}. */
export const INCIDENT_STATUSES = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'declined',
  'merged',
] as const;

/** An incident status. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The incident roles Firebreak knows by default (the list is configurable). */
export const DEFAULT_INCIDENT_ROLES = [
  'commander',
  'operations-lead',
  'communications-lead',
  'scribe',
  'subject-matter-expert',
] as const;
