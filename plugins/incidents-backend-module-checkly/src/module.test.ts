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
import degraded from './__fixtures__/degraded.json';
import failureRemain from './__fixtures__/failure-remain.json';
import failure from './__fixtures__/failure.json';
import recovery from './__fixtures__/recovery.json';
import checklyModule from './index';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ID = '5f9a3b7e-2c41-4d8a-9e6f-0b1c2d3e4f50';

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
          '- alert: Payments API health\n  runbook: https://wiki.example.com/health\n  severity: P1\n',
      },
    },
    spec: { type: 'service', owner: 'group:default/payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  },
];

describe.each(databases.eachSupportedId())(
  'Checkly webhooks through the incidents backend on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          incidentsPlugin,
          checklyModule,
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
        .post('/api/incidents/alerts/checkly')
        .set('Authorization', mockCredentials.service.header())
        .send(body as object);

    it('opens an incident, dedups the repeat and resolves on recovery', async () => {
      const first = await post(failure);
      expect(first.status).toBe(202);
      expect(first.body.results.map((r: any) => r.outcome)).toEqual([
        'opened',
        'ignored',
      ]);
      const incidentId = first.body.results[0].incidentId;
      expect(incidentId).toEqual(expect.any(Number));
      // Routed by the service tag; the table's row for the check sets P1
      expect(
        await knex('incidents').where({ id: incidentId }).first(),
      ).toMatchObject({
        severity: 'P1',
        entity_ref: 'component:default/payments-api',
        source: 'checkly',
        status: 'triggered',
        title: 'Payments API health: Check "Payments API health" has failed',
      });

      const again = await post(failureRemain);
      expect(again.status).toBe(202);
      expect(again.body.results[0]).toMatchObject({
        outcome: 'repeated',
        incidentId,
      });
      const alerts = await knex('alerts').select('*');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        source: 'checkly',
        dedup_key: ID,
        name: 'Payments API health',
        source_severity: 'error',
        runbook_url: 'https://wiki.example.com/health',
        source_url: `https://app.checklyhq.com/checks/${ID}/results/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d`,
        incident_id: incidentId,
      });
      expect(Number(alerts[0].count)).toBe(2);

      const recovered = await post(recovery);
      expect(recovered.status).toBe(202);
      expect(recovered.body.results.map((r: any) => r.outcome)).toEqual([
        'resolved',
        'ignored',
      ]);
      const settled = await knex('alerts').where({ id: alerts[0].id }).first();
      expect(new Date(settled.resolved_at).toISOString()).toBe(
        '2026-12-02T09:30:00.000Z',
      );
      expect(
        (await knex('incidents').where({ id: incidentId }).first()).status,
      ).toBe('monitoring');
    });

    it('raises the incident when a degraded check fails, resolving the degradation', async () => {
      const first = await post(degraded);
      expect(first.status).toBe(202);
      const incidentId = first.body.results[0].incidentId;
      // `(degraded)` has no table row: `warning` through the default mapping
      expect(
        await knex('incidents').where({ id: incidentId }).first(),
      ).toMatchObject({ severity: 'P3', status: 'triggered' });

      const failed = await post({
        ...failure,
        alert_type: 'ALERT_DEGRADED_FAILURE',
      });
      expect(failed.body.results.map((r: any) => r.outcome)).toEqual([
        'opened',
        'resolved',
      ]);
      expect(failed.body.results[0].incidentId).toBe(incidentId);
      expect(
        await knex('incidents').where({ id: incidentId }).first(),
      ).toMatchObject({ severity: 'P1', status: 'triggered' });
      const alerts = await knex('alerts')
        .select('dedup_key', 'name', 'resolved_at')
        .orderBy('id');
      expect(
        alerts.map(a => [a.dedup_key, a.name, a.resolved_at !== null]),
      ).toEqual([
        [`${ID}:degraded`, 'Payments API health (degraded)', true],
        [ID, 'Payments API health', false],
      ]);
    });

    it('answers 400 naming the field, storing nothing', async () => {
      const res = await post({ ...failure, tags: [42] });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: 'Invalid Checkly webhook payload: tags[0] must be a string',
      });
      const missing = await post({ alert_type: 'ALERT_FAILURE' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toBe(
        'Invalid Checkly webhook payload: check_id is required; check_name is required',
      );
      expect(await knex('alerts').select('id')).toEqual([]);
    });

    it('refuses users and bad credentials', async () => {
      const send = (authorization: string) =>
        request(server)
          .post('/api/incidents/alerts/checkly')
          .set('Authorization', authorization)
          .send(failure);
      expect((await send(mockCredentials.user.header())).status).toBe(403);
      expect((await send(mockCredentials.service.invalidHeader())).status).toBe(
        401,
      );
      expect(await knex('alerts').select('id')).toEqual([]);
    });
  },
);
