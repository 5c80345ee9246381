import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/processes.ts';
import {
  ensureAlertmanager,
  startAlertmanager,
  type PostableAlert,
  type RunningAlertmanager,
} from '../lib/alertmanager.ts';
import {
  guestToken,
  startBackend,
  type RunningBackend,
} from '../lib/backend.ts';

// Ports of their own: the browser tests use 3100/7107.
const BACKEND_PORT = 7207;
const ALERTMANAGER_PORT = 9393;

const ENTITY = 'component:default/payments-api';
const RUNBOOK = 'https://wiki.example.com/runbooks/payments-5xx';
const INGEST_PATH = '/api/incidents/alerts/alertmanager';

// The alerting pipeline as an entity of its own, whose heartbeat Alertmanager's
// Watchdog pings (the README's recipe), next to the demo catalog.
const PIPELINE = 'component:default/alerting-pipeline';
const WATCHDOG_PATH =
  '/api/incidents/heartbeats/default/component/alerting-pipeline/alertmanager-watchdog';
const pipelineCatalog = join(
  mkdtempSync(join(tmpdir(), 'firebreak-am-catalog-')),
  'pipeline.yaml',
);
writeFileSync(
  pipelineCatalog,
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: alerting-pipeline',
    '  annotations:',
    '    firebreak.dev/heartbeats: |',
    '      - name: alertmanager-watchdog',
    '        interval: PT5M',
    '        severity: P1',
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: group:platform',
    '',
  ].join('\n'),
);
const catalogConfig = {
  catalog: {
    locations: [
      { type: 'file', target: join(REPO_ROOT, 'examples/entities.yaml') },
      {
        type: 'file',
        target: join(REPO_ROOT, 'examples/org.yaml'),
        rules: [{ allow: ['User', 'Group'] }],
      },
      { type: 'file', target: pipelineCatalog },
    ],
  },
};

type Incident = {
  id: number;
  ref: string;
  status: string;
  severity: string;
  entityRef: string;
  source: string;
  links: { title: string; url: string }[];
};
type Alert = {
  id: number;
  name: string;
  dedupKey: string;
  status: string;
  count: number;
  runbookUrl?: string;
  runbookFrom?: string;
  severity?: string;
  entityRef?: string;
  incidentId?: number;
};

function log(line: string) {
  console.log(`[alertmanager e2e] ${line}`);
}

