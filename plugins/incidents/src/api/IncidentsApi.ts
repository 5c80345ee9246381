import { createApiRef } from '@backstage/core-plugin-api';
import {
  ActionItem,
  Alert,
  AlertRunbookReview,
  CoverRequest,
  EntityIncidentSummary,
  EscalationState,
  HeartbeatStatus,
  Incident,
  IncidentMetrics,
  IncidentStatus,
  MaintenanceWindow,
  MaintenanceWindowState,
  Page,
  Postmortem,
  PostmortemStatus,
  RunbookTable,
  SeverityLevel,
  StatusUpdate,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import {
  ActionItemListFilter,
  CalendarFeedUrls,
  AlertListFilter,
  CreateActionItemRequest,
  CreateMaintenanceWindowRequest,
  CreateRunbookFollowUpRequest,
  DeclaredIncident,
  DeclareIncidentRequest,
  IncidentAlert,
  IncidentListFilter,
  MetricsQuery,
  MyOncallShifts,
  NewCoverRequest,
  OncallSchedule,
  OncallQuery,
  OncallResponse,
  PostmortemListFilter,
  PostStatusUpdateRequest,
  StatusUpdateList,
  TransitionOptions,
  UpdateActionItemRequest,
  UpdateIncidentRequest,
  UpdatePostmortemRequest,
} from './types';

/** Whether Jira is set up, as `GET /jira` answers. */
export type JiraSetup = { configured: boolean; baseUrl?: string };

/**
 * Talks to the Firebreak backend at `/api/incidents`. Incident ids may be numeric or
 * references such as `INC-12`. Failures reject with a `ResponseError`.
 */
export interface IncidentsApi {
  /** The severity policy, most severe first. */
  getSeverities(): Promise<SeverityLevel[]>;
  /** The incident roles that can be assigned. */
  listRoles(): Promise<string[]>;
  /** Incidents matching the filter, newest first or by severity, one page at a time. */
  listIncidents(filter?: IncidentListFilter): Promise<Page<Incident>>;
  getIncident(id: number | string): Promise<Incident>;
  declareIncident(request: DeclareIncidentRequest): Promise<DeclaredIncident>;
  updateIncident(
    id: number | string,
    request: UpdateIncidentRequest,
  ): Promise<Incident>;
  /** Moves an incident to `to`; illegal moves and stale versions reject (409). */
  transitionIncident(
    id: number | string,
    to: IncidentStatus,
    options?: TransitionOptions,
  ): Promise<Incident>;
  assignRole(
    id: number | string,
    role: string,
    userRef: string,
  ): Promise<Incident>;
  unassignRole(
    id: number | string,
    role: string,
    userRef: string,
  ): Promise<Incident>;
  /** Timeline entries, oldest first. */
  getTimeline(id: number | string): Promise<TimelineEvent[]>;
  addNote(
    id: number | string,
    message: string,
    options?: { pinned?: boolean },
  ): Promise<TimelineEvent>;
  pinTimelineEvent(
    id: number | string,
    eventId: number,
    pinned: boolean,
  ): Promise<TimelineEvent>;
  listStatusUpdates(id: number | string): Promise<StatusUpdateList>;
  postStatusUpdate(
    id: number | string,
    request: PostStatusUpdateRequest,
  ): Promise<StatusUpdate>;
  /** Open and upstream incidents, owner and on-call of an entity. */
  getEntitySummary(entityRef: string): Promise<EntityIncidentSummary>;
  /** Where the incident stands in its owner team's escalation policy. */
  getIncidentEscalation(id: number | string): Promise<EscalationState>;
  /** Who is on call now for a group, or for the owner of an entity. */
  getOncall(query: OncallQuery): Promise<OncallResponse>;
  /** The heartbeats (dead-man switches) the entity declares, with their state. */
  listHeartbeats(entityRef: string): Promise<HeartbeatStatus[]>;
  /** The entity's maintenance windows, newest start first; `state` narrows them. */
  listMaintenanceWindows(query: {
    entityRef: string;
    state?: MaintenanceWindowState;
  }): Promise<MaintenanceWindow[]>;
  /** Puts an entity in maintenance now, or from `startsAt`. */
  createMaintenanceWindow(
    request: CreateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindow>;
  /** Ends a maintenance window now (cancels it when it has not started). */
  endMaintenanceWindow(windowId: number): Promise<MaintenanceWindow>;
  /**
   * The signed-in user's on-call shifts now and next, across their teams; with `until`
   * also every stretch of theirs up to it.
   */
  getMyOncallShifts(options?: { until?: string }): Promise<MyOncallShifts>;
  /** The signed-in user's cover requests, asked by or of them, newest first. */
  listCoverRequests(): Promise<CoverRequest[]>;
  /** Asks a teammate to take the team's on-call for a while ("cover me"). */
  createCoverRequest(request: NewCoverRequest): Promise<CoverRequest>;
  /** The teammate asked accepts (the override is created) or declines. */
  decideCoverRequest(
    id: number,
    decision: 'accept' | 'decline',
  ): Promise<CoverRequest>;
  /** The requester withdraws a pending request. */
  cancelCoverRequest(id: number): Promise<CoverRequest>;
  /** A team's schedule over [from, to) (default four weeks from now). */
  getOncallSchedule(query: {
    groupRef: string;
    from?: string;
    to?: string;
  }): Promise<OncallSchedule>;
  /** Issues the signed-in user's calendar feed token (revoking any earlier one). */
  issueCalendarFeed(): Promise<CalendarFeedUrls>;
  /** Revokes the signed-in user's calendar feed token. */
  revokeCalendarFeed(): Promise<void>;
  /** The entity's alert → runbook table merged with what has fired, and its coverage. */
  getRunbookTable(entityRef: string): Promise<RunbookTable>;
  /** The incident's alerts, each with its runbook or the snippet that would add one. */
  getIncidentAlerts(id: number | string): Promise<IncidentAlert[]>;
  /** The incident's postmortem, or `undefined` when it has none yet. */
  getPostmortemForIncident(
    id: number | string,
  ): Promise<Postmortem | undefined>;
  /** The postmortem as one Markdown document. */
  getPostmortemMarkdown(postmortemId: number): Promise<string>;
  /** Postmortems matching the filter, newest first, one page at a time. */
  listPostmortems(filter?: PostmortemListFilter): Promise<Page<Postmortem>>;
  /** Action items matching the filter, newest first, one page at a time. */
  listActionItems(filter?: ActionItemListFilter): Promise<Page<ActionItem>>;
  /** Starts the incident's postmortem (timeline imported); 409 when it has one. */
  createPostmortem(incidentId: number | string): Promise<Postmortem>;
  /** Saves sections, five whys or the due date; a stale `version` rejects with 409. */
  updatePostmortem(
    postmortemId: number,
    request: UpdatePostmortemRequest,
  ): Promise<Postmortem>;
  /** Moves a postmortem through draft → in review → published; refusals are 409. */
  transitionPostmortem(
    postmortemId: number,
    to: PostmortemStatus,
    options?: { version?: number },
  ): Promise<Postmortem>;
  addPostmortemReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<Postmortem>;
  removePostmortemReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<Postmortem>;
  /** The signed-in user, a reviewer, approves the postmortem in review. */
  approvePostmortem(postmortemId: number): Promise<Postmortem>;
  /** Earlier incidents on the same entity or with the same alert, newest first. */
  getPostmortemRecurrence(postmortemId: number): Promise<Incident[]>;
  createActionItem(request: CreateActionItemRequest): Promise<ActionItem>;
  /** Each alert of the incident with its runbook state now and its follow-up. */
  getRunbookReview(incidentId: number | string): Promise<AlertRunbookReview[]>;
  /** An action item to add or update one alert's runbook; 409 when one is open. */
  createRunbookFollowUp(
    incidentId: number | string,
    request: CreateRunbookFollowUpRequest,
  ): Promise<ActionItem>;
  updateActionItem(
    itemId: number,
    request: UpdateActionItemRequest,
  ): Promise<ActionItem>;
  /** Whether the backend has Jira configured (`incidents.jira`). */
  getJira(): Promise<JiraSetup>;
  /** Creates the item's Jira issue; 409 when it has one, 503 when Jira fails. */
  createJiraIssue(itemId: number): Promise<ActionItem>;
  /** MTTA/MTTR, breaches, postmortem and action item completion, noise and coverage. */
  getMetrics(query: MetricsQuery): Promise<IncidentMetrics>;
  /** Alerts matching the filter, newest first; `unrouted: true` is the inbox. */
  listAlerts(filter?: AlertListFilter): Promise<Page<Alert>>;
}

/** Reference to the {@link IncidentsApi}. */
export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
