import {
  ActionItemPriority,
  ActionItemStatus,
  Alert,
  FiveWhy,
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentStatus,
  OncallNow,
  OncallShift,
  MetricsBucket,
  PostmortemSections,
  PostmortemStatus,
  RunbookFollowUpKind,
  ScheduledShift,
  StatusUpdate,
} from '@firebreak/plugin-incidents-common';

/** Filters for {@link IncidentsApi.listIncidents}; every given filter must match. */
export type IncidentListFilter = {
  /** Primary or affected entities. */
  entityRefs?: string[];
  /** Owner groups. */
  ownerRefs?: string[];
  /** Users holding a role in the incident or who declared it, e.g. the signed-in user for "Mine". */
  participantRefs?: string[];
  /** Users holding a role in the incident (declaring alone does not count). */
  roleHolderRefs?: string[];
  statuses?: IncidentStatus[];
  severities?: string[];
  /** Text in title, description or reference. */
  q?: string;
  /** `detectedAt` at or after (ISO-8601). */
  from?: string;
  /** `detectedAt` before (ISO-8601). */
  to?: string;
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`, of the same sort. */
  cursor?: string;
  /** `detected` (the default): newest first; `severity`: most severe first, then oldest. */
  sort?: 'detected' | 'severity';
};

/**
 * What {@link IncidentsApi.declareIncident} answers: the incident, and what the
 * declaration could not do (e.g. "not in the catalog: nobody paged").
 */
export type DeclaredIncident = Incident & { warnings?: string[] };

/** Body of {@link IncidentsApi.declareIncident}. */
export type DeclareIncidentRequest = {
  title: string;
  severity: string;
  /** The primary entity. */
  entityRef: string;
  description?: string;
  affectedEntityRefs?: string[];
  impact?: IncidentImpact;
  links?: IncidentLink[];
  /** When the problem started, if known; not after `detectedAt`. */
  startedAt?: string;
  detectedAt?: string;
  status?: Extract<
    IncidentStatus,
    'triggered' | 'acknowledged' | 'investigating'
  >;
};

/** Body of {@link IncidentsApi.updateIncident}; `version` makes a stale write fail with 409. */
export type UpdateIncidentRequest = {
  title?: string;
  description?: string;
  severity?: string;
  affectedEntityRefs?: string[];
  impact?: IncidentImpact;
  links?: IncidentLink[];
  /** When the problem started, if known; not after `detectedAt`. */
  startedAt?: string;
  detectedAt?: string;
  acknowledgedAt?: string;
  mitigatedAt?: string;
  version?: number;
};

/** Options of {@link IncidentsApi.transitionIncident}. */
export type TransitionOptions = {
  /** Recorded on the timeline with the change. */
  message?: string;
  /** The version the user saw; a newer one on the server answers 409. */
  version?: number;
};

/** Past status updates (newest first) and the variables for the next one's template. */
export type StatusUpdateList = {
  items: StatusUpdate[];
  variables: Record<string, string>;
};

/** Body of {@link IncidentsApi.postStatusUpdate}; without `message` the server fills its template. */
export type PostStatusUpdateRequest = {
  message?: string;
  variables?: Record<string, string>;
  /** Also shown on the public status page (default: internal only). */
  public?: boolean;
};

/** One of the signed-in user's teams with their shift now and their next one. */
export type MyTeamShifts = {
  groupRef: string;
  /** The team's title in the catalog, when it has one. */
  title?: string;
  /** The stretch the user is primary for now. */
  current?: OncallShift;
  /** The user's next stretch as primary (after `current`). */
  next?: OncallShift;
  /** Asked with `until`: the user's stretches from `current` on up to it. */
  upcoming?: ScheduledShift[];
};

/** What {@link IncidentsApi.getMyOncallShifts} answers. */
export type MyOncallShifts = {
  userRef: string;
  /** The instant the answer is for (ISO-8601 UTC). */
  at: string;
  /** Teams where the user is on call now or has a shift coming, on call now first. */
  items: MyTeamShifts[];
  /** False when a team could not be read from the catalog. */
  catalogAvailable: boolean;
};

/** What {@link IncidentsApi.createCoverRequest} sends. */
export type NewCoverRequest = {
  groupRef: string;
  /** The teammate asked to take the on-call. */
  coverRef: string;
  startsAt: string;
  endsAt: string;
  reason?: string;
};

/** Who is on call now; asked by group, it also carries the next shifts. */
export type OncallResponse = OncallNow & { schedule?: OncallShift[] };

/** Whose on-call {@link IncidentsApi.getOncall} asks for. */
export type OncallQuery = ({ groupRef: string } | { entityRef: string }) & {
  /** The instant asked about (ISO-8601); default now. */
  at?: string;
};

/** An alert of an incident with its runbook, or the YAML `snippet` that would add one. */
export type IncidentAlert = Alert & { snippet?: string };

/** Filters for {@link IncidentsApi.listPostmortems}; every given filter must match. */
export type PostmortemListFilter = {
  statuses?: PostmortemStatus[];
  /** Owners of the postmortems' incidents. */
  ownerRefs?: string[];
  /** Not published and past the due date. */
  overdue?: boolean;
  /** The postmortems of these incidents (at most 200). */
  incidentIds?: number[];
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
};

/** Filters for {@link IncidentsApi.listActionItems}; every given filter must match. */
export type ActionItemListFilter = {
  /** Owners (users or groups). */
  ownerRefs?: string[];
  /** Primary or affected entities of the items' incidents. */
  entityRefs?: string[];
  statuses?: ActionItemStatus[];
  priorities?: ActionItemPriority[];
  /** Numeric id or reference such as `INC-12`. */
  incidentId?: number | string;
  postmortemId?: number;
  /** Outstanding and past the due date. */
  overdue?: boolean;
  /** `task` (a plain item) or a runbook follow-up kind. */
  kinds?: Array<'task' | RunbookFollowUpKind>;
  /** Runbook follow-ups about these entities. */
  followUpEntityRefs?: string[];
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
};

/** Body of {@link IncidentsApi.createRunbookFollowUp}. */
export type CreateRunbookFollowUpRequest = {
  entityRef: string;
  alertName: string;
  /** Defaults to what the review suggests: add when the alert has no runbook of its own. */
  kind?: RunbookFollowUpKind;
};

/** Body of {@link IncidentsApi.updatePostmortem}; only the sections sent change. */
export type UpdatePostmortemRequest = {
  sections?: Partial<PostmortemSections>;
  fiveWhys?: FiveWhy[];
  /** `null` clears the due date. */
  dueAt?: string | null;
  /** The version the user saw; a newer one on the server answers 409. */
  version?: number;
};

/** Body of {@link IncidentsApi.createActionItem}. */
export type CreateActionItemRequest = {
  /** Numeric id or reference such as `INC-12`. */
  incidentId: number | string;
  postmortemId?: number;
  title: string;
  description?: string;
  /** A user or group entity ref. */
  ownerRef: string;
  priority?: ActionItemPriority;
  dueAt?: string;
  ticketUrl?: string;
};

/** Body of {@link IncidentsApi.updateActionItem}; `null` clears a field. */
export type UpdateActionItemRequest = {
  title?: string;
  description?: string;
  ownerRef?: string;
  priority?: ActionItemPriority;
  dueAt?: string | null;
  status?: ActionItemStatus;
  ticketUrl?: string | null;
};

/** Query of {@link IncidentsApi.getMetrics}: incidents detected in `[from, to)`. */
export type MetricsQuery = {
  from: string;
  to: string;
  /** Primary or affected entity. */
  entityRef?: string;
  /** Owning groups. */
  ownerRefs?: string[];
  bucket?: MetricsBucket;
};

/** Filters for {@link IncidentsApi.listAlerts}; every given filter must match. */
export type AlertListFilter = {
  entityRefs?: string[];
  incidentId?: number | string;
  /** Only the inbox of alerts that matched no entity. */
  unrouted?: boolean;
  /** Only alerts that have not resolved. */
  open?: boolean;
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
};

/** What {@link IncidentsApi.createMaintenanceWindow} sends. */
export type CreateMaintenanceWindowRequest = {
  entityRef: string;
  /** Also cover the entities that depend on it. */
  includeDependents?: boolean;
  /** ISO-8601; default now, later schedules the window. */
  startsAt?: string;
  /** ISO-8601; at most 7 days after the start. */
  endsAt: string;
  reason: string;
  /** Severity ids kept from paging; default all. */
  severities?: string[];
};

/** The iCalendar feed URLs of the signed-in user's secret token (shown once). */
export type CalendarFeedUrls = {
  /** The user's own shifts across their teams. */
  shifts: string;
  /** Each of the user's teams' whole schedule, by group ref. */
  teams: Record<string, string>;
};

export type {
  OncallSchedule,
  OncallShift,
  ScheduledShift,
} from '@firebreak/plugin-incidents-common';
