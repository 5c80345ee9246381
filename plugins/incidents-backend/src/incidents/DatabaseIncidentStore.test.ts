import { InputError } from '@backstage/errors';
import { Incident } from '@firebreak/plugin-incidents-common';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentStore } from './IncidentStore';
import {
  createTestIncidentStore,
  newIncident,
  STORE_NOW as NOW,
} from './__testUtils__/incidentFixtures';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
  expect(databases.eachSupportedId()).toContainEqual(['SQLITE_3']);
});

describe.each(databases.eachSupportedId())(
  'DatabaseIncidentStore on %s',
  databaseId => {
    let store: DatabaseIncidentStore;
    let storeNow: Date;

    beforeEach(async () => {
      storeNow = NOW;
      store = await createTestIncidentStore(
        databases,
        databaseId,
        () => storeNow,
      );
    });

    describe('create and get', () => {
      it('round-trips every field with identical ISO timestamps', async () => {
        const created = await store.createIncident(
          newIncident({
            title: 'Payments API down',
            description: 'Line one\nline two ✓',
            status: 'acknowledged',
            severity: 'P1',
            entityRef: 'component:default/payments-api',
            affectedEntityRefs: [
              'component:default/checkout',
              'resource:default/payments-db',
              'component:default/checkout',
              'component:default/payments-api',
            ],
            ownerRef: 'group:default/payments',
            source: 'alertmanager',
            impact: {
              submitterSource: 'monitor',
              customers: 'ACME',
              systems: ['db-1', 'db-2'],
              usersAffected: 'EU',
              impactType: 'outage',
            },
            links: [{ title: 'Dashboard', url: 'https://grafana/d/1' }],
            createdBy: 'user:default/alice',
            startedAt: new Date('2026-01-05T08:51:00.000Z'),
            detectedAt: new Date('2026-01-05T09:00:00.123Z'),
            roles: [
              {
                role: 'commander',
                userRef: 'user:default/alice',
                assignedBy: 'user:default/alice',
              },
            ],
          }),
        );

        expect(created).toEqual({
          id: expect.any(Number),
          ref: `INC-${created.id}`,
          title: 'Payments API down',
          description: 'Line one\nline two ✓',
          status: 'acknowledged',
          severity: 'P1',
          entityRef: 'component:default/payments-api',
          // Deduplicated, without the primary entity, sorted.
          affectedEntityRefs: [
            'component:default/checkout',
            'resource:default/payments-db',
          ],
          ownerRef: 'group:default/payments',
          source: 'alertmanager',
          impact: {
            submitterSource: 'monitor',
            customers: 'ACME',
            systems: ['db-1', 'db-2'],
            usersAffected: 'EU',
            impactType: 'outage',
          },
          roles: [
            {
              role: 'commander',
              userRef: 'user:default/alice',
              assignedAt: NOW.toISOString(),
              assignedBy: 'user:default/alice',
            },
          ],
          links: [{ title: 'Dashboard', url: 'https://grafana/d/1' }],
          createdBy: 'user:default/alice',
          startedAt: '2026-01-05T08:51:00.000Z',
          detectedAt: '2026-01-05T09:00:00.123Z',
          createdAt: NOW.toISOString(),
          updatedAt: NOW.toISOString(),
          version: 1,
        });
        expect(created).not.toHaveProperty('acknowledgedAt');
        expect(created).not.toHaveProperty('mergedIntoId');

        expect(await store.getIncident(created.id)).toEqual(created);

        const target = await store.createIncident(newIncident());
        const updated = await store.updateIncident(created.id, 1, {
          acknowledgedAt: new Date('2026-01-05T09:01:00.001Z'),
          mitigatedAt: new Date('2026-01-05T10:00:00.000Z'),
          resolvedAt: new Date('2026-01-05T11:59:59.999Z'),
          mergedIntoId: target.id,
          status: 'merged',
        });
        const fetched = await store.getIncident(created.id);
        expect(fetched).toEqual(updated);
        expect(fetched).toMatchObject({
          acknowledgedAt: '2026-01-05T09:01:00.001Z',
          mitigatedAt: '2026-01-05T10:00:00.000Z',
          resolvedAt: '2026-01-05T11:59:59.999Z',
          mergedIntoId: target.id,
          status: 'merged',
          version: 2,
        });
      });

      it('stores an incident without owner or roles', async () => {
        const created = await store.createIncident(
          newIncident({ ownerRef: undefined, roles: undefined }),
        );
        expect(created).not.toHaveProperty('ownerRef');
        expect(created.roles).toEqual([]);
        expect(created.affectedEntityRefs).toEqual([]);
        expect(await store.getIncident(created.id)).toEqual(created);
      });

      it('returns undefined for unknown ids and keeps the order of getIncidents', async () => {
        const a = await store.createIncident(newIncident({ title: 'a' }));
        const b = await store.createIncident(newIncident({ title: 'b' }));
        expect(await store.getIncident(9999)).toBeUndefined();
        const got = await store.getIncidents([b.id, 9999, a.id, b.id]);
        expect(got.map(i => i.title)).toEqual(['b', 'a']);
        expect(await store.getIncidents([])).toEqual([]);
      });
    });

    describe('listIncidents filters', () => {
      let a: Incident;
      let b: Incident;
      let c: Incident;

      beforeEach(async () => {
        a = await store.createIncident(
          newIncident({
            title: 'Payments API down',
            description: 'Checkout fails',
            status: 'triggered',
            severity: 'P1',
            entityRef: 'component:default/a',
            affectedEntityRefs: ['component:default/b'],
            ownerRef: 'group:default/x',
            detectedAt: new Date('2026-01-01T10:00:00.000Z'),
          }),
        );
        b = await store.createIncident(
          newIncident({
            title: 'Slow search',
            description: 'Latency 100% higher',
            status: 'resolved',
            severity: 'P2',
            entityRef: 'component:default/b',
            affectedEntityRefs: [],
            ownerRef: 'group:default/y',
            detectedAt: new Date('2026-01-02T10:00:00.000Z'),
          }),
        );
        c = await store.createIncident(
          newIncident({
            title: 'DNS',
            description: 'PAYMENTS partially_affected',
            status: 'investigating',
            severity: 'P1',
            entityRef: 'component:default/c',
            affectedEntityRefs: ['component:default/a'],
            ownerRef: undefined,
            detectedAt: new Date('2026-01-03T10:00:00.000Z'),
          }),
        );
      });

      async function titles(
        filter: Parameters<IncidentStore['listIncidents']>[0],
      ) {
        const page = await store.listIncidents(filter, { limit: 100 });
        expect(await store.countIncidents(filter)).toBe(page.items.length);
        return page.items.map(i => i.title);
      }

      it('lists everything newest first without a filter', async () => {
        expect(await titles({})).toEqual([
          'DNS',
          'Slow search',
          'Payments API down',
        ]);
        expect(await store.countIncidents()).toBe(3);
      });

      it('filters by primary or affected entity', async () => {
        expect(await titles({ entityRefs: ['component:default/a'] })).toEqual([
          'DNS',
          'Payments API down',
        ]);
        expect(await titles({ entityRefs: ['component:default/b'] })).toEqual([
          'Slow search',
          'Payments API down',
        ]);
        expect(
          await titles({
            entityRefs: ['component:default/c', 'component:default/b'],
          }),
        ).toEqual(['DNS', 'Slow search', 'Payments API down']);
        expect(
          await titles({ entityRefs: ['component:default/none'] }),
        ).toEqual([]);
      });

      it('filters by owner, status and severity', async () => {
        expect(await titles({ ownerRefs: ['group:default/x'] })).toEqual([
          'Payments API down',
        ]);
        expect(await titles({ statuses: ['resolved'] })).toEqual([
          'Slow search',
        ]);
        expect(
          await titles({ statuses: ['triggered', 'investigating'] }),
        ).toEqual(['DNS', 'Payments API down']);
        expect(await titles({ severities: ['P1'] })).toEqual([
          'DNS',
          'Payments API down',
        ]);
      });

      it('filters by text in title, description or ref, case-insensitively', async () => {
        expect(await titles({ text: 'payments' })).toEqual([
          'DNS',
          'Payments API down',
        ]);
        expect(await titles({ text: 'CHECKOUT' })).toEqual([
          'Payments API down',
        ]);
        expect(await titles({ text: b.ref.toLowerCase() })).toEqual([
          'Slow search',
        ]);
        expect(await titles({ text: `  ${c.ref} ` })).toEqual(['DNS']);
        // LIKE wildcards are taken literally.
        expect(await titles({ text: '%' })).toEqual(['Slow search']);
        expect(await titles({ text: '_' })).toEqual(['DNS']);
        expect(await titles({ text: 'no such thing' })).toEqual([]);
      });

      it('filters by detection time, from inclusive and to exclusive', async () => {
        expect(
          await titles({ from: new Date('2026-01-02T10:00:00.000Z') }),
        ).toEqual(['DNS', 'Slow search']);
        expect(
          await titles({ to: new Date('2026-01-02T10:00:00.000Z') }),
        ).toEqual(['Payments API down']);
        expect(
          await titles({
            from: new Date('2026-01-01T10:00:00.001Z'),
            to: new Date('2026-01-03T10:00:00.001Z'),
          }),
        ).toEqual(['DNS', 'Slow search']);
      });

      it('filters by ids, an empty list matching nothing', async () => {
        expect(await titles({ ids: [a.id, c.id] })).toEqual([
          'DNS',
          'Payments API down',
        ]);
        expect(await titles({ ids: [] })).toEqual([]);
      });

      it('combines all filters', async () => {
        const all = {
          entityRefs: ['component:default/a'],
          ownerRefs: undefined,
          statuses: ['investigating' as const],
          severities: ['P1'],
          text: 'payments',
          from: new Date('2026-01-03T00:00:00.000Z'),
          to: new Date('2026-01-04T00:00:00.000Z'),
          ids: [a.id, c.id],
        };
        expect(await titles(all)).toEqual(['DNS']);
        expect(await titles({ ...all, statuses: ['triggered'] })).toEqual([]);
        expect(await titles({ ...all, severities: ['P2'] })).toEqual([]);
        expect(await titles({ ...all, text: 'checkout' })).toEqual([]);
        expect(await titles({ ...all, ids: [a.id] })).toEqual([]);
        expect(
          await titles({ ...all, entityRefs: ['component:default/b'] }),
        ).toEqual([]);
        expect(
          await titles({ ...all, to: new Date('2026-01-03T10:00:00.000Z') }),
        ).toEqual([]);
        expect(
          await titles({
            ...all,
            statuses: undefined,
            from: undefined,
            ownerRefs: ['group:default/x'],
          }),
        ).toEqual(['Payments API down']);
      });

      it('filters by participant (a role holder or the declarer) and by role holder', async () => {
        const d = await store.createIncident(
          newIncident({
            title: 'Queue backlog',
            createdBy: 'user:default/dana',
            detectedAt: new Date('2026-01-04T10:00:00.000Z'),
          }),
        );
        await store.assignRole(
          a.id,
          'commander',
          'user:default/bob',
          'user:default/alice',
        );
        await store.assignRole(
          c.id,
          'scribe',
          'user:default/bob',
          'user:default/alice',
        );
        // Two roles on one incident must not list it twice.
        await store.assignRole(
          c.id,
          'commander',
          'user:default/bob',
          'user:default/alice',
        );
        await store.assignRole(
          d.id,
          'commander',
          'user:default/erin',
          'user:default/dana',
        );

        expect(await titles({ participantRefs: ['user:default/bob'] })).toEqual(
          ['DNS', 'Payments API down'],
        );
        expect(
          await titles({ participantRefs: ['user:default/dana'] }),
        ).toEqual(['Queue backlog']);
        expect(
          await titles({
            participantRefs: ['user:default/erin', 'user:default/bob'],
          }),
        ).toEqual(['Queue backlog', 'DNS', 'Payments API down']);
        expect(
          await titles({ participantRefs: ['user:default/nobody'] }),
        ).toEqual([]);
        // Combined with other filters, every filter must still match.
        expect(
          await titles({
            participantRefs: ['user:default/bob'],
            statuses: ['triggered'],
          }),
        ).toEqual(['Payments API down']);
        expect(
          await titles({
            participantRefs: ['user:default/alice'],
            ownerRefs: ['group:default/y'],
          }),
        ).toEqual(['Slow search']);
        // Role holders only: declaring, or assigning someone else, does not count.
        expect(await titles({ roleHolderRefs: ['user:default/bob'] })).toEqual([
          'DNS',
          'Payments API down',
        ]);
        expect(await titles({ roleHolderRefs: ['user:default/erin'] })).toEqual(
          ['Queue backlog'],
        );
        expect(await titles({ roleHolderRefs: ['user:default/dana'] })).toEqual(
          [],
        );
        expect(
          await titles({
            roleHolderRefs: ['user:default/bob'],
            statuses: ['triggered'],
          }),
        ).toEqual(['Payments API down']);
      });

      it('loads roles for a whole page', async () => {
        await store.assignRole(
          a.id,
          'commander',
          'user:default/alice',
          'user:default/bob',
        );
        await store.assignRole(
          c.id,
          'scribe',
          'user:default/carol',
          'user:default/bob',
        );
        const page = await store.listIncidents({}, { limit: 10 });
        expect(
          page.items.map(i => [
            i.title,
            i.roles.map(r => `${r.role}=${r.userRef}`),
          ]),
        ).toEqual([
          ['DNS', ['scribe=user:default/carol']],
          ['Slow search', []],
          ['Payments API down', ['commander=user:default/alice']],
        ]);
      });
    });

    describe('keyset pagination', () => {
      let expected: number[];

      beforeEach(async () => {
        // 25 incidents over 5 instants, 5 per instant, inserted in shuffled time order.
        const instants = [3, 0, 4, 1, 2].map(
          h => new Date(Date.UTC(2026, 0, 10, h, 0, 0, 500)),
        );
        const created: Incident[] = [];
        for (let round = 0; round < 5; round++) {
          for (const detectedAt of instants) {
            created.push(
              await store.createIncident(
                newIncident({
                  title: `i${created.length}`,
                  severity: created.length % 2 ? 'P1' : 'P2',
                  detectedAt,
                }),
              ),
            );
          }
        }
        expected = [...created]
          .sort((x, y) =>
            x.detectedAt === y.detectedAt
              ? y.id - x.id
              : y.detectedAt.localeCompare(x.detectedAt),
          )
          .map(i => i.id);
      });

      async function walk(limit: number, filter = {}) {
        const ids: number[] = [];
        const sizes: number[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await store.listIncidents(filter, { limit, cursor });
          ids.push(...page.items.map(i => i.id));
          sizes.push(page.items.length);
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        return { ids, sizes };
      }

      it.each([1, 4, 5, 7, 25, 26])(
        'walks all 25 incidents in order with limit %i',
        async limit => {
          const { ids, sizes } = await walk(limit);
          expect(ids).toEqual(expected);
          expect(new Set(ids).size).toBe(25);
          expect(sizes).toHaveLength(Math.ceil(25 / limit));
          // No empty trailing page when the total is a multiple of the limit.
          expect(sizes.every(s => s > 0)).toBe(true);
        },
      );

      it('pages a filtered list', async () => {
        const p1 = (
          await store.listIncidents({ severities: ['P1'] }, { limit: 100 })
        ).items.map(i => i.id);
        expect(p1).toHaveLength(12);
        expect((await walk(5, { severities: ['P1'] })).ids).toEqual(p1);
        expect(p1).toEqual(expected.filter(id => p1.includes(id)));
      });

      it('stays stable when newer incidents arrive between pages', async () => {
        const first = await store.listIncidents({}, { limit: 10 });
        await store.createIncident(
          newIncident({ detectedAt: new Date('2027-01-01T00:00:00.000Z') }),
        );
        const second = await store.listIncidents(
          {},
          { limit: 100, cursor: first.nextCursor },
        );
        expect([...first.items, ...second.items].map(i => i.id)).toEqual(
          expected,
        );
        expect(second.nextCursor).toBeUndefined();
      });

      it('rejects malformed cursors and limits with InputError', async () => {
        const valid = { d: '2026-01-10T02:00:00.500Z', i: 3 };
        const bad = [
          'not a cursor!',
          '',
          Buffer.from('garbage').toString('base64url'),
          encode(null),
          encode([1, 2]),
          encode({ ...valid, d: 'yesterday' }),
          encode({ ...valid, d: 5 }),
          encode({ ...valid, i: '3' }),
          encode({ ...valid, i: -1 }),
          encode({ ...valid, i: 1.5 }),
          encode({ d: valid.d }),
        ];
        for (const cursor of bad) {
          await expect(
            store.listIncidents({}, { limit: 5, cursor }),
          ).rejects.toBeInstanceOf(InputError);
        }
        await expect(
          store.listIncidents({}, { limit: 0 }),
        ).rejects.toBeInstanceOf(InputError);
        // A well-formed one continues after the (detectedAt, id) it names.
        const third = (await store.getIncident(3))!;
        const page = await store.listIncidents(
          {},
          { limit: 100, cursor: encode({ d: third.detectedAt, i: third.id }) },
        );
        expect(page.items.map(i => i.id)).toEqual(
          expected.slice(expected.indexOf(3) + 1),
        );
      });
    });

    describe('severity order', () => {
      // The policy's order, deliberately not alphabetical: SEV-minor sorts after major.
      const severityOrder = ['SEV-major', 'SEV-minor', 'P3'];
      let expected: number[];

      beforeEach(async () => {
        // 24 incidents: four severities (one outside the policy) over three instants,
        // two per pair, inserted in shuffled order.
        const instants = [2, 0, 1].map(
          h => new Date(Date.UTC(2026, 0, 10, h, 0, 0, 500)),
        );
        const severities = ['P3', 'unlisted', 'SEV-minor', 'SEV-major'];
        const created: Incident[] = [];
        for (let round = 0; round < 2; round++) {
          for (const severity of severities) {
            for (const detectedAt of instants) {
              created.push(
                await store.createIncident(
                  newIncident({ title: severity, severity, detectedAt }),
                ),
              );
            }
          }
        }
        const rank = (s: string) =>
          severityOrder.includes(s) ? severityOrder.indexOf(s) : 3;
        expected = [...created]
          .sort(
            (x, y) =>
              rank(x.severity) - rank(y.severity) ||
              x.detectedAt.localeCompare(y.detectedAt) ||
              x.id - y.id,
          )
          .map(i => i.id);
      });

      it.each([1, 5, 6, 24, 25])(
        'walks most severe first, then oldest, with limit %i',
        async limit => {
          const ids: number[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = await store.listIncidents(
              {},
              { limit, cursor, severityOrder },
            );
            ids.push(...page.items.map(i => i.id));
            cursor = page.nextCursor;
            if (!cursor) break;
          }
          expect(ids).toEqual(expected);
        },
      );

      it('applies filters and reads the first page in one go', async () => {
        const page = await store.listIncidents(
          { severities: ['SEV-minor', 'P3'] },
          { limit: 3, severityOrder },
        );
        expect(page.items.map(i => [i.severity, i.detectedAt])).toEqual([
          ['SEV-minor', '2026-01-10T00:00:00.500Z'],
          ['SEV-minor', '2026-01-10T00:00:00.500Z'],
          ['SEV-minor', '2026-01-10T01:00:00.500Z'],
        ]);
        expect(page.nextCursor).toBeDefined();
      });

      it('refuses a cursor of the newest-first order with InputError', async () => {
        const newestFirst = await store.listIncidents({}, { limit: 2 });
        await expect(
          store.listIncidents(
            {},
            { limit: 2, cursor: newestFirst.nextCursor, severityOrder },
          ),
        ).rejects.toBeInstanceOf(InputError);
        await expect(
          store.listIncidents(
            {},
            {
              limit: 2,
              cursor: encode({ r: -1, d: '2026-01-10T00:00:00.500Z', i: 1 }),
              severityOrder,
            },
          ),
        ).rejects.toBeInstanceOf(InputError);
      });
    });

    describe('updateIncident', () => {
      it('applies the patch once per version and refuses stale versions', async () => {
        const created = await store.createIncident(
          newIncident({
            affectedEntityRefs: ['component:default/old'],
            impact: { customers: 'ACME' },
          }),
        );
        storeNow = new Date('2026-01-05T12:30:00.000Z');
        const updated = await store.updateIncident(created.id, 1, {
          title: 'New title',
          severity: 'P1',
          ownerRef: null,
          impact: { impactType: 'degradation' },
          links: [{ title: 'Chat', url: 'https://chat/x' }],
          affectedEntityRefs: [
            'component:default/new',
            'component:default/new2',
          ],
          startedAt: new Date('2026-01-03T23:58:00.000Z'),
          detectedAt: new Date('2026-01-04T00:00:00.000Z'),
        });
        expect(updated).toEqual({
          ...created,
          title: 'New title',
          severity: 'P1',
          ownerRef: undefined,
          impact: { impactType: 'degradation' },
          links: [{ title: 'Chat', url: 'https://chat/x' }],
          affectedEntityRefs: [
            'component:default/new',
            'component:default/new2',
          ],
          startedAt: '2026-01-03T23:58:00.000Z',
          detectedAt: '2026-01-04T00:00:00.000Z',
          updatedAt: '2026-01-05T12:30:00.000Z',
          version: 2,
        });
        expect(updated!.createdAt).toBe(NOW.toISOString());
        expect(updated).not.toHaveProperty('ownerRef');

        // Entity rows follow the patch; the primary entity still matches.
        const byEntity = async (ref: string) =>
          (await store.listIncidents({ entityRefs: [ref] }, { limit: 5 })).items
            .length;
        expect(await byEntity('component:default/old')).toBe(0);
        expect(await byEntity('component:default/new2')).toBe(1);
        expect(await byEntity(created.entityRef)).toBe(1);

        const stale = await store.updateIncident(created.id, 1, {
          title: 'Lost write',
          affectedEntityRefs: [],
        });
        expect(stale).toBeUndefined();
        expect(await store.getIncident(created.id)).toEqual(updated);
        expect(
          await store.updateIncident(9999, 1, { title: 'x' }),
        ).toBeUndefined();

        const cleared = await store.updateIncident(created.id, 2, {
          affectedEntityRefs: [],
          status: 'resolved',
        });
        expect(cleared).toMatchObject({
          title: 'New title',
          status: 'resolved',
          affectedEntityRefs: [],
          version: 3,
        });
      });

      it('lets exactly one of several concurrent writers of one version win', async () => {
        const created = await store.createIncident(newIncident());
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            store.updateIncident(created.id, 1, { title: `writer ${n}` }),
          ),
        );
        const winners = results.filter(r => r !== undefined);
        expect(winners).toHaveLength(1);
        const stored = await store.getIncident(created.id);
        expect(stored?.version).toBe(2);
        expect(stored?.title).toBe(winners[0]!.title);
      });
    });

    describe('roles', () => {
      it('assigns idempotently and unassigns', async () => {
        const { id } = await store.createIncident(newIncident());
        await store.assignRole(
          id,
          'commander',
          'user:default/alice',
          'user:default/bob',
        );
        await store.assignRole(
          id,
          'commander',
          'user:default/alice',
          'user:default/zed',
        );
        await store.assignRole(
          id,
          'commander',
          'user:default/carol',
          'user:default/bob',
        );
        await store.assignRole(
          id,
          'scribe',
          'user:default/alice',
          'user:default/bob',
        );

        const roles = (await store.getIncident(id))!.roles;
        expect(
          roles.map(r => [r.role, r.userRef, r.assignedBy]).sort(),
        ).toEqual([
          ['commander', 'user:default/alice', 'user:default/bob'],
          ['commander', 'user:default/carol', 'user:default/bob'],
          ['scribe', 'user:default/alice', 'user:default/bob'],
        ]);
        roles.forEach(r => expect(r.assignedAt).toMatch(ISO_MS));

        expect(
          await store.unassignRole(id, 'commander', 'user:default/alice'),
        ).toBe(true);
        expect(
          await store.unassignRole(id, 'commander', 'user:default/alice'),
        ).toBe(false);
        expect(
          (await store.getIncident(id))!.roles
            .map(r => [r.role, r.userRef])
            .sort(),
        ).toEqual([
          ['commander', 'user:default/carol'],
          ['scribe', 'user:default/alice'],
        ]);
      });
    });

    describe('transactions', () => {
      it('commits and returns the result', async () => {
        const result = await store.transaction(async tx => {
          const incident = await tx.createIncident(
            newIncident({ title: 'kept' }),
          );
          await tx.addTimelineEvent({
            incidentId: incident.id,
            type: 'declared',
            message: 'declared',
          });
          return incident.id;
        });
        expect((await store.getIncident(result))?.title).toBe('kept');
        expect(await store.listTimeline(result)).toHaveLength(1);
      });

      it('rolls back everything, including nested transactions, on error', async () => {
        const existing = await store.createIncident(
          newIncident({ title: 'before' }),
        );
        await expect(
          store.transaction(async tx => {
            const incident = await tx.createIncident(
              newIncident({ title: 'gone' }),
            );
            await tx.updateIncident(existing.id, 1, { title: 'changed' });
            await tx.transaction(async inner => {
              await inner.assignRole(
                existing.id,
                'commander',
                'user:default/alice',
                'user:default/alice',
              );
              await inner.addTimelineEvent({
                incidentId: incident.id,
                type: 'note',
                message: 'inner',
              });
            });
            // Visible inside the transaction...
            expect(await tx.countIncidents()).toBe(2);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');

        // ...and gone after the rollback.
        expect(await store.countIncidents()).toBe(1);
        expect(await store.getIncident(existing.id)).toEqual(existing);
        expect(await store.countIncidents({ text: 'gone' })).toBe(0);
      });

      it('rolls back a failed createIncident as a whole', async () => {
        // Matched by message, not with toThrow: better-sqlite3's native binding keeps the
        // error class of the first test file a jest worker loaded it in, so in a full run
        // its errors need not be instances of this file's Error.
        await expect(
          store.createIncident(
            newIncident({
              roles: [
                {
                  role: 'commander',
                  userRef: 'user:default/alice',
                  // NOT NULL column: the insert of roles fails after the incident row.
                  assignedBy: null as unknown as string,
                },
              ],
            }),
          ),
        ).rejects.toMatchObject({
          message: expect.stringMatching(
            /NOT NULL constraint failed|null value in column/,
          ),
        });
        expect(await store.countIncidents()).toBe(0);
      });
    });
  },
);
