import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { OncallOverride } from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { NewOncallOverride, OncallOverrideStore } from './OncallOverrideStore';
import { OncallService } from './OncallService';

const NOW = new Date('2026-01-07T12:00:00Z');
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const DANA = 'user:default/dana';
const PAYMENTS = 'group:default/payments';

/** In-memory stand-in for the four override methods of the store. */
class FakeOverrideStore implements OncallOverrideStore {
  readonly rows: OncallOverride[] = [];
  private nextId = 1;

  constructor(private readonly clock: () => Date) {}

  async createOncallOverride(o: NewOncallOverride): Promise<OncallOverride> {
    const row: OncallOverride = {
      id: this.nextId++,
      groupRef: o.groupRef,
      userRef: o.userRef,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      ...(o.reason ? { reason: o.reason } : {}),
      createdBy: o.createdBy,
      createdAt: this.clock().toISOString(),
    };
    this.rows.push(row);
    return row;
  }

  async listOncallOverrides(options: {
    groupRefs?: string[];
    from?: Date;
    to?: Date;
  }): Promise<OncallOverride[]> {
    return this.rows
      .filter(
        r =>
          (!options.groupRefs || options.groupRefs.includes(r.groupRef)) &&
          (!options.to || Date.parse(r.startsAt) < options.to.getTime()) &&
          (!options.from || Date.parse(r.endsAt) > options.from.getTime()),
      )
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  }

  async getOncallOverride(id: number) {
    return this.rows.find(r => r.id === id);
  }

