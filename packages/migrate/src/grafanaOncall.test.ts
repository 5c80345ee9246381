import schedules from './__fixtures__/grafana-oncall/schedules.json';
import shifts from './__fixtures__/grafana-oncall/on_call_shifts.json';
import escalationChains from './__fixtures__/grafana-oncall/escalation_chains.json';
import escalationPolicies from './__fixtures__/grafana-oncall/escalation_policies.json';
import integrations from './__fixtures__/grafana-oncall/integrations.json';
import users from './__fixtures__/grafana-oncall/users.json';
import teamsMap from './__fixtures__/grafana-oncall/teams-map.json';
import { grafanaShift, mapGrafanaOncall } from './grafanaOncall';
import { Problem } from './types';

const full = () =>
  mapGrafanaOncall(
    {
      schedules,
      shifts,
      escalationChains,
      escalationPolicies,
      integrations,
      users,
    },
    { teams: teamsMap },
  );

function problem(kind: Problem['kind'], where: string, message: RegExp) {
  return { kind, where, message: expect.stringMatching(message) };
}

/** A calendar schedule "Web" (Europe/Paris) with one shift. */
function single(shift: Record<string, unknown>, schedule = {}) {
  return mapGrafanaOncall(
    {
      schedules: {
        results: [
          {
            id: 'SWEB',
            name: 'Web',
            type: 'calendar',
            team_id: null,
            time_zone: 'Europe/Paris',
            shifts: ['OWEB'],
            ...schedule,
          },
        ],
      },
      shifts: {
        results: [
          {
            id: 'OWEB',
            name: 'Web rotation',
            type: 'rolling_users',
            time_zone: null,
            level: 0,
            start: '2026-03-02T10:00:00',
            duration: 604800,
            frequency: 'weekly',
            interval: 1,
            by_day: null,
            rolling_users: [['UANN'], ['UBEN']],
            ...shift,
          },
        ],
      },
    },
    { users: { UANN: 'user:ann', UBEN: 'user:ben' } },
  );
}

describe('grafanaShift', () => {
  it.each([
    ['weekly', 1, 'P7D'],
    ['weekly', 2, 'P14D'],
    ['daily', 1, 'P1D'],
    ['daily', 2, 'P2D'],
    ['hourly', 8, 'PT8H'],
    ['monthly', 1, 'P1M'],
    ['weekly', undefined, 'P7D'],
  ])('%s interval %s is %s', (frequency, interval, shift) => {
    expect(grafanaShift(frequency, interval)).toBe(shift);
  });

  it('knows no other frequencies or intervals', () => {
    expect(grafanaShift('yearly', 1)).toBeUndefined();
    expect(grafanaShift('daily', 0)).toBeUndefined();
  });
});

