import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import permissionPlugin from '@backstage/plugin-permission-backend';
import incidentsPlugin from '@firebreak/plugin-incidents-backend';
import permissionPolicyModule from './permissionPolicy';

const SPEC = join(
  __dirname,
  '../../../../plugins/incidents-backend/src/schema/openapi.yaml',
);

const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const AUDITORS = 'group:default/auditors';
/** The callers of the matrix, by what the team-scoped policy makes of them. */
const USERS = {
  owner: { ref: 'user:default/pat', groups: [PAYMENTS] },
  otherTeam: { ref: 'user:default/sam', groups: [SEARCH] },
  readOnly: { ref: 'user:default/ada', groups: [AUDITORS] },
  denied: { ref: 'user:default/nobody', groups: [] as string[] },
};
type Caller = keyof typeof USERS | 'alertSender' | 'otherPlugin';
const CALLERS: Caller[] = [
  'owner',
  'otherTeam',
  'readOnly',
  'denied',
  'alertSender',
  'otherPlugin',
];
const SENDER_TOKEN = 'Bearer alert-sender-token';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  },
  ...[PAYMENTS, SEARCH, AUDITORS].map(ref => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { type: 'team', children: [] },
  })),
];

/**
 * Users' ownership refs as sign-in would resolve them from the catalog, and the alert
 * sender's token as Backstage's external access would: a service principal restricted
 * to `incidents.alert.ingest` (the mock auth service cannot express restrictions).
 */
const identityFactories = [
  createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const { userEntityRef } = credentials.principal as {
          userEntityRef: string;
        };
        const user = Object.values(USERS).find(u => u.ref === userEntityRef);
        return {
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, ...(user?.groups ?? [])],
        };
      },
    }),
  }),
  createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => {
      const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
      return {
        credentials: async (req: any, options?: any) =>
          req.headers.authorization === SENDER_TOKEN
            ? checkAllowed(
                mockCredentials.service('alert-sender', {
                  permissionNames: ['incidents.alert.ingest'],
                }),
                options,
              )
            : withActor(
                plugin.getId(),
                req,
                await inner.credentials(req, options),
              ),
        issueUserCookie: inner.issueUserCookie.bind(inner),
      } as any;
    },
  }),
];

/**
 * A plugin asking the permission backend on a user's behalf arrives, with real auth, as
 * that user with the plugin as `actor`, and so does the permission backend asking the
 * plugin to apply a conditional decision; the mock auth service leaves the actor out,
 * and both refuse users without one.
 */
function withActor(
  pluginId: string,
  req: { headers: { authorization?: string }; originalUrl?: string },
  credentials: BackstageCredentials,
): BackstageCredentials {
  const principal = credentials.principal as { type: string };
  const header = req.headers.authorization;
  const applyingConditions = req.originalUrl?.includes(
    '/.well-known/backstage/permissions/apply-conditions',
  );
  if (
    (pluginId !== 'permission' && !applyingConditions) ||
    principal.type !== 'user' ||
    !header?.startsWith('Bearer mock-service-token:')
  ) {
    return credentials;
  }
  return {
    ...credentials,
    principal: {
      ...principal,
      actor: {
        type: 'service',
        subject: applyingConditions ? 'plugin:permission' : 'plugin:incidents',
      },
    },
  } as BackstageCredentials;
}

function checkAllowed(credentials: BackstageCredentials, options?: any) {
  if (options?.allow && !options.allow.includes('service')) {
    const error = new Error('This endpoint does not allow service requests');
    error.name = 'NotAllowedError';
    throw error;
  }
  return credentials;
}

function authorization(caller: Caller): string {
  if (caller === 'alertSender') return SENDER_TOKEN;
  if (caller === 'otherPlugin') {
    // Another plugin calling with its own (unrestricted) service credentials.
    return mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('plugin:catalog'),
      targetPluginId: 'incidents',
    });
  }
  return mockCredentials.user.header(USERS[caller].ref);
}

type Route = { method: string; path: string; url: string; body?: object };

