import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import { IncidentsApi, JiraSetup } from './IncidentsApi';
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

type Query = Record<string, string | number | string[] | undefined>;

/** {@link IncidentsApi} over HTTP, with the signed-in user's credentials. */
export class IncidentsClient implements IncidentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  // The severity policy and the roles are the backend's config, fixed while it runs,
  // and a page asks for them from several components: fetched once per page load.
  private readonly fetchedOnce = new Map<string, Promise<unknown>>();

  getSeverities(): Promise<SeverityLevel[]> {
    return this.itemsOnce<SeverityLevel>('/severities');
  }

  listRoles(): Promise<string[]> {
    return this.itemsOnce<string>('/roles');
  }

  /** The items of one shared GET; a failure is forgotten, so the next call retries. */
  private itemsOnce<T>(path: string): Promise<T[]> {
    let pending = this.fetchedOnce.get(path) as Promise<T[]> | undefined;
    if (!pending) {
      pending = this.request<{ items: T[] }>('GET', path).then(b => b.items);
      this.fetchedOnce.set(path, pending);
      pending.catch(() => this.fetchedOnce.delete(path));
    }
    return pending;
  }

  async listIncidents(
    filter: IncidentListFilter = {},
  ): Promise<Page<Incident>> {
    return this.request('GET', '/incidents', {
      query: {
        entityRef: filter.entityRefs,
        ownerRef: filter.ownerRefs,
        participantRef: filter.participantRefs,
        roleHolderRef: filter.roleHolderRefs,
        status: filter.statuses,
        severity: filter.severities,
        q: filter.q,
        from: filter.from,
        to: filter.to,
        limit: filter.limit,
        cursor: filter.cursor,
        sort: filter.sort,
      },
    });
  }

  async getIncident(id: number | string): Promise<Incident> {
    return this.request('GET', incidentPath(id));
  }

  async declareIncident(
    request: DeclareIncidentRequest,
  ): Promise<DeclaredIncident> {
    return this.request('POST', '/incidents', { body: request });
  }

  async updateIncident(
    id: number | string,
    request: UpdateIncidentRequest,
  ): Promise<Incident> {
    return this.request('PATCH', incidentPath(id), { body: request });
  }

  async transitionIncident(
    id: number | string,
    to: IncidentStatus,
    options: TransitionOptions = {},
  ): Promise<Incident> {
    return this.request('POST', `${incidentPath(id)}/transitions`, {
      body: { to, message: options.message, version: options.version },
    });
  }

  async assignRole(
    id: number | string,
    role: string,
    userRef: string,
  ): Promise<Incident> {
    return this.request('POST', `${incidentPath(id)}/roles`, {
      body: { role, userRef },
    });
  }

  async unassignRole(
    id: number | string,
    role: string,
    userRef: string,
  ): Promise<Incident> {
    return this.request(
      'DELETE',
      `${incidentPath(id)}/roles/${encodeURIComponent(role)}`,
      { query: { userRef } },
    );
  }

  async getTimeline(id: number | string): Promise<TimelineEvent[]> {
    const body = await this.request<{ items: TimelineEvent[] }>(
      'GET',
      `${incidentPath(id)}/timeline`,
    );
    return body.items;
  }

  async addNote(
    id: number | string,
    message: string,
    options: { pinned?: boolean } = {},
  ): Promise<TimelineEvent> {
    return this.request('POST', `${incidentPath(id)}/timeline`, {
      body: { message, pinned: options.pinned },
    });
  }

  async pinTimelineEvent(
    id: number | string,
    eventId: number,
    pinned: boolean,
  ): Promise<TimelineEvent> {
    return this.request(
      'PATCH',
      `${incidentPath(id)}/timeline/${encodeURIComponent(String(eventId))}`,
      { body: { pinned } },
    );
  }

  async listStatusUpdates(id: number | string): Promise<StatusUpdateList> {
    const body = await this.request<Partial<StatusUpdateList>>(
      'GET',
      `${incidentPath(id)}/status-updates`,
    );
    return { items: body.items ?? [], variables: body.variables ?? {} };
  }

  async postStatusUpdate(
    id: number | string,
    request: PostStatusUpdateRequest,
  ): Promise<StatusUpdate> {
    return this.request('POST', `${incidentPath(id)}/status-updates`, {
      body: request,
    });
  }

  async getEntitySummary(entityRef: string): Promise<EntityIncidentSummary> {
    return this.request('GET', '/entity-summary', { query: { entityRef } });
  }

  async getIncidentEscalation(id: number | string): Promise<EscalationState> {
    return this.request('GET', `${incidentPath(id)}/escalation`);
  }

  async getOncall(query: OncallQuery): Promise<OncallResponse> {
    return this.request('GET', '/oncall', { query });
  }

  async listHeartbeats(entityRef: string): Promise<HeartbeatStatus[]> {
    const page = await this.request<{ items: HeartbeatStatus[] }>(
      'GET',
      '/heartbeats',
      { query: { entityRef } },
    );
    return page.items;
  }

  async listMaintenanceWindows(query: {
    entityRef: string;
    state?: MaintenanceWindowState;
  }): Promise<MaintenanceWindow[]> {
    const page = await this.request<{ items: MaintenanceWindow[] }>(
      'GET',
      '/maintenance-windows',
      { query },
    );
    return page.items;
  }

  async createMaintenanceWindow(
    request: CreateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindow> {
    return this.request('POST', '/maintenance-windows', { body: request });
  }

  async endMaintenanceWindow(windowId: number): Promise<MaintenanceWindow> {
    return this.request(
      'DELETE',
      `/maintenance-windows/${encodeURIComponent(String(windowId))}`,
    );
  }

  async issueCalendarFeed(): Promise<CalendarFeedUrls> {
    return this.request('POST', '/oncall/calendar-feed');
  }

  async revokeCalendarFeed(): Promise<void> {
    return this.request('DELETE', '/oncall/calendar-feed');
  }

  async getMyOncallShifts(
    options: { until?: string } = {},
  ): Promise<MyOncallShifts> {
    return this.request('GET', '/oncall/shifts', {
      query: options.until ? { until: options.until } : undefined,
    });
  }

  async listCoverRequests(): Promise<CoverRequest[]> {
    const page = await this.request<{ items: CoverRequest[] }>(
      'GET',
      '/oncall/cover-requests',
    );
    return page.items;
  }

  async createCoverRequest(request: NewCoverRequest): Promise<CoverRequest> {
    return this.request('POST', '/oncall/cover-requests', { body: request });
  }

  async decideCoverRequest(
    id: number,
    decision: 'accept' | 'decline',
  ): Promise<CoverRequest> {
    return this.request(
      'POST',
      `/oncall/cover-requests/${encodeURIComponent(String(id))}/${decision}`,
    );
  }

  async cancelCoverRequest(id: number): Promise<CoverRequest> {
    return this.request(
      'DELETE',
      `/oncall/cover-requests/${encodeURIComponent(String(id))}`,
    );
  }

  async getOncallSchedule(query: {
    groupRef: string;
    from?: string;
    to?: string;
  }): Promise<OncallSchedule> {
    return this.request('GET', '/oncall/schedule', { query });
  }

  async getRunbookTable(entityRef: string): Promise<RunbookTable> {
    return this.request('GET', '/runbooks', { query: { entityRef } });
  }

  async getIncidentAlerts(id: number | string): Promise<IncidentAlert[]> {
    const body = await this.request<{ items: IncidentAlert[] }>(
      'GET',
      `${incidentPath(id)}/alerts`,
    );
    return body.items;
  }

  async getPostmortemForIncident(
    id: number | string,
  ): Promise<Postmortem | undefined> {
    try {
      return await this.request<Postmortem>(
        'GET',
        `${incidentPath(id)}/postmortem`,
      );
    } catch (error) {
      // 404 is the normal answer for an incident without a postmortem yet.
      if (error instanceof ResponseError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async getPostmortemMarkdown(postmortemId: number): Promise<string> {
    return this.request('GET', `${postmortemPath(postmortemId)}/markdown`, {
      text: true,
    });
  }

  async listPostmortems(
    filter: PostmortemListFilter = {},
  ): Promise<Page<Postmortem>> {
    return this.request('GET', '/postmortems', {
      query: {
        status: filter.statuses,
        ownerRef: filter.ownerRefs,
        overdue: booleanParam(filter.overdue),
        incidentId: filter.incidentIds?.map(String),
        limit: filter.limit,
        cursor: filter.cursor,
      },
    });
  }

  async listActionItems(
    filter: ActionItemListFilter = {},
  ): Promise<Page<ActionItem>> {
    return this.request('GET', '/action-items', {
      query: {
        ownerRef: filter.ownerRefs,
        entityRef: filter.entityRefs,
        status: filter.statuses,
        priority: filter.priorities,
        incidentId: filter.incidentId,
        postmortemId: filter.postmortemId,
        overdue: booleanParam(filter.overdue),
        kind: filter.kinds,
        followUpEntityRef: filter.followUpEntityRefs,
        limit: filter.limit,
        cursor: filter.cursor,
      },
    });
  }

  async getRunbookReview(
    incidentId: number | string,
  ): Promise<AlertRunbookReview[]> {
    const body = await this.request<{ items: AlertRunbookReview[] }>(
      'GET',
      `${incidentPath(incidentId)}/runbook-review`,
    );
    return body.items;
  }

  async createRunbookFollowUp(
    incidentId: number | string,
    request: CreateRunbookFollowUpRequest,
  ): Promise<ActionItem> {
    return this.request(
      'POST',
      `${incidentPath(incidentId)}/runbook-follow-ups`,
      { body: request },
    );
  }

  async createPostmortem(incidentId: number | string): Promise<Postmortem> {
    return this.request('POST', `${incidentPath(incidentId)}/postmortem`);
  }

  async updatePostmortem(
    postmortemId: number,
    request: UpdatePostmortemRequest,
  ): Promise<Postmortem> {
    return this.request('PATCH', postmortemPath(postmortemId), {
      body: request,
    });
  }

  async transitionPostmortem(
    postmortemId: number,
    to: PostmortemStatus,
    options: { version?: number } = {},
  ): Promise<Postmortem> {
    return this.request('POST', `${postmortemPath(postmortemId)}/transitions`, {
      body: { to, ...options },
    });
  }

  async addPostmortemReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<Postmortem> {
    return this.request('PUT', `${postmortemPath(postmortemId)}/reviewers`, {
      body: { userRef },
    });
  }

  async removePostmortemReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<Postmortem> {
    return this.request('DELETE', `${postmortemPath(postmortemId)}/reviewers`, {
      query: { userRef },
    });
  }

  async approvePostmortem(postmortemId: number): Promise<Postmortem> {
    return this.request('POST', `${postmortemPath(postmortemId)}/approvals`);
  }

  async getPostmortemRecurrence(postmortemId: number): Promise<Incident[]> {
    const body = await this.request<{ items: Incident[] }>(
      'GET',
      `${postmortemPath(postmortemId)}/recurrence`,
    );
    return body.items;
  }

  async createActionItem(
    request: CreateActionItemRequest,
  ): Promise<ActionItem> {
    return this.request('POST', '/action-items', {
      body: { ...request, incidentId: String(request.incidentId) },
    });
  }

  async updateActionItem(
    itemId: number,
    request: UpdateActionItemRequest,
  ): Promise<ActionItem> {
    return this.request(
      'PATCH',
      `/action-items/${encodeURIComponent(String(itemId))}`,
      { body: request },
    );
  }

  async getJira(): Promise<JiraSetup> {
    return this.request('GET', '/jira');
  }

  async createJiraIssue(itemId: number): Promise<ActionItem> {
    return this.request(
      'POST',
      `/action-items/${encodeURIComponent(String(itemId))}/jira`,
    );
  }

  async getMetrics(query: MetricsQuery): Promise<IncidentMetrics> {
    return this.request('GET', '/metrics', {
      query: {
        from: query.from,
        to: query.to,
        entityRef: query.entityRef,
        ownerRef: query.ownerRefs,
        bucket: query.bucket,
      },
    });
  }

  async listAlerts(filter: AlertListFilter = {}): Promise<Page<Alert>> {
    return this.request('GET', '/alerts', {
      query: {
        entityRef: filter.entityRefs,
        incidentId: filter.incidentId,
        unrouted: booleanParam(filter.unrouted),
        open: booleanParam(filter.open),
        limit: filter.limit,
        cursor: filter.cursor,
      },
    });
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options: { query?: Query; body?: unknown; text?: boolean } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('incidents');
    const search = toSearchParams(options.query).toString();
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
    const response = await this.fetchApi.fetch(url, {
      method,
      ...(options.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options.body),
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    if (options.text) {
      return (await response.text()) as T;
    }
    return (await response.json()) as T;
  }
}

function incidentPath(id: number | string): string {
  return `/incidents/${encodeURIComponent(String(id))}`;
}

function postmortemPath(postmortemId: number): string {
  return `/postmortems/${encodeURIComponent(String(postmortemId))}`;
}

function booleanParam(value?: boolean): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Repeats array values (`status=a&status=b`), which is how the backend reads lists. */
function toSearchParams(query: Query = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(key, String(item));
    }
  }
  return params;
}
