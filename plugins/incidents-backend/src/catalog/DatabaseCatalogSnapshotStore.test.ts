import { mockServices } from '@backstage/backend-test-utils';
import { migrateDatabase } from '../database/migrateDatabase';
import { NewCatalogSnapshot } from './CatalogSnapshotStore';
import { DatabaseCatalogSnapshotStore } from './DatabaseCatalogSnapshotStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const T0 = new Date('2026-01-07T12:00:00.000Z');
const T1 = new Date('2026-01-07T12:05:00.000Z');

const component: NewCatalogSnapshot = {
  entityRef: 'component:default/Payments-API',
  kind: 'component',
  namespace: 'default',
  name: 'Payments-API',
  ownerRef: 'group:default/payments',
  alertMatch: 'team=payments',
  alerts: '- alert: HighErrorRate\n  runbook: https://wiki.example.com/5xx\n',
  runbook: 'https://wiki.example.com/payments',
  members: [],
};
const group: NewCatalogSnapshot = {
  entityRef: 'group:default/payments',
  kind: 'group',
  namespace: 'default',
  name: 'payments',
  title: 'Payments Team',
  oncall: 'rotation: [user:alice]\nshift: P7D',
  members: ['user:default/alice', 'user:default/bob'],
};

describe.each(databases.eachSupportedId())(
  'DatabaseCatalogSnapshotStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      return { knex, store: DatabaseCatalogSnapshotStore.fromKnex(knex) };
    }

    it('keeps what routing and paging need, read back by any spelling of the ref', async () => {
      const { store } = await createStore();
      await store.upsertSnapshots([component, group], T0);
      expect(await store.getSnapshot('COMPONENT:default/payments-api')).toEqual(
        {
          ...component,
          entityRef: 'component:default/payments-api',
          refreshedAt: T0.toISOString(),
        },
      );
      expect(await store.getSnapshot('group:default/payments')).toEqual({
        ...group,
        refreshedAt: T0.toISOString(),
      });
      expect(await store.getSnapshot('group:default/nobody')).toBeUndefined();
    });

    it('upserts idempotently: a repeat or a change replaces the row', async () => {
      const { knex, store } = await createStore();
      await store.upsertSnapshots([group], T0);
      await store.upsertSnapshots([group], T0);
      // the same entity twice in one batch, as two pages of a refresh may overlap
      const changed = { ...group, members: ['user:default/carol'] };
      await store.upsertSnapshots([group, changed], T1);
      const rows = await knex('catalog_snapshots').select('entity_ref');
      expect(rows).toHaveLength(1);
      expect(await store.getSnapshot(group.entityRef)).toMatchObject({
        members: ['user:default/carol'],
        refreshedAt: T1.toISOString(),
      });
      // optional fields cleared by a later read are cleared in the row too
      await store.upsertSnapshots([{ ...group, oncall: undefined }], T1);
      expect(
        (await store.getSnapshot(group.entityRef))?.oncall,
      ).toBeUndefined();
    });

    it('finds rows by name case-insensitively and lists the selectors', async () => {
      const { store } = await createStore();
      const resource = {
        ...component,
        entityRef: 'resource:default/payments-api',
        kind: 'resource',
        name: 'payments-api',
        alertMatch: undefined,
      };
      await store.upsertSnapshots([component, resource, group], T0);
      expect(
        (await store.findSnapshotsByName('PAYMENTS-api')).map(s => s.entityRef),
      ).toEqual([
        'component:default/payments-api',
        'resource:default/payments-api',
      ]);
      expect(
        (await store.listSnapshotsWithAlertMatch()).map(s => s.entityRef),
      ).toEqual(['component:default/payments-api']);
    });

    it('forgets entities: one by ref, or those of the given kinds not refreshed since', async () => {
      const { store } = await createStore();
      const user = {
        entityRef: 'user:default/alice',
        kind: 'user',
        namespace: 'default',
        name: 'alice',
        members: [],
      };
      const orders = {
        ...component,
        entityRef: 'component:default/orders',
        name: 'orders',
      };
      await store.upsertSnapshots([component, group, user], T0);
      await store.upsertSnapshots([orders], T1);
      expect(
        await store.deleteSnapshotsRefreshedBefore(T1, ['component', 'group']),
      ).toBe(2);
      expect(await store.getSnapshot(component.entityRef)).toBeUndefined();
      expect(await store.getSnapshot(group.entityRef)).toBeUndefined();
      // other kinds and newer rows stay
      expect(await store.getSnapshot(user.entityRef)).toBeDefined();
      expect(await store.getSnapshot(orders.entityRef)).toBeDefined();
      await store.deleteSnapshot('Component:default/Orders');
      expect(await store.getSnapshot(orders.entityRef)).toBeUndefined();
    });
  },
);
