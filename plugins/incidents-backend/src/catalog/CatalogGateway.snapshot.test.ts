import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { migrateDatabase } from '../database/migrateDatabase';
import { CatalogGateway } from './CatalogGateway';
import { CatalogSnapshotStore } from './CatalogSnapshotStore';
import { DatabaseCatalogSnapshotStore } from './DatabaseCatalogSnapshotStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const ROTATION = [
  'rotation: [user:alice, user:bob]',
  'start: 2026-01-05T09:00:00Z',
  'shift: P7D',
  'escalation: [group:payments-leads, user:dana]',
].join('\n');

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments',
    annotations: { 'firebreak.dev/oncall': ROTATION },
  },
  spec: {
    type: 'team',
    profile: { displayName: 'Payments Team' },
    children: [],
  },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/alice' },
    { type: 'hasMember', targetRef: 'user:default/bob' },
  ],
};
const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: {
      'firebreak.dev/alerts':
        '- alert: HighErrorRate\n  runbook: https://wiki.example.com/5xx\n',
      'firebreak.dev/runbook': 'https://wiki.example.com/payments',
      'firebreak.dev/alert-match': 'team=payments',
      'backstage.io/techdocs-ref': 'dir:.',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/payments' },
    { type: 'dependsOn', targetRef: 'resource:default/payments-db' },
  ],
};
// Owner only in spec.owner (no relations yet), in its own namespace.
const billing: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'billing-db', namespace: 'ops' },
  spec: { type: 'database', owner: 'finance' },
};
const alice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice' },
  spec: {},
};
const testEntities = [payments, paymentsApi, billing, alice];

