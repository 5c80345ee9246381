// Crash: `kill -9` of the backend in the middle of an alert load, then a restart on the
// same database. Every alert answered 2xx before the kill must be stored, and nothing
// may be half-written; the alerts left unanswered are re-sent after the restart, as
// Alertmanager does, and must then be stored and linked like any other.
//
//   npm run faults:crash -- [--engines sqlite,postgres]      (from test/)
//
// The engines run side by side, each with its own backend: SQLite in a temp folder, and
// PostgreSQL on the shared server with fresh databases `firebreak_crash_<pid>_*`,
// dropped at the end even on failure.
//
// What "half-written" means here, from the migrations (20261123_incidents.js,
// 20261124_alerts.js) and the ingestion path (upsert the alert → declare the incident
// with its `declared` event, the alert's link and its `alert` event in one transaction,
// or link and `alert` event in one transaction when it joins an open incident):
//   - every incident has its `declared` timeline event, a primary incident_entities row
//     for its entity_ref, a known status, title, severity and creator, and an owner;
//   - no timeline/entity/role row points to a missing incident, and every
//     alerts.incident_id points to an existing incident;
//   - every linked alert has its `alert` timeline event, and every incident an alert
//     opened has that alert linked;
//   - at most one open alert per (route_key, dedup_key), and the partial unique index
//     alerts_open_dedup_idx exists (and is valid on PostgreSQL; SQLite passes
//     integrity_check);
//   - an alert answered 2xx carries the incident id the answer named.
// Those must hold right after the crash. Storing the alert and opening or joining its
// incident are separate steps, so an unanswered request may leave a stored alert with
// no incident; the sender's retry must repair that: after the retry every open routed
// alert is linked to an incident.
//
// Environment (optional): FAULTS_PORT (7370; +1 for the second engine), FAULTS_KILL_AFTER
// (s of load before the kill, 6), FIREBREAK_POSTGRES_URL (postgresql://postgres@127.0.0.1:5432).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { assertPortFree, entityRoutable, guestToken } from '../lib/backend.ts';
import {
  killAllGroupsSync,
  startBackend,
  waitFor,
  type RunningBackend,
} from '../bench/launch.ts';
import { backendDatabase, connect } from '../bench/knex-baseline.ts';
import { fetchTextRetrying } from '../lib/http.ts';
import { alertAnnotations } from '../bench/payloads.ts';
import { dropDatabasesWithPrefix } from '../lib/postgres.ts';

type Engine = 'sqlite' | 'postgres';

