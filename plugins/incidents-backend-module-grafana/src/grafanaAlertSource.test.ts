import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  AlertSource,
  incidentsAlertSourcesExtensionPoint,
} from '@firebreak/plugin-incidents-node';
import { grafanaAlertSource } from './grafanaAlertSource';
import grafanaModule from './index';

/** A Grafana 11 webhook contact point body (from Grafana's documented example). */
function webhook(overrides: Record<string, unknown> = {}) {
  return {
    receiver: 'firebreak',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'High memory usage',
          backstage_entity: 'component:default/ledger',
          grafana_folder: 'Payments',
          severity: 'warning',
          team: 'blue',
          zone: 'us-1',
        },
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        startsAt: '2021-10-12T09:51:03.157076+02:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
        fingerprint: 'c6eadffa33fcdf37',
        silenceURL:
          'https://play.grafana.org/alerting/silence/new?filter=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
        dashboardURL: 'https://play.grafana.org/d/f8f6e2d4',
        panelURL: 'https://play.grafana.org/d/f8f6e2d4?viewPanel=3',
        values: { B: 44.23943737541908, C: 1 },
      },
      {
        status: 'resolved',
        labels: {
          alertname: 'High CPU usage',
          team: 'blue',
          zone: 'eu-1',
        },
        annotations: {
          description: 'The system has high CPU usage',
        },
        startsAt: '2021-10-12T09:56:03.157076+02:00',
        endsAt: '2021-10-12T10:01:03.157076+02:00',
        generatorURL: 'https://play.grafana.org/alerting/d1rdpdv7k/edit',
        fingerprint: 'bc97ff14869b13e3',
        silenceURL:
          'https://play.grafana.org/alerting/silence/new?filter=alertname%3DT1%2Cteam%3Dblue%2Czone%3Deu-1',
        dashboardURL: '',
        panelURL: '',
        values: null,
      },
    ],
    groupLabels: {},
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://play.grafana.org/',
    version: '1',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    title: '[FIRING:1, RESOLVED:1]  (blue)',
    state: 'alerting',
    message:
      '**Firing**\n\nLabels:\n - alertname = High memory usage\n\n**Resolved**\n\nLabels:\n - alertname = High CPU usage\n',
    ...overrides,
  };
}

function alert(overrides: Record<string, unknown> = {}) {
  return { ...webhook().alerts[0], ...overrides };
}

