import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseOncallOverrideStore } from './DatabaseOncallOverrideStore';
import { OncallOverrideStore } from './OncallOverrideStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(databases.eachSupportedId())(
  'DatabaseOncallOverrideStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseOncallOverrideStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      store = DatabaseOncallOverrideStore.fromKnex(knex);
    });

    describe('on-call overrides', () => {
      it('creates, finds overlaps of [from, to), gets and deletes', async () => {
        const t = (h: number) => new Date(Date.UTC(2026, 0, 5, h));
        const morning = await store.createOncallOverride({
          groupRef: 'group:default/sre',
          userRef: 'user:default/alice',
          startsAt: t(10),
          endsAt: t(12),
          reason: 'swap',
          createdBy: 'user:default/bob',
        });
        const noon = await store.createOncallOverride({
          groupRef: 'group:default/sre',
          userRef: 'user:default/carol',
          startsAt: t(12),
          endsAt: t(14),
          createdBy: 'user:default/bob',
        });
        const other = await store.createOncallOverride({
          groupRef: 'group:default/dba',
          userRef: 'user:default/dave',
          startsAt: t(11),
          endsAt: t(13),
          createdBy: 'user:default/dave',
        });

        expect(morning).toEqual({
          id: expect.any(Number),
          groupRef: 'group:default/sre',
          userRef: 'user:default/alice',
          startsAt: '2026-01-05T10:00:00.000Z',
          endsAt: '2026-01-05T12:00:00.000Z',
          reason: 'swap',
          createdBy: 'user:default/bob',
          createdAt: expect.stringMatching(ISO_MS),
        });
        expect(noon).not.toHaveProperty('reason');

        const ids = async (
          options: Parameters<OncallOverrideStore['listOncallOverrides']>[0],
        ) => (await store.listOncallOverrides(options)).map(o => o.id);
        const sre = ['group:default/sre'];
        expect(await ids({ groupRefs: sre, from: t(11), to: t(12) })).toEqual([
          morning.id,
        ]);
        expect(await ids({ groupRefs: sre, from: t(12), to: t(13) })).toEqual([
          noon.id,
        ]);
        expect(await ids({ groupRefs: sre, from: t(14), to: t(15) })).toEqual(
          [],
        );
        expect(await ids({ from: t(11), to: t(13) })).toEqual([
          morning.id,
          other.id,
          noon.id,
        ]);
        expect(await ids({ to: t(11) })).toEqual([morning.id]);
        expect(await ids({ from: t(13) })).toEqual([noon.id]);
        expect(await ids({})).toEqual([morning.id, other.id, noon.id]);
        expect(await ids({ groupRefs: [] })).toEqual([]);

        expect(await store.getOncallOverride(noon.id)).toEqual(noon);
        expect(await store.deleteOncallOverride(noon.id)).toBe(true);
        expect(await store.deleteOncallOverride(noon.id)).toBe(false);
        expect(await store.getOncallOverride(noon.id)).toBeUndefined();
      });
    });
  },
);
