import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from './__testUtils__/startIncidentsBackend';
import { incidentsPlugin } from './plugin';
import { createPerTestDatabases } from './__testUtils__/testDatabases';

const alice = 'user:default/alice';
const bob = 'user:default/bob';

/** The example organisation in miniature: a team with a rotation that makes alice primary now. */
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        'firebreak.dev/oncall': `rotation: [user:alice, user:bob]\nstart: ${new Date(
          Date.now() - 3600_000,
        ).toISOString()}\nshift: P7D\nescalation: [user:carol]\n`,
      },
    },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: alice },
      { type: 'hasMember', targetRef: bob },
    ],
  },
  ...['payments-api', 'checkout-web'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: {
        type: 'service',
        owner: 'group:default/payments',
        lifecycle: 'production',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/payments' },
        ...(name === 'checkout-web'
          ? [{ type: 'dependsOn', targetRef: 'component:default/payments-api' }]
          : []),
      ],
    }),
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'search-api' },
    spec: {
      type: 'service',
      owner: 'group:default/search',
      lifecycle: 'production',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/search' }],
  },
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'incidents API on %p',
  databaseId => {
    let sent: NotificationSendOptions[];

    async function startBackend(extra: any[] = [], catalog?: any) {
      const started = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
        catalog,
        extra,
      });
      sent = started.sent;
      return started.server;
    }

    const asUser = (user = alice) => mockCredentials.user.header(user);

    const declare = (server: any, body: Record<string, unknown> = {}) =>
      declareIncident(server, asUser(), body);

    it('drives an incident from declaration to resolution', async () => {
      const server = await startBackend();
      const incident = await declare(server, {
        description: 'card payments fail',
      });
      expect(incident).toMatchObject({
        ref: `INC-${incident.id}`,
        status: 'triggered',
        severity: 'P1',
        entityRef: 'component:default/payments-api',
        ownerRef: 'group:default/payments',
        createdBy: alice,
        roles: [expect.objectContaining({ role: 'commander', userRef: alice })],
        version: 1,
      });

      const path = `/api/incidents/incidents/${incident.ref}`;
      let version = incident.version;
      for (const to of [
        'acknowledged',
        'investigating',
        'identified',
        'monitoring',
        'resolved',
      ]) {
        const message =
          to === 'resolved' ? 'Rolled back the 14:02 deploy' : undefined;
        const res = await request(server)
          .post(`${path}/transitions`)
          .set('Authorization', asUser())
          .send({ to, version, message });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(to);
        version = res.body.version;
      }
      const resolved = (
        await request(server).get(path).set('Authorization', asUser())
      ).body;
      expect(resolved.acknowledgedAt).toBeDefined();
      expect(resolved.mitigatedAt).toBeDefined();
      expect(resolved.resolvedAt).toBeDefined();
      expect(Date.parse(resolved.detectedAt)).toBeLessThanOrEqual(
        Date.parse(resolved.acknowledgedAt),
      );
      expect(Date.parse(resolved.mitigatedAt)).toBeLessThanOrEqual(
        Date.parse(resolved.resolvedAt),
      );

      const timeline = await request(server)
        .get(`${path}/timeline`)
        .set('Authorization', asUser());
      expect(timeline.body.items.map((e: any) => e.type)).toEqual([
        'declared',
        'paged',
        'status_changed',
        'status_changed',
        'status_changed',
        'status_changed',
        'status_changed',
      ]);
      // The resolution summary is on the timeline, in the text and on its own
      expect(timeline.body.items.at(-1)).toMatchObject({
        message: 'Status monitoring → resolved: Rolled back the 14:02 deploy',
        data: {
          from: 'monitoring',
          to: 'resolved',
          message: 'Rolled back the 14:02 deploy',
        },
        pinned: true,
      });
      expect(timeline.body.items.at(-2).data).toEqual({
        from: 'identified',
        to: 'monitoring',
      });

      // Reopening goes back to investigating and clears the resolution
      const reopened = await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', asUser())
        .send({ to: 'investigating', message: 'errors are back' });
      expect(reopened.status).toBe(200);
      expect(reopened.body.resolvedAt).toBeUndefined();
    });

    it('pages the on-call user of the owning group for paging severities', async () => {
      const server = await startBackend();
      const incident = await declare(server);
      const page = sent.find(n => n.payload.severity === 'critical');
      expect(page).toMatchObject({
        recipients: { type: 'entity', entityRef: [alice] },
        payload: {
          title: expect.stringContaining(incident.ref),
          link: `/incidents/${incident.id}`,
        },
      });

      sent.length = 0;
      await declare(server, { severity: 'P3', title: 'Slow checkout' });
      expect(sent).toEqual([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: ['group:default/payments'] },
          payload: expect.objectContaining({ severity: 'normal' }),
        }),
      ]);
    });

    it('refuses illegal transitions with the allowed ones listed', async () => {
      const server = await startBackend();
      const incident = await declare(server);
      const res = await request(server)
        .post(`/api/incidents/incidents/${incident.id}/transitions`)
        .set('Authorization', asUser())
        .send({ to: 'monitoring' })
        .then(() =>
          request(server)
            .post(`/api/incidents/incidents/${incident.id}/transitions`)
            .set('Authorization', asUser())
            .send({ to: 'declined' }),
        );
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `Cannot move INC-${incident.id} from monitoring to declined; allowed: investigating, identified, resolved`,
      );
    });

    it('answers 400 with what was wrong', async () => {
      const server = await startBackend();
      const post = (body: object) =>
        request(server)
          .post('/api/incidents/incidents')
          .set('Authorization', asUser())
          .send(body);
      const cases: Array<[object, RegExp]> = [
        [{ severity: 'P1', entityRef: 'component:x' }, /title/],
        [
          { title: 'x', severity: 'P9', entityRef: 'component:x' },
          /Unknown severity 'P9'; expected one of P1, P2, P3, P4, P5/,
        ],
        [
          { title: 'x', severity: 'P1', entityRef: 'not a ref' },
          /entityRef 'not a ref' is not an entity ref/,
        ],
        [
          {
            title: 'x',
            severity: 'P1',
            entityRef: 'component:x',
            detectedAt: '2099-01-01T00:00:00Z',
          },
          /detectedAt must not be in the future/,
        ],
        [
          { title: 'x', severity: 'P1', entityRef: 'component:x', bogus: 1 },
          /must NOT have additional properties/,
        ],
        [{ title: 42, severity: 'P1', entityRef: 'component:x' }, /title/],
      ];
      for (const [body, message] of cases) {
        const res = await post(body);
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({
          status: 400,
          message: expect.stringMatching(message),
        });
      }
      const invalidJson = await request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser())
        .set('Content-Type', 'application/json')
        .send('{"title": ');
      expect(invalidJson.status).toBe(400);

      const incident = await declare(server);
      const outOfOrder = await request(server)
        .patch(`/api/incidents/incidents/${incident.id}`)
        .set('Authorization', asUser())
        .send({
          acknowledgedAt: new Date(
            Date.parse(incident.detectedAt) - 60_000,
          ).toISOString(),
        });
      expect(outOfOrder.status).toBe(400);
      expect(outOfOrder.body.error.message).toMatch(
        /^acknowledgedAt \(.*\) must not be before detectedAt/,
      );

      const badId = await request(server)
        .get('/api/incidents/incidents/abc')
        .set('Authorization', asUser());
      expect(badId.status).toBe(400);
      const count = await request(server)
        .get('/api/incidents/incidents')
        .set('Authorization', asUser());
      expect(count.body.items).toHaveLength(1);
    });

    it('answers 404 for unknown incidents and 401 without credentials', async () => {
      const server = await startBackend();
      const missing = await request(server)
        .get('/api/incidents/incidents/INC-999')
        .set('Authorization', asUser());
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe('No incident INC-999');

      const anonymous = await request(server)
        .get('/api/incidents/incidents')
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
    });

    it('answers 403 when the permission policy denies', async () => {
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      const list = await request(server)
        .get('/api/incidents/incidents')
        .set('Authorization', asUser());
      expect(list.status).toBe(403);
      const create = await request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser())
        .send({
          title: 'x',
          severity: 'P1',
          entityRef: 'component:payments-api',
        });
      expect(create.status).toBe(403);
      expect(create.body.error.message).toBe(
        'Not allowed: incidents.incident.create',
      );
    });

    it('limits a team to its own incidents with the owner condition', async () => {
      const onlyPayments: PolicyDecision = {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'incident',
        conditions: {
          rule: 'IS_INCIDENT_OWNER',
          resourceType: 'incident',
          params: { ownerRefs: ['group:default/payments'] },
        },
      };
      const server = await startBackend([
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async requests =>
            requests.map(() => onlyPayments),
        }).factory,
      ]);
      const ours = await declare(server);
      const theirs = await declare(server, {
        title: 'Search down',
        entityRef: 'component:search-api',
      });
      expect(theirs.ownerRef).toBe('group:default/search');

      const list = await request(server)
        .get('/api/incidents/incidents')
        .set('Authorization', asUser());
      expect(list.body.items.map((i: any) => i.id)).toEqual([ours.id]);
      const readOurs = await request(server)
        .get(`/api/incidents/incidents/${ours.id}`)
        .set('Authorization', asUser());
      expect(readOurs.status).toBe(200);
      const readTheirs = await request(server)
        .get(`/api/incidents/incidents/${theirs.id}`)
        .set('Authorization', asUser());
      expect(readTheirs.status).toBe(403);
      const changeTheirs = await request(server)
        .post(`/api/incidents/incidents/${theirs.id}/transitions`)
        .set('Authorization', asUser())
        .send({ to: 'acknowledged' });
      expect(changeTheirs.status).toBe(403);
    });

    it('refuses stale writes and loses no concurrent update', async () => {
      const server = await startBackend();
      const incident = await declare(server);
      const path = `/api/incidents/incidents/${incident.id}`;
      const first = await request(server)
        .patch(path)
        .set('Authorization', asUser())
        .send({ title: 'A', version: 1 });
      expect(first.status).toBe(200);
      const stale = await request(server)
        .patch(path)
        .set('Authorization', asUser())
        .send({ title: 'B', version: 1 });
      expect(stale.status).toBe(409);

      // Ten writers at once: every note lands.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request(server)
            .post(`${path}/timeline`)
            .set('Authorization', asUser())
            .send({ message: `note ${i}` })
            .then(r => expect(r.status).toBe(201)),
        ),
      );
      const results = await Promise.all(
        [1, 2].map(() =>
          request(server)
            .post(`${path}/transitions`)
            .set('Authorization', asUser())
            .send({ to: 'resolved' }),
        ),
      );
      // One resolves; the other is then an illegal resolved -> resolved move, not a silent overwrite.
      expect(results.map(r => r.status).sort()).toEqual([200, 409]);
      const timeline = await request(server)
        .get(`${path}/timeline`)
        .set('Authorization', asUser());
      expect(
        timeline.body.items.filter((e: any) => e.type === 'note'),
      ).toHaveLength(10);
      expect(
        timeline.body.items.filter((e: any) => e.type === 'status_changed'),
      ).toHaveLength(1);
    });

    it('assigns roles, pins notes, posts templated status updates and merges', async () => {
      const server = await startBackend();
      const incident = await declare(server);
      const path = `/api/incidents/incidents/${incident.id}`;
      const assigned = await request(server)
        .post(`${path}/roles`)
        .set('Authorization', asUser())
        .send({ role: 'scribe', userRef: 'user:bob' });
      expect(assigned.body.roles).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ role: 'scribe', userRef: bob }),
        ]),
      );
      const badRole = await request(server)
        .post(`${path}/roles`)
        .set('Authorization', asUser())
        .send({ role: 'boss', userRef: bob });
      expect(badRole.status).toBe(400);
      const unassigned = await request(server)
        .delete(`${path}/roles/scribe`)
        .query({ userRef: bob })
        .set('Authorization', asUser());
      expect(unassigned.body.roles.some((r: any) => r.role === 'scribe')).toBe(
        false,
      );

      const note = await request(server)
        .post(`${path}/timeline`)
        .set('Authorization', asUser())
        .send({ message: 'rolled back' });
      const pinned = await request(server)
        .patch(`${path}/timeline/${note.body.id}`)
        .set('Authorization', asUser())
        .send({ pinned: true });
      expect(pinned.body).toMatchObject({
        message: 'rolled back',
        pinned: true,
        actorRef: alice,
      });

      await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', asUser())
        .send({ to: 'investigating' });
      const update = await request(server)
        .post(`${path}/status-updates`)
        .set('Authorization', asUser())
        .send({});
      expect(update.status).toBe(201);
      expect(update.body.message).toMatch(
        new RegExp(
          `^${incident.ref} \\(P1\\) Payments failing: we are investigating`,
        ),
      );

      const other = await declare(server, {
        title: 'Checkout errors',
        entityRef: 'component:checkout-web',
      });
      const merged = await request(server)
        .post(`/api/incidents/incidents/${other.id}/merge`)
        .set('Authorization', asUser())
        .send({ into: incident.ref });
      expect(merged.status).toBe(200);
      expect(merged.body.affectedEntityRefs).toEqual([
        'component:default/checkout-web',
      ]);
      const source = await request(server)
        .get(`/api/incidents/incidents/${other.id}`)
        .set('Authorization', asUser());
      expect(source.body).toMatchObject({
        status: 'merged',
        mergedIntoId: incident.id,
      });
    });

    it('lists with filters and keyset pages, and summarises an entity', async () => {
      const server = await startBackend();
      const a = await declare(server, { title: 'Payments down' });
      const b = await declare(server, {
        title: 'Checkout slow',
        severity: 'P3',
        entityRef: 'component:checkout-web',
      });
      await request(server)
        .post(`/api/incidents/incidents/${b.id}/transitions`)
        .set('Authorization', asUser())
        .send({ to: 'resolved' });

      const list = (query: object) =>
        request(server)
          .get('/api/incidents/incidents')
          .query(query)
          .set('Authorization', asUser());
      expect(
        (await list({ severity: 'P3' })).body.items.map((i: any) => i.id),
      ).toEqual([b.id]);
      expect(
        (await list({ status: ['triggered', 'acknowledged'] })).body.items.map(
          (i: any) => i.id,
        ),
      ).toEqual([a.id]);
      expect(
        (await list({ q: 'checkout' })).body.items.map((i: any) => i.id),
      ).toEqual([b.id]);
      expect(
        (await list({ ownerRef: 'group:default/payments' })).body.items,
      ).toHaveLength(2);
      // Both were declared by the caller; nobody else takes part in them
      expect((await list({ participantRef: alice })).body.items).toHaveLength(
        2,
      );
      expect(
        (await list({ participantRef: 'user:default/nobody' })).body.items,
      ).toEqual([]);
      // Declaring made alice commander of both; bob holds no role in either
      expect(
        (await list({ roleHolderRef: 'user:alice' })).body.items,
      ).toHaveLength(2);
      expect((await list({ roleHolderRef: bob })).body.items).toEqual([]);
      const badRoleHolder = await list({ roleHolderRef: 'user:' });
      expect(badRoleHolder.status).toBe(400);
      expect(badRoleHolder.body.error.message).toContain('roleHolderRef');
      const first = await list({ limit: '1' });
      expect(first.body.items).toHaveLength(1);
      const second = await list({ limit: '1', cursor: first.body.nextCursor });
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      expect((await list({ limit: '0' })).status).toBe(400);
      // Newest first by default; by severity then age on request, a page at a time.
      const ids = (res: request.Response) =>
        res.body.items.map((i: any) => i.id);
      expect(ids(await list({}))).toEqual([b.id, a.id]);
      const bySeverity = await list({ sort: 'severity', limit: '1' });
      expect(ids(bySeverity)).toEqual([a.id]);
      expect(
        ids(
          await list({
            sort: 'severity',
            limit: '1',
            cursor: bySeverity.body.nextCursor,
          }),
        ),
      ).toEqual([b.id]);
      const badSort = await list({ sort: 'oldest' });
      expect(badSort.status).toBe(400);
      expect(badSort.body.error.message).toMatch(/sort/);

      const summary = await request(server)
        .get('/api/incidents/entity-summary')
        .query({ entityRef: 'component:default/checkout-web' })
        .set('Authorization', asUser());
      expect(summary.body).toMatchObject({
        ownerRef: 'group:default/payments',
        catalogAvailable: true,
        openIncidents: [],
        upstreamIncidents: [expect.objectContaining({ id: a.id })],
        oncall: expect.objectContaining({ primary: alice, secondary: bob }),
      });
    });

    it('serves on-call and manages overrides', async () => {
      const server = await startBackend();
      const now = await request(server)
        .get('/api/incidents/oncall')
        .query({ groupRef: 'group:default/payments' })
        .set('Authorization', asUser());
      expect(now.body).toMatchObject({
        primary: alice,
        secondary: bob,
        source: 'rotation',
      });

      const startsAt = new Date(Date.now() - 60_000).toISOString();
      const endsAt = new Date(Date.now() + 3600_000).toISOString();
      const created = await request(server)
        .post('/api/incidents/oncall/overrides')
        .set('Authorization', asUser())
        .send({
          groupRef: 'group:default/payments',
          userRef: 'user:default/dana',
          startsAt,
          endsAt,
          reason: 'swap',
        });
      expect(created.status).toBe(201);
      const covered = await request(server)
        .get('/api/incidents/oncall')
        .query({ groupRef: 'group:default/payments' })
        .set('Authorization', asUser());
      expect(covered.body.primary).toBe('user:default/dana');

      const withoutReason = await request(server)
        .post('/api/incidents/oncall/overrides')
        .set('Authorization', asUser())
        .send({
          groupRef: 'group:default/payments',
          userRef: 'user:default/bob',
          startsAt: endsAt,
          endsAt: new Date(Date.now() + 7200_000).toISOString(),
        });
      expect(withoutReason.status).toBe(201);
      expect(withoutReason.body.reason).toBeUndefined();

      const backwards = await request(server)
        .post('/api/incidents/oncall/overrides')
        .set('Authorization', asUser())
        .send({
          groupRef: 'group:default/payments',
          userRef: 'user:default/dana',
          startsAt: endsAt,
          endsAt: startsAt,
        });
      expect(backwards.status).toBe(400);

      const deleted = await request(server)
        .delete(`/api/incidents/oncall/overrides/${created.body.id}`)
        .set('Authorization', asUser());
      expect(deleted.status).toBe(204);
      const gone = await request(server)
        .delete(`/api/incidents/oncall/overrides/${created.body.id}`)
        .set('Authorization', asUser());
      expect(gone.status).toBe(404);
    });

    it('keeps serving incidents when the catalog is down', async () => {
      const failing = catalogServiceMock.mock({
        getEntityByRef: async () => {
          throw new Error('catalog unavailable');
        },
        getEntitiesByRefs: async () => {
          throw new Error('catalog unavailable');
        },
      });
      const server = await startBackend(
        [],
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => failing,
        }),
      );
      const incident = await declare(server);
      expect(incident.ownerRef).toBeUndefined();
      const read = await request(server)
        .get(`/api/incidents/incidents/${incident.id}`)
        .set('Authorization', asUser());
      expect(read.status).toBe(200);
      const summary = await request(server)
        .get('/api/incidents/entity-summary')
        .query({ entityRef: 'component:payments-api' })
        .set('Authorization', asUser());
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({
        catalogAvailable: false,
        openIncidents: [expect.objectContaining({ id: incident.id })],
      });
    });

    it('serves the severity policy, and refuses to start with an invalid one', async () => {
      const server = await startBackend();
      const res = await request(server)
        .get('/api/incidents/severities')
        .set('Authorization', asUser());
      expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([
        'P1',
        'P2',
        'P3',
        'P4',
        'P5',
      ]);

      await expect(
        startTestBackend({
          features: [
            incidentsPlugin,
            catalogServiceMock.factory({ entities }),
            mockServices.rootConfig.factory({
              data: {
                incidents: {
                  severities: [{ id: 'P1', label: 'x', resolveWithin: 'soon' }],
                },
              },
            }),
          ],
        }),
      ).rejects.toThrow('incidents.severities[0].resolveWithin');
    });
  },
);
