import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { INCIDENT_RESOURCE_TYPE } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const alice = 'user:default/alice';
const PAYMENTS = 'group:default/payments';
const API = 'component:default/payments-api';
const TASK = 'incidents-runbook-follow-ups';
const WITHOUT_RUNBOOK =
  '- alert: HighErrorRate\n  severity: P2\n- alert: DiskFull\n  severity: P2\n  runbook: https://wiki.example.com/disk\n';
const WITH_RUNBOOK =
  '- alert: HighErrorRate\n  severity: P2\n  runbook: https://wiki.example.com/5xx\n- alert: DiskFull\n  severity: P2\n  runbook: https://wiki.example.com/disk\n';

function catalog(): { entities: Entity[]; api: Entity } {
  const api: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: { 'firebreak.dev/alerts': WITHOUT_RUNBOOK },
    },
    spec: { type: 'service', owner: PAYMENTS, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  };
  const group: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: alice }],
  };
  return { entities: [group, api], api };
}

const firing = (names: string[]) => ({
  version: '4',
  groupKey: '{}:{service="payments-api"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'firebreak',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example.com',
  alerts: names.map(name => ({
    status: 'firing',
    labels: { alertname: name, service: 'payments-api' },
    annotations: { summary: `${name} on payments-api` },
    startsAt: '2026-12-01T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.com/graph',
    fingerprint: `fp-${name}`,
  })),
});

