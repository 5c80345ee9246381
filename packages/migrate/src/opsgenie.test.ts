import schedules from './__fixtures__/opsgenie/schedules.json';
import escalations from './__fixtures__/opsgenie/escalations.json';
import integrations from './__fixtures__/opsgenie/integrations.json';
import usersMap from './__fixtures__/opsgenie/users-map.json';
import {
  describeTimeRestriction,
  mapOpsgenie,
  opsgenieShift,
} from './opsgenie';
import { ExportShapeError, Problem } from './types';

const full = () =>
  mapOpsgenie({ schedules, escalations, integrations }, { users: usersMap });

/** One schedule with the given rotations, owned by team "web". */
function schedule(rotations: unknown[], extra: Record<string, unknown> = {}) {
  return {
    data: [
      {
        id: 's1',
        name: 'Web',
        timezone: 'Europe/Paris',
        enabled: true,
        ownerTeam: { id: 't1', name: 'web' },
        rotations,
        ...extra,
      },
    ],
  };
}

const user = (username: string) => ({ type: 'user', username });
const rotation = (extra: Record<string, unknown> = {}) => ({
  name: 'Main',
  startDate: '2026-02-02T10:00:00+01:00',
  type: 'weekly',
  length: 1,
  participants: [user('ann@example.com'), user('ben@example.com')],
  ...extra,
});

function problem(kind: Problem['kind'], where: string, message: RegExp) {
  return { kind, where, message: expect.stringMatching(message) };
}

describe('opsgenieShift', () => {
  it.each([
    ['weekly', 1, 'P7D'],
    ['weekly', 2, 'P14D'],
    ['daily', 1, 'P1D'],
    ['daily', 3, 'P3D'],
    ['hourly', 12, 'PT12H'],
    ['hourly', undefined, 'PT1H'],
  ])('%s length %s is %s', (type, length, shift) => {
    expect(opsgenieShift(type, length)).toBe(shift);
  });

  it('knows no other types or lengths', () => {
    expect(opsgenieShift('monthly', 1)).toBeUndefined();
    expect(opsgenieShift('weekly', 0)).toBeUndefined();
    expect(opsgenieShift('weekly', 1.5)).toBeUndefined();
  });
});

