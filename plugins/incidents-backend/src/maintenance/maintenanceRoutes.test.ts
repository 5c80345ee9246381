import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMaintenanceWindowStore } from './DatabaseMaintenanceWindowStore';

const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const API = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout';
const SEARCH_API = 'component:default/search-api';
const ALICE = 'user:default/alice';
const NOTICES_TASK = 'incidents-maintenance-notices';

const component = (
  name: string,
  owner: string,
  dependsOn: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', owner, lifecycle: 'production' },
  relations: [
    { type: 'ownedBy', targetRef: owner },
    ...dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
  ],
});

const entities: Entity[] = [
  ...['payments', 'search'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name },
      spec: { type: 'team', children: [] },
      // a member, so that incidents page someone
      relations: [{ type: 'hasMember', targetRef: ALICE }],
    }),
  ),
  component('payments-api', PAYMENTS),
  component('checkout', PAYMENTS, [API]),
  component('search-api', SEARCH),
];

/** A payments team member's decisions: read everything, manage payments' entities. */
const paymentsMember = (permission: {
  name: string;
  resourceType?: string;
}): PolicyDecision =>
  permission.resourceType === 'maintenance-entity'
    ? {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'maintenance-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'maintenance-entity',
          params: { claims: [ALICE, PAYMENTS] },
        },
      }
    : { result: AuthorizeResult.ALLOW };

