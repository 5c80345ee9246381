import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real incidents backend, which serves the source this module adds (test-only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import incidentsPlugin from '@firebreak/plugin-incidents-backend';
import { Knex } from 'knex';
import request from 'supertest';
import recovered from './__fixtures__/recovered.json';
import reTriggered from './__fixtures__/re-triggered.json';
import triggered from './__fixtures__/triggered.json';
import warn from './__fixtures__/warn.json';
import datadogModule from './index';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const KEY = '9bd4ac313a4d1e8fae2482df7b77628';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'firebreak.dev/alerts':
          '- alert: HighErrorRate\n  runbook: https://wiki.example.com/5xx\n  severity: P1\n',
      },
    },
    spec: { type: 'service', owner: 'group:default/payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  },
];

describe.each(databases.eachSupportedId())(
  'Datadog webhooks through the incidents backend on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          incidentsPlugin,
          datadogModule,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: 'http://localhost:3000' } },
          }),
          catalogServiceMock.factory({ entities }),
        ],
      }));
    });

    const post = (body: unknown) =>
      request(server)
        .post('/api/incidents/alerts/datadog')
        .set('Authorization', mockCredentials.service.header())
        .send(body as object);

    it('opens an incident, dedups the re-trigger and resolves on recovery', async () => {
      const first = await post(triggered);
      expect(first.status).toBe(202);
      expect(first.body.results.map((r: any) => r.outcome)).toEqual([
        'opened',
        'ignored',
        'ignored',
      ]);
      const incidentId = first.body.results[0].incidentId;
      expect(incidentId).toEqual(expect.any(Number));

      const incident = await knex('incidents')
        .where({ id: incidentId })
        .first();
      // The monitor's priority names a policy level, so it wins over the table's P1
      expect(incident).toMatchObject({
        severity: 'P2',
        entity_ref: 'component:default/payments-api',
        source: 'datadog',
        status: 'triggered',
      });
      expect(incident.title).toBe(
        'HighErrorRate: trace.http.request.errors over service:payments-api was > 50 on average during the last 5m',
      );

      const again = await post(reTriggered);
      expect(again.status).toBe(202);
      expect(again.body.results[0]).toMatchObject({
        outcome: 'repeated',
        incidentId,
      });
      const [alert] = await knex('alerts').select('*');
      expect(await knex('alerts').select('id')).toHaveLength(1);
      expect(alert).toMatchObject({
        source: 'datadog',
        dedup_key: KEY,
        name: 'HighErrorRate',
        entity_ref: 'component:default/payments-api',
        source_url:
          'https://app.datadoghq.com/event/jump_to?event_id=7040921484213830711',
        runbook_url: 'https://wiki.example.com/5xx',
        incident_id: incidentId,
      });
      expect(Number(alert.count)).toBe(2);
      expect(alert.resolved_at).toBeNull();

      const recovery = await post(recovered);
      expect(recovery.status).toBe(202);
      expect(recovery.body.results[0]).toMatchObject({
        outcome: 'resolved',
        incidentId,
      });
      const settled = await knex('alerts').where({ id: alert.id }).first();
      expect(new Date(settled.resolved_at).toISOString()).toBe(
        '2025-12-02T11:00:00.000Z',
      );
      expect(
        (await knex('incidents').where({ id: incidentId }).first()).status,
      ).toBe('monitoring');
      expect(await knex('alerts').select('id')).toHaveLength(1);
    });

    it('raises the incident when a warning escalates, resolving the warning', async () => {
      const first = await post(warn);
      expect(first.status).toBe(202);
      const incidentId = first.body.results[0].incidentId;
      // Not the table's HighErrorRate row: `warning` through the default mapping
      expect(
        await knex('incidents').where({ id: incidentId }).first(),
      ).toMatchObject({ severity: 'P3', status: 'triggered' });

      const escalated = await post(triggered);
      expect(escalated.body.results.map((r: any) => r.outcome)).toEqual([
        'opened',
        'resolved',
        'ignored',
      ]);
      expect(escalated.body.results[0].incidentId).toBe(incidentId);
      expect(
        await knex('incidents').where({ id: incidentId }).first(),
      ).toMatchObject({ severity: 'P2', status: 'triggered' });
      const alerts = await knex('alerts')
        .select('dedup_key', 'name', 'resolved_at')
        .orderBy('id');
      expect(
        alerts.map(a => [a.dedup_key, a.name, a.resolved_at !== null]),
      ).toEqual([
        [`${KEY}:warn`, 'HighErrorRate (warn)', true],
        [KEY, 'HighErrorRate', false],
      ]);
    });

    it('answers 400 naming the field; ids beyond integer range stay text', async () => {
      const res = await post({ ...triggered, alert_transition: 'Resolved' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message:
          'Invalid Datadog webhook payload: alert_transition must be one of Triggered, Re-Triggered, Warn, Re-Warn, No Data, Re-No Data, Recovered, Renotify',
      });
      // An id beyond PostgreSQL's integer range stays text, never a 500
      const big = await post({
        ...triggered,
        alert_id: '99999999999999999999',
      });
      expect(big.status).toBe(202);
      const notJson = await request(server)
        .post('/api/incidents/alerts/datadog')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send('{"alert_transition": ');
      expect(notJson.status).toBe(400);
      expect(
        (await knex('alerts').select('annotations')).map(
          a => JSON.parse(a.annotations).monitor_id,
        ),
      ).toEqual(['99999999999999999999']);
    });

    it('refuses users and bad credentials', async () => {
      const send = (authorization: string) =>
        request(server)
          .post('/api/incidents/alerts/datadog')
          .set('Authorization', authorization)
          .send(triggered);
      expect((await send(mockCredentials.user.header())).status).toBe(403);
      expect((await send(mockCredentials.service.invalidHeader())).status).toBe(
        401,
      );
      expect(await knex('alerts').select('id')).toEqual([]);
    });
  },
);