describe('mapOpsgenie: the fixture export', () => {
  it('maps each team schedule to its group, with exact annotation values', () => {
    const { groups } = full();
    expect(groups.map(g => [g.ref, g.oncall])).toEqual([
      [
        'group:payments',
        {
          rotation: ['user:alice', 'user:bob', 'user:carol'],
          start: '2026-01-05T09:00:00+01:00',
          shift: 'P7D',
          escalation: ['group:payments-leads', 'user:dana'],
          timezone: 'Europe/Berlin',
        },
      ],
      [
        'group:platform-team',
        {
          rotation: ['user:erin', 'user:frank'],
          start: '2026-01-05T14:00:00Z',
          shift: 'PT12H',
          escalation: ['group:payments', 'group:platform-team'],
          timezone: 'America/New_York',
        },
      ],
      [
        'group:data-oncall',
        {
          rotation: ['user:gina', 'user:hugo'],
          start: '2026-01-06T08:00:00Z',
          shift: 'P2D',
          escalation: [],
          timezone: 'UTC',
        },
      ],
    ]);
  });

  it('takes users from --users, else guesses from the e-mail and says so', () => {
    const guessed = mapOpsgenie({ schedules });
    expect(guessed.groups[0].oncall.rotation).toEqual([
      'user:alice',
      'user:bob.builder',
      'user:carol',
    ]);
    expect(guessed.problems).toContainEqual(
      problem(
        'guessed',
        'Opsgenie user Bob.Builder@example.com',
        /mapped to user:bob\.builder from its e-mail/,
      ),
    );
    // Mapped by --users (keys compared case-insensitively): no guess reported.
    expect(full().problems.map(p => p.where)).not.toContain(
      'Opsgenie user Bob.Builder@example.com',
    );
  });

  it('maps teams from --teams by id or name, else guesses from the name', () => {
    const { groups, problems } = mapOpsgenie(
      { schedules },
      {
        teams: {
          '90098a39-f0e3-41d3-a060-0ea895027630': 'group:ops/payments',
          'Platform Team': 'platform',
          'data-oncall': 'group:data',
        },
      },
    );
    expect(groups.map(g => g.ref)).toEqual([
      'group:ops/payments',
      'group:platform',
      'group:data',
    ]);
    expect(
      problems.filter(
        p => p.kind === 'guessed' && /team|schedule/.test(p.where),
      ),
    ).toEqual([]);
    expect(mapOpsgenie({ schedules }).problems).toContainEqual(
      problem(
        'guessed',
        'Opsgenie team "Platform Team"',
        /mapped to group:platform-team from its name/,
      ),
    );
  });

  it('reports the rotations beyond the one per group', () => {
    expect(full().problems).toContainEqual(
      problem(
        'unmapped',
        'Opsgenie rotation "Business hours backup" of schedule "Payments_schedule"',
        /one rotation per group and "Primary" has the most users/,
      ),
    );
  });

  it('reports team and escalation participants', () => {
    const where =
      'Opsgenie rotation "Day shift" of schedule "Platform_schedule"';
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem('unmapped', where, /^participant 2 is team "sre": .*left out/),
        problem(
          'unmapped',
          where,
          /^participant 4 is escalation "Platform_escalation"/,
        ),
      ]),
    );
  });

  it('reports the time restriction and the end date of the mapped rotation', () => {
    const where =
      'Opsgenie rotation "Day shift" of schedule "Platform_schedule"';
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem(
          'approximated',
          where,
          /^on call only 09:00–21:00 every day \(time restriction\) is not expressible.*mapped as round the clock$/,
        ),
        problem('approximated', where, /^ends at 2026-12-31T14:00:00Z/),
      ]),
    );
  });

  it('reports disabled schedules and escalations without a group', () => {
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Opsgenie schedule "Legacy_schedule"',
          /disabled in Opsgenie/,
        ),
        problem(
          'unmapped',
          'Opsgenie escalation "Orphan_escalation"',
          /not attached to any group/,
        ),
      ]),
    );
  });

  it('keeps the primary and secondary rules out of the list, and says why', () => {
    const payments = full().groups[0];
    expect(payments.from).toEqual([
      'Opsgenie schedule "Payments_schedule" rotation "Primary"',
      'Opsgenie escalation "Payments_escalation"',
    ]);
    expect(payments.notes).toEqual([
      expect.stringMatching(/rule 1 .* is the primary, paged first/),
      expect.stringMatching(/rule 2 .* is Firebreak's secondary/),
    ]);
    // The escalation names "next": no extra warning about the secondary.
    expect(
      full().problems.filter(
        p =>
          p.where === 'Opsgenie escalation "Payments_escalation"' &&
          /secondary/.test(p.message),
      ),
    ).toEqual([]);
  });

  it('reports delays once per escalation, naming the real config key', () => {
    const delays = full().problems.filter(p => /^waits of/.test(p.message));
    expect(delays).toEqual([
      problem(
        'approximated',
        'Opsgenie escalation "Payments_escalation"',
        /^waits of 5 min, 10 min, 15 min between steps are not kept: .*incidents\.severities\[\]\.acknowledgeWithin/,
      ),
      problem(
        'approximated',
        'Opsgenie escalation "Platform_escalation"',
        /^waits of 30 min, 1 h, 2 h /,
      ),
    ]);
  });

  it('reports repeats, if-not-closed, nested escalations and team notify types', () => {
    const where = 'Opsgenie escalation "Platform_escalation"';
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Opsgenie escalation "Payments_escalation"',
          /^repeats 2 time\(s\) every 10 min/,
        ),
        problem('approximated', `${where} rule 1`, /'if-not-closed'/),
        problem(
          'approximated',
          `${where} rule 2`,
          /on-call of schedule "Payments_schedule"; Firebreak escalates to group:payments, which notifies all of its members/,
        ),
        problem(
          'approximated',
          `${where} rule 3`,
          /the admins of team "Platform Team"/,
        ),
        problem(
          'unmapped',
          `${where} rule 4`,
          /hands over to escalation "Payments_escalation"/,
        ),
        problem(
          'approximated',
          where,
          /escalates to the secondary .* before group:payments/,
        ),
      ]),
    );
  });

  it('turns integrations into routing hints and reports the others', () => {
    const { routing, problems } = full();
    expect(routing).toEqual([
      {
        integration: 'Payments Prometheus',
        type: 'Prometheus',
        source: 'alertmanager',
        group: 'group:payments',
        alertMatch: 'team=payments',
        catchAllLabel: { name: 'team', value: 'payments' },
      },
      {
        integration: 'Platform API',
        type: 'API',
        source: 'generic',
        group: 'group:platform-team',
        alertMatch: 'team=platform-team',
        catchAllLabel: { name: 'team', value: 'platform-team' },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Opsgenie integration "Ops mailbox" (Email)',
          /no endpoint for this integration type/,
        ),
        problem(
          'unmapped',
          'Opsgenie integration "Old Datadog" (Datadog)',
          /disabled/,
        ),
      ]),
    );
  });
});

