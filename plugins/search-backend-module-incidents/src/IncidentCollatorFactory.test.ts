import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import {
  emptyPostmortemSections,
  Incident,
  incidentReadPermission,
  Postmortem,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { IncidentCollatorFactory } from './IncidentCollatorFactory';

const API = 'http://localhost:0/api/incidents';

function incident(id: number, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    ref: `INC-${id}`,
    title: `Incident ${id}`,
    description: `Summary of incident ${id}`,
    status: 'resolved',
    severity: 'P2',
    entityRef: 'component:default/payments-api',
    affectedEntityRefs: [],
    ownerRef: 'group:default/payments',
    source: 'manual',
    impact: {} as Incident['impact'],
    roles: [],
    links: [],
    createdBy: 'user:default/alice',
    detectedAt: '2026-11-01T10:00:00.000Z',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

function event(
  incidentId: number,
  type: TimelineEvent['type'],
  message: string,
): TimelineEvent {
  return {
    id: incidentId * 100 + message.length,
    incidentId,
    type,
    at: '2026-11-01T10:05:00.000Z',
    message,
    pinned: false,
  };
}

const postmortem: Postmortem = {
  id: 7,
  incidentId: 2,
  status: 'published',
  sections: {
    ...emptyPostmortemSections(),
    summary: 'Checkout failed for an hour.',
    rootCause: 'Connection pool halved by an unreviewed config change.',
  },
  fiveWhys: [],
  timeline: [],
  reviewers: [],
  createdBy: 'user:default/alice',
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
  version: 3,
};

describe('IncidentCollatorFactory', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const auth = mockServices.auth({ pluginId: 'search' });
  const requests: string[] = [];

  /** The incidents API: 3 incidents over two pages, answering 401 without the service token. */
  async function serveApi(options: { failTimelineOf?: number } = {}) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'incidents',
    });
    const authorized = (request: Request) =>
      request.headers.get('authorization') === `Bearer ${token}`;
    const unauthorized = () =>
      HttpResponse.json(
        { error: { name: 'AuthenticationError' } },
        { status: 401 },
      );
    const timelines: Record<number, TimelineEvent[]> = {
      1: [
        event(1, 'declared', 'Declared by alice'),
        event(1, 'note', 'Rolled back the gateway release'),
      ],
      2: [event(2, 'note', 'Paged the database team')],
      3: [],
    };
    server.use(
      http.get(`${API}/incidents`, ({ request }) => {
        requests.push(new URL(request.url).search);
        if (!authorized(request)) return unauthorized();
        const cursor = new URL(request.url).searchParams.get('cursor');
        return HttpResponse.json(
          cursor === 'page-2'
            ? {
                items: [
                  incident(3, {
                    ownerRef: undefined,
                    status: 'triggered',
                    severity: 'P1',
                  }),
                ],
              }
            : { items: [incident(1), incident(2)], nextCursor: 'page-2' },
        );
      }),
      http.get(`${API}/incidents/:id/timeline`, ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const id = Number(params.id);
        if (id === options.failTimelineOf) {
          return HttpResponse.json(
            { error: { name: 'Error', message: 'database unavailable' } },
            { status: 503 },
          );
        }
        return HttpResponse.json({ items: timelines[id] });
      }),
      http.get(`${API}/postmortems`, ({ request }) => {
        if (!authorized(request)) return unauthorized();
        return HttpResponse.json({ items: [postmortem] });
      }),
    );
  }

  const factory = (config: object = {}) =>
    IncidentCollatorFactory.fromConfig(new ConfigReader(config), {
      auth,
      discovery: mockServices.discovery(),
      logger: mockServices.logger.mock(),
    });

  beforeEach(() => {
    requests.length = 0;
  });

  it('indexes every incident with its notes and postmortem, authorized by incident id', async () => {
    await serveApi();
    const collatorFactory = factory();
    expect(collatorFactory.type).toBe('incident');
    expect(collatorFactory.visibilityPermission).toBe(incidentReadPermission);

    const { documents, error } = await TestPipeline.fromCollator(
      await collatorFactory.getCollator(),
    ).execute();

    expect(error).toBeUndefined();
    expect(requests).toEqual(['?limit=200', '?limit=200&cursor=page-2']);
    expect(documents).toEqual([
      {
        title: 'Incident 1',
        text: 'Summary of incident 1\n\nRolled back the gateway release',
        location: '/incidents/INC-1',
        ref: 'INC-1',
        severity: 'P2',
        status: 'resolved',
        entityRef: 'component:default/payments-api',
        ownerRef: 'group:default/payments',
        detectedAt: '2026-11-01T10:00:00.000Z',
        authorization: { resourceRef: '1' },
      },
      {
        title: 'Incident 2',
        text: [
          'Summary of incident 2',
          'Paged the database team',
          'Summary: Checkout failed for an hour.',
          'Root cause: Connection pool halved by an unreviewed config change.',
        ].join('\n\n'),
        location: '/incidents/INC-2',
        ref: 'INC-2',
        severity: 'P2',
        status: 'resolved',
        entityRef: 'component:default/payments-api',
        ownerRef: 'group:default/payments',
        postmortemStatus: 'published',
        detectedAt: '2026-11-01T10:00:00.000Z',
        authorization: { resourceRef: '2' },
      },
      {
        title: 'Incident 3',
        text: 'Summary of incident 3',
        location: '/incidents/INC-3',
        ref: 'INC-3',
        severity: 'P1',
        status: 'triggered',
        entityRef: 'component:default/payments-api',
        detectedAt: '2026-11-01T10:00:00.000Z',
        authorization: { resourceRef: '3' },
      },
    ]);
  });

  it('links results where the app shows incidents', async () => {
    await serveApi();
    const { documents } = await TestPipeline.fromCollator(
      await factory({
        search: {
          collators: {
            incidents: { locationTemplate: '/firebreak/incidents/:ref' },
          },
        },
      }).getCollator(),
    ).execute();
    expect(documents.map(d => d.location)).toEqual([
      '/firebreak/incidents/INC-1',
      '/firebreak/incidents/INC-2',
      '/firebreak/incidents/INC-3',
    ]);
  });

  it('refuses a location template without :ref', () => {
    expect(() =>
      factory({
        search: {
          collators: { incidents: { locationTemplate: '/incidents' } },
        },
      }),
    ).toThrow(/locationTemplate must contain :ref/);
  });

  it('fails the run when the API fails, rather than indexing a partial set', async () => {
    await serveApi({ failTimelineOf: 2 });
    const { error } = await TestPipeline.fromCollator(
      await factory().getCollator(),
    ).execute();
    expect(String(error)).toMatch(/503/);
  });
});