/** Alerts may be ingested; incidents only read and changed when the shop team owns them. */
const shopOnly = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(() => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: INCIDENT_RESOURCE_TYPE,
        conditions: {
          rule: 'IS_INCIDENT_OWNER',
          resourceType: INCIDENT_RESOURCE_TYPE,
          params: { ownerRefs: ['group:default/shop'] },
        },
      })),
  }),
});

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'runbook follow-ups on %p',
  databaseId => {
    let knex: Knex;
    const as = mockCredentials.user.header(alice);
    const sender = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('external:alertmanager'),
    } as any);

    async function start(options: { shopOnly?: boolean } = {}) {
      knex = await databases.init(databaseId);
      const { entities, api } = catalog();
      const scheduler = mockServices.scheduler();
      const { server } = await startIncidentsBackend({
        knex,
        entities,
        scheduler,
        extra: options.shopOnly ? [shopOnly] : [],
      });
      const ingest = await request(server)
        .post('/api/incidents/alerts/alertmanager')
        .set('Authorization', sender)
        .send(firing(['HighErrorRate', 'DiskFull']));
      expect(ingest.status).toBe(202);
      const [incident] = await knex('incidents').select('id');
      expect(incident).toBeDefined();
      return { server, scheduler, api, incidentId: Number(incident.id) };
    }

    it('reviews the alerts, makes follow-ups for the owner, and closes an add-runbook one when the catalog gains it', async () => {
      const { server, scheduler, api, incidentId } = await start();

      const review = await request(server)
        .get(`/api/incidents/incidents/${incidentId}/runbook-review`)
        .set('Authorization', as);
      expect(review.status).toBe(200);
      expect(
        [...review.body.items].sort((a: any, b: any) =>
          a.alertName.localeCompare(b.alertName),
        ),
      ).toEqual([
        {
          entityRef: API,
          alertName: 'DiskFull',
          runbook: 'own',
          runbookUrl: 'https://wiki.example.com/disk',
          linkHealth: { state: 'unchecked' },
          suggestedKind: 'update_runbook',
        },
        {
          entityRef: API,
          alertName: 'HighErrorRate',
          runbook: 'none',
          suggestedKind: 'add_runbook',
        },
      ]);

      const add = await request(server)
        .post(`/api/incidents/incidents/${incidentId}/runbook-follow-ups`)
        .set('Authorization', as)
        .send({ entityRef: API, alertName: 'HighErrorRate' });
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({
        title: 'Add a runbook for HighErrorRate on payments-api',
        ownerRef: PAYMENTS,
        status: 'open',
        runbookFollowUp: {
          kind: 'add_runbook',
          entityRef: API,
          alertName: 'HighErrorRate',
        },
      });
      expect(add.body.description).toContain('- alert: HighErrorRate');

      const again = await request(server)
        .post(`/api/incidents/incidents/${incidentId}/runbook-follow-ups`)
        .set('Authorization', as)
        .send({ entityRef: API, alertName: 'HighErrorRate' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(`Action item ${add.body.id}`);

      const update = await request(server)
        .post(`/api/incidents/incidents/${incidentId}/runbook-follow-ups`)
        .set('Authorization', as)
        .send({ entityRef: API, alertName: 'DiskFull' });
      expect(update.status).toBe(201);
      expect(update.body.runbookFollowUp).toEqual({
        kind: 'update_runbook',
        entityRef: API,
        alertName: 'DiskFull',
        runbookUrl: 'https://wiki.example.com/disk',
      });

      const list = (query: string) =>
        request(server)
          .get(`/api/incidents/action-items?${query}`)
          .set('Authorization', as)
          .then(r => r.body.items.map((i: any) => i.id));
      expect(await list('kind=add_runbook')).toEqual([add.body.id]);
      expect(await list('kind=task')).toEqual([]);
      expect(
        await list(`followUpEntityRef=${encodeURIComponent(API)}`),
      ).toEqual([update.body.id, add.body.id]);

      // The catalog has no runbook yet: nothing closes.
      await scheduler.triggerTask(TASK);
      expect(
        (await knex('action_items').where({ id: add.body.id }).first()).status,
      ).toBe('open');

      api.metadata.annotations!['firebreak.dev/alerts'] = WITH_RUNBOOK;
      await scheduler.triggerTask(TASK);
      await scheduler.triggerTask(TASK); // a second run notes nothing twice

      const closed = await request(server)
        .get(`/api/incidents/action-items?kind=add_runbook`)
        .set('Authorization', as);
      expect(closed.body.items[0]).toMatchObject({
        id: add.body.id,
        status: 'done',
        completionNote: `Closed by Firebreak: ${API} now has a runbook for HighErrorRate (https://wiki.example.com/5xx)`,
      });
      expect(closed.body.items[0].completedAt).toBeDefined();
      // An update follow-up is closed by a person, never by the check.
      expect(
        (await knex('action_items').where({ id: update.body.id }).first())
          .status,
      ).toBe('open');

      const timeline = await request(server)
        .get(`/api/incidents/incidents/${incidentId}/timeline`)
        .set('Authorization', as);
      const notes = timeline.body.items.filter(
        (e: any) => e.type === 'follow_up_closed',
      );
      expect(notes).toHaveLength(1);
      expect(notes[0].message).toContain('https://wiki.example.com/5xx');

      const after = await request(server)
        .get(`/api/incidents/incidents/${incidentId}/runbook-review`)
        .set('Authorization', as);
      expect(
        after.body.items.find((r: any) => r.alertName === 'HighErrorRate'),
      ).toMatchObject({
        followUp: { id: add.body.id, kind: 'add_runbook', status: 'done' },
      });
    });

    it('answers 400 naming what is wrong', async () => {
      const { server, incidentId } = await start();
      const post = (body: object) =>
        request(server)
          .post(`/api/incidents/incidents/${incidentId}/runbook-follow-ups`)
          .set('Authorization', as)
          .send(body);

      const unknown = await post({ entityRef: API, alertName: 'NoSuchAlert' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain("no alert 'NoSuchAlert'");

      const nothingToUpdate = await post({
        entityRef: API,
        alertName: 'HighErrorRate',
        kind: 'update_runbook',
      });
      expect(nothingToUpdate.status).toBe(400);
      expect(nothingToUpdate.body.error.message).toContain(
        'no runbook to update',
      );

      const badKind = await post({
        entityRef: API,
        alertName: 'HighErrorRate',
        kind: 'rewrite',
      });
      expect(badKind.status).toBe(400);
      expect(badKind.body.error.message).toContain('kind');

      const nul = await post({ entityRef: API, alertName: 'High\u0000Error' });
      expect(nul.status).toBe(400);

      const badFilter = await request(server)
        .get('/api/incidents/action-items?kind=chore')
        .set('Authorization', as);
      expect(badFilter.status).toBe(400);
    });

    it("refuses callers whose scope leaves out the incident's owner", async () => {
      const { server, incidentId } = await start({ shopOnly: true });
      const review = await request(server)
        .get(`/api/incidents/incidents/${incidentId}/runbook-review`)
        .set('Authorization', as);
      expect(review.status).toBe(403);
      const create = await request(server)
        .post(`/api/incidents/incidents/${incidentId}/runbook-follow-ups`)
        .set('Authorization', as)
        .send({ entityRef: API, alertName: 'HighErrorRate' });
      expect(create.status).toBe(403);
      const anonymous = await request(server)
        .get(`/api/incidents/incidents/${incidentId}/runbook-review`)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      const [{ n }] = await knex('action_items').count({ n: '*' });
      expect(Number(n)).toBe(0);
      const items = await request(server)
        .get('/api/incidents/action-items?kind=add_runbook')
        .set('Authorization', as);
      expect(items.body.items).toEqual([]);
    });
  },
);