describe('mapOpsgenie: single features', () => {
  it('picks the rotation with the most users', () => {
    const { groups, problems } = mapOpsgenie({
      schedules: schedule([
        rotation({ name: 'Small', participants: [user('ann@example.com')] }),
        rotation({
          name: 'Big',
          type: 'daily',
          participants: [
            user('ben@example.com'),
            user('cat@example.com'),
            user('dev@example.com'),
          ],
        }),
      ]),
    });
    expect(groups[0].oncall.rotation).toEqual([
      'user:ben',
      'user:cat',
      'user:dev',
    ]);
    expect(groups[0].oncall.shift).toBe('P1D');
    expect(problems).toContainEqual(
      problem(
        'unmapped',
        'Opsgenie rotation "Small" of schedule "Web"',
        /"Big" has the most users: not mapped \(1 user\(s\), weekly\)/,
      ),
    );
  });

  it('reports a weekday time restriction as round the clock', () => {
    const restriction = {
      type: 'weekday-and-time-of-day',
      restrictions: [
        {
          startDay: 'monday',
          startHour: 9,
          startMin: 0,
          endDay: 'friday',
          endHour: 17,
          endMin: 30,
        },
      ],
    };
    expect(describeTimeRestriction(restriction)).toBe(
      'only monday 09:00–friday 17:30',
    );
    const { groups, problems } = mapOpsgenie({
      schedules: schedule([rotation({ timeRestriction: restriction })]),
    });
    expect(groups).toHaveLength(1);
    expect(problems).toContainEqual(
      problem(
        'approximated',
        'Opsgenie rotation "Main" of schedule "Web"',
        /^on call only monday 09:00–friday 17:30 \(time restriction\) is not expressible: .*mapped as round the clock$/,
      ),
    );
  });

  it("reports 'none' slots and users it cannot name", () => {
    const { groups, problems } = mapOpsgenie({
      schedules: schedule([
        rotation({
          participants: [
            user('ann@example.com'),
            { type: 'none' },
            { type: 'user', id: '0b4c5d6e' },
          ],
        }),
      ]),
    });
    expect(groups[0].oncall.rotation).toEqual(['user:ann']);
    expect(problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Opsgenie rotation "Main" of schedule "Web"',
          /^participant 2 is a 'none' slot \(nobody on call\)/,
        ),
        problem('unmapped', 'Opsgenie user 0b4c5d6e', /left out/),
      ]),
    );
    // Mapped by id through --users, the same participant takes its turn.
    expect(
      mapOpsgenie(
        {
          schedules: schedule([
            rotation({ participants: [{ type: 'user', id: '0b4c5d6e' }] }),
          ]),
        },
        { users: { '0b4c5d6e': 'zoe' } },
      ).groups[0].oncall.rotation,
    ).toEqual(['user:zoe']);
  });

  it('leaves out a rotation it cannot time, and reports it', () => {
    const { groups, problems } = mapOpsgenie({
      schedules: schedule([rotation({ type: 'monthly' })]),
    });
    expect(groups).toEqual([]);
    expect(problems).toContainEqual(
      problem(
        'unmapped',
        'Opsgenie rotation "Main" of schedule "Web"',
        /type 'monthly'/,
      ),
    );
  });

  it('reports a schedule time zone that is not an IANA zone, keeping the offset', () => {
    const { groups, problems } = mapOpsgenie({
      schedules: schedule([rotation()], { timezone: 'Mars/Olympus' }),
    });
    expect(groups[0].oncall).toEqual({
      rotation: ['user:ann', 'user:ben'],
      start: '2026-02-02T10:00:00+01:00',
      shift: 'P7D',
      escalation: [],
    });
    expect(problems).toContainEqual(
      problem('unmapped', 'Opsgenie schedule "Web"', /'Mars\/Olympus'/),
    );
  });

  it('reports a second schedule of the same team', () => {
    const two = schedule([rotation()]);
    two.data.push({ ...two.data[0], id: 's2', name: 'Web backup' });
    const { groups, problems } = mapOpsgenie({ schedules: two });
    expect(groups).toHaveLength(1);
    expect(problems).toContainEqual(
      problem(
        'unmapped',
        'Opsgenie schedule "Web backup"',
        /group:web already has the rotation of schedule/,
      ),
    );
  });
});

describe('mapOpsgenie: wrong input', () => {
  it('names the expected answer when the shape is wrong', () => {
    expect(() => mapOpsgenie({ schedules: { results: [] } })).toThrow(
      new ExportShapeError(
        "schedules: expected the answer of GET /v2/schedules?expand=rotation (an object with a 'data' list), got an object with results",
      ),
    );
    expect(() => mapOpsgenie({ schedules: { data: [42] } })).toThrow(
      /entry 1 of 'data' is a number, not an object/,
    );
    expect(() =>
      mapOpsgenie({ schedules, escalations: { data: 'x' } }),
    ).toThrow(/^escalations: expected the answer of GET \/v2\/escalations/);
  });

  it('asks for expand=rotation when no schedule has rotations', () => {
    expect(() =>
      mapOpsgenie({ schedules: { data: [{ id: 's', name: 'Web' }] } }),
    ).toThrow(/export them with GET \/v2\/schedules\?expand=rotation/);
  });
});
