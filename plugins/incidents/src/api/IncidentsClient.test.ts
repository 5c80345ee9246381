import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { IncidentsClient } from './IncidentsClient';

const baseUrl = 'http://backstage.test/api/incidents';
const server = setupServer();

const client = new IncidentsClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

describe('IncidentsClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('fetches severities and roles once, and retries after a failure', async () => {
    const own = new IncidentsClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
    let severityCalls = 0;
    let roleCalls = 0;
    server.use(
      http.get(`${baseUrl}/severities`, () => {
        severityCalls++;
        return severityCalls === 1
          ? HttpResponse.json({ error: { message: 'down' } }, { status: 503 })
          : HttpResponse.json({ items: [{ id: 'P1', pages: true }] });
      }),
      http.get(`${baseUrl}/roles`, () => {
        roleCalls++;
        return HttpResponse.json({ items: ['commander', 'scribe'] });
      }),
    );
    await expect(own.getSeverities()).rejects.toBeInstanceOf(ResponseError);
    const [a, b] = await Promise.all([
      own.getSeverities(),
      own.getSeverities(),
    ]);
    expect(a).toEqual([{ id: 'P1', pages: true }]);
    expect(b).toBe(a);
    expect(severityCalls).toBe(2);

    expect(await own.listRoles()).toEqual(['commander', 'scribe']);
    expect(await own.listRoles()).toEqual(['commander', 'scribe']);
    expect(roleCalls).toBe(1);
  });

  it('repeats list filters as query parameters and passes the cursor on', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json({ items: [], nextCursor: 'next' });
      }),
    );
    const page = await client.listIncidents({
      entityRefs: ['component:default/payments-api', 'api:default/pay'],
      statuses: ['triggered', 'investigating'],
      limit: 20,
      cursor: 'abc',
    });
    expect(page).toEqual({ items: [], nextCursor: 'next' });
    expect(seen!.searchParams.getAll('entityRef')).toEqual([
      'component:default/payments-api',
      'api:default/pay',
    ]);
    expect(seen!.searchParams.getAll('status')).toEqual([
      'triggered',
      'investigating',
    ]);
    expect(seen!.searchParams.get('limit')).toBe('20');
    expect(seen!.searchParams.get('cursor')).toBe('abc');
    expect(seen!.searchParams.has('severity')).toBe(false);
  });

  it('sends every incident list filter, participants repeated', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.listIncidents({
      participantRefs: ['user:default/alice', 'user:default/bob'],
      roleHolderRefs: ['user:default/carol'],
      ownerRefs: ['group:default/payments'],
      severities: ['P1', 'P2'],
      q: 'checkout',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      sort: 'severity',
    });
    expect(seen!.searchParams.get('sort')).toBe('severity');
    expect(seen!.searchParams.getAll('participantRef')).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    expect(seen!.searchParams.getAll('roleHolderRef')).toEqual([
      'user:default/carol',
    ]);
    expect(seen!.searchParams.getAll('ownerRef')).toEqual([
      'group:default/payments',
    ]);
    expect(seen!.searchParams.getAll('severity')).toEqual(['P1', 'P2']);
    expect(seen!.searchParams.get('q')).toBe('checkout');
    expect(seen!.searchParams.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(seen!.searchParams.get('to')).toBe('2026-11-23T00:00:00.000Z');
    expect(seen!.searchParams.has('status')).toBe(false);
  });

  it("asks for the signed-in user's shifts", async () => {
    server.use(
      http.get(`${baseUrl}/oncall/shifts`, () =>
        HttpResponse.json({
          userRef: 'user:default/alice',
          at: '2026-11-23T00:00:00.000Z',
          items: [{ groupRef: 'group:default/payments' }],
          catalogAvailable: true,
        }),
      ),
    );
    expect((await client.getMyOncallShifts()).items).toEqual([
      { groupRef: 'group:default/payments' },
    ]);
  });

  it('encodes entity refs in the summary query', async () => {
    let raw = '';
    server.use(
      http.get(`${baseUrl}/entity-summary`, ({ request }) => {
        raw = request.url;
        return HttpResponse.json({
          entityRef: 'component:default/payments-api',
          catalogAvailable: true,
          openIncidents: [],
          upstreamIncidents: [],
        });
      }),
    );
    const summary = await client.getEntitySummary(
      'component:default/payments-api',
    );
    expect(raw).toBe(
      `${baseUrl}/entity-summary?entityRef=component%3Adefault%2Fpayments-api`,
    );
    expect(summary.catalogAvailable).toBe(true);
  });

  it('asks for on-call by group or by entity', async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${baseUrl}/oncall`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json({
          groupRef: 'group:default/payments',
          source: 'rotation',
          escalation: [],
          members: [],
          schedule: [],
        });
      }),
    );
    await client.getOncall({ groupRef: 'group:default/payments' });
    await client.getOncall({ entityRef: 'component:default/payments-api' });
    expect(queries).toEqual([
      '?groupRef=group%3Adefault%2Fpayments',
      '?entityRef=component%3Adefault%2Fpayments-api',
    ]);
  });

  it("lists an entity's heartbeats", async () => {
    let raw = '';
    server.use(
      http.get(`${baseUrl}/heartbeats`, ({ request }) => {
        raw = request.url;
        return HttpResponse.json({
          items: [
            { name: 'nightly', interval: 'P1D', grace: 'PT5M', state: 'ok' },
          ],
        });
      }),
    );
    const heartbeats = await client.listHeartbeats('component:default/job');
    expect(raw).toBe(
      `${baseUrl}/heartbeats?entityRef=component%3Adefault%2Fjob`,
    );
    expect(heartbeats.map(h => h.name)).toEqual(['nightly']);
  });

  it('issues and revokes the calendar feed', async () => {
    const calls: string[] = [];
    server.use(
      http.post(`${baseUrl}/oncall/calendar-feed`, () => {
        calls.push('POST');
        return HttpResponse.json(
          { shifts: 'https://x/shifts.ics', teams: {} },
          { status: 201 },
        );
      }),
      http.delete(`${baseUrl}/oncall/calendar-feed`, () => {
        calls.push('DELETE');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    expect((await client.issueCalendarFeed()).shifts).toBe(
      'https://x/shifts.ics',
    );
    await expect(client.revokeCalendarFeed()).resolves.toBeUndefined();
    expect(calls).toEqual(['POST', 'DELETE']);
  });

  it('posts JSON bodies for declare, transition, notes and pins', async () => {
    const bodies: Record<string, unknown> = {};
    server.use(
      http.post(`${baseUrl}/incidents`, async ({ request }) => {
        expect(request.headers.get('content-type')).toBe('application/json');
        bodies.declare = await request.json();
        return HttpResponse.json({ id: 7, ref: 'INC-7' }, { status: 201 });
      }),
      http.post(`${baseUrl}/incidents/7/transitions`, async ({ request }) => {
        bodies.transition = await request.json();
        return HttpResponse.json({ id: 7, status: 'acknowledged' });
      }),
      http.post(`${baseUrl}/incidents/INC-7/timeline`, async ({ request }) => {
        bodies.note = await request.json();
        return HttpResponse.json({ id: 3 }, { status: 201 });
      }),
      http.patch(`${baseUrl}/incidents/7/timeline/3`, async ({ request }) => {
        bodies.pin = await request.json();
        return HttpResponse.json({ id: 3, pinned: true });
      }),
    );
    const declared = await client.declareIncident({
      title: 'Checkout down',
      severity: 'P1',
      entityRef: 'component:default/payments-api',
      impact: { impactType: 'outage' },
    });
    expect(declared.ref).toBe('INC-7');
    await client.transitionIncident(7, 'acknowledged', {
      message: 'on it',
      version: 4,
    });
    await client.addNote('INC-7', 'rolled back');
    await client.pinTimelineEvent(7, 3, true);
    expect(bodies).toEqual({
      declare: {
        title: 'Checkout down',
        severity: 'P1',
        entityRef: 'component:default/payments-api',
        impact: { impactType: 'outage' },
      },
      transition: { to: 'acknowledged', message: 'on it', version: 4 },
      note: { message: 'rolled back' },
      pin: { pinned: true },
    });
  });

  it('unassigns a role with the role in the path and the user in the query', async () => {
    let seen: URL | undefined;
    server.use(
      http.delete(
        `${baseUrl}/incidents/7/roles/:role`,
        ({ request, params }) => {
          seen = new URL(request.url);
          expect(params.role).toBe('communications lead');
          return HttpResponse.json({ id: 7, roles: [] });
        },
      ),
    );
    await client.unassignRole(7, 'communications lead', 'user:default/alice');
    expect(seen!.pathname).toBe(
      '/api/incidents/incidents/7/roles/communications%20lead',
    );
    expect(seen!.searchParams.get('userRef')).toBe('user:default/alice');
  });

  it('returns status updates with the template variables', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/7/status-updates`, () =>
        HttpResponse.json({
          items: [{ id: 1, message: 'investigating' }],
          variables: { ref: 'INC-7' },
        }),
      ),
    );
    const result = await client.listStatusUpdates(7);
    expect(result.items).toHaveLength(1);
    expect(result.variables).toEqual({ ref: 'INC-7' });
  });

  it('rejects with a ResponseError carrying the backend message on 409', async () => {
    server.use(
      http.post(`${baseUrl}/incidents/7/transitions`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message:
                "Cannot move INC-7 from 'resolved' to 'monitoring'; allowed: investigating",
            },
            request: { method: 'POST', url: '/incidents/7/transitions' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const result = client.transitionIncident(7, 'monitoring', { version: 2 });
    await expect(result).rejects.toBeInstanceOf(ResponseError);
    await expect(result).rejects.toMatchObject({
      statusCode: 409,
      body: { error: { name: 'ConflictError' } },
    });
    // ResponseError's own message is generic; the backend's travels as its cause.
    const error = (await result.catch(e => e)) as ResponseError;
    expect(error.cause.name).toBe('ConflictError');
    expect(error.cause.message).toBe(
      "Cannot move INC-7 from 'resolved' to 'monitoring'; allowed: investigating",
    );
  });
  it('reads the runbook table of an entity and the alerts of an incident', async () => {
    let runbooksQuery = '';
    server.use(
      http.get(`${baseUrl}/runbooks`, ({ request }) => {
        runbooksQuery = new URL(request.url).search;
        return HttpResponse.json({
          entityRef: 'component:default/payments-api',
          rows: [{ alert: 'HighErrorRate', inTable: true, firedCount: 2 }],
          coverage: {
            fired: 2,
            own: 1,
            fallback: 0,
            none: 1,
            withRunbook: 1,
            ratio: 0.5,
          },
          catalogAvailable: true,
        });
      }),
      http.get(`${baseUrl}/incidents/INC-7/alerts`, () =>
        HttpResponse.json({
          items: [{ id: 1, name: 'HighErrorRate', snippet: '- alert: X\n' }],
        }),
      ),
    );
    const table = await client.getRunbookTable(
      'component:default/payments-api',
    );
    expect(runbooksQuery).toBe('?entityRef=component%3Adefault%2Fpayments-api');
    expect(table.coverage).toEqual({
      fired: 2,
      own: 1,
      fallback: 0,
      none: 1,
      withRunbook: 1,
      ratio: 0.5,
    });
    const alerts = await client.getIncidentAlerts('INC-7');
    expect(alerts).toEqual([
      { id: 1, name: 'HighErrorRate', snippet: '- alert: X\n' },
    ]);
  });

  it('answers undefined for an incident without a postmortem, and rejects other failures', async () => {
    server.use(
      http.get(`${baseUrl}/incidents/7/postmortem`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'No postmortem' } },
          { status: 404 },
        ),
      ),
      http.get(`${baseUrl}/incidents/8/postmortem`, () =>
        HttpResponse.json({ id: 3, incidentId: 8, status: 'draft' }),
      ),
      http.get(`${baseUrl}/incidents/9/postmortem`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'Denied' } },
          { status: 403 },
        ),
      ),
    );
    await expect(client.getPostmortemForIncident(7)).resolves.toBeUndefined();
    await expect(client.getPostmortemForIncident(8)).resolves.toMatchObject({
      id: 3,
      status: 'draft',
    });
    await expect(client.getPostmortemForIncident(9)).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it('reads a postmortem as Markdown text', async () => {
    server.use(
      http.get(`${baseUrl}/postmortems/3/markdown`, () =>
        HttpResponse.text('# Postmortem: INC-7 Checkout failing\n', {
          headers: { 'Content-Type': 'text/markdown' },
        }),
      ),
    );
    await expect(client.getPostmortemMarkdown(3)).resolves.toBe(
      '# Postmortem: INC-7 Checkout failing\n',
    );
  });

  it('lists postmortems and action items with the spec query names', async () => {
    const seen: Record<string, URLSearchParams> = {};
    server.use(
      http.get(`${baseUrl}/postmortems`, ({ request }) => {
        seen.postmortems = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [{ id: 3 }], nextCursor: 'n' });
      }),
      http.get(`${baseUrl}/action-items`, ({ request }) => {
        seen.actionItems = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [] });
      }),
    );
    const postmortems = await client.listPostmortems({
      statuses: ['draft', 'in_review'],
      ownerRefs: ['group:default/payments'],
      overdue: true,
      limit: 10,
    });
    expect(postmortems).toEqual({ items: [{ id: 3 }], nextCursor: 'n' });
    expect(seen.postmortems.getAll('status')).toEqual(['draft', 'in_review']);
    expect(seen.postmortems.getAll('ownerRef')).toEqual([
      'group:default/payments',
    ]);
    expect(seen.postmortems.get('overdue')).toBe('true');
    expect(seen.postmortems.get('limit')).toBe('10');

    await client.listActionItems({
      entityRefs: ['component:default/payments-api'],
      incidentId: 'INC-7',
      statuses: ['open'],
      overdue: false,
    });
    expect(seen.actionItems.getAll('entityRef')).toEqual([
      'component:default/payments-api',
    ]);
    expect(seen.actionItems.get('incidentId')).toBe('INC-7');
    expect(seen.actionItems.getAll('status')).toEqual(['open']);
    expect(seen.actionItems.get('overdue')).toBe('false');
    expect(seen.actionItems.has('ownerRef')).toBe(false);
  });

  it('lists, starts and ends maintenance windows', async () => {
    const seen: { list?: URL; created?: unknown; ended?: string } = {};
    const window = { id: 4, entityRef: 'component:default/payments-api' };
    server.use(
      http.get(`${baseUrl}/maintenance-windows`, ({ request }) => {
        seen.list = new URL(request.url);
        return HttpResponse.json({ items: [window] });
      }),
      http.post(`${baseUrl}/maintenance-windows`, async ({ request }) => {
        seen.created = await request.json();
        return HttpResponse.json(window, { status: 201 });
      }),
      http.delete(`${baseUrl}/maintenance-windows/:id`, ({ params }) => {
        seen.ended = String(params.id);
        return HttpResponse.json({ ...window, state: 'ended' });
      }),
    );
    expect(
      await client.listMaintenanceWindows({
        entityRef: 'component:default/payments-api',
        state: 'active',
      }),
    ).toEqual([window]);
    expect(seen.list?.searchParams.get('entityRef')).toBe(
      'component:default/payments-api',
    );
    expect(seen.list?.searchParams.get('state')).toBe('active');

    const request = {
      entityRef: 'component:default/payments-api',
      endsAt: '2026-11-23T02:00:00.000Z',
      reason: 'Database upgrade',
      severities: ['P3'],
    };
    expect(await client.createMaintenanceWindow(request)).toEqual(window);
    expect(seen.created).toEqual(request);
    expect(await client.endMaintenanceWindow(4)).toMatchObject({
      state: 'ended',
    });
    expect(seen.ended).toBe('4');
  });
});
