import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogGateway } from './CatalogGateway';

const ROTATION = [
  'rotation: [user:alice, user:bob]',
  'start: 2026-01-05T09:00:00Z',
  'shift: P7D',
  'escalation: [group:payments-leads]',
  'timezone: Europe/Berlin',
].join('\n');

const testEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      namespace: 'default',
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
      { type: 'hasMember', targetRef: 'user:default/carol' },
      { type: 'childOf', targetRef: 'group:default/engineering' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'search',
      title: 'Search',
      annotations: {
        'firebreak.dev/oncall': 'rotation: [alice]\nshift: weekly',
      },
    },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/erin' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/payments' },
      { type: 'dependsOn', targetRef: 'resource:default/payments-db' },
      { type: 'dependsOn', targetRef: 'component:default/ledger' },
      { type: 'dependencyOf', targetRef: 'component:default/checkout' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'billing', namespace: 'ops' },
    spec: { type: 'service', lifecycle: 'production', owner: 'finance' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orphan' },
    spec: { type: 'service', lifecycle: 'experimental' },
  },
];

function setup(options: { ttl?: number } = {}) {
  const catalog = catalogServiceMock({ entities: testEntities });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  let now = new Date('2026-01-07T12:00:00Z');
  const gateway = CatalogGateway.create({
    catalog,
    auth,
    logger,
    cacheTtlMs: options.ttl,
    clock: () => now,
  });
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { gateway, catalog, getEntityByRef, auth, logger, advance };
}