function specRoutes(ids: {
  incidentId: number;
  otherId: number;
  postmortemId: number;
  itemId: number;
  windowId: number;
}): Route[] {
  const { incidentId } = ids;
  const sampleBodies = bodies(ids);
  const spec = parse(readFileSync(SPEC, 'utf8')) as {
    paths: Record<string, Record<string, any>>;
  };
  const samples: Record<string, string> = {
    id: String(incidentId),
    entityRef: 'component:default/payments-api',
    groupRef: PAYMENTS,
    userRef: USERS.owner.ref,
    from: '2026-01-01T00:00:00Z',
    to: '2026-01-02T00:00:00Z',
    role: 'commander',
    postmortemId: String(ids.postmortemId),
    itemId: String(ids.itemId),
    windowId: String(ids.windowId),
    eventId: '1',
  };
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(samples[name] ?? '1'),
      );
      const query = new URLSearchParams();
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.required)
          query.set(p.name, samples[p.name] ?? '1');
      }
      if (method === 'get' && path === '/oncall') {
        query.set('entityRef', samples.entityRef);
      }
      const qs = query.toString();
      routes.push({
        method: method.toUpperCase(),
        path,
        url: `/api/incidents${concrete}${qs ? `?${qs}` : ''}`,
        body: op.requestBody
          ? sampleBodies[`${method.toUpperCase()} ${path}`] ?? {}
          : undefined,
      });
    }
  }
  for (const source of ['alertmanager', 'events/v2', 'generic']) {
    routes.push({
      method: 'POST',
      path: `/alerts/${source}`,
      url: `/api/incidents/alerts/${source}`,
      body: {},
    });
  }
  return routes;
}

/** A scheduled maintenance window of the payments service (far ahead: no clock). */
const MAINTENANCE = {
  entityRef: 'component:default/payments-api',
  startsAt: '2099-01-01T00:00:00Z',
  endsAt: '2099-01-02T00:00:00Z',
  reason: 'Database upgrade',
};

/** Valid request bodies, so each write reaches its access check rather than a 400. */
function bodies(ids: { incidentId: number; otherId: number }) {
  const override = {
    groupRef: PAYMENTS,
    userRef: USERS.owner.ref,
    startsAt: '2099-01-01T00:00:00Z',
    endsAt: '2099-01-02T00:00:00Z',
  };
  return {
    'POST /incidents': {
      title: 'Checkout slow',
      severity: 'P3',
      entityRef: 'component:default/payments-api',
    },
    'PATCH /incidents/{id}': { title: 'Payments failing everywhere' },
    'POST /incidents/{id}/transitions': { to: 'acknowledged' },
    'POST /incidents/{id}/roles': {
      role: 'commander',
      userRef: USERS.owner.ref,
    },
    'POST /incidents/{id}/timeline': { message: 'Looking into it' },
    'PATCH /incidents/{id}/timeline/{eventId}': { pinned: true },
    'POST /incidents/{id}/status-updates': { message: 'We are on it' },
    'POST /incidents/{id}/merge': { into: String(ids.otherId) },
    'POST /incidents/{id}/runbook-follow-ups': {
      entityRef: 'component:default/payments-api',
      alertName: 'HighErrorRate',
    },
    'POST /oncall/overrides': override,
    'POST /oncall/cover-requests': {
      groupRef: PAYMENTS,
      coverRef: 'user:default/someone-else',
      startsAt: override.startsAt,
      endsAt: override.endsAt,
    },
    'PATCH /postmortems/{postmortemId}': { dueAt: '2099-01-01T00:00:00Z' },
    'POST /postmortems/{postmortemId}/transitions': { to: 'in_review' },
    'PUT /postmortems/{postmortemId}/reviewers': { userRef: USERS.owner.ref },
    'POST /action-items': {
      incidentId: String(ids.incidentId),
      title: 'Add a retry',
      ownerRef: PAYMENTS,
    },
    'PATCH /action-items/{itemId}': { title: 'Add two retries' },
    'POST /maintenance-windows': MAINTENANCE,
  } as Record<string, object>;
}

const APPROVE = 'POST /postmortems/{postmortemId}/approvals';

/** Routes that need credentials but no permission: the configured policy tables. */
const NO_PERMISSION = new Set(['GET /severities', 'GET /roles']);
/**
 * A user's own calendar feed token: every user who may read on-call (as with
 * `GET /oncall/shifts`) may issue and revoke their own, whatever their teams.
 */
