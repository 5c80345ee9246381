import { InputError } from '@backstage/errors';
import { alertmanagerSource } from './alertmanager';

/** An Alertmanager v0.27 webhook body, as sent by `webhook_configs`. */
function webhook(overrides: Record<string, unknown> = {}) {
  return {
    receiver: 'firebreak',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          backstage_entity: 'component:default/checkout',
          instance: 'checkout-7d9f6c5b8-x2x4q:8080',
          job: 'checkout',
          severity: 'critical',
        },
        annotations: {
          description: 'checkout answers 12% of requests with 5xx.',
          runbook_url: 'https://runbooks.example.com/checkout/high-error-rate',
          summary: 'High error rate on checkout',
        },
        startsAt: '2026-03-01T09:12:31.123456789Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL:
          'http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout%3Aerror_ratio+%3E+0.05&g0.tab=1',
        fingerprint: '3b1c1e6f9b2c7a1d',
      },
      {
        status: 'resolved',
        labels: {
          alertname: 'PodCrashLooping',
          namespace: 'payments',
          pod: 'ledger-5c8d7-abcde',
          severity: 'warning',
        },
        annotations: {
          description:
            'Pod payments/ledger-5c8d7-abcde restarted 5 times in 10m.',
        },
        startsAt: '2026-03-01T08:40:00.5+01:00',
        endsAt: '2026-03-01T09:15:00Z',
        generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=x',
        fingerprint: 'a91f3e2b7c4d5e60',
      },
    ],
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    ...overrides,
  };
}

function alert(overrides: Record<string, unknown> = {}) {
  return { ...webhook().alerts[0], ...overrides };
}

