import { parseOncallAnnotation } from '@firebreak/plugin-incidents-common';
import schedules from './__fixtures__/opsgenie/schedules.json';
import escalations from './__fixtures__/opsgenie/escalations.json';
import integrations from './__fixtures__/opsgenie/integrations.json';
import grafanaSchedules from './__fixtures__/grafana-oncall/schedules.json';
import grafanaShifts from './__fixtures__/grafana-oncall/on_call_shifts.json';
import grafanaChains from './__fixtures__/grafana-oncall/escalation_chains.json';
import grafanaPolicies from './__fixtures__/grafana-oncall/escalation_policies.json';
import grafanaIntegrations from './__fixtures__/grafana-oncall/integrations.json';
import grafanaUsers from './__fixtures__/grafana-oncall/users.json';
import teamsMap from './__fixtures__/grafana-oncall/teams-map.json';
import { checkReport, yamlBlocks } from './__testUtils__/catalogCheck';
import { mapGrafanaOncall } from './grafanaOncall';
import { mapOpsgenie } from './opsgenie';
import {
  renderAnnotationsSnippet,
  renderOncallAnnotation,
  renderReport,
} from './render';
import { routingHint } from './shared';
import { MigrationResult } from './types';

const opsgenieReport = () =>
  renderReport(mapOpsgenie({ schedules, escalations, integrations }));
const grafanaReport = () =>
  renderReport(
    mapGrafanaOncall(
      {
        schedules: grafanaSchedules,
        shifts: grafanaShifts,
        escalationChains: grafanaChains,
        escalationPolicies: grafanaPolicies,
        integrations: grafanaIntegrations,
        users: grafanaUsers,
      },
      { teams: teamsMap },
    ),
  );

function report(oncall: MigrationResult['groups'][0]['oncall']): string {
  return renderReport({
    product: 'Opsgenie',
    groups: [{ ref: 'group:web', from: ['a test'], oncall, notes: [] }],
    routing: [],
    problems: [],
  });
}

describe('renderOncallAnnotation', () => {
  it('writes the fields the parser reads, leaving out empty ones', () => {
    expect(
      renderOncallAnnotation({
        rotation: ['user:alice', 'user:bob'],
        start: '2026-01-05T09:00:00',
        shift: 'P7D',
        escalation: ['group:payments-leads', 'user:dana'],
        timezone: 'Europe/Berlin',
      }),
    ).toBe(
      'rotation: [user:alice, user:bob]\nstart: 2026-01-05T09:00:00\nshift: P7D\n' +
        'escalation: [group:payments-leads, user:dana]\ntimezone: Europe/Berlin\n',
    );
    expect(
      renderOncallAnnotation({
        rotation: ['user:alice'],
        start: '2026-01-05T09:00:00Z',
        shift: 'PT12H',
        escalation: [],
      }),
    ).toBe(
      'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: PT12H\n',
    );
  });

  it('reads back as the same rotation, a local start in its zone', () => {
    const parsed = parseOncallAnnotation(
      renderOncallAnnotation({
        rotation: ['user:alice', 'user:bob'],
        start: '2026-01-05T09:00:00',
        shift: 'P7D',
        escalation: ['group:leads'],
        timezone: 'Europe/Berlin',
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        rotation: ['user:alice', 'user:bob'],
        start: '2026-01-05T08:00:00.000Z',
        shift: 'P7D',
        escalation: ['group:leads'],
        timezone: 'Europe/Berlin',
      },
    });
  });
});

describe('renderAnnotationsSnippet', () => {
  it('writes a block scalar for multi-line values', () => {
    expect(
      renderAnnotationsSnippet({
        'firebreak.dev/oncall': 'rotation: [user:a]\nshift: P1D\n',
        'firebreak.dev/alert-match': 'team=web',
      }),
    ).toBe(
      [
        'metadata:',
        '  annotations:',
        '    firebreak.dev/oncall: |',
        '      rotation: [user:a]',
        '      shift: P1D',
        '    firebreak.dev/alert-match: team=web',
      ].join('\n'),
    );
  });
});