const OWN_CALENDAR_FEED = new Set([
  'POST /oncall/calendar-feed',
  'DELETE /oncall/calendar-feed',
]);

/**
 * What a caller should get on a route: `allowed` (the handler ran: 2xx, 400, 404, 409),
 * or `refused` (403, or 404 where the thing to check access on does not exist).
 */
function expected(caller: Caller, route: Route): 'allowed' | 'refused' {
  const key = `${route.method} ${route.path}`;
  const ingest = route.path.startsWith('/alerts/') && route.method === 'POST';
  if (ingest) {
    return caller === 'alertSender' || caller === 'otherPlugin'
      ? 'allowed'
      : 'refused';
  }
  if (NO_PERMISSION.has(key)) return 'allowed';
  if (OWN_CALENDAR_FEED.has(key)) {
    return caller === 'alertSender' ? 'refused' : 'allowed';
  }
  switch (caller) {
    case 'owner':
    case 'otherPlugin':
      return 'allowed';
    case 'alertSender':
      return 'refused';
    case 'readOnly':
      // Approving needs read access only: reviewers approve as themselves.
      return route.method === 'GET' || key === APPROVE ? 'allowed' : 'refused';
    case 'otherTeam':
    case 'denied': {
      // Lists and aggregates answer, scoped; the payments incident's routes refuse.
      const scopedList = route.method === 'GET' && !route.path.includes('{');
      if (scopedList) {
        // The runbook table of a payments entity is that team's.
        return route.path === '/runbooks' ? 'refused' : 'allowed';
      }
      if (key === 'POST /incidents') {
        return caller === 'otherTeam' ? 'allowed' : 'refused';
      }
      return 'refused';
    }
    default:
      return 'refused';
  }
}

/**
 * Refused: 403, or 404 where what access is checked on does not exist. Allowed: anything
 * but a permission refusal ("Not allowed: incidents.…"); a route's own rules may still
 * say 403, e.g. only a postmortem's reviewers approve it.
 */
function judge(
  outcome: 'allowed' | 'refused',
  status: number,
  message = '',
): boolean {
  if (status >= 500 || status === 401) return false;
  if (outcome === 'refused') return status === 403 || status === 404;
  return !(status === 403 && message.startsWith('Not allowed: incidents.'));
}

