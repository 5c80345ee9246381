import {
  DEFAULT_SEVERITY_POLICY,
  EntityIncidentSummary,
  Incident,
  MaintenanceWindow,
  RunbookTable,
} from '@firebreak/plugin-incidents-common';
import { IncidentsApi } from '../api';

/** An incident with every required field, for tests. */
export function incidentFixture(overrides: Partial<Incident> = {}): Incident {
  const id = overrides.id ?? 7;
  return {
    id,
    ref: `INC-${id}`,
    title: 'Checkout failing',
    description: 'Card payments return 502',
    status: 'investigating',
    severity: 'P1',
    entityRef: 'component:default/payments-api',
    affectedEntityRefs: [],
    ownerRef: 'group:default/payments',
    source: 'manual',
    impact: {},
    roles: [],
    links: [],
    createdBy: 'user:default/alice',
    detectedAt: '2026-11-23T00:00:00.000Z',
    createdAt: '2026-11-23T00:00:00.000Z',
    updatedAt: '2026-11-23T00:00:00.000Z',
    version: 3,
    ...overrides,
  };
}

/** A summary of an entity with no incidents and nobody known on call. */
export function summaryFixture(
  overrides: Partial<EntityIncidentSummary> = {},
): EntityIncidentSummary {
  return {
    entityRef: 'component:default/payments-api',
    ownerRef: 'group:default/payments',
    catalogAvailable: true,
    openIncidents: [],
    upstreamIncidents: [],
    oncall: {
      groupRef: 'group:default/payments',
      source: 'unknown',
      escalation: [],
      members: [],
    },
    ...overrides,
  };
}

/** An IncidentsApi whose reads answer with an empty, healthy entity; override what a test needs. */
export function mockIncidentsApi(
  overrides: Partial<IncidentsApi> = {},
): jest.Mocked<IncidentsApi> {
  return {
    getSeverities: jest.fn(async () =>
      DEFAULT_SEVERITY_POLICY.map(l => ({ ...l })),
    ),
    listRoles: jest.fn(async () => ['commander', 'scribe']),
    listIncidents: jest.fn(async () => ({ items: [] })),
    getIncident: jest.fn(async () => incidentFixture()),
    declareIncident: jest.fn(async () => incidentFixture()),
    updateIncident: jest.fn(async () => incidentFixture()),
    transitionIncident: jest.fn(async () => incidentFixture()),
    assignRole: jest.fn(async () => incidentFixture()),
    unassignRole: jest.fn(async () => incidentFixture()),
    getTimeline: jest.fn(async () => []),
    addNote: jest.fn(async () => ({
      id: 1,
      incidentId: 7,
      type: 'note' as const,
      at: '2026-11-23T00:10:00.000Z',
      message: 'note',
      pinned: false,
    })),
    pinTimelineEvent: jest.fn(),
    listStatusUpdates: jest.fn(async () => ({ items: [], variables: {} })),
    postStatusUpdate: jest.fn(),
    getEntitySummary: jest.fn(async () => summaryFixture()),
    getOncall: jest.fn(),
    getIncidentEscalation: jest.fn(async () => ({
      state: 'none' as const,
      level: 0,
      levels: [],
    })),
    listHeartbeats: jest.fn(async () => []),
    listMaintenanceWindows: jest.fn(async () => []),
    createMaintenanceWindow: jest.fn(async request =>
      maintenanceWindowFixture({
        entityRef: request.entityRef,
        reason: request.reason,
        endsAt: request.endsAt,
      }),
    ),
    endMaintenanceWindow: jest.fn(async id =>
      maintenanceWindowFixture({
        id,
        state: 'ended',
        endedAt: '2026-11-23T00:30:00.000Z',
        endedBy: 'user:default/alice',
      }),
    ),
    issueCalendarFeed: jest.fn(async () => ({
      shifts:
        'https://backstage.example.com/api/incidents/oncall-calendar/t/shifts.ics',
      teams: {},
    })),
    revokeCalendarFeed: jest.fn(async () => undefined),
    getMyOncallShifts: jest.fn(async () => ({
      userRef: 'user:default/alice',
      at: '2026-11-23T00:00:00.000Z',
      items: [],
      catalogAvailable: true,
    })),
    listCoverRequests: jest.fn(async () => []),
    createCoverRequest: jest.fn(),
    decideCoverRequest: jest.fn(),
    cancelCoverRequest: jest.fn(),
    getOncallSchedule: jest.fn(async () => ({
      groupRef: 'group:default/payments',
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-12-21T00:00:00.000Z',
      shifts: [],
      truncated: false,
      catalogAvailable: true,
    })),
    getRunbookTable: jest.fn(async () => runbookTableFixture()),
    getIncidentAlerts: jest.fn(async () => []),
    getPostmortemForIncident: jest.fn(async () => undefined),
    getPostmortemMarkdown: jest.fn(async () => '# Postmortem'),
    listPostmortems: jest.fn(async () => ({ items: [] })),
    listActionItems: jest.fn(async () => ({ items: [] })),
    createPostmortem: jest.fn(),
    updatePostmortem: jest.fn(),
    transitionPostmortem: jest.fn(),
    addPostmortemReviewer: jest.fn(),
    removePostmortemReviewer: jest.fn(),
    approvePostmortem: jest.fn(),
    getPostmortemRecurrence: jest.fn(async () => []),
    createActionItem: jest.fn(),
    getRunbookReview: jest.fn(async () => []),
    createRunbookFollowUp: jest.fn(),
    updateActionItem: jest.fn(),
    getJira: jest.fn(async () => ({ configured: false })),
    createJiraIssue: jest.fn(),
    getMetrics: jest.fn(),
    listAlerts: jest.fn(async () => ({ items: [] })),
    ...overrides,
  } as jest.Mocked<IncidentsApi>;
}

/** An active maintenance window of payments-api until 02:00, for tests. */
export function maintenanceWindowFixture(
  overrides: Partial<MaintenanceWindow> = {},
): MaintenanceWindow {
  return {
    id: 4,
    entityRef: 'component:default/payments-api',
    ownerRef: 'group:default/payments',
    includeDependents: false,
    startsAt: '2026-11-23T00:00:00.000Z',
    endsAt: '2026-11-23T02:00:00.000Z',
    reason: 'Database upgrade',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-23T00:00:00.000Z',
    state: 'active',
    ...overrides,
  };
}

/** A runbook table of an entity with no alert table and nothing fired. */
export function runbookTableFixture(
  overrides: Partial<RunbookTable> = {},
): RunbookTable {
  return {
    entityRef: 'component:default/payments-api',
    rows: [],
    catalogAvailable: true,
    ...overrides,
  };
}