describe('CatalogGateway', () => {
  it('reads entities with the plugin’s own credentials', async () => {
    const { gateway, getEntityByRef, auth } = setup();
    const result = await gateway.getEntity('component:payments-api');
    expect(result).toMatchObject({
      available: true,
      value: { metadata: { name: 'payments-api' } },
    });
    expect(getEntityByRef).toHaveBeenCalledWith(
      'component:default/payments-api',
      { credentials: await auth.getOwnServiceCredentials() },
    );
    expect(await gateway.getEntity('component:default/nope')).toEqual({
      available: true,
      value: undefined,
    });
  });

  it('refuses refs that do not parse', async () => {
    const { gateway } = setup();
    await expect(gateway.getEntity('payments-api')).rejects.toThrow(InputError);
  });

  it('finds owners through ownedBy, else spec.owner in the entity’s namespace', async () => {
    const { gateway } = setup();
    expect(await gateway.getOwnerRef('component:default/payments-api')).toEqual(
      {
        available: true,
        value: 'group:default/payments',
      },
    );
    expect(await gateway.getOwnerRef('component:ops/billing')).toEqual({
      available: true,
      value: 'group:ops/finance',
    });
    expect(await gateway.getOwnerRef('component:default/orphan')).toEqual({
      available: true,
      value: undefined,
    });
    expect(await gateway.getOwnerRef('component:default/nope')).toEqual({
      available: true,
      value: undefined,
    });
  });

  it('reads a team with members, title and rotation', async () => {
    const { gateway, logger } = setup();
    expect(await gateway.getTeam('payments')).toEqual({
      available: true,
      value: {
        groupRef: 'group:default/payments',
        title: 'Payments Team',
        members: [
          'user:default/alice',
          'user:default/bob',
          'user:default/carol',
        ],
        rotation: {
          rotation: ['user:alice', 'user:bob'],
          start: '2026-01-05T09:00:00.000Z',
          shift: 'P7D',
          escalation: ['group:payments-leads'],
          timezone: 'Europe/Berlin',
        },
      },
    });
    expect(logger.warn).not.toHaveBeenCalled();
    expect(await gateway.getTeam('group:default/nope')).toEqual({
      available: true,
      value: undefined,
    });
    // not a group
    expect(await gateway.getTeam('component:default/orphan')).toEqual({
      available: true,
      value: undefined,
    });
  });

  it('treats a malformed rotation as none and warns once per read', async () => {
    const { gateway, logger } = setup();
    const expected = {
      available: true,
      value: {
        groupRef: 'group:default/search',
        title: 'Search',
        members: ['user:default/erin'],
      },
    };
    expect(await gateway.getTeam('group:search')).toEqual(expected);
    expect(await gateway.getTeam('group:search')).toEqual(expected);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /^Ignoring malformed firebreak\.dev\/oncall annotation of group:default\/search: .*\(rotation\).*\(start\).*\(shift\)/,
    );
  });

  it('lists dependencies and dependents', async () => {
    const { gateway } = setup();
    expect(await gateway.getDependencies('component:payments-api')).toEqual({
      available: true,
      value: ['resource:default/payments-db', 'component:default/ledger'],
    });
    expect(await gateway.getDependents('component:payments-api')).toEqual({
      available: true,
      value: ['component:default/checkout'],
    });
    expect(await gateway.getDependents('component:nope')).toEqual({
      available: true,
      value: [],
    });
  });

  it('caches reads per ref for the TTL', async () => {
    const { gateway, getEntityByRef, advance } = setup({ ttl: 10_000 });
    await gateway.getOwnerRef('component:default/payments-api');
    await gateway.getDependencies('component:payments-api');
    await gateway.getDependents('component:default/payments-api');
    expect(getEntityByRef).toHaveBeenCalledTimes(1);

    advance(9_999);
    await gateway.getEntity('component:default/payments-api');
    expect(getEntityByRef).toHaveBeenCalledTimes(1);

    advance(1);
    await gateway.getEntity('component:default/payments-api');
    expect(getEntityByRef).toHaveBeenCalledTimes(2);

    await gateway.getTeam('group:default/payments');
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('asks again for an entity it did not find, so a new one is seen at once', async () => {
    const { gateway, getEntityByRef } = setup({ ttl: 10_000 });
    const found = testEntities.find(e => e.metadata.name === 'payments-api')!;
    getEntityByRef.mockResolvedValueOnce(undefined);
    expect(
      await gateway.getOwnerRef('component:default/payments-api'),
    ).toEqual({ available: true, value: undefined });

    // The catalog ingests the entity; the same instant, the owner is known.
    getEntityByRef.mockResolvedValueOnce(found);
    expect(
      await gateway.getOwnerRef('component:default/payments-api'),
    ).toEqual({ available: true, value: 'group:default/payments' });
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('shares one catalog call between concurrent reads', async () => {
    const { gateway, getEntityByRef } = setup();
    await Promise.all([
      gateway.getTeam('group:payments'),
      gateway.getTeam('group:default/payments'),
      gateway.getEntity('group:default/payments'),
    ]);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('reports an outage instead of throwing, does not cache it, and recovers', async () => {
    const { gateway, getEntityByRef, logger } = setup();
    getEntityByRef
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockRejectedValueOnce(new Error('ECONNREFUSED'));
    expect(await gateway.getOwnerRef('component:payments-api')).toEqual({
      available: false,
    });
    expect(await gateway.getDependencies('component:payments-api')).toEqual({
      available: false,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Catalog unavailable while reading component:default/payments-api; continuing without it',
      expect.objectContaining({ message: 'ECONNREFUSED' }),
    );
    // same instant: the failure was not cached, the next call asks again
    expect(await gateway.getOwnerRef('component:payments-api')).toEqual({
      available: true,
      value: 'group:default/payments',
    });
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('reports every method as unavailable when the catalog is down', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockRejectedValue(new Error('503')),
    });
    const gateway = new CatalogGateway({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    const down = { available: false };
    expect(await gateway.getEntity('component:a')).toEqual(down);
    expect(await gateway.getOwnerRef('component:a')).toEqual(down);
    expect(await gateway.getTeam('group:a')).toEqual(down);
    expect(await gateway.getDependencies('component:a')).toEqual(down);
    expect(await gateway.getDependents('component:a')).toEqual(down);
    expect(await gateway.displayName('component:default/a')).toBe(
      'component:default/a',
    );
  });

  it('names entities by profile display name, else title, else ref', async () => {
    const { gateway } = setup();
    expect(await gateway.displayName('group:default/payments')).toBe(
      'Payments Team',
    );
    expect(await gateway.displayName('group:search')).toBe('Search');
    expect(await gateway.displayName('component:default/orphan')).toBe(
      'component:default/orphan',
    );
    expect(await gateway.displayName('user:default/nobody')).toBe(
      'user:default/nobody',
    );
    // A ref that does not parse is shown as given, not refused
    expect(await gateway.displayName('not a ref')).toBe('not a ref');
  });

  it('lists the entities that carry an annotation, with its value', async () => {
    const { gateway } = setup();
    const listed = await gateway.listAnnotated('firebreak.dev/oncall');
    expect(listed.map(e => e.entityRef).sort()).toEqual([
      'group:default/payments',
      'group:default/search',
    ]);
    expect(listed).toContainEqual({
      entityRef: 'group:default/search',
      value: 'rotation: [alice]\nshift: weekly',
    });
    expect(await gateway.listAnnotated('firebreak.dev/heartbeats')).toEqual(
      [],
    );
  });
});