function refusal(body: unknown): string {
  try {
    grafanaAlertSource.parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the payload to be refused');
}

describe('grafanaAlertSource', () => {
  it('has its id and the default answer', () => {
    expect(grafanaAlertSource.id).toBe('grafana');
    expect(grafanaAlertSource.respond).toBeUndefined();
  });

  it('maps firing alerts to triggers and resolved alerts to resolves', () => {
    expect(grafanaAlertSource.parse(webhook())).toEqual([
      {
        action: 'trigger',
        dedupKey: 'c6eadffa33fcdf37',
        name: 'High memory usage',
        summary: 'This alert was triggered for zone us-1',
        severity: 'warning',
        labels: {
          alertname: 'High memory usage',
          backstage_entity: 'component:default/ledger',
          grafana_folder: 'Payments',
          severity: 'warning',
          team: 'blue',
          zone: 'us-1',
        },
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        startsAt: '2021-10-12T07:51:03.157Z',
        sourceUrl: 'https://play.grafana.org/d/f8f6e2d4',
        entityRef: 'component:default/ledger',
      },
      {
        action: 'resolve',
        dedupKey: 'bc97ff14869b13e3',
        name: 'High CPU usage',
        summary: 'The system has high CPU usage',
        labels: { alertname: 'High CPU usage', team: 'blue', zone: 'eu-1' },
        annotations: { description: 'The system has high CPU usage' },
        startsAt: '2021-10-12T07:56:03.157Z',
        sourceUrl: 'https://play.grafana.org/alerting/d1rdpdv7k/edit',
      },
    ]);
  });

  it('links the dashboard, else the panel, else the rule', () => {
    const sourceUrl = (urls: Record<string, string>) =>
      grafanaAlertSource.parse(webhook({ alerts: [alert(urls)] }))[0].sourceUrl;
    expect(sourceUrl({})).toBe('https://play.grafana.org/d/f8f6e2d4');
    expect(sourceUrl({ dashboardURL: '' })).toBe(
      'https://play.grafana.org/d/f8f6e2d4?viewPanel=3',
    );
    expect(sourceUrl({ dashboardURL: '', panelURL: '' })).toBe(
      'https://play.grafana.org/alerting/1afz29v7z/edit',
    );
    expect(
      sourceUrl({ dashboardURL: '', panelURL: '', generatorURL: '' }),
    ).toBeUndefined();
  });

  it('refuses other versions and legacy dashboard alerts', () => {
    expect(refusal(webhook({ version: '4' }))).toBe(
      'Unsupported Grafana webhook payload version "4": Firebreak accepts version "1" only',
    );
    expect(
      refusal({
        title: '[Alerting] Panel Title alert',
        ruleId: 1,
        ruleName: 'Panel Title alert',
        state: 'alerting',
        evalMatches: [{ value: 100, metric: 'High value', tags: null }],
      }),
    ).toBe(
      'Invalid Grafana webhook payload: version is required; Firebreak accepts Grafana alerting webhooks version "1" (legacy dashboard alerts are not supported)',
    );
    expect(refusal([webhook()])).toBe(
      'Invalid Grafana webhook payload: body must be a JSON object',
    );
  });

  it('refuses missing required fields and wrong types, naming field and index', () => {
    const { fingerprint: _f, ...withoutFingerprint } = alert();
    expect(refusal(webhook({ alerts: [alert(), withoutFingerprint] }))).toBe(
      'Invalid Grafana webhook payload: alerts[1].fingerprint is required',
    );
    expect(
      refusal(webhook({ alerts: [alert({ labels: { team: 'blue' } })] })),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[0].labels.alertname is required',
    );
    expect(
      refusal(
        webhook({
          alerts: [alert(), alert(), alert({ labels: { alertname: true } })],
        }),
      ),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[2].labels.alertname must be a string',
    );
    expect(refusal(webhook({ alerts: [alert({ status: 'pending' })] }))).toBe(
      'Invalid Grafana webhook payload: alerts[0].status must be firing or resolved',
    );
    expect(
      refusal(webhook({ alerts: [alert({ values: { B: 'high' } })] })),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[0].values.B must be a number',
    );
    expect(
      refusal(
        webhook({
          alerts: [
            alert({ panelURL: 'data:text/html,<script>alert(1)</script>' }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[0].panelURL must be an http(s) URL',
    );
    expect(
      refusal(
        webhook({ alerts: [alert({ startsAt: '2021-02-30T09:51:03Z' })] }),
      ),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[0].startsAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    );
    expect(refusal(webhook({ alerts: [alert({ values: [44.2] })] }))).toBe(
      'Invalid Grafana webhook payload: alerts[0].values must be an object of numbers',
    );
    expect(refusal(webhook({ orgId: '1' }))).toBe(
      'Invalid Grafana webhook payload: orgId must be a number',
    );
    expect(refusal(webhook({ alerts: undefined }))).toBe(
      'Invalid Grafana webhook payload: alerts is required',
    );
  });

  it('limits batch and label sizes', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        alert({ fingerprint: `fp${i}`, labels: { alertname: `A${i}` } }),
      );
    expect(
      grafanaAlertSource.parse(webhook({ alerts: many(1000) })),
    ).toHaveLength(1000);
    expect(refusal(webhook({ alerts: many(1001) }))).toBe(
      'Invalid Grafana webhook payload: alerts must contain at most 1000 alerts (has 1001); send them in smaller batches',
    );
    expect(refusal(webhook({ alerts: [] }))).toBe(
      'Invalid Grafana webhook payload: alerts must contain at least one alert',
    );
    expect(
      refusal(
        webhook({
          alerts: [
            alert({ labels: { alertname: 'A', query: 'q'.repeat(10_001) } }),
          ],
        }),
      ),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[0].labels.query must be at most 10000 characters',
    );
    expect(
      refusal(webhook({ alerts: [alert({ fingerprint: 'f'.repeat(256) })] })),
    ).toBe(
      'Invalid Grafana webhook payload: alerts[0].fingerprint must be at most 255 characters',
    );
  });
});

describe('incidents-backend-module-grafana', () => {
  it('adds the grafana source through the extension point', async () => {
    const added: AlertSource[] = [];
    // Stands in for the incidents backend: only its extension point matters here.
    const incidentsStub = createBackendPlugin({
      pluginId: 'incidents',
      register(reg) {
        reg.registerExtensionPoint(incidentsAlertSourcesExtensionPoint, {
          addAlertSource: source => {
            added.push(source);
          },
        });
        reg.registerInit({ deps: {}, async init() {} });
      },
    });

    const backend = await startTestBackend({
      features: [incidentsStub, grafanaModule],
    });
    try {
      expect(added).toEqual([grafanaAlertSource]);
    } finally {
      await backend.stop();
    }
  });
});