describe('renderReport', () => {
  it('prints a snippet per group, the routing hints, then the problems', () => {
    const text = opsgenieReport();
    const sections = [...text.matchAll(/^#{1,3} (.*)$/gm)].map(m => m[1]);
    expect(sections).toEqual([
      'Firebreak on-call from Opsgenie',
      'group:payments',
      'group:platform-team',
      'group:data-oncall',
      'Alert routing',
      '"Payments Prometheus" (Prometheus) → group:payments',
      '"Platform API" (API) → group:platform-team',
      'Could not map (29)',
      'Not mapped (9)',
      'Mapped, but Firebreak behaves differently (8)',
      'Guessed: check these names (12)',
    ]);
    expect(text).toContain(
      '- Endpoint: `POST https://<backstage>/api/incidents/alerts/alertmanager`',
    );
    expect(text).toMatch(
      /^### Not mapped \(9\)\n\n- Opsgenie rotation "Business hours backup"/m,
    );
    expect(text).toMatch(/^### Guessed: check these names \(\d+\)$/m);
  });

  it('says so when nothing is left to report', () => {
    expect(
      report({
        rotation: ['user:a'],
        start: '2026-01-05T09:00:00Z',
        shift: 'P1D',
        escalation: [],
      }),
    ).toContain('## Could not map (0)\n\nNothing: everything was mapped.\n');
  });
});

describe('routing hints', () => {
  it('route Events API v2 senders by payload fields, catching the rest by payload.group', async () => {
    const hint = routingHint({
      integration: 'PD bridge',
      type: 'pagerduty',
      source: 'events/v2',
      group: 'group:ops/payments',
    });
    expect(hint).toMatchObject({
      alertMatch: 'group=payments',
      catchAllLabel: { name: 'group', value: 'payments' },
    });
    const text = renderReport({
      product: 'Opsgenie',
      groups: [],
      routing: [hint],
      problems: [],
    });
    expect(text).toContain(
      '- Endpoint: `POST https://<backstage>/api/incidents/alerts/events/v2`',
    );
    expect(text).toContain('name the component in `payload.component`');
    expect(text).toContain('add `payload.group: payments` on each event');
    const checked = await checkReport(text);
    expect(checked).toEqual([
      {
        annotations: { 'firebreak.dev/alert-match': 'group=payments' },
        errors: [],
      },
    ]);
  });

  it('give no catch-all without a group', () => {
    expect(
      routingHint({ integration: 'x', type: 'API', source: 'generic' }),
    ).toEqual({ integration: 'x', type: 'API', source: 'generic' });
  });
});

describe("the catalog module's validator accepts the printed annotations", () => {
  it.each([
    ['Opsgenie', opsgenieReport, 5],
    ['Grafana OnCall', grafanaReport, 5],
  ])(
    '%s: every snippet passes FirebreakAnnotationsProcessor',
    async (_product, make, snippets) => {
      const checked = await checkReport(make());
      expect(checked).toHaveLength(snippets as number);
      expect(checked.flatMap(c => Object.keys(c.annotations)).sort()).toEqual(
        expect.arrayContaining([
          'firebreak.dev/oncall',
          'firebreak.dev/alert-match',
        ]),
      );
      expect(checked.map(c => c.errors)).toEqual(checked.map(() => []));
    },
  );

  it('catches a broken mapping: a shift that is not an ISO duration', async () => {
    const checked = await checkReport(
      report({
        rotation: ['user:a', 'user:b'],
        start: '2026-01-05T09:00:00Z',
        shift: 'weekly',
        escalation: [],
      }),
    );
    expect(checked.map(c => c.errors)).toEqual([
      [
        expect.stringMatching(
          /^firebreak\.dev\/oncall line 3 \(shift\): 'shift' must be a positive ISO-8601 duration/,
        ),
      ],
    ]);
  });

  it('catches a broken mapping: refs without a kind, a bad zone', async () => {
    const [checked] = await checkReport(
      report({
        rotation: ['alice'],
        start: '2026-01-05T09:00:00',
        shift: 'P7D',
        escalation: [],
        timezone: 'Berlin',
      }),
    );
    expect(checked.errors).toEqual([
      expect.stringMatching(
        /'alice' in 'rotation' is not a user: or group: entity ref/,
      ),
      expect.stringMatching(/'timezone' must be an IANA time zone/),
    ]);
  });

  it('finds every yaml block of the printed report', () => {
    expect(yamlBlocks(opsgenieReport())).toHaveLength(5);
    expect(yamlBlocks('no blocks')).toEqual([]);
  });
});