const user = () => mockCredentials.user.header(ALICE);
const sender = () => mockCredentials.service.header();
const inMinutes = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'maintenance windows over HTTP on %p',
  databaseId => {
    let knex: Knex;
    let sent: NotificationSendOptions[];
    let scheduler: ReturnType<typeof mockServices.scheduler>;

    async function startBackend(extra: any[] = []) {
      knex = await databases.init(databaseId);
      scheduler = mockServices.scheduler();
      const started = await startIncidentsBackend({
        knex,
        entities,
        extra,
        scheduler,
      });
      sent = started.sent;
      return started.server;
    }

    type Server = Awaited<ReturnType<typeof startBackend>>;

    const createWindow = (
      server: Server,
      body: Record<string, unknown>,
      authorization = user(),
    ) =>
      request(server)
        .post('/api/incidents/maintenance-windows')
        .set('Authorization', authorization)
        .send({
          entityRef: API,
          endsAt: inMinutes(60),
          reason: 'Database upgrade',
          ...body,
        });

    const sendAlert = (
      server: Server,
      alert: { entityRef?: string; severity?: string; dedupKey: string },
    ) =>
      request(server)
        .post('/api/incidents/alerts/generic')
        .set('Authorization', sender())
        .set('Content-Type', 'application/json')
        .send(
          JSON.stringify({
            alerts: [
              {
                name: 'HighErrorRate',
                severity: 'P1',
                entityRef: API,
                ...alert,
              },
            ],
          }),
        )
        .expect(202);

    const pages = () => sent.filter(n => n.payload.severity === 'critical');
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);

    it('keeps an alert during a window, marked, and opens no incident nor queues a page', async () => {
      const server = await startBackend();
      const created = await createWindow(server, {});
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        entityRef: API,
        ownerRef: PAYMENTS,
        includeDependents: false,
        reason: 'Database upgrade',
        createdBy: ALICE,
        state: 'active',
      });
      expect(created.body.severities).toBeUndefined();

      const ingested = await sendAlert(server, { dedupKey: 'db-down' });
      expect(ingested.body.results[0].message).toContain('in maintenance');
      const alerts = await request(server)
        .get('/api/incidents/alerts')
        .query({ entityRef: API })
        .set('Authorization', user());
      expect(alerts.status).toBe(200);
      expect(alerts.body.items).toEqual([
        expect.objectContaining({
          dedupKey: 'db-down',
          status: 'firing',
          maintenanceWindowId: created.body.id,
        }),
      ]);
      expect(alerts.body.items[0].incidentId).toBeUndefined();
      expect(await count('incidents')).toBe(0);
      expect(await count('incident_page_outbox')).toBe(0);
      expect(pages()).toEqual([]);

      const listed = await request(server)
        .get('/api/incidents/maintenance-windows')
        .query({ entityRef: API, state: 'active' })
        .set('Authorization', user());
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([created.body]);
    });

    it('lets a severity the window does not suppress page', async () => {
      const server = await startBackend();
      await createWindow(server, { severities: ['P3', 'P4', 'P5'] }).expect(
        201,
      );
      const quiet = await sendAlert(server, {
        dedupKey: 'slow',
        severity: 'P4',
      });
      expect(quiet.body.results[0].incidentId).toBeUndefined();
      const loud = await sendAlert(server, { dedupKey: 'down' });
      expect(loud.body.results[0].incidentId).toBeDefined();
      expect(await count('incidents')).toBe(1);
      expect(await count('incident_page_outbox')).toBeGreaterThan(0);
      expect(pages()).toHaveLength(1);
    });

    it('opens incidents once the window is ended; the alert still firing at its next repeat', async () => {
      const server = await startBackend();
      const created = await createWindow(server, {}).expect(201);
      const held = await sendAlert(server, { dedupKey: 'still-firing' });
      expect(held.body.results[0].incidentId).toBeUndefined();

      const ended = await request(server)
        .delete(`/api/incidents/maintenance-windows/${created.body.id}`)
        .set('Authorization', user());
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        id: created.body.id,
        state: 'ended',
        endedBy: ALICE,
        endsAt: created.body.endsAt,
      });
      expect(ended.body.endedAt).toBeDefined();

      const repeat = await sendAlert(server, { dedupKey: 'still-firing' });
      expect(repeat.body.results[0]).toMatchObject({
        outcome: 'repeated',
        alertId: held.body.results[0].alertId,
      });
      expect(repeat.body.results[0].incidentId).toBeDefined();
      expect(await count('incidents')).toBe(1);
      expect(pages()).toHaveLength(1);
    });

    it('does not apply a scheduled window before its start', async () => {
      const server = await startBackend();
      const scheduled = await createWindow(server, {
        startsAt: inMinutes(60),
        endsAt: inMinutes(120),
      }).expect(201);
      expect(scheduled.body.state).toBe('scheduled');
      const alert = await sendAlert(server, { dedupKey: 'early' });
      expect(alert.body.results[0].incidentId).toBeDefined();
      expect(pages()).toHaveLength(1);

      const list = (state: string) =>
        request(server)
          .get('/api/incidents/maintenance-windows')
          .query({ entityRef: API, state })
          .set('Authorization', user());
      expect((await list('scheduled')).body.items).toEqual([scheduled.body]);
      expect((await list('active')).body.items).toEqual([]);
    });

    it('covers the entities depending on it with includeDependents', async () => {
      const server = await startBackend();
      const narrow = await createWindow(server, {}).expect(201);
      const notCovered = await sendAlert(server, {
        dedupKey: 'checkout-1',
        entityRef: CHECKOUT,
      });
      expect(notCovered.body.results[0].incidentId).toBeDefined();
      await request(server)
        .delete(`/api/incidents/maintenance-windows/${narrow.body.id}`)
        .set('Authorization', user())
        .expect(200);

      const wide = await createWindow(server, {
        includeDependents: true,
      }).expect(201);
      const covered = await sendAlert(server, {
        dedupKey: 'checkout-2',
        entityRef: CHECKOUT,
      });
      expect(covered.body.results[0].incidentId).toBeUndefined();
      const [row] = await knex('alerts').where({ dedup_key: 'checkout-2' });
      expect(Number(row.maintenance_window_id)).toBe(wide.body.id);
      const unrelated = await sendAlert(server, {
        dedupKey: 'search-1',
        entityRef: SEARCH_API,
      });
      expect(unrelated.body.results[0].incidentId).toBeDefined();
    });

    it('refuses bad input with a 400 naming the field', async () => {
      const server = await startBackend();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ reason: undefined }, 'reason'],
        [{ reason: '  ' }, 'reason must not be empty'],
        [{ reason: 'x'.repeat(501) }, 'reason'],
        [{ reason: 'nul\u0000byte' }, 'body.reason must not contain the NUL'],
        [{ endsAt: undefined }, 'endsAt'],
        [{ endsAt: '2026-02-30T00:00:00Z' }, 'endsAt'],
        [{ endsAt: '9999-12-31T23:59:59Z' }, 'endsAt'],
        [{ endsAt: '+275760-09-13T00:00:00Z' }, 'endsAt'],
        [{ endsAt: inMinutes(-1) }, 'endsAt must be after startsAt'],
        [{ endsAt: inMinutes(8 * 24 * 60) }, 'endsAt must be at most 7 days'],
        [
          { startsAt: inMinutes(-60), endsAt: inMinutes(60) },
          'startsAt must not be in the past',
        ],
        [{ severities: ['P9'] }, 'severities'],
        [{ severities: [] }, 'severities'],
        [{ severities: 'P1' }, 'severities'],
        [{ includeDependents: 'yes' }, 'includeDependents'],
        [{ entityRef: 'not a ref ::' }, 'entityRef'],
        [{ entityRef: 'component:default/ghost' }, 'entityRef'],
        [{ entityRef: 'x'.repeat(301) }, 'entityRef'],
        // the spec's validator says so without naming the property
        [{ silenceEverything: true }, 'must NOT have additional properties'],
      ];
      const wrong: string[] = [];
      for (const [body, field] of cases) {
        const res = await createWindow(server, body);
        if (res.status !== 400 || !res.body.error?.message?.includes(field)) {
          wrong.push(
            `${JSON.stringify(body).slice(0, 80)}: ${res.status} ${
              res.body.error?.message
            }`,
          );
        }
      }
      const queries: Array<[string, string]> = [
        ['/maintenance-windows?state=paused', 'state'],
        ['/maintenance-windows?limit=0', 'limit'],
        ['/maintenance-windows?limit=99999', 'limit'],
        ['/maintenance-windows?entityRef=%00', 'entityRef'],
        ['/maintenance-windows?entityRef=not%20a%20ref%20%3A%3A', 'entityRef'],
      ];
      for (const [path, field] of queries) {
        const res = await request(server)
          .get(`/api/incidents${path}`)
          .set('Authorization', user());
        if (res.status !== 400 || !res.body.error?.message?.includes(field)) {
          wrong.push(`GET ${path}: ${res.status} ${res.body.error?.message}`);
        }
      }
      const tooBig = await request(server)
        .delete('/api/incidents/maintenance-windows/99999999999')
        .set('Authorization', user());
      if (tooBig.status !== 400) wrong.push(`DELETE too big: ${tooBig.status}`);
      expect(wrong).toEqual([]);
      expect(await count('maintenance_windows')).toBe(0);

      const unknown = await request(server)
        .delete('/api/incidents/maintenance-windows/2147483647')
        .set('Authorization', user());
      expect(unknown.status).toBe(404);
    });

    it('answers 401 without credentials and 403 without the permission', async () => {
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      const none = mockCredentials.none.header();
      expect((await createWindow(server, {}, none)).status).toBe(401);
      for (const [method, path] of [
        ['get', '/maintenance-windows'],
        ['delete', '/maintenance-windows/1'],
      ] as const) {
        const anonymous = await request(server)
          [method](`/api/incidents${path}`)
          .set('Authorization', none);
        expect(anonymous.status).toBe(401);
        const refused = await request(server)
          [method](`/api/incidents${path}`)
          .set('Authorization', user());
        expect(refused.status).toBe(403);
      }
      expect((await createWindow(server, {})).status).toBe(403);
    });

    it("lets only the entity's owners start and end its windows", async () => {
      const server = await startBackend([
        mockServices.permissions.mock({
          authorizeConditional: async requests =>
            requests.map(({ permission }) => paymentsMember(permission)),
        }).factory,
      ]);
      const refused = await createWindow(server, { entityRef: SEARCH_API });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(
        'incidents.maintenance.manage',
      );
      const own = await createWindow(server, {});
      expect(own.status).toBe(201);

      // a window of another team's entity, made outside this caller's reach
      const theirs = await DatabaseMaintenanceWindowStore.fromKnex(knex).create(
        {
          entityRef: SEARCH_API,
          ownerRef: SEARCH,
          includeDependents: false,
          startsAt: new Date().toISOString(),
          endsAt: inMinutes(60),
          reason: 'Reindexing',
          createdBy: 'user:default/sam',
          createdAt: new Date().toISOString(),
        },
      );
      const end = (id: number) =>
        request(server)
          .delete(`/api/incidents/maintenance-windows/${id}`)
          .set('Authorization', user());
      expect((await end(theirs.id)).status).toBe(403);
      expect((await end(own.body.id)).status).toBe(200);
      // unknown windows: nothing to check ownership on
      expect((await end(theirs.id + 100)).status).toBe(404);
    });

    it('tells the owner team once when a window starts and once when it ends', async () => {
      const server = await startBackend();
      const notices = () => sent.filter(n => n.payload.topic === 'maintenance');
      const scheduled = await createWindow(server, {
        startsAt: inMinutes(60),
        endsAt: inMinutes(120),
      }).expect(201);
      await scheduler.triggerTask(NOTICES_TASK);
      expect(notices()).toEqual([]);

      const created = await createWindow(server, {
        severities: ['P3', 'P4', 'P5'],
      }).expect(201);
      await scheduler.triggerTask(NOTICES_TASK);
      await scheduler.triggerTask(NOTICES_TASK);
      expect(notices()).toEqual([
        {
          recipients: { type: 'entity', entityRef: PAYMENTS },
          payload: expect.objectContaining({
            title: `Maintenance started on ${API}`,
            link: '/catalog/default/component/payments-api/incidents',
            scope: `maintenance:${created.body.id}:start`,
            topic: 'maintenance',
          }),
        },
      ]);
      expect(notices()[0].payload.description).toContain(
        'Database upgrade (user:default/alice). P3, P4, P5 alerts',
      );

      await request(server)
        .delete(`/api/incidents/maintenance-windows/${created.body.id}`)
        .set('Authorization', user())
        .expect(200);
      await request(server)
        .delete(`/api/incidents/maintenance-windows/${scheduled.body.id}`)
        .set('Authorization', user())
        .expect(200);
      await scheduler.triggerTask(NOTICES_TASK);
      await scheduler.triggerTask(NOTICES_TASK);
      expect(notices().map(n => n.payload.scope)).toEqual([
        `maintenance:${created.body.id}:start`,
        `maintenance:${created.body.id}:end`,
      ]);
      expect(notices()[1].payload.description).toContain('Ended early at');
    });
  },
);
