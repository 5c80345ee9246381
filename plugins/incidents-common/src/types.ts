import type { EscalationLevel } from './annotations';

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

/** Kinds of impact an incident can have. */
export const IMPACT_TYPES = [
  'outage',
  'degradation',
  'security',
  'data-loss',
  'other',
] as const;

/** A kind of impact. */
export type ImpactType = (typeof IMPACT_TYPES)[number];

/** Who and what an incident affects. */
export type IncidentImpact = {
  /** Who or what reported it (a customer ticket, a monitor, a person). */
  submitterSource?: string;
  /** Customers affected, free text or names. */
  customers?: string;
  /** Systems or hostnames affected. */
  systems?: string[];
  /** Users or regions affected. */
  usersAffected?: string;
  impactType?: ImpactType;
};

/** A person holding an incident role. */
export type IncidentRoleAssignment = {
  role: string;
  /** User entity ref, e.g. `user:default/alice`. */
  userRef: string;
  assignedAt: string;
  assignedBy: string;
};

/** A link attached to an incident (dashboards, chat channel, ticket). */
export type IncidentLink = {
  title: string;
  url: string;
};

/**
 * An incident as the API returns it. Timestamps are ISO-8601 UTC. (API shapes are type
 * aliases, not interfaces, so they fit the OpenAPI router's JSON response types.)
 */
export type Incident = {
  id: number;
  /** Human reference, `INC-<id>`. */
  ref: string;
  title: string;
  description: string;
  status: IncidentStatus;
  /** A severity id of the policy, e.g. `P2`. */
  severity: string;
  /** The primary entity (ref), e.g. `component:default/payments-api`. */
  entityRef: string;
  /** Other affected entities (refs), not including the primary one. */
  affectedEntityRefs: string[];
  /** Owner of the primary entity when the incident was declared, if the catalog knew it. */
  ownerRef?: string;
  /** `manual`, or the alert source that opened it (`alertmanager`, `events-v2`, ...). */
  source: string;
  impact: IncidentImpact;
  roles: IncidentRoleAssignment[];
  links: IncidentLink[];
  createdBy: string;
  /**
   * When the problem started, if known (an alert's start at its sender, or what a
   * responder entered); never after `detectedAt`. Time to detect is measured from it.
   */
  startedAt?: string;
  /** When Firebreak (or the declaring person) noticed the problem. */
  detectedAt: string;
  /** When a responder (or the alert's sender) first acknowledged it; not set by automation. */
  acknowledgedAt?: string;
  mitigatedAt?: string;
  resolvedAt?: string;
  /** Id of the incident this one was merged into. */
  mergedIntoId?: number;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; send it back to refuse stale writes (409). */
  version: number;
};

/** Kinds of timeline entries; most are written automatically. */
export const TIMELINE_EVENT_TYPES = [
  'declared',
  'status_changed',
  'severity_changed',
  'fields_changed',
  'role_assigned',
  'role_unassigned',
  'note',
  'status_update',
  'alert',
  'merged',
  'paged',
  'escalated',
  'reminder',
  'oncall_changed',
  'follow_up_closed',
] as const;

/** A kind of timeline entry. */
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

/** One entry of an incident's timeline. */
export type TimelineEvent = {
  id: number;
  incidentId: number;
  type: TimelineEventType;
  at: string;
  /** Who did it (user or service ref); absent for the system itself. */
  actorRef?: string;
  message: string;
  data?: Record<string, unknown>;
  pinned: boolean;
};

/** A status update posted to stakeholders. */
export type StatusUpdate = {
  id: number;
  incidentId: number;
  status: IncidentStatus;
  message: string;
  postedBy: string;
  postedAt: string;
  /** Shown on the public status page; internal otherwise. */
  public: boolean;
};

/** A stored on-call override: `userRef` covers the primary shift of `groupRef` in [startsAt, endsAt). */
export type OncallOverride = {
  id: number;
  groupRef: string;
  userRef: string;
  startsAt: string;
  endsAt: string;
  reason?: string;
  createdBy: string;
  createdAt: string;
};

