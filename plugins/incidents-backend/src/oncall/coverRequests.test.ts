import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ERIN = 'user:default/erin';
const PAYMENTS = 'group:default/payments';

// Far ahead, so the override an acceptance makes ends after the real clock.
const FROM = '2090-01-10T09:00:00.000Z';
const TO = '2090-01-11T09:00:00.000Z';

const userEntity = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { profile: { displayName } },
});

const entities: Entity[] = [
  userEntity('alice', 'Alice Adams'),
  userEntity('bob', 'Bob Brown'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        // alice is primary from 2 to 16 January 2090 (two-week shifts).
        'firebreak.dev/oncall':
          'rotation: [user:alice, user:bob]\nstart: 2090-01-02T09:00:00Z\nshift: P14D\n',
      },
    },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: ALICE },
      { type: 'hasMember', targetRef: BOB },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  },
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'cover requests over HTTP on %p',
  databaseId => {
    async function start(extra: any[] = []) {
      const backend = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
        extra,
      });
      const as = (
        user: string,
        method: 'get' | 'post' | 'delete',
        path: string,
      ) =>
        request(backend.server)
          [method](`/api/incidents${path}`)
          .set('Authorization', mockCredentials.user.header(user));
      return { ...backend, as };
    }

    const ask = {
      groupRef: PAYMENTS,
      coverRef: BOB,
      startsAt: FROM,
      endsAt: TO,
      reason: 'travelling',
    };

    it('request → accept → bob is on call, told, and the open incident says so', async () => {
      const { as, sent } = await start();
      const incident = await as(ALICE, 'post', '/incidents').send({
        title: 'Card payments fail',
        severity: 'P3',
        entityRef: 'component:default/payments-api',
      });
      expect(incident.status).toBe(201);

      const asked = await as(ALICE, 'post', '/oncall/cover-requests').send(ask);
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        status: 'pending',
        requesterRef: ALICE,
        coverRef: BOB,
      });
      expect(
        sent.filter(n => n.payload.topic === 'oncall').map(n => n.recipients),
      ).toEqual([{ type: 'entity', entityRef: BOB }]);
      const mine = await as(BOB, 'get', '/oncall/cover-requests');
      expect(mine.body.items.map((r: any) => r.id)).toEqual([asked.body.id]);

      const during = { groupRef: PAYMENTS, at: '2090-01-10T12:00:00Z' };
      expect(
        (await as(ALICE, 'get', '/oncall').query(during)).body.primary,
      ).toBe(ALICE);
      const accepted = await as(
        BOB,
        'post',
        `/oncall/cover-requests/${asked.body.id}/accept`,
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({
        status: 'accepted',
        overrideId: expect.any(Number),
      });
      const now = (await as(ALICE, 'get', '/oncall').query(during)).body;
      expect(now).toMatchObject({ primary: BOB, secondary: ALICE });
      expect(now.override.id).toBe(accepted.body.overrideId);
      expect(
        sent.filter(n => n.payload.topic === 'oncall').map(n => n.recipients),
      ).toEqual([
        { type: 'entity', entityRef: BOB },
        { type: 'entity', entityRef: ALICE },
      ]);

      const timeline = await as(
        ALICE,
        'get',
        `/incidents/${incident.body.id}/timeline`,
      );
      const changed = timeline.body.items.filter(
        (e: any) => e.type === 'oncall_changed',
      );
      expect(changed).toEqual([
        expect.objectContaining({
          actorRef: BOB,
          message:
            'On-call changed: Bob Brown covers Alice Adams. From Tue 10 Jan 2090, 09:00 to Wed 11 Jan 2090, 09:00 UTC (cover request accepted)',
          data: expect.objectContaining({
            overrideId: accepted.body.overrideId,
            coverRequestId: asked.body.id,
          }),
        }),
      ]);

      // Decided once: a second acceptance is a conflict.
      const again = await as(
        BOB,
        'post',
        `/oncall/cover-requests/${asked.body.id}/accept`,
      );
      expect(again.status).toBe(409);
    });

    it('declines and cancels, each only by the person it belongs to', async () => {
      const { as } = await start();
      const first = (
        await as(ALICE, 'post', '/oncall/cover-requests').send(ask)
      ).body;
      expect(
        (await as(ALICE, 'post', `/oncall/cover-requests/${first.id}/accept`))
          .status,
      ).toBe(403);
      expect(
        (await as(ERIN, 'post', `/oncall/cover-requests/${first.id}/decline`))
          .status,
      ).toBe(404);
      const declined = await as(
        BOB,
        'post',
        `/oncall/cover-requests/${first.id}/decline`,
      );
      expect(declined.body.status).toBe('declined');
      const second = (
        await as(ALICE, 'post', '/oncall/cover-requests').send(ask)
      ).body;
      expect(
        (await as(BOB, 'delete', `/oncall/cover-requests/${second.id}`)).status,
      ).toBe(403);
      const cancelled = await as(
        ALICE,
        'delete',
        `/oncall/cover-requests/${second.id}`,
      );
      expect(cancelled.body.status).toBe('cancelled');
      expect(
        (await as(ERIN, 'get', '/oncall/cover-requests')).body.items,
      ).toEqual([]);
    });

    it('names what is wrong in a 400, and refuses services and the unauthorised', async () => {
      const { as, server } = await start();
      for (const [body, named] of [
        [
          { ...ask, coverRef: 'user:erin' },
          'coverRef user:default/erin is not a member',
        ],
        [
          { ...ask, coverRef: ALICE },
          'coverRef must be someone other than you',
        ],
        [{ ...ask, endsAt: FROM }, 'endsAt must be after startsAt'],
        [{ ...ask, startsAt: '2090-02-30T00:00:00Z' }, 'startsAt'],
        [{ ...ask, groupRef: undefined }, 'groupRef'],
      ] as const) {
        const res = await as(ALICE, 'post', '/oncall/cover-requests').send(
          body,
        );
        expect([res.status, res.body.error.message]).toEqual([
          400,
          expect.stringContaining(named),
        ]);
      }
      expect(
        (await as(BOB, 'post', '/oncall/cover-requests/abc/accept')).status,
      ).toBe(400);
      const service = await request(server)
        .get('/api/incidents/oncall/cover-requests')
        .set('Authorization', mockCredentials.service.header());
      expect(service.status).toBe(403);
      const anonymous = await request(server)
        .post('/api/incidents/oncall/cover-requests')
        .set('Authorization', mockCredentials.none.header())
        .send(ask);
      expect(anonymous.status).toBe(401);

      const denied = await start([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      expect(
        (await denied.as(ALICE, 'post', '/oncall/cover-requests').send(ask))
          .status,
      ).toBe(403);
    });
  },
);
