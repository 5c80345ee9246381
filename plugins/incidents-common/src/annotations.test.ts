import {
  DEFAULT_HEARTBEAT_GRACE,
  DEFAULT_ONCALL_TIMEZONE,
  formatAnnotationProblem,
  parseAlertMatchAnnotation,
  parseAlertsAnnotation,
  parseHeartbeatsAnnotation,
  parseOncallAnnotation,
  parseRunbookAnnotation,
  parseStatusPageAnnotation,
} from './annotations';
import { parseJiraProjectAnnotation } from './annotations';

describe('firebreak.dev/alerts', () => {
  it('parses the runbook table', () => {
    const result = parseAlertsAnnotation(
      [
        '- alert: HighErrorRate',
        '  description: 5xx above 2% for 5 minutes',
        '  source: https://grafana.example.com/d/payments',
        '  runbook: https://wiki.example.com/runbooks/payments-5xx',
        '  severity: P2',
        '- alert: "disk:full /var"',
      ].join('\n'),
      { severities: ['P1', 'P2'] },
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          alert: 'HighErrorRate',
          description: '5xx above 2% for 5 minutes',
          source: 'https://grafana.example.com/d/payments',
          runbook: 'https://wiki.example.com/runbooks/payments-5xx',
          severity: 'P2',
        },
        { alert: 'disk:full /var' },
      ],
    });
  });

  it('names the line and field of each mistake', () => {
    const result = parseAlertsAnnotation(
      [
        '- alert: A',
        '  runbook: not-a-url',
        '- alert: B',
        '  severty: P1',
        '- alert: C',
        '  severity: P9',
      ].join('\n'),
      { severities: ['P1'] },
    );
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.problems.map(formatAnnotationProblem);
    expect(lines).toEqual([
      "firebreak.dev/alerts line 1 (runbook): 'runbook' of alert 'A' must be an http(s) URL",
      "firebreak.dev/alerts line 4 (severty): unknown field 'severty' (allowed: alert, description, source, runbook, severity)",
      "firebreak.dev/alerts line 5 (severity): severity 'P9' of alert 'C' is not one of P1",
    ]);
  });

  it('reports broken YAML and wrong shapes instead of throwing', () => {
    expect(parseAlertsAnnotation('- alert: [unclosed').ok).toBe(false);
    expect(parseAlertsAnnotation('alert: A')).toMatchObject({
      ok: false,
      problems: [{ message: 'must be a YAML list of alerts' }],
    });
    expect(parseAlertsAnnotation('- description: no name')).toMatchObject({
      ok: false,
      problems: [{ field: 'alert' }],
    });
  });
});

describe('firebreak.dev/oncall', () => {
  it('parses a rotation', () => {
    const result = parseOncallAnnotation(
      'rotation: [user:alice, user:bob]\nstart: 2026-01-05T09:00:00Z\nshift: P7D\nescalation: [group:payments-leads]\n',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        rotation: ['user:alice', 'user:bob'],
        start: '2026-01-05T09:00:00.000Z',
        shift: 'P7D',
        escalation: ['group:payments-leads'],
      },
    });
  });

  it('names the field that is wrong', () => {
    const result = parseOncallAnnotation(
      'rotation: [alice]\nstart: yesterday\nshift: weekly\n',
    );
    expect(result.ok).toBe(false);
    expect(
      result.ok ? [] : result.problems.map(p => [p.field, p.line]),
    ).toEqual([
      ['rotation', 1],
      ['start', 2],
      ['shift', 3],
    ]);
  });

  it('accepts an IANA timezone and reads a start without offset in it', () => {
    const result = parseOncallAnnotation(
      'rotation: [user:alice]\nstart: 2026-03-23T09:00:00\nshift: P1D\ntimezone: Europe/Berlin\n',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        rotation: ['user:alice'],
        start: '2026-03-23T08:00:00.000Z',
        shift: 'P1D',
        escalation: [],
        timezone: 'Europe/Berlin',
      },
    });
  });

  it('keeps an explicit offset in start when a timezone is given', () => {
    const result = parseOncallAnnotation(
      'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: P7D\ntimezone: America/New_York\n',
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        start: '2026-01-05T09:00:00.000Z',
        timezone: 'America/New_York',
      },
    });
  });

  it('leaves timezone out when not given (UTC is the default)', () => {
    const result = parseOncallAnnotation(
      'rotation: [user:alice]\nstart: 2026-01-05T09:00:00\nshift: PT12H\n',
    );
    expect(result.ok && result.value.timezone).toBeUndefined();
    expect(result.ok && result.value.start).toBe('2026-01-05T09:00:00.000Z');
    expect(DEFAULT_ONCALL_TIMEZONE).toBe('UTC');
  });

  it('refuses unknown zones, non-string zones and negative shift parts', () => {
    for (const tz of ['Mars/Olympus', '""', '1']) {
      const result = parseOncallAnnotation(
        `rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: P1D\ntimezone: ${tz}\n`,
      );
      expect(
        result.ok ? [] : result.problems.map(formatAnnotationProblem),
      ).toEqual([
        "firebreak.dev/oncall line 4 (timezone): 'timezone' must be an IANA time zone such as Europe/Berlin or UTC",
      ]);
    }
    expect(
      parseOncallAnnotation(
        'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: P1DT-1H\n',
      ),
    ).toMatchObject({ ok: false, problems: [{ field: 'shift', line: 3 }] });
  });

  it('lists timezone among the allowed fields', () => {
    const result = parseOncallAnnotation(
      'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: P1D\ntz: UTC\n',
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [
        {
          field: 'tz',
          line: 4,
          message:
            "unknown field 'tz' (allowed: rotation, start, shift, escalation, escalationBySeverity, repeat, timezone)",
        },
      ],
    });
  });
});