  async deleteOncallOverride(id: number) {
    const index = this.rows.findIndex(r => r.id === id);
    if (index < 0) return false;
    this.rows.splice(index, 1);
    return true;
  }
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        'firebreak.dev/oncall': [
          'rotation: [user:alice, user:bob, user:carol]',
          'start: 2026-01-05T09:00:00Z',
          'shift: P7D',
          'escalation: [group:payments-leads, user:dana]',
        ].join('\n'),
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
    kind: 'Group',
    metadata: {
      name: 'storefront',
      title: 'Storefront',
      annotations: {
        'firebreak.dev/oncall': [
          'rotation: [user:grace, user:alice]',
          'start: 2026-01-07T08:00:00Z',
          'shift: P1D',
        ].join('\n'),
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'search' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/erin' },
      { type: 'hasMember', targetRef: 'user:default/frank' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'side-project' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'user:dana' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orphan' },
    spec: { type: 'service', lifecycle: 'experimental' },
  },
];

function setup() {
  let now = NOW;
  const clock = () => now;
  const catalog = catalogServiceMock({ entities });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const gateway = new CatalogGateway({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    clock,
  });
  const store = new FakeOverrideStore(clock);
  const service = new OncallService({ catalog: gateway, store, clock });
  const setNow = (iso: string) => {
    now = new Date(iso);
  };
  return { service, store, getEntityByRef, setNow };
}

const valid = {
  groupRef: 'group:payments',
  userRef: 'user:dana',
  startsAt: '2026-01-07T13:00:00Z',
  endsAt: '2026-01-08T09:00:00+01:00',
  reason: 'alice at the dentist',
};

describe('OncallService.createOverride', () => {
  it('stores a valid override with normalised refs and the actor', async () => {
    const { service, store } = setup();
    const created = await service.createOverride(valid, ALICE);
    expect(created).toEqual({
      id: 1,
      groupRef: PAYMENTS,
      userRef: DANA,
      startsAt: '2026-01-07T13:00:00.000Z',
      endsAt: '2026-01-08T08:00:00.000Z',
      reason: 'alice at the dentist',
      createdBy: ALICE,
      createdAt: NOW.toISOString(),
    });
    expect(store.rows).toEqual([created]);
    // bare names take the field's kind; an empty reason is dropped
    await expect(
      service.createOverride(
        { ...valid, groupRef: 'payments', userRef: 'dana', reason: ' ' },
        ALICE,
      ),
    ).resolves.not.toHaveProperty('reason');
  });

  it.each([
    [
      { groupRef: 'user:alice' },
      'groupRef must be a group entity ref such as group:default/payments',
    ],
    [
      { groupRef: undefined },
      'groupRef must be a group entity ref such as group:default/payments',
    ],
    [
      { userRef: 'group:payments' },
      'userRef must be a user entity ref such as user:default/alice',
    ],
    [
      { userRef: 42 },
      'userRef must be a user entity ref such as user:default/alice',
    ],
    [
      { startsAt: 'tomorrow' },
      'startsAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    ],
    [
      { endsAt: '2026-01-08T09:00:00' },
      'endsAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    ],
    [{ endsAt: '2026-01-07T13:00:00Z' }, 'endsAt must be after startsAt'],
    [
      { startsAt: '2026-01-07T00:00:00Z', endsAt: '2026-01-07T12:00:00Z' },
      'endsAt must be in the future',
    ],
    [
      { endsAt: '2026-02-07T13:00:00.001Z' },
      'endsAt must be at most 31 days after startsAt',
    ],
    [{ reason: 'x'.repeat(501) }, 'reason must be at most 500 characters'],
    [{ reason: 7 }, 'reason must be a string'],
  ])('refuses %j', async (patch, message) => {
    const { service, store } = setup();
    const error = await service
      .createOverride({ ...valid, ...(patch as object) } as any, ALICE)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`Invalid on-call override: ${message}`);
    expect(store.rows).toEqual([]);
  });

  it('names every broken field at once', async () => {
    const { service } = setup();
    await expect(service.createOverride({} as any, ALICE)).rejects.toThrow(
      /groupRef must be .*; userRef must be .*; startsAt must be .*; endsAt must be /,
    );
  });

  it('accepts exactly 31 days and a start in the past', async () => {
    const { service } = setup();
    await expect(
      service.createOverride(
        {
          ...valid,
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '2026-02-01T00:00:00Z',
        },
        ALICE,
      ),
    ).resolves.toMatchObject({ id: 1 });
  });
});

describe('OncallService on-call', () => {
  it('resolves entity → owner → team rotation', async () => {
    const { service } = setup();
    expect(await service.getOncallForEntity('component:payments-api')).toEqual({
      entityRef: 'component:default/payments-api',
      ownerRef: PAYMENTS,
      catalogAvailable: true,
      oncall: {
        groupRef: PAYMENTS,
        source: 'rotation',
        primary: ALICE,
        secondary: BOB,
        escalation: ['group:default/payments-leads', DANA],
        shiftStart: '2026-01-05T09:00:00.000Z',
        shiftEnd: '2026-01-12T09:00:00.000Z',
        members: [ALICE, BOB],
      },
    });
  });

  it('lets an override take effect exactly at its start', async () => {
    const { service, setNow } = setup();
    const created = await service.createOverride(valid, ALICE);
    expect((await service.getOncallForGroup('group:payments')).primary).toBe(
      ALICE,
    );
    expect(
      (
        await service.getOncallForEntity(
          'component:default/payments-api',
          new Date('2026-01-07T12:59:59.999Z'),
        )
      ).oncall?.primary,
    ).toBe(ALICE);
    setNow('2026-01-07T13:00:00Z');
    expect(
      (await service.getOncallForEntity('component:default/payments-api'))
        .oncall,
    ).toMatchObject({ primary: DANA, secondary: ALICE, override: created });
    setNow('2026-01-08T08:00:00Z');
    expect(await service.getOncallForGroup(PAYMENTS)).toMatchObject({
      primary: ALICE,
      secondary: BOB,
    });
  });

  it('uses members for a group without rotation, and the owner for user-owned entities', async () => {
    const { service } = setup();
    expect(await service.getOncallForGroup('group:search')).toEqual({
      groupRef: 'group:default/search',
      source: 'members',
      escalation: [],
      members: ['user:default/erin', 'user:default/frank'],
    });
    expect(
      await service.getOncallForEntity('component:default/side-project'),
    ).toMatchObject({
      ownerRef: DANA,
      catalogAvailable: true,
      oncall: { groupRef: DANA, source: 'members', members: [DANA] },
    });
  });

  it('answers unknown groups and owner-less entities without failing', async () => {
    const { service } = setup();
    expect(await service.getOncallForGroup('group:nobody')).toMatchObject({
      groupRef: 'group:default/nobody',
      source: 'unknown',
      members: [],
    });
    expect(
      await service.getOncallForEntity('component:default/orphan'),
    ).toEqual({
      entityRef: 'component:default/orphan',
      catalogAvailable: true,
    });
    await expect(service.getOncallForEntity('orphan')).rejects.toThrow(
      InputError,
    );
  });

  it('never throws when the catalog is down; stored overrides still apply', async () => {
    const { service, getEntityByRef, setNow } = setup();
    await service.createOverride(valid, ALICE);
    setNow('2026-01-07T14:00:00Z');
    getEntityByRef.mockRejectedValue(new Error('catalog down'));
    expect(
      await service.getOncallForEntity('component:default/payments-api'),
    ).toEqual({
      entityRef: 'component:default/payments-api',
      catalogAvailable: false,
    });
    expect(await service.getOncallForGroup(PAYMENTS)).toMatchObject({
      source: 'unknown',
      primary: DANA,
      members: [],
    });
    expect(await service.getScheduleForGroup(PAYMENTS)).toEqual([]);
  });

  it('still applies overrides when only the team read fails', async () => {
    const { service, getEntityByRef, setNow } = setup();
    await service.createOverride(valid, ALICE);
    setNow('2026-01-07T14:00:00Z');
    const healthy = catalogServiceMock({ entities });
    getEntityByRef.mockImplementation(async (ref, options) => {
      if (String(ref).startsWith('group:')) throw new Error('timeout');
      return healthy.getEntityByRef(ref, options);
    });
    expect(
      await service.getOncallForEntity('component:default/payments-api'),
    ).toEqual({
      entityRef: 'component:default/payments-api',
      ownerRef: PAYMENTS,
      catalogAvailable: false,
      oncall: {
        groupRef: PAYMENTS,
        source: 'unknown',
        primary: DANA,
        override: expect.objectContaining({ userRef: DANA }),
        escalation: [],
        members: [],
      },
    });
  });

  it('says when the owner and team came from the last known catalog snapshot', async () => {
    const clock = () => NOW;
    const fromSnapshot = (takenAt: string) => ({
      takenAt,
      ageMs: NOW.getTime() - Date.parse(takenAt),
    });
    // The owner was last read at 11:00, the team at 10:00: the older one bounds it.
    const catalog = {
      getOwnerRef: jest.fn().mockResolvedValue({
        available: true,
        value: PAYMENTS,
        snapshot: fromSnapshot('2026-01-07T11:00:00.000Z'),
      }),
      getTeam: jest.fn().mockResolvedValue({
        available: true,
        value: { groupRef: PAYMENTS, members: [ALICE, BOB] },
        snapshot: fromSnapshot('2026-01-07T10:00:00.000Z'),
      }),
    };
    const service = new OncallService({
      catalog,
      store: new FakeOverrideStore(clock),
      clock,
    });
    expect(
      await service.getOncallForEntity('component:default/payments-api'),
    ).toEqual({
      entityRef: 'component:default/payments-api',
      ownerRef: PAYMENTS,
      catalogAvailable: false,
      snapshotAt: '2026-01-07T10:00:00.000Z',
      oncall: expect.objectContaining({
        source: 'members',
        members: [ALICE, BOB],
      }),
    });
  });

  it('lists the schedule with overrides cut in', async () => {
    const { service } = setup();
    const created = await service.createOverride(valid, ALICE);
    expect(await service.getScheduleForGroup(PAYMENTS, { count: 3 })).toEqual([
      {
        userRef: ALICE,
        start: '2026-01-05T09:00:00.000Z',
        end: '2026-01-07T13:00:00.000Z',
      },
      {
        userRef: DANA,
        start: '2026-01-07T13:00:00.000Z',
        end: '2026-01-08T08:00:00.000Z',
        overrideId: created.id,
      },
      {
        userRef: ALICE,
        start: '2026-01-08T08:00:00.000Z',
        end: '2026-01-12T09:00:00.000Z',
      },
    ]);
  });
});

describe('OncallService overrides', () => {
  it('lists overrides of a group overlapping a window', async () => {
    const { service } = setup();
    const first = await service.createOverride(valid, ALICE);
    const second = await service.createOverride(
      {
        ...valid,
        startsAt: '2026-01-20T00:00:00Z',
        endsAt: '2026-01-21T00:00:00Z',
      },
      ALICE,
    );
    await service.createOverride({ ...valid, groupRef: 'group:search' }, ALICE);
    expect(await service.listOverrides({ groupRef: 'group:payments' })).toEqual(
      [first, second],
    );
    expect(
      await service.listOverrides({
        groupRef: PAYMENTS,
        from: new Date('2026-01-08T08:00:00Z'),
        to: new Date('2026-02-01T00:00:00Z'),
      }),
    ).toEqual([second]);
    await expect(service.listOverrides({ from: NOW, to: NOW })).rejects.toThrow(
      InputError,
    );
  });

  it('deletes an override and says NotFound for a missing one', async () => {
    const { service, store } = setup();
    const created = await service.createOverride(valid, ALICE);
    await expect(service.deleteOverride(created.id)).resolves.toBeUndefined();
    expect(store.rows).toEqual([]);
    await expect(service.deleteOverride(created.id)).rejects.toThrow(
      NotFoundError,
    );
    await expect(service.deleteOverride(999)).rejects.toThrow(
      'On-call override 999 not found',
    );
  });
});

describe('OncallService.getShiftsForUser', () => {
  const STOREFRONT = 'group:default/storefront';

  it("gives the user's shift now and the next one in each team, on call now first", async () => {
    const { service } = setup();
    // Payments: alice from Jan 5 for a week, then bob, carol, alice again from Jan 26.
    // Storefront: grace on Jan 7, alice on Jan 8 (daily, from 08:00).
    expect(
      await service.getShiftsForUser({
        userRef: 'user:alice',
        groupRefs: ['group:storefront', 'payments', PAYMENTS],
      }),
    ).toEqual({
      userRef: ALICE,
      at: NOW.toISOString(),
      catalogAvailable: true,
      items: [
        {
          groupRef: PAYMENTS,
          current: {
            userRef: ALICE,
            start: '2026-01-05T09:00:00.000Z',
            end: '2026-01-12T09:00:00.000Z',
          },
          next: {
            userRef: ALICE,
            start: '2026-01-26T09:00:00.000Z',
            end: '2026-02-02T09:00:00.000Z',
          },
        },
        {
          groupRef: STOREFRONT,
          title: 'Storefront',
          next: {
            userRef: ALICE,
            start: '2026-01-08T08:00:00.000Z',
            end: '2026-01-09T08:00:00.000Z',
          },
        },
      ],
    });
  });

  it('follows the clock and the instant asked about', async () => {
    const { service, setNow } = setup();
    setNow('2026-01-12T09:00:00Z');
    const bob = await service.getShiftsForUser({
      userRef: BOB,
      groupRefs: [PAYMENTS],
    });
    expect(bob.items[0].current).toEqual({
      userRef: BOB,
      start: '2026-01-12T09:00:00.000Z',
      end: '2026-01-19T09:00:00.000Z',
    });
    expect(bob.items[0].next?.start).toBe('2026-02-02T09:00:00.000Z');
    const earlier = await service.getShiftsForUser({
      userRef: BOB,
      groupRefs: [PAYMENTS],
      at: new Date('2026-01-12T08:59:59Z'),
    });
    expect(earlier.at).toBe('2026-01-12T08:59:59.000Z');
    expect(earlier.items[0]).not.toHaveProperty('current');
    expect(earlier.items[0].next?.start).toBe('2026-01-12T09:00:00.000Z');
  });

  it('cuts overrides in: the cover gets the stretch, the covered person keeps the rest', async () => {
    const { service } = setup();
    const created = await service.createOverride(valid, ALICE);
    const alice = await service.getShiftsForUser({
      userRef: ALICE,
      groupRefs: [PAYMENTS],
    });
    expect(alice.items[0]).toMatchObject({
      current: {
        start: '2026-01-05T09:00:00.000Z',
        end: '2026-01-07T13:00:00.000Z',
      },
      next: {
        start: '2026-01-08T08:00:00.000Z',
        end: '2026-01-12T09:00:00.000Z',
      },
    });
    // Dana is not in the rotation; the override alone gives her a shift.
    const dana = await service.getShiftsForUser({
      userRef: DANA,
      groupRefs: [PAYMENTS],
    });
    expect(dana.items).toEqual([
      {
        groupRef: PAYMENTS,
        next: {
          userRef: DANA,
          start: '2026-01-07T13:00:00.000Z',
          end: '2026-01-08T08:00:00.000Z',
          overrideId: created.id,
        },
      },
    ]);
  });

  it('leaves out teams without a rotation, unknown ones and those without a shift for the user', async () => {
    const { service } = setup();
    const erin = await service.getShiftsForUser({
      userRef: 'user:default/erin',
      groupRefs: ['group:search', 'group:nobody', PAYMENTS],
    });
    expect(erin).toEqual({
      userRef: 'user:default/erin',
      at: NOW.toISOString(),
      catalogAvailable: true,
      items: [],
    });
    expect(
      await service.getShiftsForUser({ userRef: ALICE, groupRefs: [] }),
    ).toMatchObject({ items: [], catalogAvailable: true });
  });

  it('says when the catalog could not be read instead of failing', async () => {
    const { service, getEntityByRef } = setup();
    getEntityByRef.mockRejectedValue(new Error('catalog down'));
    expect(
      await service.getShiftsForUser({ userRef: ALICE, groupRefs: [PAYMENTS] }),
    ).toMatchObject({ items: [], catalogAvailable: false });
  });

  it('refuses malformed refs as input errors', async () => {
    const { service } = setup();
    await expect(
      service.getShiftsForUser({ userRef: ALICE, groupRefs: ['group:'] }),
    ).rejects.toThrow(InputError);
  });
});

describe('OncallService.getTeamSchedule', () => {
  it('lists four weeks from now by default, with secondaries and overrides', async () => {
    const { service } = setup();
    const created = await service.createOverride(valid, ALICE);
    const schedule = await service.getTeamSchedule('payments');
    expect(schedule).toMatchObject({
      groupRef: PAYMENTS,
      timezone: 'UTC',
      shift: 'P7D',
      from: NOW.toISOString(),
      to: '2026-02-04T12:00:00.000Z',
      truncated: false,
      catalogAvailable: true,
    });
    expect(
      schedule.shifts.map(s => [s.start, s.userRef, s.secondaryRef]),
    ).toEqual([
      ['2026-01-05T09:00:00.000Z', ALICE, BOB],
      ['2026-01-07T13:00:00.000Z', DANA, ALICE],
      ['2026-01-08T08:00:00.000Z', ALICE, BOB],
      ['2026-01-12T09:00:00.000Z', BOB, 'user:default/carol'],
      ['2026-01-19T09:00:00.000Z', 'user:default/carol', ALICE],
      ['2026-01-26T09:00:00.000Z', ALICE, BOB],
      ['2026-02-02T09:00:00.000Z', BOB, 'user:default/carol'],
    ]);
    expect(schedule.shifts[1].overrideId).toBe(created.id);
  });

  it('answers the window asked about, up to 92 days, naming a bad bound', async () => {
    const { service } = setup();
    const from = new Date('2026-03-02T00:00:00Z');
    const week = await service.getTeamSchedule(PAYMENTS, {
      from,
      to: new Date('2026-03-09T00:00:00Z'),
    });
    expect(week.shifts.map(s => s.start)).toEqual([
      '2026-02-23T09:00:00.000Z',
      '2026-03-02T09:00:00.000Z',
    ]);
    await expect(
      service.getTeamSchedule(PAYMENTS, { from, to: from }),
    ).rejects.toThrow("'to' must be after 'from'");
    await expect(
      service.getTeamSchedule(PAYMENTS, {
        from,
        to: new Date('2026-06-03T00:00:00Z'),
      }),
    ).rejects.toThrow("'to' must be at most 92 days after 'from'");
  });

  it('has no shifts for a team without rotation, and says when the catalog is down', async () => {
    const { service, getEntityByRef } = setup();
    expect(await service.getTeamSchedule('group:search')).toMatchObject({
      shifts: [],
      catalogAvailable: true,
    });
    expect(
      (await service.getTeamSchedule('group:search')).timezone,
    ).toBeUndefined();
    getEntityByRef.mockRejectedValue(new Error('catalog down'));
    expect(await service.getTeamSchedule('group:storefront')).toMatchObject({
      shifts: [],
      catalogAvailable: false,
    });
  });
});

describe('OncallService.getShiftsForUser until', () => {
  it("lists the user's stretches in every team up to the bound", async () => {
    const { service } = setup();
    const result = await service.getShiftsForUser({
      userRef: ALICE,
      groupRefs: [PAYMENTS, 'group:storefront'],
      until: new Date('2026-01-12T00:00:00Z'),
    });
    expect(
      result.items.map(i => [i.groupRef, i.upcoming?.map(s => s.start)]),
    ).toEqual([
      [PAYMENTS, ['2026-01-05T09:00:00.000Z']],
      [
        'group:default/storefront',
        ['2026-01-08T08:00:00.000Z', '2026-01-10T08:00:00.000Z'],
      ],
    ]);
  });

  it('refuses a bound before the instant or too far after it', async () => {
    const { service } = setup();
    await expect(
      service.getShiftsForUser({
        userRef: ALICE,
        groupRefs: [PAYMENTS],
        until: NOW,
      }),
    ).rejects.toThrow("'until' must be after 'at'");
    await expect(
      service.getShiftsForUser({
        userRef: ALICE,
        groupRefs: [PAYMENTS],
        until: new Date('2026-06-01T00:00:00Z'),
      }),
    ).rejects.toThrow(InputError);
  });

  it('leaves upcoming out without a bound', async () => {
    const { service } = setup();
    const result = await service.getShiftsForUser({
      userRef: ALICE,
      groupRefs: [PAYMENTS],
    });
    expect(result.items[0]).not.toHaveProperty('upcoming');
  });
});
