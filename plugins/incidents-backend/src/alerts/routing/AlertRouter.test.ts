import { mockServices } from '@backstage/backend-test-utils';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NormalizedAlert } from '@firebreak/plugin-incidents-node';
import { CatalogSnapshot } from '../../catalog/CatalogSnapshotStore';
import { AlertRouter, AlertRouterSnapshots } from './AlertRouter';

function entity(
  kind: string,
  name: string,
  options: { namespace?: string; match?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.match
        ? { annotations: { 'firebreak.dev/alert-match': options.match } }
        : {}),
    },
    spec: { owner: 'group:default/payments', type: 'service' },
  };
}

const testEntities: Entity[] = [
  entity('Component', 'payments-api', { match: 'team=payments' }),
  entity('Component', 'checkout'),
  entity('Resource', 'payments-db'),
  entity('System', 'payments'),
  // name shared by a System, a Resource and a Component (in that catalog order)
  entity('System', 'ledger'),
  entity('Resource', 'ledger'),
  entity('Component', 'ledger', { namespace: 'analytics' }),
  entity('Component', 'ledger'),
  // name shared by a System and a Resource only
  entity('System', 'search'),
  entity('Resource', 'search'),
  // a Group is never matched by label name
  entity('Group', 'frontend'),
  // selectors
  entity('Component', 'orders-prod', { match: 'service=orders,env=prod' }),
  entity('Component', 'orders-any', { match: 'service=orders' }),
  entity('Resource', 'queue-b', { match: 'queue=jobs, env=prod' }),
  entity('Resource', 'queue-a', { match: 'env=prod,queue=jobs' }),
  entity('Component', 'broken', { match: 'service' }),
];

function alert(
  labels: Record<string, string>,
  extra: Partial<NormalizedAlert> = {},
): NormalizedAlert {
  return {
    action: 'trigger',
    name: 'HighErrorRate',
    labels,
    annotations: {},
    ...extra,
  };
}

function setup(
  options: {
    entities?: Entity[];
    ttl?: number;
    routingLabels?: string[];
  } = {},
) {
  const catalog = catalogServiceMock({
    entities: options.entities ?? testEntities,
  });
  const queryEntities = jest.spyOn(catalog, 'queryEntities');
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  let now = new Date('2026-01-07T12:00:00Z');
  const router = AlertRouter.create({
    catalog,
    auth,
    logger,
    cacheTtlMs: options.ttl,
    routingLabels: options.routingLabels,
    clock: () => now,
  });
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return {
    router,
    catalog,
    queryEntities,
    getEntities,
    getEntitiesByRefs,
    auth,
    logger,
    advance,
  };
}