describe('firebreak.dev/oncall escalation policies', () => {
  const head =
    'rotation: [user:alice, user:bob]\nstart: 2026-01-05T09:00:00Z\nshift: P7D\n';

  it('parses levels with delays, per-severity levels and a repeat count', () => {
    const result = parseOncallAnnotation(
      [
        head.trimEnd(),
        'escalation:',
        '  - after: PT5M',
        '    notify: [secondary]',
        '  - after: PT10M',
        '    notify: [group:payments-leads, User:Dana, secondary]',
        'escalationBySeverity:',
        '  P1:',
        '    - after: PT2M',
        '      notify: [secondary, user:dana]',
        'repeat: 2',
      ].join('\n'),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        rotation: ['user:alice', 'user:bob'],
        start: '2026-01-05T09:00:00.000Z',
        shift: 'P7D',
        escalation: ['group:payments-leads', 'user:dana'],
        escalationLevels: [
          { after: 'PT5M', notify: ['secondary'] },
          {
            after: 'PT10M',
            notify: ['group:payments-leads', 'user:dana', 'secondary'],
          },
        ],
        escalationBySeverity: {
          P1: [{ after: 'PT2M', notify: ['secondary', 'user:dana'] }],
        },
        escalationRepeat: 2,
      },
    });
  });

  it('keeps the flat list as it was, and accepts a repeat with it', () => {
    expect(
      parseOncallAnnotation(`${head}escalation: [user:carol]\nrepeat: 1\n`),
    ).toEqual({
      ok: true,
      value: expect.objectContaining({
        escalation: ['user:carol'],
        escalationRepeat: 1,
      }),
    });
    const plain = parseOncallAnnotation(`${head}escalation: [user:carol]\n`);
    expect(plain.ok && plain.value).not.toHaveProperty('escalationLevels');
    expect(plain.ok && plain.value).not.toHaveProperty('escalationRepeat');
  });

  it('names the line and field of each mistake in the levels', () => {
    const result = parseOncallAnnotation(
      [
        head.trimEnd(), // lines 1-3
        'escalation:', // 4
        '  - after: soon', // 5
        '    notify: [secondary]', // 6
        '  - after: PT10M', // 7
        '    notify: [tertiary, user:dana]', // 8
        '    wait: PT1M', // 9
        '  - user:carol', // 10
        '  - after: PT1M', // 11
        'escalationBySeverity:', // 12
        '  "P 1":', // 13
        '    - after: PT1M', // 14
        '      notify: [primary]', // 15
        '  P2: []', // 16
        'repeat: -1', // 17
      ].join('\n'),
    );
    expect(result.ok).toBe(false);
    expect(
      result.ok ? [] : result.problems.map(p => [p.line, p.field, p.message]),
    ).toEqual([
      [
        5,
        'escalation.after',
        "level 1 of 'escalation' needs 'after', an ISO-8601 duration such as PT5M (PT0M for at once)",
      ],
      [
        9,
        'escalation.wait',
        "unknown field 'wait' in level 2 of 'escalation' (allowed: after, notify)",
      ],
      [
        8,
        'escalation.notify',
        "'tertiary' in level 2 of 'escalation' is not primary, secondary or a user: or group: entity ref",
      ],
      [
        10,
        'escalation',
        "level 3 of 'escalation' must be a map with 'after' and 'notify' (not a mix of refs and levels)",
      ],
      [
        11,
        'escalation.notify',
        "level 4 of 'escalation' needs 'notify', a non-empty list of primary, secondary, user: or group: refs",
      ],
      [
        13,
        'escalationBySeverity',
        "'P 1' in 'escalationBySeverity' is not a severity id such as P1",
      ],
      [
        16,
        'escalationBySeverity.P2',
        "'escalationBySeverity.P2' must be a non-empty list of levels such as '- after: PT5M' with 'notify: [secondary]'",
      ],
      [17, 'repeat', "'repeat' must be a whole number from 0 to 10"],
    ]);
  });
});

