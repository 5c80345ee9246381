import {
  formatAnnotationProblem,
  parseAlertMatchAnnotation,
  parseAlertsAnnotation,
  parseOncallAnnotation,
  parseRunbookAnnotation,
} from './annotations';

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