/** Setup must succeed; `expect` is not for hooks, so it throws with the answer. */
function expectCreated(res: request.Response, what: string) {
  if (res.status !== 201) {
    throw new Error(
      `Could not create ${what}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
}

describe('team-scoped permission policy: route × caller matrix', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let incidentId: number;
  let otherId: number;
  let postmortemId: number;
  let itemId: number;
  let windowId: number;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        incidentsPlugin,
        permissionPlugin,
        permissionPolicyModule,
        permissionsServiceFactory,
        ...identityFactories,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            firebreak: {
              permissionPolicy: 'team-scoped',
              teamScoped: { others: 'deny', readers: [AUDITORS] },
            },
          },
        }),
      ],
    }));
    const declared = await request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', authorization('owner'))
      .send({
        title: 'Payments failing',
        severity: 'P1',
        entityRef: 'component:default/payments-api',
      });
    expectCreated(declared, 'the payments incident');
    if (declared.body.ownerRef !== PAYMENTS) {
      throw new Error(`incident owned by ${declared.body.ownerRef}`);
    }
    incidentId = declared.body.id;
    const owner = authorization('owner');
    const other = await request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', owner)
      .send({
        title: 'Card payments failing',
        severity: 'P2',
        entityRef: 'component:default/payments-api',
      });
    otherId = other.body.id;
    const postmortem = await request(server)
      .post(`/api/incidents/incidents/${incidentId}/postmortem`)
      .set('Authorization', owner);
    expectCreated(postmortem, 'the postmortem');
    postmortemId = postmortem.body.id;
    const item = await request(server)
      .post('/api/incidents/action-items')
      .set('Authorization', owner)
      .send({
        incidentId: String(incidentId),
        title: 'Add a retry',
        ownerRef: PAYMENTS,
      });
    expectCreated(item, 'the action item');
    itemId = item.body.id;
    const window = await request(server)
      .post('/api/incidents/maintenance-windows')
      .set('Authorization', owner)
      .send(MAINTENANCE);
    expectCreated(window, 'the maintenance window');
    windowId = window.body.id;
    // An alert on the payments service, linked to a payments incident.
    const alert = await request(server)
      .post('/api/incidents/alerts/generic')
      .set('Authorization', SENDER_TOKEN)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          alerts: [
            {
              name: 'HighErrorRate',
              severity: 'P1',
              entityRef: 'component:default/payments-api',
            },
          ],
        }),
      );
    if (alert.status !== 202 || !alert.body.results[0].incidentId) {
      throw new Error(
        `Could not ingest the alert: ${JSON.stringify(alert.body)}`,
      );
    }
  });

  it('answers every route as the policy says for each caller', async () => {
    const routes = specRoutes({
      incidentId,
      otherId,
      postmortemId,
      itemId,
      windowId,
    });
    expect(routes.length).toBeGreaterThan(30);
    // Reads first, then refused writes, then the owner's writes, so no caller's answer
    // depends on another caller's change.
    const order = (r: Route, c: Caller) =>
      (r.method === 'GET' ? 0 : 1) +
      (r.method !== 'GET' && c === 'owner' ? 1 : 0);
    const cells = routes
      .flatMap(route => CALLERS.map(caller => ({ route, caller })))
      .sort((a, b) => order(a.route, a.caller) - order(b.route, b.caller));
    const wrong: string[] = [];
    for (const { route, caller } of cells) {
      const res = await request(server)
        [route.method.toLowerCase() as 'get'](route.url)
        .set('Authorization', authorization(caller))
        .send(route.body);
      const outcome = expected(caller, route);
      if (!judge(outcome, res.status, res.body?.error?.message)) {
        wrong.push(
          `${route.method} ${route.path} as ${caller}: ${
            res.status
          }, expected ${outcome}: ${res.body?.error?.message ?? ''}`,
        );
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it.each([
    ['owner', [true]],
    ['readOnly', [true]],
    ['otherTeam', []],
    ['denied', []],
  ] as const)(
    'GET /incidents as %s lists the payments incident only when theirs to read',
    async (caller, expectedIds) => {
      const res = await request(server)
        .get('/api/incidents/incidents')
        .set('Authorization', authorization(caller));
      expect(res.body.error?.message).toBeUndefined();
      expect(res.status).toBe(200);
      expect(
        res.body.items
          .filter((i: { ownerRef?: string }) => i.ownerRef === PAYMENTS)
          .map(() => true)
          .slice(0, 1),
      ).toEqual(expectedIds);
    },
  );

  it('lists the payments alerts to its team', async () => {
    const alerts = await request(server)
      .get('/api/incidents/alerts')
      .query({ entityRef: 'component:default/payments-api' })
      .set('Authorization', authorization('owner'));
    expect(alerts.status).toBe(200);
    expect(alerts.body.items).toHaveLength(1);
  });

  it.each(['otherTeam', 'denied'] as const)(
    'lists nothing of the payments team to %s',
    async caller => {
      const auth = authorization(caller);
      const byEntity = await request(server)
        .get('/api/incidents/alerts')
        .query({ entityRef: 'component:default/payments-api' })
        .set('Authorization', auth);
      expect(byEntity.status).toBe(200);
      expect(byEntity.body.items).toEqual([]);
      const alerts = await request(server)
        .get(`/api/incidents/alerts?incidentId=${incidentId}`)
        .set('Authorization', auth);
      expect(alerts.status).toBe(200);
      expect(alerts.body.items).toEqual([]);
      const actionItems = await request(server)
        .get(`/api/incidents/action-items?incidentId=${incidentId}`)
        .set('Authorization', auth);
      expect(actionItems.status).toBe(200);
      expect(actionItems.body.items).toEqual([]);
      const postmortems = await request(server)
        .get('/api/incidents/postmortems')
        .set('Authorization', auth);
      expect(postmortems.status).toBe(200);
      expect(postmortems.body.items).toEqual([]);
      const summary = await request(server)
        .get('/api/incidents/entity-summary')
        .query({ entityRef: 'component:default/payments-api' })
        .set('Authorization', auth);
      expect(summary.body.error?.message).toBeUndefined();
      expect(summary.status).toBe(200);
      expect(summary.body.openIncidents).toEqual([]);
    },
  );

  it('lets only the group members change its on-call', async () => {
    const body = {
      groupRef: PAYMENTS,
      userRef: USERS.owner.ref,
      startsAt: '2099-01-01T00:00:00Z',
      endsAt: '2099-01-02T00:00:00Z',
    };
    for (const caller of ['otherTeam', 'readOnly', 'denied'] as const) {
      const refused = await request(server)
        .post('/api/incidents/oncall/overrides')
        .set('Authorization', authorization(caller))
        .send(body);
      expect(refused.status).toBe(403);
    }
    const created = await request(server)
      .post('/api/incidents/oncall/overrides')
      .set('Authorization', authorization('owner'))
      .send(body);
    expect(created.status).toBe(201);
    const deleteAs = (caller: Caller) =>
      request(server)
        .delete(`/api/incidents/oncall/overrides/${created.body.id}`)
        .set('Authorization', authorization(caller));
    expect((await deleteAs('otherTeam')).status).toBe(403);
    expect((await deleteAs('owner')).status).toBe(204);
  });

  it("lets only the entity's team put it in maintenance and end it", async () => {
    for (const caller of ['otherTeam', 'readOnly', 'denied'] as const) {
      const refused = await request(server)
        .post('/api/incidents/maintenance-windows')
        .set('Authorization', authorization(caller))
        .send(MAINTENANCE);
      expect(refused.status).toBe(403);
    }
    const created = await request(server)
      .post('/api/incidents/maintenance-windows')
      .set('Authorization', authorization('owner'))
      .send(MAINTENANCE);
    expect(created.status).toBe(201);
    const endAs = (caller: Caller) =>
      request(server)
        .delete(`/api/incidents/maintenance-windows/${created.body.id}`)
        .set('Authorization', authorization(caller));
    expect((await endAs('otherTeam')).status).toBe(403);
    expect((await endAs('owner')).body).toMatchObject({
      state: 'ended',
      endedBy: USERS.owner.ref,
    });
    // others read the windows of their own teams' entities only
    const listAs = async (caller: Caller) =>
      (
        await request(server)
          .get('/api/incidents/maintenance-windows')
          .query({ entityRef: 'component:default/payments-api' })
          .set('Authorization', authorization(caller))
      ).body.items.length;
    expect(await listAs('owner')).toBeGreaterThan(0);
    expect(await listAs('readOnly')).toBeGreaterThan(0);
    expect(await listAs('otherTeam')).toBe(0);
  });

  it('answers the entity tab its maintenance question by the entity owner', async () => {
    // What usePermission asks: the permission backend has the plugin apply the condition.
    const ask = async (caller: Caller, resourceRef: string) =>
      (
        await request(server)
          .post('/api/permission/authorize')
          .set('Authorization', authorization(caller))
          .send({
            items: [
              {
                id: '1',
                permission: {
                  type: 'resource',
                  name: 'incidents.maintenance.manage',
                  attributes: { action: 'update' },
                  resourceType: 'maintenance-entity',
                },
                resourceRef,
              },
            ],
          })
      ).body.items?.[0]?.result;
    const payments = 'component:default/payments-api';
    expect(await ask('owner', payments)).toBe('ALLOW');
    expect(await ask('otherTeam', payments)).toBe('DENY');
    expect(await ask('owner', 'component:default/nothing-here')).toBe('DENY');
  });

  it('lets the alert sender ingest and nothing else', async () => {
    const ingest = await request(server)
      .post('/api/incidents/alerts/generic')
      .set('Authorization', SENDER_TOKEN)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ alerts: [{ name: 'HighErrorRate' }] }));
    expect(ingest.status).toBe(202);
    const declare = await request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', SENDER_TOKEN)
      .send({
        title: 'x',
        severity: 'P1',
        entityRef: 'component:default/payments-api',
      });
    expect(declare.status).toBe(403);
    const read = await request(server)
      .get('/api/incidents/incidents')
      .set('Authorization', SENDER_TOKEN);
    expect(read.status).toBe(403);
  });
});