describe('mapGrafanaOncall: the fixture export', () => {
  it('maps each schedule to its group, with exact annotation values', () => {
    const { groups } = full();
    expect(groups.map(g => [g.ref, g.oncall])).toEqual([
      [
        'group:checkout',
        {
          rotation: ['user:alice', 'user:bob', 'user:dan'],
          start: '2026-01-05T09:00:00',
          shift: 'P7D',
          escalation: ['user:erin', 'group:checkout-leads'],
          timezone: 'Europe/Berlin',
        },
      ],
      [
        'group:search',
        {
          // start_rotation_from_user_index 1: erin first; the unknown id is left out.
          rotation: ['user:erin', 'user:public-api-demo-user-1'],
          start: '2026-01-05T08:00:00',
          shift: 'P2D',
          escalation: ['group:checkout'],
          timezone: 'America/New_York',
        },
      ],
    ]);
    expect(groups[1].notes).toContainEqual(
      'the rotation starts from user group 2 (start_rotation_from_user_index 1)',
    );
  });

  it('takes the first user of each rolling_users group and reports the others', () => {
    expect(full().problems).toContainEqual(
      problem(
        'unmapped',
        'Grafana OnCall shift "Checkout weekly" of schedule "Checkout primary"',
        /^carol@example\.com shares turn 2 with user:bob; Firebreak has one primary per shift/,
      ),
    );
  });

  it('reports other layers, one-off shifts and iCal schedules', () => {
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Grafana OnCall shift "Business hours" of schedule "Checkout primary"',
          /^another rotation layer \(level 1\); .*"Checkout weekly" covers more/,
        ),
        problem(
          'unmapped',
          'Grafana OnCall shift "Release Fridays" of schedule "Checkout primary"',
          /a recurrent_event shift, not a rotation/,
        ),
        problem(
          'unmapped',
          'Grafana OnCall schedule "Infra (iCal)"',
          /iCal schedule: its shifts live in https:\/\/calendar\.example\.com\/infra\.ics/,
        ),
      ]),
    );
  });

  it('reports restricted hours and the end of the mapped shift', () => {
    const where =
      'Grafana OnCall shift "Search follow-the-sun" of schedule "Search"';
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem(
          'approximated',
          where,
          /^on call only 12 h from 08:00 of every 2 d \(restricted hours\) is not expressible: mapped as round the clock$/,
        ),
        problem('approximated', where, /^ends at 2026-06-30T08:00:00/),
      ]),
    );
  });

  it('reports users it cannot name', () => {
    expect(full().problems).toContainEqual(
      problem('unmapped', 'Grafana OnCall user UNKNOWN00000X', /--user-list/),
    );
  });

  it('orders policies by position and reports waits once per chain', () => {
    const { problems } = full();
    expect(problems.filter(p => /^waits of/.test(p.message))).toEqual([
      problem(
        'approximated',
        'Grafana OnCall escalation chain "Checkout"',
        /^waits of 5 min, 15 min between steps are not kept: .*incidents\.severities\[\]\.acknowledgeWithin/,
      ),
      problem(
        'approximated',
        'Grafana OnCall escalation chain "Search"',
        /^waits of 30 min /,
      ),
    ]);
  });

  it('reports the policy steps an escalation list cannot hold', () => {
    const checkout = 'Grafana OnCall escalation chain "Checkout"';
    const search = 'Grafana OnCall escalation chain "Search"';
    expect(full().problems).toEqual(
      expect.arrayContaining([
        problem('unmapped', `${checkout} step 6`, /^notify_whole_channel: /),
        problem('unmapped', `${checkout} step 7`, /^repeat_escalation: /),
        problem('approximated', checkout, /'important' steps/),
        problem(
          'unmapped',
          `${search} step 4`,
          /^notify_person_next_each_time: .*round robin/,
        ),
        problem('unmapped', `${search} step 5`, /^trigger_webhook: /),
        problem(
          'approximated',
          `${search} step 3`,
          /on-call of schedule "Checkout primary"; Firebreak escalates to group:checkout/,
        ),
        problem(
          'unmapped',
          'Grafana OnCall escalation chain "Unused"',
          /not attached to any group/,
        ),
      ]),
    );
  });

  it('maps a Slack user group only through --teams', () => {
    const { groups, problems } = mapGrafanaOncall(
      { schedules, shifts, escalationChains, escalationPolicies, users },
      { teams: { TI73TDU19W48J: 'group:checkout' } },
    );
    expect(groups[0].oncall.escalation).toEqual(['user:erin']);
    expect(problems).toContainEqual(
      problem(
        'unmapped',
        'Grafana OnCall escalation chain "Checkout" step 4',
        /Slack user group S0CHECKOUTLD, which is not a catalog group/,
      ),
    );
  });

  it('names groups after the schedule without --teams, and says so', () => {
    const { groups, problems } = mapGrafanaOncall({ schedules, shifts, users });
    expect(groups.map(g => g.ref)).toEqual([
      'group:checkout-primary',
      'group:search',
    ]);
    expect(problems).toContainEqual(
      problem(
        'guessed',
        'Grafana OnCall schedule "Checkout primary"',
        /goes to group:checkout-primary, named after the schedule \(team TI73TDU19W48J is not in --teams\)/,
      ),
    );
  });

  it('maps nothing without the user list, reporting every user id', () => {
    const { groups, problems } = mapGrafanaOncall({ schedules, shifts });
    expect(groups).toEqual([]);
    expect(problems).toContainEqual(
      problem('unmapped', 'Grafana OnCall user UC2CHRT5SD34X', /left out/),
    );
  });

  it('turns integrations into routing hints by their default route', () => {
    const { routing, problems } = full();
    expect(routing).toEqual([
      {
        integration: 'Checkout Alertmanager',
        type: 'alertmanager',
        source: 'alertmanager',
        group: 'group:checkout',
        replaces:
          'https://oncall.example.com/integrations/v1/alertmanager/mReAoNwDm0eMwKo1mTeTwYo/',
        alertMatch: 'team=checkout',
        catchAllLabel: { name: 'team', value: 'checkout' },
      },
      {
        integration: 'Search Grafana Alerting',
        type: 'grafana_alerting',
        source: 'grafana',
        group: 'group:search',
        replaces:
          'https://oncall.example.com/integrations/v1/grafana_alerting/x7Yt2KqP9sLm4NvB8cDe3FgH/',
        alertMatch: 'team=search',
        catchAllLabel: { name: 'team', value: 'search' },
      },
      {
        integration: 'Deploy webhook',
        type: 'webhook',
        source: 'generic',
        group: 'group:checkout',
        replaces:
          'https://oncall.example.com/integrations/v1/webhook/Qw3Er5Ty7Ui9Op1As3Df5Gh/',
        alertMatch: 'team=checkout',
        catchAllLabel: { name: 'team', value: 'checkout' },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Grafana OnCall integration "Support mailbox" (inbound_email)',
          /no e-mail ingestion/,
        ),
        problem(
          'approximated',
          'Grafana OnCall integration "Deploy webhook" (webhook)',
          /reshape the payload/,
        ),
      ]),
    );
  });
});

