import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';

const entities: Entity[] = [
  ...['payments', 'search'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name },
      spec: { type: 'team', children: [] },
    }),
  ),
  ...[
    ['payments-api', PAYMENTS],
    ['search-api', SEARCH],
  ].map(
    ([name, owner]): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: { type: 'service', owner, lifecycle: 'production' },
      relations: [{ type: 'ownedBy', targetRef: owner }],
    }),
  ),
];

/** A payments team member's decisions: incidents and on-call of payments only. */
const paymentsOnly = (permission: {
  name: string;
  resourceType?: string;
}): PolicyDecision =>
  permission.resourceType === 'oncall-group'
    ? {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'oncall-group',
        conditions: {
          rule: 'IS_ONCALL_GROUP_MEMBER',
          resourceType: 'oncall-group',
          params: { claims: [PAYMENTS] },
        },
      }
    : {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'incident',
        conditions: {
          rule: 'IS_INCIDENT_OWNER',
          resourceType: 'incident',
          params: { ownerRefs: [PAYMENTS] },
        },
      };

const user = () => mockCredentials.user.header('user:default/alice');
const sender = () => mockCredentials.service.header();

describe('reads and writes follow the permission scope', () => {
  const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start(options: { denyIngest?: boolean } = {}) {
      const signals: unknown[] = [];
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
        extra: [
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(({ permission }) => ({
                result:
                  options.denyIngest &&
                  permission.name === 'incidents.alert.ingest'
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })),
            authorizeConditional: async requests =>
              requests.map(({ permission }) =>
                paymentsOnly(permission as { name: string }),
              ),
          }).factory,
          createServiceFactory({
            service: signalsServiceRef,
            deps: {},
            factory: () => ({
              publish: async (signal: unknown) => {
                signals.push(signal);
              },
            }),
          }),
        ],
      });
      return { server, signals };
    }

    /** Sends one generic alert on `entityRef`; returns the incident it opened or joined. */
    async function alertOn(
      server: Awaited<ReturnType<typeof start>>['server'],
      entityRef: string,
      dedupKey: string,
      startsAt?: string,
    ): Promise<number> {
      const res = await request(server)
        .post('/api/incidents/alerts/generic')
        .set('Authorization', sender())
        .set('Content-Type', 'application/json')
        .send(
          JSON.stringify({
            alerts: [
              {
                name: 'HighErrorRate',
                severity: 'P1',
                entityRef,
                dedupKey,
                startsAt,
              },
            ],
          }),
        );
      expect(res.status).toBe(202);
      const incidentId = res.body.results[0].incidentId;
      expect(typeof incidentId).toBe('number');
      return incidentId;
    }

    it("lists no other team's alerts, by incident or by entity", async () => {
      const { server } = await start();
      const ours = await alertOn(server, 'component:default/payments-api', 'a');
      const theirs = await alertOn(server, 'component:default/search-api', 'b');
      const list = (query: Record<string, string | number>) =>
        request(server)
          .get('/api/incidents/alerts')
          .query(query)
          .set('Authorization', user());

      const byTheirIncident = await list({ incidentId: theirs });
      expect(byTheirIncident.status).toBe(200);
      expect(byTheirIncident.body.items).toEqual([]);
      const byTheirEntity = await list({
        entityRef: 'component:default/search-api',
      });
      expect(byTheirEntity.body.items).toEqual([]);
      const all = await list({});
      expect(all.body.items.map((a: any) => a.incidentId)).toEqual([ours]);
      const byOurIncident = await list({ incidentId: ours });
      expect(byOurIncident.body.items).toHaveLength(1);
    });

    it("refuses another team's runbook table", async () => {
      const { server } = await start();
      const runbooks = (entityRef: string) =>
        request(server)
          .get('/api/incidents/runbooks')
          .query({ entityRef })
          .set('Authorization', user());
      expect((await runbooks('component:default/search-api')).status).toBe(403);
      const ours = await runbooks('component:default/payments-api');
      expect(ours.status).toBe(200);
      expect(ours.body.entityRef).toBe('component:default/payments-api');
    });

    it("leaves other teams' incidents out of a postmortem's recurrence", async () => {
      const { server } = await start();
      // The same alert fired earlier on another team's service: related, but not ours.
      await alertOn(
        server,
        'component:default/search-api',
        'theirs',
        '2026-01-01T00:00:00Z',
      );
      const current = await alertOn(
        server,
        'component:default/payments-api',
        'ours',
        '2026-01-02T00:00:00Z',
      );
      const postmortem = await request(server)
        .post(`/api/incidents/incidents/${current}/postmortem`)
        .set('Authorization', user());
      expect(postmortem.status).toBe(201);
      const recurrence = await request(server)
        .get(`/api/incidents/postmortems/${postmortem.body.id}/recurrence`)
        .set('Authorization', user());
      expect(recurrence.status).toBe(200);
      expect(recurrence.body.items).toEqual([]);
    });

    it('signals that something changed and nothing about what', async () => {
      const { server, signals } = await start();
      await declareIncident(server, user());
      expect(signals.length).toBeGreaterThan(0);
      for (const signal of signals) {
        expect(signal).toEqual({
          recipients: { type: 'broadcast' },
          channel: 'firebreak:incidents',
          message: { refresh: true },
        });
      }
    });

    it("refuses overrides of another group's on-call", async () => {
      const { server } = await start();
      const override = (groupRef: string) =>
        request(server)
          .post('/api/incidents/oncall/overrides')
          .set('Authorization', user())
          .send({
            groupRef,
            userRef: 'user:default/alice',
            startsAt: '2099-01-01T00:00:00Z',
            endsAt: '2099-01-02T00:00:00Z',
          });
      const theirs = await override(SEARCH);
      expect(theirs.status).toBe(403);
      expect(theirs.body.error.message).toBe(
        'Not allowed: incidents.oncall.override',
      );
      const ours = await override('payments');
      expect(ours.status).toBe(201);
      expect(ours.body.groupRef).toBe(PAYMENTS);
    });

    it('refuses ingestion to a caller without incidents.alert.ingest', async () => {
      const { server } = await start({ denyIngest: true });
      const res = await request(server)
        .post('/api/incidents/alerts/generic')
        .set('Authorization', sender())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ alerts: [{ name: 'HighErrorRate' }] }));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Not allowed: incidents.alert.ingest',
      );
    });
  });
});
