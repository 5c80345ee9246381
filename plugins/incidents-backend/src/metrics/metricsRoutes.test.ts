import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { INCIDENT_RESOURCE_TYPE } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const PAYMENTS = 'group:default/payments';
const SHOP = 'group:default/shop';

/** A policy that lets the caller read only the shop team's incidents. */
const shopOnlyPermissions = createServiceFactory({
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
          params: { ownerRefs: [SHOP] },
        },
      })),
  }),
});

async function insertIncident(
  knex: Knex,
  id: number,
  ownerRef: string,
  detectedAt: string,
  ackSeconds: number,
) {
  await knex('incidents').insert({
    id,
    title: `Incident ${id}`,
    description: '',
    status: 'acknowledged',
    severity: 'P2',
    entity_ref: 'component:default/payments-api',
    owner_ref: ownerRef,
    source: 'manual',
    impact: '{}',
    links: '[]',
    created_by: 'user:default/alice',
    detected_at: detectedAt,
    acknowledged_at: new Date(
      Date.parse(detectedAt) + ackSeconds * 1000,
    ).toISOString(),
    created_at: detectedAt,
    updated_at: detectedAt,
  });
  await knex('incident_entities').insert({
    incident_id: id,
    entity_ref: 'component:default/payments-api',
    is_primary: true,
  });
}

describe.each(databases.eachSupportedId())(
  'GET /api/incidents/metrics on %p',
  databaseId => {
    async function startBackend(extra: any[] = []) {
      const knex = await databases.init(databaseId);
      const { server } = await startIncidentsBackend({ knex, extra });
      await insertIncident(knex, 1, PAYMENTS, '2026-03-02T10:00:00.000Z', 60);
      await insertIncident(knex, 2, SHOP, '2026-03-03T10:00:00.000Z', 600);
      return server;
    }

    const get = (server: any, query: Record<string, string>) =>
      request(server)
        .get('/api/incidents/metrics')
        .query(query)
        .set('Authorization', mockCredentials.user.header());

    const RANGE = { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' };

    it('answers the metrics of the range', async () => {
      const server = await startBackend();
      const res = await get(server, { ...RANGE, bucket: 'week' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-08T00:00:00.000Z',
        bucket: 'week',
        overall: { incidents: 2, mtta: { count: 2, meanSeconds: 330 } },
        mttd: { count: 0 },
        countsOverTime: [
          { bucketStart: '2026-03-02', severity: 'P2', count: 2 },
        ],
        responseTimesOverTime: [
          { bucketStart: '2026-03-02', incidents: 2, mttaMeanSeconds: 330 },
        ],
        breaches: { acknowledge: 0 },
        postmortems: { required: 2, published: 0 },
        actionItems: { total: 0 },
      });
      expect(
        (await get(server, { ...RANGE, ownerRef: 'group:payments' })).body
          .overall,
      ).toMatchObject({ incidents: 1, mtta: { meanSeconds: 60 } });
    });

    it('refuses bad ranges and buckets with 400', async () => {
      const server = await startBackend();
      expect(
        (await get(server, { from: RANGE.to, to: RANGE.from })).status,
      ).toBe(400);
      expect(
        (await get(server, { ...RANGE, from: '2025-01-01T00:00:00Z' })).status,
      ).toBe(400);
      expect((await get(server, { ...RANGE, bucket: 'month' })).status).toBe(
        400,
      );
      expect((await get(server, { from: RANGE.from })).status).toBe(400);
    });

    it('needs credentials and read permission', async () => {
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      expect(
        (
          await request(server)
            .get('/api/incidents/metrics')
            .query(RANGE)
            .set('Authorization', mockCredentials.none.header())
        ).status,
      ).toBe(401);
      expect((await get(server, RANGE)).status).toBe(403);
    });

    it('limits a conditionally allowed caller to the owners it may read', async () => {
      const server = await startBackend([shopOnlyPermissions]);
      const all = await get(server, RANGE);
      expect(all.status).toBe(200);
      expect(all.body.overall).toMatchObject({
        incidents: 1,
        mtta: { meanSeconds: 600 },
      });
      expect(all.body.ownerRefs).toEqual([SHOP]);
      const other = await get(server, { ...RANGE, ownerRef: PAYMENTS });
      expect(other.body.overall).toEqual({
        incidents: 0,
        mtta: { count: 0 },
        mttr: { count: 0 },
      });
    });
  },
);

describe.each(databases.eachSupportedId())(
  'GET /api/incidents/entity-facts on %p',
  databaseId => {
    async function startBackend(extra: any[] = []) {
      const knex = await databases.init(databaseId);
      const { server } = await startIncidentsBackend({ knex, extra });
      // Two open P2s on payments-api, one per team
      await insertIncident(knex, 1, PAYMENTS, '2026-03-02T10:00:00.000Z', 60);
      await insertIncident(knex, 2, SHOP, '2026-03-03T10:00:00.000Z', 600);
      return server;
    }

    const get = (server: any, query: Record<string, string>) =>
      request(server)
        .get('/api/incidents/entity-facts')
        .query(query)
        .set('Authorization', mockCredentials.user.header());

    it('answers the entity facts, with the entity ref normalised', async () => {
      const server = await startBackend();
      const res = await get(server, { entityRef: 'component:payments-api' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/payments-api',
        windowDays: 90,
        highSeverities: ['P1', 'P2'],
        openHighSeverityIncidents: 2,
        overdueActionItems: 0,
      });
      expect(
        (await get(server, { entityRef: 'component:default/checkout' })).body
          .openHighSeverityIncidents,
      ).toBe(0);
    });

    it('refuses a missing or malformed entity ref with 400', async () => {
      const server = await startBackend();
      const missing = await request(server)
        .get('/api/incidents/entity-facts')
        .set('Authorization', mockCredentials.user.header());
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/entityRef/);
      const malformed = await get(server, { entityRef: 'not a ref\u0000' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/entityRef/);
    });

    it('needs credentials and read permission', async () => {
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      expect(
        (
          await request(server)
            .get('/api/incidents/entity-facts')
            .query({ entityRef: 'component:default/payments-api' })
            .set('Authorization', mockCredentials.none.header())
        ).status,
      ).toBe(401);
      expect(
        (await get(server, { entityRef: 'component:default/payments-api' }))
          .status,
      ).toBe(403);
    });

    it('counts only the incidents a conditionally allowed caller may read', async () => {
      const server = await startBackend([shopOnlyPermissions]);
      const res = await get(server, {
        entityRef: 'component:default/payments-api',
      });
      expect(res.status).toBe(200);
      expect(res.body.openHighSeverityIncidents).toBe(1);
    });
  },
);