function seconds(since: number) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Polls until `check` returns a value (not undefined), every 250 ms. */
async function poll<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `; last error: ${(last as Error).message}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

const skipReason = ensureAlertmanager();

if (skipReason) {
  log(`skipped: ${skipReason}`);
  test.skip(`the real Alertmanager drives alert ingestion (${skipReason})`);
} else {
  let backend: RunningBackend;
  let alertmanager: RunningAlertmanager;
  let userToken: string;

  /** GET on the incidents API as the guest user. */
  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${backend.baseUrl}/api/incidents${path}`, {
      headers: { authorization: `Bearer ${userToken}` },
    });
    if (!res.ok) {
      throw new Error(
        `GET ${path} answered ${res.status}: ${await res.text()}`,
      );
    }
    return (await res.json()) as T;
  }

  const incidentsOfEntity = () =>
    api<{ items: Incident[] }>(
      `/incidents?entityRef=${encodeURIComponent(ENTITY)}`,
    ).then(page => page.items);
  const alertsOfIncident = (id: number) =>
    api<{ items: Alert[] }>(`/incidents/${id}/alerts`).then(r => r.items);
  const allAlerts = () =>
    api<{ items: Alert[] }>('/alerts?limit=100').then(page => page.items);

  // Started well in the past, so a resolved copy (endsAt = now) is valid.
  const startsAt = new Date(Date.now() - 5 * 60_000).toISOString();
  const highErrorRate: PostableAlert = {
    labels: {
      alertname: 'HighErrorRate',
      service: 'payments-api',
      env: 'prod',
      // A sender severity that maps to P3: the entity's alert table (P2) must win.
      severity: 'warning',
    },
    annotations: { summary: '5xx ratio at 7% on payments-api' },
    startsAt,
    generatorURL: 'http://prometheus.example.com/graph?g0.expr=errors',
  };

  let incident: Incident;

  before(
    async () => {
      const started = Date.now();
      backend = await startBackend({
        port: BACKEND_PORT,
        config: catalogConfig,
      });
      log(
        `backend up on ${backend.baseUrl} in ${seconds(started)} (logs: ${
          backend.workDir
        })`,
      );

      const amStarted = Date.now();
      alertmanager = await startAlertmanager({
        port: ALERTMANAGER_PORT,
        webhookUrl: `http://127.0.0.1:${BACKEND_PORT}${INGEST_PATH}`,
        token: backend.token,
        // Re-deliver the open group every couple of seconds, so the backend really
        // receives the same firing alert again (step b); the default is 1h.
        repeatInterval: '2s',
        watchdogHeartbeatUrl: `http://127.0.0.1:${BACKEND_PORT}${WATCHDOG_PATH}`,
      });
      log(
        `Alertmanager up on ${alertmanager.url} in ${seconds(
          amStarted,
        )} (logs: ${alertmanager.workDir})`,
      );

      const catalogStarted = Date.now();
      userToken = await guestToken(backend.baseUrl);
      // The catalog first (its reads are not cached), then the incidents plugin's view
      // of the entity's alert table (cached for a while once read).
      await poll(
        `${ENTITY} in the catalog`,
        async () => {
          const res = await fetch(
            `${backend.baseUrl}/api/catalog/entities/by-name/component/default/payments-api`,
            { headers: { authorization: `Bearer ${userToken}` } },
          );
          return res.ok ? true : undefined;
        },
        120_000,
      );
      await poll(
        `the HighErrorRate row of ${ENTITY}'s runbook table`,
        async () => {
          const table = await api<{
            rows: { alert: string; runbook?: string; severity?: string }[];
          }>(`/runbooks?entityRef=${encodeURIComponent(ENTITY)}`);
          const row = table.rows.find(r => r.alert === 'HighErrorRate');
          return row?.runbook === RUNBOOK && row.severity === 'P2'
            ? row
            : undefined;
        },
        60_000,
      );
      log(`catalog processed ${ENTITY} in ${seconds(catalogStarted)}`);
    },
    { timeout: 420_000 },
  );

  after(async () => {
    await alertmanager?.stop();
    await backend?.stop();
  });

  test(
    '(a) a firing alert sent through Alertmanager opens a P2 incident with the runbook',
    { timeout: 60_000 },
    async () => {
      assert.deepEqual(await incidentsOfEntity(), [], 'no incident before');
      const started = Date.now();
      await alertmanager.postAlerts([highErrorRate]);
      // The incident is declared a moment before the alert is linked to it: wait for both.
      let alerts: Alert[] = [];
      incident = await poll(
        `an incident on ${ENTITY} with its alert`,
        async () => {
          const [found] = await incidentsOfEntity();
          if (!found) return undefined;
          alerts = await alertsOfIncident(found.id);
          return alerts.length ? found : undefined;
        },
        20_000,
      );
      const took = seconds(started);
      assert.equal(incident.severity, 'P2');
      assert.equal(incident.entityRef, ENTITY);
      assert.equal(incident.source, 'alertmanager');
      assert.equal(incident.status, 'triggered');
      assert.ok(
        incident.links.some(l => l.url === RUNBOOK),
        `runbook linked: ${JSON.stringify(incident.links)}`,
      );

      assert.equal(alerts.length, 1);
      const [alert] = alerts;
      assert.equal(alert.name, 'HighErrorRate');
      assert.equal(alert.status, 'firing');
      assert.equal(alert.runbookUrl, RUNBOOK);
      assert.equal(alert.runbookFrom, 'table');
      assert.equal(alert.severity, 'P2');

      // Keyed by Alertmanager's own fingerprint of the alert
      const fingerprints = (await fetch(
        `${alertmanager.url}/api/v2/alerts`,
      ).then(r => r.json())) as {
        fingerprint: string;
        labels: Record<string, string>;
      }[];
      const fingerprint = fingerprints.find(
        a => a.labels.alertname === 'HighErrorRate',
      )?.fingerprint;
      assert.equal(alert.dedupKey, fingerprint);

      log(
        `(a) firing HighErrorRate -> ${incident.ref} ${incident.severity} ${incident.status}, runbook ${RUNBOOK}, in ${took}`,
      );
    },
  );

  test(
    '(b) the same alert again opens neither a second incident nor a second alert',
    { timeout: 60_000 },
    async () => {
      assert.ok(incident, 'step (a) opened an incident');
      const started = Date.now();
      const before = (await alertsOfIncident(incident.id))[0].count;
      await alertmanager.postAlerts([highErrorRate]);
      // Alertmanager re-delivers the open group every repeat interval (2 s here): wait
      // for a repeat rather than for a guessed time.
      const repeated = await poll(
        'a repeated delivery of the alert',
        async () => {
          const alerts = await alertsOfIncident(incident.id);
          return alerts[0]?.count > before ? alerts[0] : undefined;
        },
        20_000,
      );
      const incidents = await incidentsOfEntity();
      assert.equal(incidents.length, 1, 'still one incident');
      assert.equal(incidents[0].id, incident.id);
      const alerts = await alertsOfIncident(incident.id);
      assert.equal(alerts.length, 1, 'still one alert');
      assert.equal(alerts[0].id, repeated.id);
      const named = (await allAlerts()).filter(a => a.name === 'HighErrorRate');
      assert.equal(named.length, 1, 'one HighErrorRate alert stored in all');
      log(
        `(b) 5 re-posts + Alertmanager repeats -> still 1 incident (${
          incident.ref
        }), 1 alert, count ${before} -> ${alerts[0].count}, in ${seconds(
          started,
        )}`,
      );
    },
  );

  test(
    '(c) resolving the alert in Alertmanager moves the incident to monitoring',
    { timeout: 60_000 },
    async () => {
      assert.ok(incident, 'step (a) opened an incident');
      const started = Date.now();
      await alertmanager.postAlerts([
        { ...highErrorRate, endsAt: new Date(Date.now() - 1000).toISOString() },
      ]);
      const moved = await poll(
        `${incident.ref} in monitoring`,
        async () => {
          const current = await api<Incident>(`/incidents/${incident.id}`);
          return current.status === 'monitoring' ? current : undefined;
        },
        20_000,
      );
      const took = seconds(started);
      assert.equal(moved.severity, 'P2');
      const alerts = await alertsOfIncident(incident.id);
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0].status, 'resolved');
      log(
        `(c) resolved HighErrorRate -> alert resolved, ${moved.ref} ${moved.status}, in ${took}`,
      );
    },
  );

  test(
    '(d) the ingestion endpoint refuses a missing or wrong token and stores nothing',
    { timeout: 30_000 },
    async () => {
      const started = Date.now();
      const alertsBefore = await allAlerts();
      const incidentsBefore = await api<{ items: Incident[] }>(
        '/incidents?limit=100',
      );
      const payload = JSON.stringify({
        version: '4',
        groupKey: '{}:{alertname="IntruderAlert"}',
        status: 'firing',
        receiver: 'firebreak',
        groupLabels: { alertname: 'IntruderAlert' },
        commonLabels: {},
        commonAnnotations: {},
        externalURL: alertmanager.url,
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: 'IntruderAlert',
              service: 'payments-api',
              env: 'prod',
            },
            annotations: {},
            startsAt: new Date().toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            fingerprint: 'deadbeefdeadbeef',
          },
        ],
      });
      const attempts: [string, Record<string, string>][] = [
        ['no token', {}],
        [
          'a wrong token',
          { authorization: `Bearer ${randomBytes(24).toString('base64url')}` },
        ],
        ['a guest user token', { authorization: `Bearer ${userToken}` }],
      ];
      const statuses: string[] = [];
      for (const [what, headers] of attempts) {
        const res = await fetch(`${backend.baseUrl}${INGEST_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: payload,
        });
        await res.text();
        statuses.push(`${what} ${res.status}`);
        if (what === 'a guest user token') {
          // Only services may send alerts; a user is refused, not stored.
          assert.ok(
            res.status === 401 || res.status === 403,
            `${what}: ${res.status}`,
          );
        } else {
          assert.equal(res.status, 401, what);
        }
      }
      const alertsAfter = await allAlerts();
      assert.equal(alertsAfter.length, alertsBefore.length, 'no alert stored');
      assert.ok(!alertsAfter.some(a => a.name === 'IntruderAlert'));
      const incidentsAfter = await api<{ items: Incident[] }>(
        '/incidents?limit=100',
      );
      assert.equal(incidentsAfter.items.length, incidentsBefore.items.length);
      log(
        `(d) refused: ${statuses.join(', ')}; nothing stored, in ${seconds(
          started,
        )}`,
      );
    },
  );
  test(
    "(e) Alertmanager's Watchdog pings the pipeline's heartbeat, and opens no incident",
    { timeout: 180_000 },
    async () => {
      const started = Date.now();
      type Heartbeat = { name: string; state: string; lastPingAt?: string };
      const heartbeats = () =>
        api<{ items: Heartbeat[] }>(
          `/heartbeats?entityRef=${encodeURIComponent(PIPELINE)}`,
        ).then(r => r.items);
      // Declared and read from the catalog, not pinged yet
      const before = await poll(
        `${PIPELINE}'s heartbeat`,
        async () => (await heartbeats())[0],
        120_000,
      );
      assert.equal(before.name, 'alertmanager-watchdog');
      assert.equal(before.state, 'waiting');

      // Prometheus' always-firing Watchdog, as kube-prometheus and the mixins define it
      await alertmanager.postAlerts([
        {
          labels: { alertname: 'Watchdog', severity: 'none' },
          annotations: { summary: 'An alert that should always be firing' },
        },
      ]);
      const pinged = await poll(
        'the first Watchdog ping',
        async () => {
          const [heartbeat] = await heartbeats();
          return heartbeat.state === 'ok' ? heartbeat : undefined;
        },
        120_000,
      );
      assert.ok(pinged.lastPingAt, 'the ping is recorded');
      // The Watchdog went to the heartbeat only: no alert, no incident
      assert.ok(!(await allAlerts()).some(a => a.name === 'Watchdog'));
      log(
        `(e) Watchdog -> heartbeat alertmanager-watchdog pinged at ${
          pinged.lastPingAt
        }, in ${seconds(started)}`,
      );
    },
  );
}