describe('AlertRouter', () => {
  describe('explicit entity refs', () => {
    it('routes by alert.entityRef, in full or short form', async () => {
      const { router, getEntitiesByRefs, auth } = setup();
      expect(
        await router.route(
          alert({}, { entityRef: 'resource:default/payments-db' }),
        ),
      ).toEqual({
        entityRef: 'resource:default/payments-db',
        via: 'explicit',
        catalogAvailable: true,
      });
      expect(await router.route(alert({}, { entityRef: 'checkout' }))).toEqual({
        entityRef: 'component:default/checkout',
        via: 'explicit',
        catalogAvailable: true,
      });
      expect(getEntitiesByRefs).toHaveBeenLastCalledWith(
        {
          entityRefs: ['component:default/checkout'],
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
    });

    it('routes by the backstage_entity label, defaulting kind and namespace', async () => {
      const { router } = setup();
      expect(
        await router.route(alert({ backstage_entity: 'payments-api' })),
      ).toEqual({
        entityRef: 'component:default/payments-api',
        via: 'entity-label',
        catalogAvailable: true,
      });
      expect(
        await router.route(
          alert({ backstage_entity: 'component:analytics/ledger' }),
        ),
      ).toEqual({
        entityRef: 'component:analytics/ledger',
        via: 'entity-label',
        catalogAvailable: true,
      });
      expect(
        await router.route(alert({ backstage_entity: 'system:payments' })),
      ).toEqual({
        entityRef: 'system:default/payments',
        via: 'entity-label',
        catalogAvailable: true,
      });
    });

    it('prefers alert.entityRef over the label, and both over the other steps', async () => {
      const { router } = setup();
      expect(
        await router.route(
          alert(
            {
              backstage_entity: 'resource:payments-db',
              service: 'checkout',
              team: 'payments',
            },
            { entityRef: 'system:payments' },
          ),
        ),
      ).toEqual({
        entityRef: 'system:default/payments',
        via: 'explicit',
        catalogAvailable: true,
      });
      expect(
        await router.route(
          alert({
            backstage_entity: 'resource:payments-db',
            service: 'checkout',
            team: 'payments',
          }),
        ),
      ).toEqual({
        entityRef: 'resource:default/payments-db',
        via: 'entity-label',
        catalogAvailable: true,
      });
    });

    it('falls through unknown or unparseable refs to the next steps', async () => {
      const { router, logger } = setup();
      expect(
        await router.route(
          alert(
            { backstage_entity: 'component:default/nope', service: 'checkout' },
            { entityRef: 'component:gone' },
          ),
        ),
      ).toEqual({
        entityRef: 'component:default/checkout',
        via: 'label-name',
        catalogAvailable: true,
      });
      // both refs unknown (payments-db is a resource, not a component), nothing else
      expect(
        await router.route(
          alert(
            { backstage_entity: 'payments-db' },
            { entityRef: 'component:gone' },
          ),
        ),
      ).toEqual({ catalogAvailable: true });
      expect(
        await router.route(
          alert(
            { backstage_entity: 'resource:payments-db' },
            { entityRef: 'component:' }, // does not parse,
          ),
        ),
      ).toEqual({
        entityRef: 'resource:default/payments-db',
        via: 'entity-label',
        catalogAvailable: true,
      });
      // falls through to the selector step
      expect(
        await router.route(
          alert({ backstage_entity: 'component:nope', team: 'payments' }),
        ),
      ).toEqual({
        entityRef: 'component:default/payments-api',
        via: 'selector',
        catalogAvailable: true,
      });
      expect(logger.warn).not.toHaveBeenCalledWith(
        expect.stringMatching(/unavailable/),
        expect.anything(),
      );
    });
  });

  describe('routing labels', () => {
    it('matches label values to Component, Resource and System names', async () => {
      const { router, getEntities } = setup();
      expect(await router.route(alert({ service: 'checkout' }))).toEqual({
        entityRef: 'component:default/checkout',
        via: 'label-name',
        catalogAvailable: true,
      });
      expect(await router.route(alert({ service: 'payments-db' }))).toEqual({
        entityRef: 'resource:default/payments-db',
        via: 'label-name',
        catalogAvailable: true,
      });
      expect(await router.route(alert({ app: 'payments' }))).toEqual({
        entityRef: 'system:default/payments',
        via: 'label-name',
        catalogAvailable: true,
      });
      // Groups are not routing targets
      expect(await router.route(alert({ service: 'frontend' }))).toEqual({
        catalogAvailable: true,
      });
      expect(getEntities.mock.calls[0][0]).toEqual({
        filter: [
          { kind: 'component', 'metadata.name': 'checkout' },
          { kind: 'resource', 'metadata.name': 'checkout' },
          { kind: 'system', 'metadata.name': 'checkout' },
        ],
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      });
    });

    it('prefers Component, then Resource, then System, then the default namespace', async () => {
      const { router } = setup();
      expect(await router.route(alert({ service: 'ledger' }))).toEqual({
        entityRef: 'component:default/ledger',
        via: 'label-name',
        catalogAvailable: true,
      });
      expect(await router.route(alert({ service: 'search' }))).toEqual({
        entityRef: 'resource:default/search',
        via: 'label-name',
        catalogAvailable: true,
      });
    });

    it('tries the configured labels in order', async () => {
      const { router } = setup();
      expect(
        await router.route(alert({ app: 'payments', service: 'checkout' })),
      ).toEqual({
        entityRef: 'component:default/checkout',
        via: 'label-name',
        catalogAvailable: true,
      });
      // `service` names nothing, so `app` is tried next
      expect(
        await router.route(alert({ service: 'unknown', app: 'payments' })),
      ).toEqual({
        entityRef: 'system:default/payments',
        via: 'label-name',
        catalogAvailable: true,
      });
    });

    it('uses the configured label names instead of the defaults', async () => {
      const { router } = setup({ routingLabels: ['component', 'service'] });
      expect(
        await router.route(
          alert({ component: 'payments-db', service: 'checkout' }),
        ),
      ).toEqual({
        entityRef: 'resource:default/payments-db',
        via: 'label-name',
        catalogAvailable: true,
      });
      // `app` is not configured here
      expect(await router.route(alert({ app: 'checkout' }))).toEqual({
        catalogAvailable: true,
      });
    });

    it('takes precedence over selectors', async () => {
      const { router } = setup();
      // orders-prod's selector matches, but the service label names checkout
      expect(
        await router.route(
          alert({ service: 'checkout', env: 'prod', team: 'payments' }),
        ),
      ).toEqual({
        entityRef: 'component:default/checkout',
        via: 'label-name',
        catalogAvailable: true,
      });
    });
  });

  describe('names the source gives the service', () => {
    it('routes by them in order, after the routing labels', async () => {
      const { router } = setup();
      // an Events API v2 sender moving from PagerDuty: component, then source
      expect(
        await router.route(
          alert({}, { entityNames: ['checkout', 'ip-10-0-0-1.internal'] }),
        ),
      ).toEqual({
        entityRef: 'component:default/checkout',
        via: 'source-name',
        catalogAvailable: true,
      });
      expect(
        await router.route(
          alert({}, { entityNames: ['web-frontend', 'payments-db'] }),
        ),
      ).toEqual({
        entityRef: 'resource:default/payments-db',
        via: 'source-name',
        catalogAvailable: true,
      });
      // a routing label that names an entity wins
      expect(
        await router.route(
          alert({ service: 'checkout' }, { entityNames: ['payments-db'] }),
        ),
      ).toMatchObject({ entityRef: 'component:default/checkout' });
      expect(
        await router.route(alert({}, { entityNames: ['nothing-here', ' '] })),
      ).toEqual({ catalogAvailable: true });
    });
  });

  describe('alert-match selectors', () => {
    it('routes when every pair of a selector equals the alert labels', async () => {
      const { router } = setup();
      expect(await router.route(alert({ team: 'payments' }))).toEqual({
        entityRef: 'component:default/payments-api',
        via: 'selector',
        catalogAvailable: true,
      });
      // `service=orders` names no entity, so the selectors decide
      expect(await router.route(alert({ service: 'orders' }))).toEqual({
        entityRef: 'component:default/orders-any',
        via: 'selector',
        catalogAvailable: true,
      });
      // a partial match is no match; values are compared exactly
      expect(await router.route(alert({ team: 'Payments' }))).toEqual({
        catalogAvailable: true,
      });
      expect(await router.route(alert({ env: 'prod' }))).toEqual({
        catalogAvailable: true,
      });
    });

    it('prefers the selector with the most pairs', async () => {
      const { router } = setup();
      expect(
        await router.route(alert({ service: 'orders', env: 'prod' })),
      ).toEqual({
        entityRef: 'component:default/orders-prod',
        via: 'selector',
        catalogAvailable: true,
      });
      expect(
        await router.route(alert({ service: 'orders', env: 'staging' })),
      ).toEqual({
        entityRef: 'component:default/orders-any',
        via: 'selector',
        catalogAvailable: true,
      });
    });

    it('breaks ties by entity ref, whatever the catalog order', async () => {
      const { router } = setup();
      // queue-b comes first in the catalog; queue-a has the lower ref
      expect(
        await router.route(alert({ queue: 'jobs', env: 'prod', team: 'x' })),
      ).toEqual({
        entityRef: 'resource:default/queue-a',
        via: 'selector',
        catalogAvailable: true,
      });
      const reversed = setup({ entities: [...testEntities].reverse() });
      expect(
        await reversed.router.route(alert({ queue: 'jobs', env: 'prod' })),
      ).toEqual({
        entityRef: 'resource:default/queue-a',
        via: 'selector',
        catalogAvailable: true,
      });
    });

    it('fetches selectors with one annotation-filtered query, limited fields', async () => {
      const { router, queryEntities, auth } = setup();
      await router.route(alert({ team: 'payments' }));
      expect(queryEntities).toHaveBeenCalledTimes(1);
      expect(queryEntities).toHaveBeenCalledWith(
        {
          filter: {
            'metadata.annotations.firebreak.dev/alert-match':
              CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations.firebreak.dev/alert-match',
          ],
          limit: 500,
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      // the in-memory catalog honours the filter and the fields
      const { items } = await queryEntities.mock.results[0].value;
      expect(items.map((e: Entity) => e.metadata.name).sort()).toEqual([
        'broken',
        'orders-any',
        'orders-prod',
        'payments-api',
        'queue-a',
        'queue-b',
      ]);
      expect(items[0]).toEqual({
        kind: 'Component',
        metadata: {
          name: 'payments-api',
          annotations: { 'firebreak.dev/alert-match': 'team=payments' },
        },
      });
    });

    it('reads every page of a large catalog', async () => {
      const many = Array.from({ length: 1_203 }, (_, i) =>
        entity('Component', `svc-${String(i).padStart(4, '0')}`, {
          match: `shard=${i}`,
        }),
      );
      const { router, queryEntities } = setup({ entities: many });
      expect(await router.route(alert({ shard: '1202' }))).toEqual({
        entityRef: 'component:default/svc-1202',
        via: 'selector',
        catalogAvailable: true,
      });
      expect(queryEntities).toHaveBeenCalledTimes(3);
    });

    it('ignores malformed selectors and warns once about each', async () => {
      const { router, logger, advance } = setup();
      expect(await router.route(alert({ service: 'x' }))).toEqual({
        catalogAvailable: true,
      });
      advance(60_000);
      expect(await router.route(alert({ service: 'x' }))).toEqual({
        catalogAvailable: true,
      });
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(
        /^Ignoring malformed firebreak\.dev\/alert-match annotation of component:default\/broken: .*'service' is not of the form label=value/,
      );
    });
  });

  describe('caching', () => {
    it('calls the catalog once per lookup within the TTL, again after', async () => {
      const { router, queryEntities, getEntities, getEntitiesByRefs, advance } =
        setup({ ttl: 10_000 });
      const first = alert(
        {
          backstage_entity: 'component:nope',
          service: 'nope',
          team: 'payments',
        },
        { name: 'A' },
      );
      const second = alert(
        {
          backstage_entity: 'component:nope',
          service: 'nope',
          team: 'payments',
        },
        { name: 'B' },
      );
      const expected = {
        entityRef: 'component:default/payments-api',
        via: 'selector',
        catalogAvailable: true,
      };
      expect(await router.route(first)).toEqual(expected);
      expect(await router.route(second)).toEqual(expected);
      // a different alert that only needs the selectors
      expect(
        await router.route(alert({ service: 'orders', env: 'prod' })),
      ).toEqual({
        entityRef: 'component:default/orders-prod',
        via: 'selector',
        catalogAvailable: true,
      });
      expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
      expect(getEntities).toHaveBeenCalledTimes(2); // `nope`, `orders`
      expect(queryEntities).toHaveBeenCalledTimes(1);

      advance(9_999);
      await router.route(first);
      expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
      expect(getEntities).toHaveBeenCalledTimes(2);
      expect(queryEntities).toHaveBeenCalledTimes(1);

      advance(1);
      await router.route(second);
      expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
      expect(getEntities).toHaveBeenCalledTimes(3);
      expect(queryEntities).toHaveBeenCalledTimes(2);
    });

    it('shares one catalog query between concurrent alerts', async () => {
      const { router, queryEntities } = setup();
      const results = await Promise.all([
        router.route(alert({ team: 'payments' })),
        router.route(alert({ service: 'orders' })),
        router.route(alert({ env: 'prod', queue: 'jobs' })),
      ]);
      expect(results.map(r => r.entityRef)).toEqual([
        'component:default/payments-api',
        'component:default/orders-any',
        'resource:default/queue-a',
      ]);
      expect(queryEntities).toHaveBeenCalledTimes(1);
    });

    it('sees catalog changes once the TTL has passed', async () => {
      const { router, queryEntities, advance } = setup({ ttl: 1_000 });
      expect(await router.route(alert({ team: 'payments' }))).toMatchObject({
        entityRef: 'component:default/payments-api',
      });
      queryEntities.mockResolvedValueOnce({
        items: [],
        totalItems: 0,
        pageInfo: {},
      });
      advance(1_000);
      expect(await router.route(alert({ team: 'payments' }))).toEqual({
        catalogAvailable: true,
      });
    });
  });

  describe('catalog outage', () => {
    it('leaves the alert unrouted with catalogAvailable false and a warning', async () => {
      const { router, queryEntities, logger } = setup();
      queryEntities.mockRejectedValueOnce(new Error('ECONNREFUSED'));
      expect(await router.route(alert({ team: 'payments' }))).toEqual({
        catalogAvailable: false,
      });
      expect(logger.warn).toHaveBeenCalledWith(
        "Catalog unavailable while routing alert 'HighErrorRate'; leaving it unrouted",
        expect.objectContaining({ message: 'ECONNREFUSED' }),
      );
      // the failure is not cached: the next alert asks again and is routed
      expect(await router.route(alert({ team: 'payments' }))).toEqual({
        entityRef: 'component:default/payments-api',
        via: 'selector',
        catalogAvailable: true,
      });
      expect(queryEntities).toHaveBeenCalledTimes(2);
    });

    it('never throws, whichever catalog call fails', async () => {
      const catalog = catalogServiceMock.mock({
        getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('503')),
        getEntities: jest.fn().mockRejectedValue(new Error('503')),
        queryEntities: jest.fn().mockRejectedValue(new Error('503')),
      });
      const logger = mockServices.logger.mock();
      const router = new AlertRouter({
        catalog,
        auth: mockServices.auth(),
        logger,
      });
      const down = { catalogAvailable: false };
      expect(
        await router.route(alert({}, { entityRef: 'component:a' })),
      ).toEqual(down);
      expect(await router.route(alert({ backstage_entity: 'a' }))).toEqual(
        down,
      );
      expect(await router.route(alert({ service: 'a' }))).toEqual(down);
      expect(await router.route(alert({ team: 'a' }))).toEqual(down);
      expect(logger.warn).toHaveBeenCalledTimes(4);
    });

    it('does not route lower steps when a higher step could not be checked', async () => {
      const { router, getEntitiesByRefs } = setup();
      getEntitiesByRefs.mockRejectedValueOnce(new Error('timeout'));
      // checkout would match by label, but the explicit ref could not be checked
      expect(
        await router.route(
          alert({ backstage_entity: 'payments-db', service: 'checkout' }),
        ),
      ).toEqual({ catalogAvailable: false });
    });
  });
  describe('routing from the catalog snapshot', () => {
    const TAKEN = '2026-01-07T11:00:00.000Z';
    const OLDER = '2026-01-06T08:00:00.000Z';

    function snap(
      kind: string,
      name: string,
      options: { namespace?: string; match?: string; at?: string } = {},
    ): CatalogSnapshot {
      const namespace = options.namespace ?? 'default';
      return {
        entityRef: `${kind}:${namespace}/${name}`,
        kind,
        namespace,
        name,
        ...(options.match ? { alertMatch: options.match } : {}),
        members: [],
        refreshedAt: options.at ?? TAKEN,
      };
    }

    /** An in-memory snapshot behaving like the store's read methods. */
    function snapshotOf(rows: CatalogSnapshot[]): AlertRouterSnapshots {
      return {
        getSnapshot: async ref =>
          rows.find(r => r.entityRef === ref.toLocaleLowerCase('en-US')),
        findSnapshotsByName: async name =>
          rows.filter(
            r =>
              r.name.toLocaleLowerCase('en-US') ===
              name.toLocaleLowerCase('en-US'),
          ),
        listSnapshotsWithAlertMatch: async () =>
          rows.filter(r => r.alertMatch !== undefined),
      };
    }

    const down = () =>
      catalogServiceMock.mock({
        getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('503')),
        getEntities: jest.fn().mockRejectedValue(new Error('503')),
        queryEntities: jest.fn().mockRejectedValue(new Error('503')),
      });

    const rows = [
      snap('component', 'payments-api', { match: 'team=payments' }),
      snap('system', 'ledger'),
      snap('resource', 'ledger'),
      snap('component', 'ledger', { namespace: 'analytics' }),
      snap('component', 'ledger', { at: OLDER }),
      snap('group', 'frontend'),
      snap('component', 'orders-prod', { match: 'service=orders,env=prod' }),
      snap('component', 'orders-any', { match: 'service=orders' }),
      snap('component', 'broken', { match: 'service' }),
    ];

    function outageRouter(
      snapshots: AlertRouterSnapshots = snapshotOf(rows),
      catalog: CatalogService = down(),
    ) {
      const logger = mockServices.logger.mock();
      const router = new AlertRouter({
        catalog,
        auth: mockServices.auth(),
        logger,
        snapshots,
      });
      return { router, logger };
    }

    it('runs every routing step against the snapshot while the catalog is down', async () => {
      const { router, logger } = outageRouter();
      expect(
        await router.route(alert({}, { entityRef: 'component:payments-api' })),
      ).toEqual({
        entityRef: 'component:default/payments-api',
        via: 'explicit',
        catalogAvailable: false,
        snapshotAt: TAKEN,
      });
      expect(await router.route(alert({ backstage_entity: 'ledger' }))).toEqual(
        {
          entityRef: 'component:default/ledger',
          via: 'entity-label',
          catalogAvailable: false,
          snapshotAt: OLDER,
        },
      );
      // same preference as live: Component, then the default namespace
      expect(await router.route(alert({ service: 'Ledger' }))).toEqual({
        entityRef: 'component:default/ledger',
        via: 'label-name',
        catalogAvailable: false,
        snapshotAt: OLDER,
      });
      // a Group is never matched by name; the most specific selector wins
      expect(
        await router.route(
          alert({ service: 'frontend', team: 'x', env: 'prod' }),
        ),
      ).toEqual({ catalogAvailable: false });
      expect(
        await router.route(alert({ service: 'orders', env: 'prod' })),
      ).toEqual({
        entityRef: 'component:default/orders-prod',
        via: 'selector',
        catalogAvailable: false,
        snapshotAt: TAKEN,
      });
      expect(logger.warn).toHaveBeenCalledWith(
        `Catalog unavailable while routing alert 'HighErrorRate'; routed to component:default/orders-prod from the last known catalog snapshot of ${TAKEN}`,
        expect.objectContaining({ message: '503' }),
      );
    });

    it('treats a catalog call that does not return in time as an outage', async () => {
      const hanging = catalogServiceMock.mock({
        getEntities: () => new Promise(() => {}),
      });
      const router = new AlertRouter({
        catalog: hanging,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        snapshots: snapshotOf(rows),
        timeoutMs: 1,
      });
      expect(await router.route(alert({ service: 'payments-api' }))).toEqual({
        entityRef: 'component:default/payments-api',
        via: 'label-name',
        catalogAvailable: false,
        snapshotAt: TAKEN,
      });
    });

    it('leaves the alert unrouted when the snapshot matches nothing or cannot be read', async () => {
      const empty = outageRouter(snapshotOf([]));
      expect(
        await empty.router.route(alert({ service: 'payments-api' })),
      ).toEqual({ catalogAvailable: false });
      expect(empty.logger.warn).toHaveBeenCalledWith(
        "Catalog unavailable while routing alert 'HighErrorRate' and the last known catalog snapshot matches nothing; leaving it unrouted",
        expect.objectContaining({ message: '503' }),
      );
      const unreadable = outageRouter({
        getSnapshot: jest.fn().mockRejectedValue(new Error('database down')),
        findSnapshotsByName: jest
          .fn()
          .mockRejectedValue(new Error('database down')),
        listSnapshotsWithAlertMatch: jest
          .fn()
          .mockRejectedValue(new Error('database down')),
      });
      expect(
        await unreadable.router.route(alert({ service: 'payments-api' })),
      ).toEqual({ catalogAvailable: false });
    });

    it('does not read the snapshot while the catalog answers', async () => {
      const snapshots = snapshotOf(rows);
      const findSnapshotsByName = jest.spyOn(snapshots, 'findSnapshotsByName');
      const { router } = outageRouter(
        snapshots,
        catalogServiceMock({ entities: testEntities }),
      );
      // the snapshot would say component:default/ledger; the live catalog is the truth
      expect(await router.route(alert({ service: 'checkout' }))).toEqual({
        entityRef: 'component:default/checkout',
        via: 'label-name',
        catalogAvailable: true,
      });
      expect(findSnapshotsByName).not.toHaveBeenCalled();
    });
  });
});
