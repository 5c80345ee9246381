import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import request from 'supertest';
import { startIncidentsBackend } from '../../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../../__testUtils__/testDatabases';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        // One person in the rotation, so the primary does not depend on the date.
        'firebreak.dev/oncall':
          'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: P7D\nescalation: [user:dana]',
      },
    },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/alice' },
      { type: 'hasMember', targetRef: 'user:default/bob' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'firebreak.dev/alerts':
          '- alert: PaymentsDown\n  runbook: https://wiki.example.com/payments-down\n  severity: P1\n',
        'firebreak.dev/alert-match': 'team=payments',
      },
    },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  },
];

/** The in-memory catalog, answering until `down` is set; then every call fails. */
function switchableCatalog() {
  const inner = catalogServiceMock({ entities });
  const state = { down: false };
  const catalog = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (state.down) throw new Error('connect ECONNREFUSED catalog');
        return value.apply(target, args);
      };
    },
  }) as CatalogService;
  return {
    state,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  };
}

function payload(labels: Record<string, string>) {
  return {
    version: '4',
    groupKey: '{}:{alertname="PaymentsDown"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'firebreak',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'PaymentsDown', ...labels },
        annotations: { summary: 'Payments are down' },
        startsAt: '2026-11-23T01:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.com/graph',
        fingerprint: `fp-${JSON.stringify(labels)}`,
      },
    ],
  };
}

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'catalog outage on %p',
  databaseId => {
    let knex: Knex;
    const sender = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('external:alertmanager'),
    } as any);
    const asUser = () => mockCredentials.user.header('user:default/responder');

    const postAlert = (server: any, labels: Record<string, string>) =>
      request(server)
        .post('/api/incidents/alerts/alertmanager')
        .set('Authorization', sender)
        .send(payload(labels));

    const pages = (sent: NotificationSendOptions[]) =>
      sent
        .filter(n => n.payload.severity === 'critical')
        .map(n => n.recipients);

    async function timelineOf(incidentId: number) {
      return knex('incident_timeline')
        .where({ incident_id: incidentId })
        .orderBy('id')
        .select('type', 'message');
    }

    it.each([
      ['a routing label', { service: 'payments-api' }],
      ['an alert-match selector', { team: 'payments' }],
    ])(
      'routes a P1 by %s from the snapshot and pages the on-call once the catalog stops answering',
      async (_how, labels) => {
        knex = await databases.init(databaseId);
        const catalog = switchableCatalog();
        // One instance sees the catalog answer...
        const first = await startIncidentsBackend({
          knex,
          catalog: catalog.factory,
        });
        const oncall = await request(first.server)
          .get('/api/incidents/oncall')
          .query({ entityRef: 'component:payments-api' })
          .set('Authorization', asUser());
        expect(oncall.status).toBe(200);
        expect(oncall.body.oncall.primary).toBe('user:default/alice');
        // ...then the catalog goes down, and an instance without cached reads (a
        // restart, or the other replica) gets the alert.
        catalog.state.down = true;
        const second = await startIncidentsBackend({
          knex,
          catalog: catalog.factory,
        });
        const res = await postAlert(second.server, labels);
        expect(res.status).toBe(202);
        expect(res.body.results[0]).toMatchObject({
          outcome: 'opened',
          entityRef: 'component:default/payments-api',
          incidentId: expect.any(Number),
        });
        const incidentId = res.body.results[0].incidentId;

        // What the first instance's reads left behind, and what the second one used.
        const rows = await knex('catalog_snapshots')
          .orderBy('entity_ref')
          .select('entity_ref', 'owner_ref', 'members', 'refreshed_at');
        expect(rows.map(r => r.entity_ref)).toEqual([
          'component:default/payments-api',
          'group:default/payments',
        ]);
        const takenAt = new Date(rows[0].refreshed_at).toISOString();

        const incident = await knex('incidents')
          .where({ id: incidentId })
          .first();
        expect(incident).toMatchObject({
          entity_ref: 'component:default/payments-api',
          owner_ref: 'group:default/payments',
          severity: 'P1',
        });
        const [alert] = await knex('alerts').select('runbook_url');
        expect(alert.runbook_url).toBe(
          'https://wiki.example.com/payments-down',
        );

        // The primary of the snapshot's rotation is paged, as usual.
        expect(pages(second.sent)).toEqual([
          { type: 'entity', entityRef: ['user:default/alice'] },
        ]);

        const timeline = await timelineOf(incidentId);
        expect(timeline).toEqual(
          expect.arrayContaining([
            {
              type: 'note',
              message: `Catalog unavailable: routed to component:default/payments-api from the last known catalog snapshot of ${takenAt}`,
            },
            {
              type: 'paged',
              message: expect.stringContaining(
                `Paged user:default/alice (P1 pages the on-call); catalog unavailable, owner and on-call from the last known catalog snapshot of ${takenAt}`,
              ),
            },
          ]),
        );
      },
    );

    it('still stores the alert, unrouted, when the snapshot knows nothing', async () => {
      knex = await databases.init(databaseId);
      const catalog = switchableCatalog();
      catalog.state.down = true;
      const { server, sent } = await startIncidentsBackend({
        knex,
        catalog: catalog.factory,
      });
      const res = await postAlert(server, { service: 'payments-api' });
      expect(res.status).toBe(202);
      expect(res.body.results[0]).toMatchObject({
        outcome: 'opened',
        message: 'Stored in the unrouted inbox: no entity matched',
      });
      const alerts = await knex('alerts').select('name', 'entity_ref');
      expect(alerts).toEqual([{ name: 'PaymentsDown', entity_ref: null }]);
      expect(Number((await knex('incidents').count({ n: '*' }))[0].n)).toBe(0);
      expect(pages(sent)).toEqual([]);
    });
  },
);