const { values: args } = parseArgs({
  options: { engines: { type: 'string', default: 'sqlite,postgres' } },
});
const ENGINES = args.engines!.split(',').map(e => e.trim()) as Engine[];
for (const engine of ENGINES) {
  if (engine !== 'sqlite' && engine !== 'postgres') {
    throw new Error(`unknown engine '${engine}'; use sqlite and/or postgres`);
  }
}
const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const BASE_PORT = env('FAULTS_PORT', 7370);
const KILL_AFTER_MS = env('FAULTS_KILL_AFTER', 6) * 1000;
// A guard against a hang, not a speed verdict: four backend start-ups (two per engine)
// on a busy machine fit well inside it.
const RUN_LIMIT_MS = env('FAULTS_RUN_LIMIT', 1200) * 1000;
const DB_PREFIX = `firebreak_crash_${process.pid}_`;
/** The token app-config.yaml gives local alert senders. */
const ALERT_TOKEN = 'local-alert-sender-token-change-me';
const INGEST_PATH = '/api/incidents/alerts/alertmanager';
/** Components of examples/entities.yaml (routed by the `service` label), and one unknown. */
const SERVICES = [
  'payments-api',
  'ledger-worker',
  'checkout-web',
  'product-catalog',
  'no-such-service',
];
const SENDERS = 8;
const ALERTS_PER_BATCH = 2;
const CLIENT_TIMEOUT_MS = 15_000;
/** INCIDENT_STATUSES of plugins/incidents-common/src/types.ts. */
const INCIDENT_STATUSES = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'declined',
  'merged',
];

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[crash ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(3)}s] ${message}\n`,
  );

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    await cleanups.pop()!().catch(error => log(`cleanup: ${error}`));
  }
}

interface SentAlert {
  fingerprint: string;
  service: string;
  /** HTTP status of the batch, or `error` (socket closed, timeout). */
  outcome: number | 'error';
  /** The incident the answer linked the alert to. */
  incidentId?: number;
}

interface Batch {
  alerts: SentAlert[];
  body: string;
}

function alertmanagerBatch(fingerprints: string[], service: string): string {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="CrashHarness",service="${service}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'firebreak',
    groupLabels: { alertname: 'CrashHarness' },
    commonLabels: { alertname: 'CrashHarness', service },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: fingerprints.map(fingerprint => ({
      status: 'firing',
      labels: {
        alertname: 'CrashHarness',
        service,
        severity: 'warning',
        instance: fingerprint,
      },
      annotations: alertAnnotations(),
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com:9090/graph',
      fingerprint,
    })),
  });
}

/** Posts one batch and records the outcome on each of its alerts. */
async function send(url: string, batch: Batch): Promise<void> {
  let outcome: number | 'error';
  let results: Array<{ dedupKey?: string; incidentId?: number }> = [];
  try {
    const res = await fetch(`${url}${INGEST_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ALERT_TOKEN}`,
      },
      body: batch.body,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await res.text();
    outcome = res.status;
    if (res.ok) results = JSON.parse(text).results ?? [];
  } catch {
    outcome = 'error';
  }
  for (const alert of batch.alerts) {
    alert.outcome = outcome;
    alert.incidentId = results.find(
      r => r.dedupKey === alert.fingerprint,
    )?.incidentId;
  }
}

/**
 * The sender's redelivery after the restart: like Alertmanager, it posts a batch again
 * while it gets no HTTP answer at all (a busy machine drops a connection now and then),
 * up to 5 tries. Any answer, 5xx included, is kept for the verdict.
 */
async function sendUntilAnswered(url: string, batch: Batch): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await send(url, batch);
    if (batch.alerts.some(a => a.outcome !== 'error') || attempt >= 5) return;
    await new Promise(r => setTimeout(r, 500 * 2 ** (attempt - 1)));
  }
}

const ok = (alert: SentAlert) =>
  typeof alert.outcome === 'number' &&
  alert.outcome >= 200 &&
  alert.outcome < 300;

function processGone(pid: number) {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * When a check must find nothing: `always` (a crash may never leave it); `after-retry`
 * (an unanswered request may leave it, the sender's retry must repair it).
 */
type Strictness = 'always' | 'after-retry';

interface Check {
  name: string;
  strictness: Strictness;
  count: number;
  /** A few offending ids, for the report. */
  sample: unknown[];
}

/** The integrity checks of the header comment, straight on the database. */
async function integrityChecks(
  db: Knex,
  engine: Engine,
  sent: SentAlert[],
): Promise<{ checks: Check[]; found: Map<string, AlertRow> }> {
  const checks: Check[] = [];
  const add = (
    name: string,
    ids: unknown[],
    strictness: Strictness = 'always',
  ) =>
    checks.push({
      name,
      strictness,
      count: ids.length,
      sample: ids.slice(0, 5),
    });

  const found = new Map<string, AlertRow>();
  const keys = sent.map(a => a.fingerprint);
  for (let i = 0; i < keys.length; i += 500) {
    const rows: AlertRow[] = await db('alerts')
      .whereIn('dedup_key', keys.slice(i, i + 500))
      .select(
        'id',
        'dedup_key',
        'route_key',
        'entity_ref',
        'incident_id',
        'resolved_at',
      );
    for (const row of rows) found.set(row.dedup_key, row);
  }

  const incidents: Array<Record<string, any>> = await db('incidents').select(
    'id',
    'title',
    'status',
    'severity',
    'entity_ref',
    'owner_ref',
    'created_by',
    'source',
  );
  const declared = new Set(
    (
      await db('incident_timeline')
        .where({ type: 'declared' })
        .select('incident_id')
    ).map(r => Number(r.incident_id)),
  );
  add(
    'incidents without their declared timeline event',
    incidents.filter(i => !declared.has(Number(i.id))).map(i => i.id),
  );
  const primaries = new Map<number, string[]>();
  for (const row of await db('incident_entities')
    .where({ is_primary: true })
    .select('incident_id', 'entity_ref')) {
    const id = Number(row.incident_id);
    primaries.set(id, [...(primaries.get(id) ?? []), row.entity_ref]);
  }
  add(
    'incidents without exactly one primary entity row matching entity_ref',
    incidents
      .filter(i => {
        const refs = primaries.get(Number(i.id)) ?? [];
        return refs.length !== 1 || refs[0] !== i.entity_ref;
      })
      .map(i => i.id),
  );
  add(
    'incidents with an unknown status or empty title/severity/entity/creator',
    incidents
      .filter(
        i =>
          !INCIDENT_STATUSES.includes(i.status) ||
          !i.title ||
          !i.severity ||
          !i.entity_ref ||
          !i.created_by,
      )
      .map(i => i.id),
  );
  add(
    'incidents without an owner',
    incidents.filter(i => !i.owner_ref).map(i => i.id),
  );

  const ids = new Set(incidents.map(i => Number(i.id)));
  for (const table of [
    'incident_timeline',
    'incident_entities',
    'incident_roles',
  ]) {
    const rows = await db(table).distinct('incident_id');
    add(
      `${table} rows of a missing incident`,
      rows.map(r => Number(r.incident_id)).filter(id => !ids.has(id)),
    );
  }
  const linked: AlertRow[] = await db('alerts')
    .whereNotNull('incident_id')
    .select('id', 'dedup_key', 'incident_id');
  add(
    'alerts whose incident_id points to a missing incident',
    linked.filter(a => !ids.has(Number(a.incident_id))).map(a => a.id),
  );

  const duplicates = await db('alerts')
    .whereNull('resolved_at')
    .groupBy('route_key', 'dedup_key')
    .havingRaw('count(*) > 1')
    .select('route_key', 'dedup_key');
  add(
    'open (route_key, dedup_key) pairs stored more than once',
    duplicates.map(d => `${d.route_key}/${d.dedup_key}`),
  );
  if (engine === 'postgres') {
    const { rows } = await db.raw(
      `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relname = 'alerts_open_dedup_idx'`,
    );
    add(
      'missing or invalid alerts_open_dedup_idx',
      rows.length === 1 && rows[0].valid ? [] : ['alerts_open_dedup_idx'],
    );
  } else {
    const index = await db('sqlite_master')
      .where({ type: 'index', name: 'alerts_open_dedup_idx' })
      .select('name');
    const integrity = await db.raw('PRAGMA integrity_check');
    const problems = integrity
      .map((r: Record<string, string>) => r.integrity_check)
      .filter((r: string) => r !== 'ok');
    add('missing alerts_open_dedup_idx', index.length ? [] : ['index']);
    add('SQLite integrity_check problems', problems);
  }

  // The ingestion steps after the alert row, each visible to the next request only
  // once done: a crash between them strands what came before.
  const alertEvents = new Set<string>();
  for (const row of await db('incident_timeline')
    .where({ type: 'alert' })
    .select('incident_id', 'data')) {
    const data = row.data ? JSON.parse(row.data) : {};
    if (data.alertId !== undefined) {
      alertEvents.add(`${Number(row.incident_id)}/${Number(data.alertId)}`);
    }
  }
  add(
    'linked alerts without their alert timeline event',
    linked
      .filter(
        a =>
          ids.has(Number(a.incident_id)) &&
          !alertEvents.has(`${Number(a.incident_id)}/${Number(a.id)}`),
      )
      .map(a => a.id),
    'always',
  );
  const withAlerts = new Set(linked.map(a => Number(a.incident_id)));
  // The alert's link commits with the incident it opens, so none may be missing.
  add(
    'incidents opened by an alert with no alert linked',
    incidents
      .filter(i => i.source !== 'manual' && !withAlerts.has(Number(i.id)))
      .map(i => i.id),
    'always',
  );
  const stranded = await db('alerts')
    .whereNull('resolved_at')
    .whereNull('incident_id')
    .whereNot('route_key', '')
    .orderBy('id')
    .select('id', 'dedup_key');
  add(
    'open routed alerts linked to no incident',
    stranded.map(a => `${a.id}:${a.dedup_key}`),
    'after-retry',
  );

  const answered = sent.filter(a => ok(a) && a.incidentId !== undefined);
  add(
    'alerts answered 2xx whose row does not carry the incident the answer named',
    answered
      .filter(a => {
        const row = found.get(a.fingerprint);
        return row && Number(row.incident_id) !== a.incidentId;
      })
      .map(a => a.fingerprint),
  );
  return { checks, found };
}

interface AlertRow {
  id: number;
  dedup_key: string;
  route_key: string;
  entity_ref: string | null;
  incident_id: number | null;
  resolved_at: string | null;
}

interface EngineResult {
  engine: Engine;
  lines: string[];
  failures: string[];
}

async function crashEngine(
  engine: Engine,
  port: number,
): Promise<EngineResult> {
  const tag = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const say = (m: string) => log(`${engine}: ${m}`);
  await assertPortFree(port);
  const workDir = mkdtempSync(join(tmpdir(), `firebreak-crash-${engine}-`));
  const url = `http://localhost:${port}`;
  const { database, target } = backendDatabase(engine, {
    workDir,
    prefix: DB_PREFIX,
    // The server is shared: hold no idle connections beyond what the load needs.
    knexConfig: { pool: { min: 0 } },
  });
  const config = {
    backend: { baseUrl: url, listen: { port }, database },
    // No grouping: every new routed alert declares an incident, so the kill lands in
    // the multi-step path (declare, link, timeline) as often as possible.
    incidents: { alerts: { groupingWindow: 'PT0S' } },
    firebreakDemo: { enabled: false },
  };
  let launches = 0;
  const launch = async () => {
    // a folder per launch, so the restart keeps the first backend's log
    const runDir = join(workDir, `run${++launches}`);
    mkdirSync(runDir);
    const backend = await startBackend({
      port,
      workDir: runDir,
      timeoutMs: 300_000,
      ready: async readyUrl => {
        // A plugin that failed to start leaves the process up but never ready.
        const startup = readFileSync(join(runDir, 'backend.log'), 'utf8');
        const failed = /Backend startup failed[^\n]*/.exec(startup);
        if (failed) throw new Error(`${failed[0]} (${runDir}/backend.log)`);
        return entityRoutable(readyUrl, 'component:default/payments-api');
      },
      config,
    });
    cleanups.push(() => backend.stop());
    return backend;
  };

  say(`starting the backend on ${url} (logs: ${workDir})`);
  const first: RunningBackend = await launch();
  say(
    `backend ready (pid ${first.pid}); load for ${
      KILL_AFTER_MS / 1000
    }s, then kill -9`,
  );

  const run = randomBytes(3).toString('hex');
  const batches: Batch[] = [];
  let nextAlert = 0;
  let sending = true;
  const sender = async (index: number) => {
    while (sending) {
      const service = SERVICES[(index + batches.length) % SERVICES.length];
      const alerts: SentAlert[] = Array.from(
        { length: ALERTS_PER_BATCH },
        () => ({
          fingerprint: `${engine[0]}${run}${(nextAlert++)
            .toString(16)
            .padStart(6, '0')}`,
          service,
          outcome: 'error' as const,
        }),
      );
      const batch = {
        alerts,
        body: alertmanagerBatch(
          alerts.map(a => a.fingerprint),
          service,
        ),
      };
      batches.push(batch);
      await send(url, batch);
    }
  };
  const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
  await new Promise(r => setTimeout(r, KILL_AFTER_MS));
  // The whole process group at once, without warning: no shutdown hook runs.
  process.kill(-first.pid, 'SIGKILL');
  const killedAt = performance.now();
  sending = false;
  await Promise.all(senders);
  await waitFor(async () => processGone(first.pid), 10_000, 100);
  const sent = batches.flatMap(b => b.alerts);
  const acceptedBeforeKill = sent.filter(ok);
  const refused = sent.filter(a => !ok(a) && a.outcome !== 'error');
  say(
    `killed after ${sent.length} alerts sent, ${acceptedBeforeKill.length} answered 2xx; restarting`,
  );

  await waitFor(
    () =>
      assertPortFree(port).then(
        () => true,
        () => false,
      ),
    15_000,
    200,
  );
  const second = await launch();
  const restartMs = performance.now() - killedAt;
  say(`restarted in ${(restartMs / 1000).toFixed(1)}s; checking the database`);

  const db = connect(target);
  const failures: string[] = [];
  const lines: string[] = [];
  try {
    // 1. What the crash left behind, before anything is re-sent.
    const before = await integrityChecks(db, engine, sent);
    const missing = acceptedBeforeKill.filter(
      a => !before.found.has(a.fingerprint),
    );
    const unansweredStored = sent.filter(
      a => !ok(a) && before.found.has(a.fingerprint),
    ).length;

    // 2. The restarted backend: a new alert, the list, and the retry of everything
    //    that was not answered 2xx (what Alertmanager does).
    const probe: Batch = {
      alerts: [
        {
          fingerprint: `${engine[0]}${run}probe`,
          service: 'payments-api',
          outcome: 'error',
        },
      ],
      body: '',
    };
    probe.body = alertmanagerBatch(
      [probe.alerts[0].fingerprint],
      'payments-api',
    );
    await sendUntilAnswered(second.url, probe);
    const token = await guestToken(second.url);
    const list = await fetchTextRetrying(
      `${second.url}/api/incidents/incidents?limit=5`,
      { headers: { authorization: `Bearer ${token}` } },
      { log: say },
    );
    const listBody = list.ok ? JSON.parse(list.text) : undefined;
    const retried = batches.filter(b => !b.alerts.every(ok));
    for (const batch of retried) await sendUntilAnswered(second.url, batch);
    const retryFailed = retried
      .flatMap(b => b.alerts)
      .filter(a => !ok(a)).length;
    const after = await integrityChecks(db, engine, [...sent, ...probe.alerts]);
    const missingAfter = [...sent, ...probe.alerts].filter(
      a => !after.found.has(a.fingerprint),
    );

    lines.push(
      `### ${tag}`,
      '',
      `| Figure | Value |`,
      `| ------ | ----: |`,
      `| Alerts sent before the kill | ${sent.length} |`,
      `| … answered 2xx before the kill | ${acceptedBeforeKill.length} |`,
      `| … answered non-2xx | ${refused.length} |`,
      `| … unanswered (in flight at the kill) | ${
        sent.length - acceptedBeforeKill.length - refused.length
      } |`,
      `| 2xx alerts found in the database after restart | ${
        acceptedBeforeKill.length - missing.length
      } |`,
      `| 2xx alerts missing | ${missing.length} |`,
      `| Unanswered alerts stored anyway | ${unansweredStored} |`,
      `| Restart (kill → ready) | ${(restartMs / 1000).toFixed(1)} s |`,
      `| New alert after restart | ${probe.alerts[0].outcome} |`,
      `| Incident list after restart | ${list.status} (${
        listBody?.items?.length ?? 0
      } items) |`,
      `| Batches re-sent after restart / failed | ${retried.length} / ${retryFailed} |`,
      `| All sent alerts stored after the retry | ${
        sent.length + 1 - missingAfter.length
      } of ${sent.length + 1} |`,
      '',
      `| Check (must be 0) | after the crash | after the retry |`,
      `| ----------------- | --------------: | --------------: |`,
      ...before.checks.map((c, i) => {
        const a = after.checks[i];
        const sample = (x: Check) =>
          x.count ? ` (${x.sample.join(', ')}${x.count > 5 ? ', …' : ''})` : '';
        const when = c.strictness === 'always' ? '' : ' (after the retry)';
        return `| ${c.name}${when} | ${c.count}${sample(c)} | ${
          a.count
        }${sample(a)} |`;
      }),
      '',
    );

    if (!acceptedBeforeKill.length)
      failures.push(`${tag}: no alert was accepted before the kill`);
    if (missing.length) {
      failures.push(
        `${tag}: ${missing.length} alerts answered 2xx are missing`,
      );
    }
    for (const [i, c] of before.checks.entries()) {
      const a = after.checks[i];
      const failed =
        c.strictness === 'always'
          ? c.count || a.count
          : c.strictness === 'after-retry' && a.count;
      if (failed) {
        failures.push(
          `${tag}: ${c.name}: ${c.count} after the crash, ${a.count} after the retry`,
        );
      }
    }
    if (!ok(probe.alerts[0])) {
      failures.push(
        `${tag}: the restarted backend answered ${probe.alerts[0].outcome} to a new alert`,
      );
    }
    if (!list.ok || !listBody?.items?.length) {
      failures.push(
        `${tag}: the restarted backend's incident list answered ${list.status}`,
      );
    }
    if (retryFailed)
      failures.push(`${tag}: ${retryFailed} re-sent alerts were refused`);
    if (missingAfter.length) {
      failures.push(
        `${tag}: ${missingAfter.length} alerts missing after the retry`,
      );
    }
  } finally {
    await db.destroy();
    await second.stop();
  }
  if (!failures.length) rmSync(workDir, { recursive: true, force: true });
  else lines.push(`Backend logs kept in ${workDir}`, '');
  return { engine, lines, failures };
}