describe('mapGrafanaOncall: single features', () => {
  const where = 'Grafana OnCall shift "Web rotation" of schedule "Web"';

  it('maps a clean weekly rotation without problems', () => {
    const { groups, problems } = single({});
    expect(groups[0].oncall).toEqual({
      rotation: ['user:ann', 'user:ben'],
      start: '2026-03-02T10:00:00',
      shift: 'P7D',
      escalation: [],
      timezone: 'Europe/Paris',
    });
    expect(problems.filter(p => p.kind !== 'guessed')).toEqual([]);
  });

  it('reports by_day and shorter turns as restricted hours', () => {
    const { groups, problems } = single({
      frequency: 'daily',
      duration: 8 * 3600,
      by_day: ['MO', 'TU', 'WE', 'TH', 'FR'],
    });
    expect(groups[0].oncall.shift).toBe('P1D');
    expect(problems).toEqual(
      expect.arrayContaining([
        problem(
          'approximated',
          where,
          /^on call only on MO, TU, WE, TH, FR \(by_day\) is not expressible: mapped as every day$/,
        ),
        problem(
          'approximated',
          where,
          /^on call only 8 h from 10:00 of every 1 d \(restricted hours\)/,
        ),
      ]),
    );
  });

  it('reads the start in the shift zone over the schedule zone, else UTC', () => {
    expect(single({ time_zone: 'Asia/Tokyo' }).groups[0].oncall).toMatchObject({
      start: '2026-03-02T10:00:00',
      timezone: 'Asia/Tokyo',
    });
    const utc = single({}, { time_zone: null }).groups[0].oncall;
    expect(utc.start).toBe('2026-03-02T10:00:00Z');
    expect(utc.timezone).toBeUndefined();
    const bad = single({ time_zone: 'Moon/Base' });
    expect(bad.groups[0].oncall.start).toBe('2026-03-02T10:00:00Z');
    expect(bad.problems).toContainEqual(
      problem('unmapped', where, /'Moon\/Base' is not an IANA zone/),
    );
  });

  it('links web-schedule shifts by schedule_id', () => {
    const { groups } = mapGrafanaOncall(
      {
        schedules: {
          results: [{ id: 'SWEB', name: 'Web', type: 'web', time_zone: 'UTC' }],
        },
        shifts: {
          results: [
            {
              id: 'OX',
              name: 'Rotation 1',
              type: 'rolling_users',
              schedule_id: 'SWEB',
              start: '2026-03-02T10:00:00',
              duration: 86400,
              frequency: 'daily',
              rolling_users: [['UANN']],
            },
          ],
        },
      },
      { users: { UANN: 'ann' } },
    );
    expect(groups[0].oncall).toEqual({
      rotation: ['user:ann'],
      start: '2026-03-02T10:00:00',
      shift: 'P1D',
      escalation: [],
      timezone: 'UTC',
    });
  });

  it('reports a schedule without shifts and a missing shift', () => {
    const { groups, problems } = single({ id: 'OTHER' });
    expect(groups).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        problem(
          'unmapped',
          'Grafana OnCall schedule "Web"',
          /shift OWEB is not in the on_call_shifts export/,
        ),
        problem('unmapped', 'Grafana OnCall schedule "Web"', /no shifts found/),
      ]),
    );
  });

  it('names the expected answer when the shape is wrong', () => {
    expect(() => mapGrafanaOncall({ schedules: { data: [] } })).toThrow(
      "schedules: expected the answer of GET /api/v1/schedules/ (an object with a 'results' list), got an object with data",
    );
    expect(() =>
      mapGrafanaOncall({ schedules, shifts: { results: 'x' } }),
    ).toThrow(
      /^shifts: expected the answer of GET \/api\/v1\/on_call_shifts\//,
    );
  });
});