/** A catalog that answers until `down` is set, then fails every call. */
function switchable(catalog: CatalogService) {
  const state = { down: false };
  const proxy = new Proxy(catalog, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (state.down) throw new Error('connect ECONNREFUSED catalog');
        return value.apply(target, args);
      };
    },
  }) as CatalogService;
  return { state, catalog: proxy };
}

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'CatalogGateway with a snapshot on %p',
  databaseId => {
    let snapshots: DatabaseCatalogSnapshotStore;
    let now: Date;
    const logger = mockServices.logger.mock();

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      snapshots = DatabaseCatalogSnapshotStore.fromKnex(knex);
      now = new Date('2026-01-07T12:00:00.000Z');
    });

    function gatewayOn(catalog: CatalogService, timeoutMs?: number) {
      return CatalogGateway.create({
        catalog,
        auth: mockServices.auth(),
        logger,
        snapshots,
        timeoutMs,
        clock: () => now,
      });
    }

    it('answers from the snapshot, with its age, once the catalog stops answering', async () => {
      const { state, catalog } = switchable(
        catalogServiceMock({ entities: testEntities }),
      );
      const gateway = gatewayOn(catalog);
      const live = {
        owner: await gateway.getOwnerRef('component:payments-api'),
        team: await gateway.getTeam('payments'),
      };
      expect(live.owner).toEqual({
        available: true,
        value: 'group:default/payments',
      });

      // past the cache TTL, so the gateway has to ask the catalog again
      now = new Date('2026-01-07T12:10:00.000Z');
      state.down = true;
      const snapshot = { takenAt: '2026-01-07T12:00:00.000Z', ageMs: 600_000 };
      expect(await gateway.getOwnerRef('component:payments-api')).toEqual({
        available: true,
        value: 'group:default/payments',
        snapshot,
      });
      expect(await gateway.getTeam('group:default/payments')).toEqual({
        available: true,
        value: live.team.available && live.team.value,
        snapshot,
      });
      expect(await gateway.getEntity('component:payments-api')).toMatchObject({
        available: true,
        value: {
          kind: 'component',
          metadata: {
            name: 'payments-api',
            annotations: {
              'firebreak.dev/alerts':
                '- alert: HighErrorRate\n  runbook: https://wiki.example.com/5xx\n',
              'firebreak.dev/runbook': 'https://wiki.example.com/payments',
              'firebreak.dev/alert-match': 'team=payments',
            },
          },
        },
        snapshot,
      });
      // dependencies are not kept: unknown, not "none"
      expect(await gateway.getDependencies('component:payments-api')).toEqual({
        available: false,
      });
      // never seen: still an outage
      expect(await gateway.getEntity('resource:ops/billing-db')).toEqual({
        available: false,
      });

      // snapshot answers are not cached: the catalog is asked again as soon as it is back
      state.down = false;
      expect(await gateway.getOwnerRef('component:payments-api')).toEqual({
        available: true,
        value: 'group:default/payments',
      });
    });

    it('treats a catalog call that does not return in time as an outage', async () => {
      const inner = catalogServiceMock({ entities: testEntities });
      await gatewayOn(inner).getTeam('payments');
      const hanging = catalogServiceMock.mock({
        getEntityByRef: () => new Promise(() => {}),
      });
      const read = await gatewayOn(hanging, 1).getTeam('payments');
      expect(read).toMatchObject({
        available: true,
        value: { groupRef: 'group:default/payments' },
        snapshot: { takenAt: '2026-01-07T12:00:00.000Z' },
      });
    });

    it('forgets an entity the catalog says is gone', async () => {
      await gatewayOn(catalogServiceMock({ entities: testEntities })).getEntity(
        'component:payments-api',
      );
      expect(
        await snapshots.getSnapshot('component:default/payments-api'),
      ).toBeDefined();
      const without = catalogServiceMock({ entities: [payments] });
      expect(
        await gatewayOn(without).getEntity('component:payments-api'),
      ).toEqual({
        available: true,
        value: undefined,
      });
      expect(
        await snapshots.getSnapshot('component:default/payments-api'),
      ).toBeUndefined();
    });

    it('refreshes the whole snapshot from the catalog and drops what is gone', async () => {
      const gateway = gatewayOn(catalogServiceMock({ entities: testEntities }));
      expect(await gateway.refreshSnapshot()).toEqual({
        entities: 3,
        removed: 0,
      });
      expect(
        await snapshots.getSnapshot('component:default/payments-api'),
      ).toEqual({
        entityRef: 'component:default/payments-api',
        kind: 'component',
        namespace: 'default',
        name: 'payments-api',
        ownerRef: 'group:default/payments',
        alertMatch: 'team=payments',
        alerts:
          '- alert: HighErrorRate\n  runbook: https://wiki.example.com/5xx\n',
        runbook: 'https://wiki.example.com/payments',
        members: [],
        refreshedAt: '2026-01-07T12:00:00.000Z',
      });
      expect(await snapshots.getSnapshot('group:default/payments')).toEqual({
        entityRef: 'group:default/payments',
        kind: 'group',
        namespace: 'default',
        name: 'payments',
        title: 'Payments Team',
        oncall: ROTATION,
        members: ['user:default/alice', 'user:default/bob'],
        refreshedAt: '2026-01-07T12:00:00.000Z',
      });
      expect(
        await snapshots.getSnapshot('resource:ops/billing-db'),
      ).toMatchObject({
        ownerRef: 'group:ops/finance',
      });
      // users are not needed: groups list their members
      expect(await snapshots.getSnapshot('user:default/alice')).toBeUndefined();

      now = new Date('2026-01-07T12:05:00.000Z');
      const smaller = gatewayOn(
        catalogServiceMock({ entities: [payments, paymentsApi] }),
      );
      expect(await smaller.refreshSnapshot()).toEqual({
        entities: 2,
        removed: 1,
      });
      expect(
        await snapshots.getSnapshot('resource:ops/billing-db'),
      ).toBeUndefined();
      expect(
        await snapshots.getSnapshot('group:default/payments'),
      ).toMatchObject({
        refreshedAt: '2026-01-07T12:05:00.000Z',
      });
    });

    it('reads every page of a large catalog into the snapshot', async () => {
      const many = Array.from({ length: 1_203 }, (_, i) => ({
        ...paymentsApi,
        metadata: { name: `svc-${String(i).padStart(4, '0')}` },
      }));
      const catalog = catalogServiceMock({ entities: many });
      const queryEntities = jest.spyOn(catalog, 'queryEntities');
      const gateway = gatewayOn(catalog);
      expect(await gateway.refreshSnapshot()).toEqual({
        entities: 1_203,
        removed: 0,
      });
      expect(queryEntities).toHaveBeenCalledTimes(3);
      expect(
        await snapshots.getSnapshot('component:default/svc-1202'),
      ).toBeDefined();
    });

    it('leaves the snapshot as it was when the catalog fails during a refresh', async () => {
      const { state, catalog } = switchable(
        catalogServiceMock({ entities: testEntities }),
      );
      const gateway = gatewayOn(catalog);
      await gateway.refreshSnapshot();
      now = new Date('2026-01-07T12:05:00.000Z');
      state.down = true;
      await expect(gateway.refreshSnapshot()).rejects.toThrow('ECONNREFUSED');
      expect(
        await snapshots.getSnapshot('resource:ops/billing-db'),
      ).toMatchObject({
        refreshedAt: '2026-01-07T12:00:00.000Z',
      });
    });
  },
);

describe('CatalogGateway snapshot failures', () => {
  it('still answers a live read when the snapshot cannot be written or read', async () => {
    const broken: CatalogSnapshotStore = {
      upsertSnapshots: jest.fn().mockRejectedValue(new Error('disk full')),
      deleteSnapshot: jest.fn().mockRejectedValue(new Error('disk full')),
      deleteSnapshotsRefreshedBefore: jest.fn(),
      getSnapshot: jest.fn().mockRejectedValue(new Error('database down')),
      findSnapshotsByName: jest.fn(),
      listSnapshotsWithAlertMatch: jest.fn(),
    };
    const logger = mockServices.logger.mock();
    const { state, catalog } = switchable(
      catalogServiceMock({ entities: testEntities }),
    );
    const gateway = CatalogGateway.create({
      catalog,
      auth: mockServices.auth(),
      logger,
      snapshots: broken,
    });
    expect(await gateway.getOwnerRef('component:payments-api')).toEqual({
      available: true,
      value: 'group:default/payments',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not update the catalog snapshot of component:default/payments-api',
      expect.objectContaining({ message: 'disk full' }),
    );
    state.down = true;
    expect(await gateway.getTeam('group:default/search')).toEqual({
      available: false,
    });
  });
});