async function main() {
  const limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    process.stdout.write('crash: FAIL — the run exceeded its time limit\n');
    cleanupAll().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllGroupsSync);
  if (ENGINES.includes('postgres')) {
    cleanups.push(async () => {
      // nothing of ours may still hold (or re-create) a crash database
      killAllGroupsSync();
      log(
        `postgres: dropped ${
          (await dropDatabasesWithPrefix(DB_PREFIX)).length
        } databases ${DB_PREFIX}*`,
      );
    });
  }

  const settled = await Promise.allSettled(
    ENGINES.map((engine, i) => crashEngine(engine, BASE_PORT + i)),
  );
  const failures: string[] = [];
  const out: string[] = [
    `## Crash (kill -9 after ${
      KILL_AFTER_MS / 1000
    }s of load: ${SENDERS} senders, ${ALERTS_PER_BATCH} alerts per batch, unique fingerprints, no grouping)`,
    '',
  ];
  const summaries: string[] = [];
  for (const [i, result] of settled.entries()) {
    if (result.status === 'rejected') {
      failures.push(
        `${ENGINES[i]}: ${result.reason?.message ?? result.reason}`,
      );
      continue;
    }
    out.push(...result.value.lines);
    failures.push(...result.value.failures);
    const figures = /2xx before the kill \| (\d+)/.exec(
      result.value.lines.join('\n'),
    );
    summaries.push(
      `${ENGINES[i]} ${figures?.[1] ?? '?'} accepted before the kill`,
    );
  }
  out.push(
    failures.length
      ? `crash: FAIL — ${failures.join('; ')}`
      : `crash: PASS — ${summaries.join(
          ', ',
        )}: all stored, no half-written incident or alert, the restarted backend ingests and lists`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  if (failures.length) process.exitCode = 1;
  clearTimeout(limit);
}

main()
  .catch(error => {
    log(`failed: ${error?.stack ?? error}`);
    process.stdout.write(`crash: FAIL — ${error?.message ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => log('done')));
