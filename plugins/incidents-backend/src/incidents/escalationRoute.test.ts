import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const ERIN = 'user:default/erin';
const BOB = 'user:default/bob';
const DANA = 'user:default/dana';

const group = (name: string, oncall: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, annotations: { 'firebreak.dev/oncall': oncall } },
  spec: { type: 'team', children: [] },
});

const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

// A rotation that started long ago, so alice or bob is on call whatever the date.
const ROTATION =
  'rotation: [user:alice, user:bob]\nstart: 2026-01-05T09:00:00Z\nshift: P7D\n';

const entities: Entity[] = [
  group(
    'search',
    `${ROTATION}escalation:\n  - after: PT2M\n    notify: [secondary]\n  - after: PT3M\n    notify: [user:dana]\n`,
  ),
  group('payments', `${ROTATION}escalation: [user:dana]\n`),
  service('search-api', 'search'),
  service('payments-api', 'payments'),
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const plus = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe.each(databases.eachSupportedId())(
  'GET /incidents/:id/escalation on %p',
  databaseId => {
    async function start() {
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
      });
      const as = (method: 'get' | 'post', path: string) =>
        request(server)
          [method](`/api/incidents${path}`)
          .set('Authorization', mockCredentials.user.header(ERIN));
      const declare = async (entityRef: string, severity: string) => {
        const res = await as('post', '/incidents').send({
          title: 'Search is slow',
          severity,
          entityRef,
        });
        expect(res.status).toBe(201);
        return res.body;
      };
      return { server, as, declare };
    }

    it('lists the policy levels from detection, and the next one until acknowledged', async () => {
      const { as, declare } = await start();
      const incident = await declare('component:default/search-api', 'P3');
      const res = await as('get', `/incidents/${incident.id}/escalation`);
      expect(res.status).toBe(200);
      const { detectedAt } = incident;
      const secondary = res.body.levels[0].targets[0];
      // Whoever of alice and bob is not primary this week.
      expect(['user:default/alice', BOB]).toContain(secondary);
      expect(res.body).toEqual({
        state: 'escalating',
        source: 'policy',
        level: 0,
        levels: [
          {
            level: 1,
            after: 'PT2M',
            at: plus(detectedAt, 2),
            targets: [secondary],
            fired: false,
          },
          {
            level: 2,
            after: 'PT3M',
            at: plus(detectedAt, 5),
            targets: [DANA],
            fired: false,
          },
        ],
        next: { level: 1, at: plus(detectedAt, 2), targets: [secondary] },
      });

      const ack = await as(
        'post',
        `/incidents/${incident.id}/transitions`,
      ).send({ to: 'acknowledged', version: incident.version });
      expect(ack.status).toBe(200);
      const after = await as('get', `/incidents/${incident.id}/escalation`);
      expect(after.body.state).toBe('acknowledged');
      expect(after.body).not.toHaveProperty('next');
    });

    it("steps a flat list by the severity's acknowledgement target", async () => {
      const { as, declare } = await start();
      const incident = await declare('component:default/payments-api', 'P1');
      const res = await as('get', `/incidents/${incident.id}/escalation`);
      expect(res.body).toMatchObject({ state: 'escalating', source: 'flat' });
      expect(
        res.body.levels.map((l: any) => [l.after, l.at, l.targets]),
      ).toEqual([
        ['PT5M', plus(incident.detectedAt, 5), [expect.any(String)]],
        ['PT5M', plus(incident.detectedAt, 10), [DANA]],
      ]);
    });

    it('answers 404 for an unknown incident and 401 without credentials', async () => {
      const { server, as } = await start();
      expect((await as('get', '/incidents/999/escalation')).status).toBe(404);
      const anonymous = await request(server)
        .get('/api/incidents/incidents/1/escalation')
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
    });
  },
);