/** One stretch as primary of a team's schedule; `end` is exclusive. Times are ISO-8601 UTC. */
export type OncallShift = {
  userRef: string;
  start: string;
  end: string;
  /** Id of the override that puts `userRef` on this stretch, if any. */
  overrideId?: number;
};

/** A stretch of a team's schedule with who backs the primary up. */
export type ScheduledShift = OncallShift & { secondaryRef?: string };

/** A team's schedule over a window, as `GET /oncall/schedule` answers it. */
export type OncallSchedule = {
  groupRef: string;
  title?: string;
  /** The rotation's zone and shift length; absent when the team has no rotation. */
  timezone?: string;
  shift?: string;
  /** The window asked about (ISO-8601 UTC); `to` is exclusive. */
  from: string;
  to: string;
  /** Stretches overlapping the window, overrides cut in; empty without a rotation. */
  shifts: ScheduledShift[];
  /** True when the window held more stretches than are listed. */
  truncated: boolean;
  /** False when the team could not be read from the catalog. */
  catalogAvailable: boolean;
  /** Set when the team came from the last known catalog snapshot. */
  snapshotAt?: string;
};

/** Who is on call for a team at an instant. */
export type OncallNow = {
  groupRef: string;
  /** Where the answer came from. */
  source: 'rotation' | 'members' | 'unknown';
  primary?: string;
  secondary?: string;
  /** Escalation chain after primary and secondary, in order. */
  escalation: string[];
  /** The team's escalation policy levels, when written as levels (refs in full form). */
  escalationLevels?: EscalationLevel[];
  /** Levels for particular severities, by severity id (refs in full form). */
  escalationBySeverity?: Record<string, EscalationLevel[]>;
  /** How many more times the levels run after the last one. */
  escalationRepeat?: number;
  /** Boundaries of the current shift, when a rotation defines them. */
  shiftStart?: string;
  shiftEnd?: string;
  /** The override in force for the primary, if any. */
  override?: OncallOverride;
  /** Members of the team, when the catalog listed them. */
  members: string[];
};

/** One level of an incident's escalation, see {@link EscalationState}. */
export type EscalationStateLevel = {
  level: number;
  /** ISO-8601 delay after the level before. */
  after: string;
  /** When it fires or fired (ISO-8601 UTC). */
  at: string;
  /** Who it pages, as the team's policy and on-call read now. */
  targets: string[];
  fired: boolean;
};

/** Where an incident stands in its owner team's escalation policy. */
export type EscalationState = {
  /**
   * `escalating`: a next level will fire; `acknowledged` / `closed`: stopped;
   * `exhausted`: every level fired; `none`: no level is defined for it.
   */
  state: 'escalating' | 'acknowledged' | 'closed' | 'exhausted' | 'none';
  /** `flat`: the `escalation` list, one step per acknowledgement target. */
  source?: 'flat' | 'policy';
  /** Escalation steps taken so far (0: only the first page). */
  level: number;
  levels: EscalationStateLevel[];
  next?: Omit<EscalationStateLevel, 'fired' | 'after'>;
};

/** What a service's Incidents tab shows at the top. */
export type EntityIncidentSummary = {
  entityRef: string;
  /** Owner group ref; absent when the catalog could not be read or the entity has no owner. */
  ownerRef?: string;
  /** False when the catalog could not be reached; the rest is then partial. */
  catalogAvailable: boolean;
  openIncidents: Incident[];
  /** Open incidents on entities this one depends on. */
  upstreamIncidents: Incident[];
  oncall?: OncallNow;
};

/** A page of results with an opaque cursor for the next page. */
export type Page<T> = {
  items: T[];
  nextCursor?: string;
};

/** Status of a received alert. */
export type AlertStatus = 'firing' | 'acknowledged' | 'resolved';

