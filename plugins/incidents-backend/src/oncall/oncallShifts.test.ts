import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const alice = 'user:default/alice';
const bob = 'user:default/bob';
const dana = 'user:default/dana';
const payments = 'group:default/payments';
const storefront = 'group:default/storefront';

// Far enough ahead that overrides (which must end after the real clock) fit in; the
// instant asked about is fixed with `at`, so the answers do not depend on today.
const AT = '2090-01-07T12:00:00.000Z';

const group = (name: string, oncall: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    ...(title && { title }),
    annotations: { 'firebreak.dev/oncall': oncall },
  },
  spec: { type: 'team', children: [] },
});

const entities: Entity[] = [
  // alice Jan 2-9, bob Jan 9-16, alice again from Jan 16
  group(
    'payments',
    'rotation: [user:alice, user:bob]\nstart: 2090-01-02T09:00:00Z\nshift: P7D\n',
  ),
  // bob Jan 7, alice Jan 8 (daily from 08:00)
  group(
    'storefront',
    'rotation: [user:bob, user:alice]\nstart: 2090-01-07T08:00:00Z\nshift: P1D\n',
    'Storefront',
  ),
];

/** Sign-in resolved each user's teams into their ownership refs, as Backstage does. */
const TEAMS: Record<string, string[]> = {
  [alice]: [payments, storefront],
  [bob]: [payments],
  [dana]: [],
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(TEAMS[userEntityRef] ?? [])],
      };
    },
  }),
});

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'GET /oncall/shifts on %p',
  databaseId => {
    async function startBackend(extra: any[] = []) {
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
        extra: [userInfoFactory, ...extra],
      });
      return server;
    }

    const shifts = (server: any, user: string, at: string = AT) =>
      request(server)
        .get('/api/incidents/oncall/shifts')
        .query({ at })
        .set('Authorization', mockCredentials.user.header(user));

    it("answers the caller's shifts now and next across their teams", async () => {
      const server = await startBackend();
      const res = await shifts(server, alice);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        userRef: alice,
        at: AT,
        catalogAvailable: true,
        items: [
          {
            groupRef: payments,
            current: {
              userRef: alice,
              start: '2090-01-02T09:00:00.000Z',
              end: '2090-01-09T09:00:00.000Z',
            },
            next: {
              userRef: alice,
              start: '2090-01-16T09:00:00.000Z',
              end: '2090-01-23T09:00:00.000Z',
            },
          },
          {
            groupRef: storefront,
            title: 'Storefront',
            next: {
              userRef: alice,
              start: '2090-01-08T08:00:00.000Z',
              end: '2090-01-09T08:00:00.000Z',
            },
          },
        ],
      });
      // Bob's teams are his own: Storefront's rotation has him, but he is not a member.
      const bobs = await shifts(server, bob);
      expect(bobs.body.items).toEqual([
        {
          groupRef: payments,
          next: {
            userRef: bob,
            start: '2090-01-09T09:00:00.000Z',
            end: '2090-01-16T09:00:00.000Z',
          },
        },
      ]);
      // Without a team there is nothing to be on call for.
      expect((await shifts(server, dana)).body).toMatchObject({
        userRef: dana,
        items: [],
      });
    });

    it('includes stored overrides: the cover takes the stretch', async () => {
      const server = await startBackend();
      const created = await request(server)
        .post('/api/incidents/oncall/overrides')
        .set('Authorization', mockCredentials.user.header(alice))
        .send({
          groupRef: payments,
          userRef: bob,
          startsAt: '2090-01-07T13:00:00Z',
          endsAt: '2090-01-08T09:00:00Z',
          reason: 'alice travels',
        });
      expect(created.status).toBe(201);
      const alices = (await shifts(server, alice)).body.items[0];
      expect(alices).toMatchObject({
        groupRef: payments,
        current: { end: '2090-01-07T13:00:00.000Z' },
        next: {
          start: '2090-01-08T09:00:00.000Z',
          end: '2090-01-09T09:00:00.000Z',
        },
      });
      expect((await shifts(server, bob)).body.items[0].next).toEqual({
        userRef: bob,
        start: '2090-01-07T13:00:00.000Z',
        end: '2090-01-08T09:00:00.000Z',
        overrideId: created.body.id,
      });
    });

    it('refuses callers without a user, and a malformed instant', async () => {
      const server = await startBackend();
      const anonymous = await request(server)
        .get('/api/incidents/oncall/shifts')
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      const service = await request(server)
        .get('/api/incidents/oncall/shifts')
        .set('Authorization', mockCredentials.service.header());
      expect(service.status).toBe(403);
      const bad = await shifts(server, alice, '2090-02-30T00:00:00Z');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('at');
    });

    it('is refused without the read permission', async () => {
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      expect((await shifts(server, alice)).status).toBe(403);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'GET /oncall/schedule on %p',
  databaseId => {
    async function startBackend(extra: any[] = []) {
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
        extra: [userInfoFactory, ...extra],
      });
      return server;
    }

    const schedule = (server: any, query: Record<string, string>) =>
      request(server)
        .get('/api/incidents/oncall/schedule')
        .query(query)
        .set('Authorization', mockCredentials.user.header(bob));

    it("lists a team's stretches in the window with secondaries and overrides", async () => {
      const server = await startBackend();
      const created = await request(server)
        .post('/api/incidents/oncall/overrides')
        .set('Authorization', mockCredentials.user.header(alice))
        .send({
          groupRef: payments,
          userRef: dana,
          startsAt: '2090-01-10T09:00:00Z',
          endsAt: '2090-01-11T09:00:00Z',
        });
      expect(created.status).toBe(201);
      const res = await schedule(server, {
        groupRef: 'group:payments',
        from: AT,
        to: '2090-01-16T09:00:00Z',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        groupRef: payments,
        timezone: 'UTC',
        shift: 'P7D',
        from: AT,
        to: '2090-01-16T09:00:00.000Z',
        truncated: false,
        catalogAvailable: true,
        shifts: [
          {
            userRef: alice,
            secondaryRef: bob,
            start: '2090-01-02T09:00:00.000Z',
            end: '2090-01-09T09:00:00.000Z',
          },
          {
            userRef: bob,
            secondaryRef: alice,
            start: '2090-01-09T09:00:00.000Z',
            end: '2090-01-10T09:00:00.000Z',
          },
          {
            userRef: dana,
            secondaryRef: bob,
            start: '2090-01-10T09:00:00.000Z',
            end: '2090-01-11T09:00:00.000Z',
            overrideId: created.body.id,
          },
          {
            userRef: bob,
            secondaryRef: alice,
            start: '2090-01-11T09:00:00.000Z',
            end: '2090-01-16T09:00:00.000Z',
          },
        ],
      });
    });

    it('names the bad parameter in a 400', async () => {
      const server = await startBackend();
      for (const [query, named] of [
        [{}, 'groupRef'],
        [{ groupRef: 'group:' }, 'groupRef'],
        [{ groupRef: payments, from: '2090-02-30T00:00:00Z' }, 'from'],
        [{ groupRef: payments, from: AT, to: AT }, 'to'],
        [{ groupRef: payments, from: AT, to: '2090-12-01T00:00:00Z' }, 'to'],
      ] as const) {
        const res = await schedule(server, query);
        expect([JSON.stringify(query), res.status]).toEqual([
          JSON.stringify(query),
          400,
        ]);
        expect(res.body.error.message).toContain(named);
      }
    });

    it("lists the caller's own stretches up to 'until' in /oncall/shifts", async () => {
      const server = await startBackend();
      const res = await request(server)
        .get('/api/incidents/oncall/shifts')
        .query({ at: AT, until: '2090-01-12T00:00:00Z' })
        .set('Authorization', mockCredentials.user.header(alice));
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((i: any) => [
          i.groupRef,
          i.upcoming.map((s: any) => s.start),
        ]),
      ).toEqual([
        [payments, ['2090-01-02T09:00:00.000Z']],
        [storefront, ['2090-01-08T08:00:00.000Z', '2090-01-10T08:00:00.000Z']],
      ]);
    });

    it('is refused without a caller or without the read permission', async () => {
      const anonymous = await request(await startBackend())
        .get('/api/incidents/oncall/schedule')
        .query({ groupRef: payments })
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      expect((await schedule(server, { groupRef: payments })).status).toBe(403);
    });
  },
);
