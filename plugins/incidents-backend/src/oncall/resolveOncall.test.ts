import {
  OncallOverride,
  OncallRotation,
} from '@firebreak/plugin-incidents-common';
import {
  MAX_WINDOW_SHIFTS,
  nextShifts,
  resolveOncall,
  ResolveOncallInput,
  shiftsBetween,
} from './resolveOncall';

const GROUP = 'group:default/payments';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const DANA = 'user:default/dana';

const weekly: OncallRotation = {
  rotation: ['user:alice', 'user:bob', 'user:carol'],
  start: '2026-01-05T09:00:00.000Z',
  shift: 'P7D',
  escalation: ['group:payments-leads', 'user:dana'],
};

function at(
  now: string,
  rest: Partial<ResolveOncallInput> = {},
): ResolveOncallInput {
  return {
    groupRef: 'group:payments',
    rotation: weekly,
    members: [],
    overrides: [],
    now: new Date(now),
    ...rest,
  };
}

let nextId = 1;
function override(
  userRef: string,
  startsAt: string,
  endsAt: string,
  extra: Partial<OncallOverride> = {},
): OncallOverride {
  return {
    id: nextId++,
    groupRef: GROUP,
    userRef,
    startsAt,
    endsAt,
    createdBy: 'user:default/admin',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('resolveOncall with a rotation', () => {
  it('rotates the primary through the list, the next person being secondary', () => {
    const expected = [
      ['2026-01-05T09:00:00Z', ALICE, BOB, '2026-01-05T09:00:00.000Z'],
      ['2026-01-13T15:00:00Z', BOB, CAROL, '2026-01-12T09:00:00.000Z'],
      ['2026-01-20T09:00:00Z', CAROL, ALICE, '2026-01-19T09:00:00.000Z'],
      ['2026-01-26T10:00:00Z', ALICE, BOB, '2026-01-26T09:00:00.000Z'],
    ];
    for (const [now, primary, secondary, shiftStart] of expected) {
      expect(resolveOncall(at(now))).toMatchObject({
        groupRef: GROUP,
        source: 'rotation',
        primary,
        secondary,
        shiftStart,
      });
    }
    expect(resolveOncall(at('2026-01-06T00:00:00Z'))).toEqual({
      groupRef: GROUP,
      source: 'rotation',
      primary: ALICE,
      secondary: BOB,
      escalation: ['group:default/payments-leads', DANA],
      shiftStart: '2026-01-05T09:00:00.000Z',
      shiftEnd: '2026-01-12T09:00:00.000Z',
      members: [],
    });
  });

  it('gives the handover instant to the next person', () => {
    expect(resolveOncall(at('2026-01-12T08:59:59.999Z'))).toMatchObject({
      primary: ALICE,
      shiftEnd: '2026-01-12T09:00:00.000Z',
    });
    expect(resolveOncall(at('2026-01-12T09:00:00.000Z'))).toMatchObject({
      primary: BOB,
      shiftStart: '2026-01-12T09:00:00.000Z',
      shiftEnd: '2026-01-19T09:00:00.000Z',
    });
  });

  it('counts shifts backwards before the start, wrapping around the rotation', () => {
    expect(resolveOncall(at('2026-01-05T08:59:59.999Z'))).toMatchObject({
      primary: CAROL,
      secondary: ALICE,
      shiftStart: '2025-12-29T09:00:00.000Z',
      shiftEnd: '2026-01-05T09:00:00.000Z',
    });
    expect(resolveOncall(at('2025-12-29T09:00:00.000Z'))).toMatchObject({
      primary: CAROL,
    });
    expect(resolveOncall(at('2025-12-29T08:59:59.999Z'))).toMatchObject({
      primary: BOB,
      secondary: CAROL,
    });
    expect(resolveOncall(at('2025-12-15T09:00:00.000Z'))).toMatchObject({
      primary: ALICE,
      shiftStart: '2025-12-15T09:00:00.000Z',
    });
    // far back: 300 shifts before the start, 300 mod 3 = 0
    expect(resolveOncall(at('2020-04-06T10:00:00.000Z'))).toMatchObject({
      primary: ALICE,
      shiftStart: '2020-04-06T09:00:00.000Z',
    });
  });

  it('has no secondary with a single person', () => {
    const result = resolveOncall(
      at('2026-02-01T00:00:00Z', {
        rotation: { ...weekly, rotation: ['user:alice'] },
      }),
    );
    expect(result.primary).toBe(ALICE);
    expect(result).not.toHaveProperty('secondary');
    expect(result.shiftStart).toBe('2026-01-26T09:00:00.000Z');
  });

  it('reports catalog members next to the rotation, normalised', () => {
    expect(
      resolveOncall(at('2026-01-06T00:00:00Z', { members: ['user:bob', BOB] }))
        .members,
    ).toEqual([BOB]);
  });

  it('treats an unusable rotation like none', () => {
    expect(
      resolveOncall(
        at('2026-01-06T00:00:00Z', {
          rotation: { ...weekly, shift: 'weekly' },
          members: ['user:alice'],
        }),
      ),
    ).toMatchObject({ source: 'members', members: [ALICE] });
  });
});

describe('resolveOncall across daylight-saving changes', () => {
  // 2026-03-23 09:00 CET; DST starts Sunday 2026-03-29, ends Sunday 2026-10-25.
  const daily: OncallRotation = {
    rotation: ['user:alice', 'user:bob'],
    start: '2026-03-23T08:00:00.000Z',
    shift: 'P1D',
    escalation: [],
    timezone: 'Europe/Berlin',
  };

  it('keeps a P1D handover at 09:00 Berlin when summer time starts', () => {
    expect(
      resolveOncall(at('2026-03-28T12:00:00Z', { rotation: daily })),
    ).toMatchObject({
      primary: BOB,
      shiftStart: '2026-03-28T08:00:00.000Z',
      shiftEnd: '2026-03-29T07:00:00.000Z', // a 23-hour shift
    });
    expect(
      resolveOncall(at('2026-03-29T06:59:59.999Z', { rotation: daily })),
    ).toMatchObject({ primary: BOB });
    expect(
      resolveOncall(at('2026-03-29T07:00:00.000Z', { rotation: daily })),
    ).toMatchObject({
      primary: ALICE,
      shiftStart: '2026-03-29T07:00:00.000Z',
      shiftEnd: '2026-03-30T07:00:00.000Z',
    });
    expect(
      nextShifts(at('2026-03-27T12:00:00Z', { rotation: daily }), 4),
    ).toEqual([
      {
        userRef: ALICE,
        start: '2026-03-27T08:00:00.000Z',
        end: '2026-03-28T08:00:00.000Z',
      },
      {
        userRef: BOB,
        start: '2026-03-28T08:00:00.000Z',
        end: '2026-03-29T07:00:00.000Z',
      },
      {
        userRef: ALICE,
        start: '2026-03-29T07:00:00.000Z',
        end: '2026-03-30T07:00:00.000Z',
      },
      {
        userRef: BOB,
        start: '2026-03-30T07:00:00.000Z',
        end: '2026-03-31T07:00:00.000Z',
      },
    ]);
  });

  it('keeps a P1D handover at 09:00 Berlin when summer time ends', () => {
    // 2026-10-19 is 210 days after 2026-03-23: an even count, so alice's day
    const october = daily;
    expect(
      resolveOncall(at('2026-10-19T12:00:00Z', { rotation: october })),
    ).toMatchObject({
      primary: ALICE,
      shiftStart: '2026-10-19T07:00:00.000Z',
    });
    expect(
      resolveOncall(at('2026-10-24T12:00:00Z', { rotation: october })),
    ).toMatchObject({
      primary: BOB,
      shiftStart: '2026-10-24T07:00:00.000Z',
      shiftEnd: '2026-10-25T08:00:00.000Z', // a 25-hour shift
    });
    expect(
      resolveOncall(at('2026-10-25T07:59:59.999Z', { rotation: october })),
    ).toMatchObject({ primary: BOB });
    expect(
      resolveOncall(at('2026-10-25T08:00:00.000Z', { rotation: october })),
    ).toMatchObject({
      primary: ALICE,
      shiftStart: '2026-10-25T08:00:00.000Z',
      shiftEnd: '2026-10-26T08:00:00.000Z',
    });
  });

  it('keeps a weekly Monday 09:00 Berlin handover into summer', () => {
    const result = resolveOncall(
      at('2026-07-01T12:00:00Z', {
        rotation: {
          ...weekly,
          start: '2026-01-05T08:00:00.000Z',
          timezone: 'Europe/Berlin',
        },
      }),
    );
    // 25 weeks later: 25 mod 3 = 1
    expect(result).toMatchObject({
      primary: BOB,
      shiftStart: '2026-06-29T07:00:00.000Z',
      shiftEnd: '2026-07-06T07:00:00.000Z',
    });
  });

  it('keeps PT12H shifts at 12 real hours across the change', () => {
    const twelve: OncallRotation = {
      rotation: ['user:alice', 'user:bob'],
      start: '2026-03-28T20:00:00.000Z',
      shift: 'PT12H',
      escalation: [],
      timezone: 'Europe/Berlin',
    };
    expect(
      resolveOncall(at('2026-03-29T12:00:00Z', { rotation: twelve })),
    ).toMatchObject({
      primary: BOB,
      shiftStart: '2026-03-29T08:00:00.000Z',
      shiftEnd: '2026-03-29T20:00:00.000Z',
    });
    const shifts = nextShifts(
      at('2026-03-28T20:00:00Z', { rotation: twelve }),
      6,
    );
    for (const s of shifts) {
      expect(Date.parse(s.end) - Date.parse(s.start)).toBe(12 * 3600_000);
    }
    expect(shifts.map(s => s.start)).toEqual([
      '2026-03-28T20:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-03-29T20:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-03-30T20:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    ]);
  });

  it('keeps PT12H at 12 real hours when summer time ends', () => {
    const twelve: OncallRotation = {
      rotation: ['user:alice', 'user:bob'],
      start: '2026-10-24T20:00:00.000Z',
      shift: 'PT12H',
      escalation: [],
      timezone: 'Europe/Berlin',
    };
    expect(
      resolveOncall(at('2026-10-25T12:00:00Z', { rotation: twelve })),
    ).toMatchObject({
      primary: BOB,
      shiftStart: '2026-10-25T08:00:00.000Z',
      shiftEnd: '2026-10-25T20:00:00.000Z',
    });
  });
});

describe('resolveOncall with overrides', () => {
  const cover = override(DANA, '2026-01-06T00:00:00Z', '2026-01-08T00:00:00Z');

  it('replaces the primary while the override covers now', () => {
    expect(
      resolveOncall(at('2026-01-07T00:00:00Z', { overrides: [cover] })),
    ).toMatchObject({
      source: 'rotation',
      primary: DANA,
      secondary: ALICE,
      override: cover,
      shiftStart: '2026-01-05T09:00:00.000Z',
      shiftEnd: '2026-01-12T09:00:00.000Z',
    });
    // startsAt is inclusive
    expect(
      resolveOncall(at('2026-01-06T00:00:00Z', { overrides: [cover] })).primary,
    ).toBe(DANA);
  });

  it('ignores an override that has not started yet or has ended', () => {
    for (const now of ['2026-01-05T23:59:59.999Z', '2026-01-08T00:00:00Z']) {
      const result = resolveOncall(at(now, { overrides: [cover] }));
      expect(result).toMatchObject({ primary: ALICE, secondary: BOB });
      expect(result).not.toHaveProperty('override');
    }
  });

  it('keeps the regular secondary when the scheduled person overrides themself', () => {
    const own = override(
      'user:alice',
      '2026-01-06T00:00:00Z',
      '2026-01-08T00:00:00Z',
    );
    expect(
      resolveOncall(at('2026-01-07T00:00:00Z', { overrides: [own] })),
    ).toMatchObject({ primary: ALICE, secondary: BOB, override: own });
  });

  it('makes the replaced primary secondary when the secondary covers', () => {
    const swap = override(BOB, '2026-01-06T00:00:00Z', '2026-01-08T00:00:00Z');
    expect(
      resolveOncall(at('2026-01-07T00:00:00Z', { overrides: [swap] })),
    ).toMatchObject({ primary: BOB, secondary: ALICE });
  });

  it('lets the newest of overlapping overrides win and ignores other groups', () => {
    const older = override(
      CAROL,
      '2026-01-06T00:00:00Z',
      '2026-01-09T00:00:00Z',
    );
    const newer = override(
      DANA,
      '2026-01-07T00:00:00Z',
      '2026-01-08T00:00:00Z',
      {
        createdAt: '2026-01-02T00:00:00.000Z',
      },
    );
    const elsewhere = override(
      BOB,
      '2026-01-01T00:00:00Z',
      '2026-01-30T00:00:00Z',
      {
        groupRef: 'group:default/search',
        createdAt: '2026-01-03T00:00:00.000Z',
      },
    );
    const overrides = [elsewhere, newer, older];
    expect(
      resolveOncall(at('2026-01-07T12:00:00Z', { overrides })).primary,
    ).toBe(DANA);
    expect(
      resolveOncall(at('2026-01-08T12:00:00Z', { overrides })).primary,
    ).toBe(CAROL);
    expect(
      resolveOncall(at('2026-01-10T12:00:00Z', { overrides })).primary,
    ).toBe(ALICE);
  });

  it('cuts the schedule around an override', () => {
    const shifts = nextShifts(
      at('2026-01-05T12:00:00Z', {
        overrides: [
          override('user:dana', '2026-01-10T00:00:00Z', '2026-01-14T00:00:00Z'),
        ],
      }),
      5,
    );
    expect(shifts).toEqual([
      {
        userRef: ALICE,
        start: '2026-01-05T09:00:00.000Z',
        end: '2026-01-10T00:00:00.000Z',
      },
      {
        userRef: DANA,
        start: '2026-01-10T00:00:00.000Z',
        end: '2026-01-14T00:00:00.000Z',
        overrideId: expect.any(Number),
      },
      {
        userRef: BOB,
        start: '2026-01-14T00:00:00.000Z',
        end: '2026-01-19T09:00:00.000Z',
      },
      {
        userRef: CAROL,
        start: '2026-01-19T09:00:00.000Z',
        end: '2026-01-26T09:00:00.000Z',
      },
      {
        userRef: ALICE,
        start: '2026-01-26T09:00:00.000Z',
        end: '2026-02-02T09:00:00.000Z',
      },
    ]);
  });
});

describe('resolveOncall without a rotation', () => {
  it('makes all members the on-call set', () => {
    expect(
      resolveOncall(
        at('2026-01-07T00:00:00Z', {
          rotation: undefined,
          members: ['user:alice', 'user:default/bob'],
        }),
      ),
    ).toEqual({
      groupRef: GROUP,
      source: 'members',
      escalation: [],
      members: [ALICE, BOB],
    });
  });

  it('still honours an override as the primary', () => {
    const cover = override(
      DANA,
      '2026-01-06T00:00:00Z',
      '2026-01-08T00:00:00Z',
    );
    expect(
      resolveOncall(
        at('2026-01-07T00:00:00Z', {
          rotation: undefined,
          members: [ALICE],
          overrides: [cover],
        }),
      ),
    ).toMatchObject({ source: 'members', primary: DANA, override: cover });
  });

  it('says unknown without rotation and members', () => {
    expect(
      resolveOncall(at('2026-01-07T00:00:00Z', { rotation: undefined })),
    ).toEqual({
      groupRef: GROUP,
      source: 'unknown',
      escalation: [],
      members: [],
    });
  });
});

describe('nextShifts', () => {
  it('lists the current shift first, then the following ones', () => {
    expect(nextShifts(at('2026-01-13T00:00:00Z'), 3)).toEqual([
      {
        userRef: BOB,
        start: '2026-01-12T09:00:00.000Z',
        end: '2026-01-19T09:00:00.000Z',
      },
      {
        userRef: CAROL,
        start: '2026-01-19T09:00:00.000Z',
        end: '2026-01-26T09:00:00.000Z',
      },
      {
        userRef: ALICE,
        start: '2026-01-26T09:00:00.000Z',
        end: '2026-02-02T09:00:00.000Z',
      },
    ]);
  });

  it('does not merge the shifts of a single-person rotation', () => {
    const shifts = nextShifts(
      at('2026-01-13T00:00:00Z', {
        rotation: { ...weekly, rotation: ['user:alice'] },
      }),
      2,
    );
    expect(shifts.map(s => [s.userRef, s.end])).toEqual([
      [ALICE, '2026-01-19T09:00:00.000Z'],
      [ALICE, '2026-01-26T09:00:00.000Z'],
    ]);
  });

  it('merges one override spanning several shifts', () => {
    const long = override(DANA, '2026-01-10T00:00:00Z', '2026-01-25T00:00:00Z');
    const shifts = nextShifts(
      at('2026-01-11T00:00:00Z', { overrides: [long] }),
      2,
    );
    expect(shifts).toEqual([
      {
        userRef: DANA,
        start: '2026-01-10T00:00:00.000Z',
        end: '2026-01-25T00:00:00.000Z',
        overrideId: long.id,
      },
      {
        userRef: CAROL,
        start: '2026-01-25T00:00:00.000Z',
        end: '2026-01-26T09:00:00.000Z',
      },
    ]);
  });

  it('is empty without a rotation or for a count of 0', () => {
    expect(
      nextShifts(at('2026-01-13T00:00:00Z', { rotation: undefined }), 3),
    ).toEqual([]);
    expect(nextShifts(at('2026-01-13T00:00:00Z'), 0)).toEqual([]);
  });
});

describe('shiftsBetween', () => {
  it('lists every stretch overlapping the window with its secondary', () => {
    const { shifts, truncated } = shiftsBetween(
      at('2026-01-13T00:00:00Z'),
      new Date('2026-01-26T09:00:00Z'),
    );
    expect(truncated).toBe(false);
    expect(shifts).toEqual([
      {
        userRef: BOB,
        secondaryRef: CAROL,
        start: '2026-01-12T09:00:00.000Z',
        end: '2026-01-19T09:00:00.000Z',
      },
      {
        userRef: CAROL,
        secondaryRef: ALICE,
        start: '2026-01-19T09:00:00.000Z',
        end: '2026-01-26T09:00:00.000Z',
      },
    ]);
  });

  it('backs an override up with the person it replaced, as resolveOncall does', () => {
    const cover = override(
      DANA,
      '2026-01-14T09:00:00Z',
      '2026-01-15T09:00:00Z',
    );
    const input = at('2026-01-13T00:00:00Z', { overrides: [cover] });
    const { shifts } = shiftsBetween(input, new Date('2026-01-19T09:00:00Z'));
    expect(
      shifts.map(s => [s.start, s.userRef, s.secondaryRef, s.overrideId]),
    ).toEqual([
      ['2026-01-12T09:00:00.000Z', BOB, CAROL, undefined],
      ['2026-01-14T09:00:00.000Z', DANA, BOB, cover.id],
      ['2026-01-15T09:00:00.000Z', BOB, CAROL, undefined],
    ]);
    for (const s of shifts) {
      const now = resolveOncall({ ...input, now: new Date(s.start) });
      expect([now.primary, now.secondary]).toEqual([s.userRef, s.secondaryRef]);
    }
  });

  it('shows an override running past the window end whole', () => {
    const long = override(DANA, '2026-01-18T00:00:00Z', '2026-01-21T00:00:00Z');
    const { shifts } = shiftsBetween(
      at('2026-01-13T00:00:00Z', { overrides: [long] }),
      new Date('2026-01-19T09:00:00Z'),
    );
    expect(shifts.map(s => [s.userRef, s.end])).toEqual([
      [BOB, '2026-01-18T00:00:00.000Z'],
      [DANA, '2026-01-21T00:00:00.000Z'],
    ]);
  });

  it('keeps daily handovers at 09:00 Berlin through the week summer time starts', () => {
    const { shifts } = shiftsBetween(
      at('2026-03-26T08:00:00Z', {
        rotation: {
          rotation: ['user:alice', 'user:bob'],
          start: '2026-03-23T09:00:00',
          shift: 'P1D',
          escalation: [],
          timezone: 'Europe/Berlin',
        },
      }),
      new Date('2026-03-31T07:00:00Z'),
    );
    // 09:00 CET is 08:00Z until Sunday 29 March, 09:00 CEST is 07:00Z from then on;
    // the Saturday shift is 23 hours long.
    expect(shifts.map(s => s.start)).toEqual([
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('stops at the cap and says so', () => {
    const { shifts, truncated } = shiftsBetween(
      at('2026-01-13T00:00:00Z', {
        rotation: { ...weekly, shift: 'PT1H' },
      }),
      new Date('2026-03-13T00:00:00Z'),
    );
    expect(truncated).toBe(true);
    expect(shifts).toHaveLength(MAX_WINDOW_SHIFTS);
  });

  it('is empty without a rotation', () => {
    expect(
      shiftsBetween(
        at('2026-01-13T00:00:00Z', { rotation: undefined }),
        new Date('2026-02-13T00:00:00Z'),
      ),
    ).toEqual({ shifts: [], truncated: false });
  });
});