describe('simple annotations', () => {
  it('parses alert-match selectors and runbook URLs', () => {
    expect(parseAlertMatchAnnotation('service=payments-api, env=prod')).toEqual(
      {
        ok: true,
        value: { service: 'payments-api', env: 'prod' },
      },
    );
    expect(parseAlertMatchAnnotation('service').ok).toBe(false);
    expect(parseRunbookAnnotation(' https://wiki/x ').ok).toBe(true);
    expect(parseRunbookAnnotation('wiki page').ok).toBe(false);
  });
});

describe('firebreak.dev/heartbeats', () => {
  it('parses heartbeats, with the default grace', () => {
    const result = parseHeartbeatsAnnotation(
      [
        '- name: nightly-backup',
        '  interval: P1D',
        '  grace: PT2H',
        '  severity: P2',
        '  description: The database backup job',
        '- name: alertmanager.watchdog',
        '  interval: PT1M',
      ].join('\n'),
      { severities: ['P1', 'P2'] },
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          name: 'nightly-backup',
          interval: 'P1D',
          grace: 'PT2H',
          severity: 'P2',
          description: 'The database backup job',
        },
        {
          name: 'alertmanager.watchdog',
          interval: 'PT1M',
          grace: DEFAULT_HEARTBEAT_GRACE,
        },
      ],
    });
  });

  it('names the line and field of each mistake', () => {
    const result = parseHeartbeatsAnnotation(
      [
        '- name: backup job',
        '  interval: PT30S',
        '- name: sync',
        '  interval: daily',
        '  grace: soon',
        '- name: sync',
        '  interval: PT1H',
        '  severity: P9',
        '- interval: PT1H',
      ].join('\n'),
      { severities: ['P1'] },
    );
    const lines = result.ok ? [] : result.problems.map(formatAnnotationProblem);
    expect(lines).toEqual([
      "firebreak.dev/heartbeats line 1 (name): heartbeat 'backup job' may hold only letters, digits, '.', '_' and '-' (at most 63)",
      "firebreak.dev/heartbeats line 1 (interval): 'interval' of heartbeat 'backup job' must be an ISO-8601 duration of at least a minute, such as PT15M or P1D",
      "firebreak.dev/heartbeats line 3 (interval): 'interval' of heartbeat 'sync' must be an ISO-8601 duration of at least a minute, such as PT15M or P1D",
      "firebreak.dev/heartbeats line 3 (grace): 'grace' of heartbeat 'sync' must be an ISO-8601 duration such as PT5M",
      "firebreak.dev/heartbeats line 6 (name): 'sync' is listed twice",
      "firebreak.dev/heartbeats line 6 (severity): severity 'P9' of heartbeat 'sync' is not one of P1",
      "firebreak.dev/heartbeats line 9 (name): entry 4 has no 'name'",
    ]);
    expect(parseHeartbeatsAnnotation('name: x')).toMatchObject({
      ok: false,
      problems: [{ message: 'must be a YAML list of heartbeats' }],
    });
  });
});

describe('firebreak.dev/status-page', () => {
  it('takes one line of at most 100 characters as the public name', () => {
    expect(parseStatusPageAnnotation('  Card payments ')).toEqual({
      ok: true,
      value: 'Card payments',
    });
    for (const [text, message] of [
      ['  ', 'must name the entity as the public sees it'],
      ['Card\npayments', 'must be one line'],
      ['x'.repeat(101), 'must be at most 100 characters'],
    ]) {
      expect(parseStatusPageAnnotation(text)).toEqual({
        ok: false,
        problems: [{ annotation: 'firebreak.dev/status-page', message }],
      });
    }
  });
});

describe('parseJiraProjectAnnotation', () => {
  it('reads a project key, optionally with an issue type', () => {
    expect(parseJiraProjectAnnotation(' PAY ')).toEqual({
      ok: true,
      value: { project: 'PAY' },
    });
    expect(parseJiraProjectAnnotation('PAY/Tech debt')).toEqual({
      ok: true,
      value: { project: 'PAY', issueType: 'Tech debt' },
    });
    expect(parseJiraProjectAnnotation('pay/Task')).toMatchObject({
      ok: false,
      problems: [
        { annotation: 'firebreak.dev/jira-project', field: 'project' },
      ],
    });
    expect(parseJiraProjectAnnotation('PAY/')).toMatchObject({
      ok: false,
      problems: [{ field: 'issueType' }],
    });
  });
});