/** An alert as stored: deduplicated while open, with its runbook resolved at ingest. */
export type Alert = {
  id: number;
  /** Alert source id, e.g. `alertmanager`, `events/v2`, `generic`. */
  source: string;
  dedupKey: string;
  /** The routed entity; absent for alerts in the unrouted inbox. */
  entityRef?: string;
  name: string;
  summary?: string;
  /** Severity as the sender said it. */
  sourceSeverity?: string;
  /** The policy severity it maps to. */
  severity?: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  sourceUrl?: string;
  runbookUrl?: string;
  /** Where the runbook came from: the entity's alert table, its fallback, or the alert itself. */
  runbookFrom?: 'table' | 'entity' | 'alert';
  /** How many times it was received while open. */
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  incidentId?: number;
  /**
   * The maintenance window the alert fired in: stored and resolvable as usual, but it
   * opened no incident and paged nobody while the window lasted.
   */
  maintenanceWindowId?: number;
};

/** One row of an entity's runbook table, merged with what has actually fired. */
/** What the scheduled check last found at a runbook URL. */
export type RunbookLinkHealth = {
  /**
   * `ok`: answered 2xx (or a redirect to an allowed host that did); `dead`: 4xx, 5xx,
   * a timeout, a TLS or connection error; `unchecked`: not checked yet, or its host is
   * not on the allow-list (`incidents.runbookLinks.allowedHosts`).
   */
  state: 'ok' | 'dead' | 'unchecked';
  checkedAt?: string;
  statusCode?: number;
  /** Why it is dead, e.g. `404 Not Found`, `timed out after 5 s`, `CERT_HAS_EXPIRED`. */
  problem?: string;
};

export type RunbookTableRow = {
  alert: string;
  description?: string;
  source?: string;
  runbook?: string;
  /**
   * `own`: the alert's row in the table, or the alert's own annotation; `fallback`: only
   * the entity's catch-all `firebreak.dev/runbook`. Absent when there is no runbook.
   */
  runbookKind?: 'own' | 'fallback';
  severity?: string;
  /** Whether the row is in the entity's `firebreak.dev/alerts` table (false: it only fired). */
  inTable: boolean;
  lastFiredAt?: string;
  /** Alerts received under this name over the look-back window. */
  firedCount: number;
  openNow: boolean;
  /** YAML to add to `firebreak.dev/alerts` when there is no runbook. */
  snippet?: string;
  /** What the link check found at `runbook`. */
  runbookHealth?: RunbookLinkHealth;
};

/** The runbook table of an entity with its coverage figure. */
export type RunbookTable = {
  entityRef: string;
  fallbackRunbook?: string;
  /** What the link check found at `fallbackRunbook`. */
  fallbackRunbookHealth?: RunbookLinkHealth;
  rows: RunbookTableRow[];
  /**
   * Over the alert names that fired (undefined when nothing fired): how many had a
   * runbook of their own, only the fallback, or none; `withRunbook` = own + fallback,
   * `ratio` = own / fired (the fallback is not coverage), as the metrics count it.
   */
  coverage?: {
    fired: number;
    own: number;
    fallback: number;
    none: number;
    withRunbook: number;
    ratio: number;
  };
  catalogAvailable: boolean;
};

/**
 * One alert of an incident as the postmortem reviews its runbook, read from the catalog
 * now: `own` (the alert's row in the entity's table, or the alert's own annotation),
 * `fallback` (only the entity's catch-all runbook) or `none`; `linkHealth` says whether
 * the runbook link answered when last checked (`dead` reads as a dead link).
 */
export type AlertRunbookReview = {
  entityRef: string;
  alertName: string;
  runbook: 'own' | 'fallback' | 'none';
  runbookUrl?: string;
  linkHealth?: RunbookLinkHealth;
  /** The follow-up that would fix it: add when there is none, else update. */
  suggestedKind: 'add_runbook' | 'update_runbook';
  /** The newest runbook follow-up of this alert on this incident, if any. */
  followUp?: {
    id: number;
    kind: 'add_runbook' | 'update_runbook';
    status: string;
  };
};