function refusal(body: unknown): string {
  try {
    alertmanagerSource.parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the payload to be refused');
}

describe('alertmanagerSource', () => {
  it('has the id used in its URL and the default answer', () => {
    expect(alertmanagerSource.id).toBe('alertmanager');
    expect(alertmanagerSource.respond).toBeUndefined();
  });

  it('maps firing alerts to triggers and resolved alerts to resolves', () => {
    expect(alertmanagerSource.parse(webhook())).toEqual([
      {
        action: 'trigger',
        dedupKey: '3b1c1e6f9b2c7a1d',
        name: 'HighErrorRate',
        summary: 'High error rate on checkout',
        severity: 'critical',
        labels: {
          alertname: 'HighErrorRate',
          backstage_entity: 'component:default/checkout',
          instance: 'checkout-7d9f6c5b8-x2x4q:8080',
          job: 'checkout',
          severity: 'critical',
        },
        annotations: {
          description: 'checkout answers 12% of requests with 5xx.',
          runbook_url: 'https://runbooks.example.com/checkout/high-error-rate',
          summary: 'High error rate on checkout',
        },
        startsAt: '2026-03-01T09:12:31.123Z',
        sourceUrl:
          'http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout%3Aerror_ratio+%3E+0.05&g0.tab=1',
        entityRef: 'component:default/checkout',
      },
      {
        action: 'resolve',
        dedupKey: 'a91f3e2b7c4d5e60',
        name: 'PodCrashLooping',
        summary: 'Pod payments/ledger-5c8d7-abcde restarted 5 times in 10m.',
        severity: 'warning',
        labels: {
          alertname: 'PodCrashLooping',
          namespace: 'payments',
          pod: 'ledger-5c8d7-abcde',
          severity: 'warning',
        },
        annotations: {
          description:
            'Pod payments/ledger-5c8d7-abcde restarted 5 times in 10m.',
        },
        startsAt: '2026-03-01T07:40:00.500Z',
        endsAt: '2026-03-01T09:15:00.000Z',
        sourceUrl: 'http://prometheus.example.com:9090/graph?g0.expr=x',
      },
    ]);
  });

  it("takes endsAt from resolved alerts only: a firing alert's is a timeout", () => {
    const [firing] = alertmanagerSource.parse(
      webhook({ alerts: [alert({ endsAt: '2026-03-01T09:17:31Z' })] }),
    );
    expect(firing).toMatchObject({ action: 'trigger' });
    expect(firing).not.toHaveProperty('endsAt');
  });

  it('leaves out what the alert does not carry', () => {
    const [parsed] = alertmanagerSource.parse(
      webhook({
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'Watchdog' },
            annotations: {},
            startsAt: '0001-01-01T00:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: '',
            fingerprint: 'e1c2a3b4c5d6e7f8',
          },
        ],
      }),
    );
    expect(parsed).toEqual({
      action: 'trigger',
      dedupKey: 'e1c2a3b4c5d6e7f8',
      name: 'Watchdog',
      labels: { alertname: 'Watchdog' },
      annotations: {},
    });
  });

  it('accepts a minimal payload without the optional group fields', () => {
    const parsed = alertmanagerSource.parse({
      version: '4',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskFull' },
          fingerprint: '0011223344556677',
        },
      ],
    });
    expect(parsed).toEqual([
      {
        action: 'trigger',
        dedupKey: '0011223344556677',
        name: 'DiskFull',
        labels: { alertname: 'DiskFull' },
        annotations: {},
      },
    ]);
  });

  it('refuses other payload versions, naming the supported one', () => {
    expect(refusal(webhook({ version: '3' }))).toBe(
      'Unsupported Alertmanager webhook payload version "3": Firebreak accepts version "4" only',
    );
    expect(refusal(webhook({ version: 4 }))).toBe(
      'Unsupported Alertmanager webhook payload version 4: Firebreak accepts version "4" only',
    );
    const { version: _version, ...withoutVersion } = webhook();
    expect(refusal(withoutVersion)).toBe(
      'Invalid Alertmanager webhook payload: version is required; Firebreak accepts Alertmanager webhook payload version "4"',
    );
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of [null, undefined, 'version=4', 4, [webhook()]]) {
      expect(refusal(body)).toBe(
        'Invalid Alertmanager webhook payload: body must be a JSON object',
      );
    }
  });

  it('refuses alerts without a fingerprint or an alertname', () => {
    const { fingerprint: _f, ...withoutFingerprint } = alert();
    expect(refusal(webhook({ alerts: [withoutFingerprint] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].fingerprint is required',
    );
    expect(
      refusal(
        webhook({
          alerts: [alert(), alert(), alert({ labels: { job: 'checkout' } })],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[2].labels.alertname is required',
    );
    expect(refusal(webhook({ alerts: [alert({ fingerprint: ' ' })] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].fingerprint must not be empty',
    );
  });

  it('refuses wrong types, naming the field and index', () => {
    expect(
      refusal(
        webhook({
          alerts: [
            alert(),
            alert(),
            alert({ labels: { alertname: 42, severity: 'critical' } }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[2].labels.alertname must be a string',
    );
    expect(refusal(webhook({ alerts: [alert({ status: 'pending' })] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].status must be firing or resolved',
    );
    expect(refusal(webhook({ alerts: [alert({ labels: ['a'] })] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].labels must be an object with string values',
    );
    expect(
      refusal(
        webhook({
          alerts: [alert({ annotations: { 'runbook.url': { href: 'x' } } })],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].annotations["runbook.url"] must be a string',
    );
    expect(refusal(webhook({ alerts: [alert({ fingerprint: 123 })] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].fingerprint must be a string',
    );
    expect(refusal(webhook({ alerts: [alert(), 'HighErrorRate'] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts[1] must be an alert object',
    );
    expect(refusal(webhook({ alerts: 'none' }))).toBe(
      'Invalid Alertmanager webhook payload: alerts must be an array of alerts',
    );
    expect(refusal(webhook({ truncatedAlerts: '0' }))).toBe(
      'Invalid Alertmanager webhook payload: truncatedAlerts must be a number',
    );
    expect(refusal(webhook({ commonLabels: 'severity=critical' }))).toBe(
      'Invalid Alertmanager webhook payload: commonLabels must be an object with string values',
    );
  });

  it('refuses bad instants and links', () => {
    expect(
      refusal(
        webhook({ alerts: [alert({ startsAt: '2026-02-30T10:00:00Z' })] }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].startsAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    );
    expect(
      refusal(webhook({ alerts: [alert({ startsAt: '2026-03-01 10:00' })] })),
    ).toContain('alerts[0].startsAt must be an ISO-8601 date-time');
    expect(
      refusal(
        webhook({
          alerts: [
            alert({ generatorURL: 'data:text/html,<script>alert(1)</script>' }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].generatorURL must be an http(s) URL',
    );
  });

  it('lists every problem of a payload, up to ten', () => {
    const bad = Array.from({ length: 12 }, () => alert({ fingerprint: null }));
    const message = refusal(webhook({ alerts: bad }));
    expect(message).toMatch(
      /^Invalid Alertmanager webhook payload: alerts\[0\]\.fingerprint must be a string; alerts\[1\]\.fingerprint/,
    );
    expect(message).toContain('alerts[9].fingerprint must be a string');
    expect(message).not.toContain('alerts[10]');
    expect(message).toMatch(/; and 2 more problems$/);
  });

  it('limits batch sizes', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        alert({ fingerprint: `fp-${i}`, labels: { alertname: `A${i}` } }),
      );
    expect(
      alertmanagerSource.parse(webhook({ alerts: many(1000) })),
    ).toHaveLength(1000);
    expect(refusal(webhook({ alerts: many(1001) }))).toBe(
      'Invalid Alertmanager webhook payload: alerts must contain at most 1000 alerts (has 1001); send them in smaller batches',
    );
    expect(refusal(webhook({ alerts: [] }))).toBe(
      'Invalid Alertmanager webhook payload: alerts must contain at least one alert',
    );
  });

  it('limits label sizes and the fields stored in bounded columns', () => {
    const longest = 'x'.repeat(10_000);
    const [accepted] = alertmanagerSource.parse(
      webhook({
        alerts: [alert({ labels: { alertname: 'Big', detail: longest } })],
      }),
    );
    expect(accepted.labels.detail).toHaveLength(10_000);

    expect(
      refusal(
        webhook({
          alerts: [
            alert({ labels: { alertname: 'Big', detail: `${longest}x` } }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].labels.detail must be at most 10000 characters',
    );
    const manyLabels = Object.fromEntries(
      Array.from({ length: 201 }, (_, i) => [`l${i}`, 'v']),
    );
    expect(
      refusal(
        webhook({
          alerts: [alert({ labels: { ...manyLabels, alertname: 'Many' } })],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].labels must have at most 200 entries (has 202)',
    );
    expect(
      refusal(
        webhook({
          alerts: [alert({ fingerprint: 'f'.repeat(256) })],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].fingerprint must be at most 255 characters',
    );
    expect(
      refusal(
        webhook({
          alerts: [
            alert({
              labels: { alertname: 'A', severity: 's'.repeat(65) },
            }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].labels.severity must be at most 64 characters',
    );
    expect(
      refusal(
        webhook({
          alerts: [
            alert({
              labels: {
                alertname: 'A',
                backstage_entity: `component:default/${'c'.repeat(250)}`,
              },
            }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Alertmanager webhook payload: alerts[0].labels.backstage_entity must be at most 255 characters',
    );
  });

  it('keeps a __proto__ label as a plain label', () => {
    const body = JSON.parse(
      '{"version":"4","alerts":[{"status":"firing","fingerprint":"ab","labels":{"alertname":"X","__proto__":"polluted"}}]}',
    );
    const [parsed] = alertmanagerSource.parse(body);
    expect(Object.keys(parsed.labels)).toEqual(['alertname', '__proto__']);
    expect(Object.getPrototypeOf(parsed.labels)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
