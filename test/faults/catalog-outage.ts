// Catalog outage: the catalog stops answering in the middle of a run, and a P1 alert
// must still page. The backend runs on the shared PostgreSQL server with fresh databases
// `firebreak_catoutage_<pid>_*` (dropped at the end, even on failure); the catalog is
// taken down by refusing connections to its database only (`ALLOW_CONNECTIONS false`
// and terminating its sessions), so the catalog's API fails while the incidents
// database, auth and notifications keep working.
//
//   npm run faults:catalog-outage        (from test/)
//
// Steps and what must hold:
//   1. with the catalog up, the incidents plugin reads payments-api and its owner team
//      (entity summary, on-call), which writes them into its catalog snapshot;
//   2. the catalog's database refuses connections: the catalog API answers errors (401
//      in practice: it can no longer read the keys it checks tokens with);
//   3. once the incidents plugin's 30 s catalog cache has expired, a P1 alert
//      (CardProcessorDown on service=payments-api) is accepted (202), opens a P1 on
//      component:default/payments-api owned by group:default/payments, its timeline says
//      routing and on-call came from the last known catalog snapshot, and the on-call
//      users it names are notified through Backstage notifications;
//   4. an alert that matches nothing in the snapshot is still stored (unrouted);
//   5. the catalog's database accepts connections again and a new alert routes from the
//      live catalog (no snapshot note).
//
// Environment (optional): FAULTS_PORT (7450), FIREBREAK_POSTGRES_URL
// (postgresql://postgres@127.0.0.1:5432), FAULTS_RUN_LIMIT (s, 300).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { assertPortFree, entityRoutable, guestToken } from '../lib/backend.ts';
import { killAllGroupsSync, startBackend, waitFor } from '../bench/launch.ts';
import { backendDatabase, connect } from '../bench/knex-baseline.ts';
import { dropDatabasesWithPrefix, pgAdmin } from '../lib/postgres.ts';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const PORT = env('FAULTS_PORT', 7450);
const RUN_LIMIT_MS = env('FAULTS_RUN_LIMIT', 300) * 1000;
const DB_PREFIX = `firebreak_catoutage_${process.pid}_`;
const CATALOG_DB = `${DB_PREFIX}catalog`;
/** The token app-config.yaml gives local alert senders. */
const ALERT_TOKEN = 'local-alert-sender-token-change-me';
const INGEST_PATH = '/api/incidents/alerts/alertmanager';
const ENTITY_REF = 'component:default/payments-api';
const OWNER_REF = 'group:default/payments';
/** The incidents plugin reuses a catalog read this long (CatalogGateway, AlertRouter). */
const CATALOG_CACHE_MS = 30_000;
const CLIENT_TIMEOUT_MS = 15_000;
const SNAPSHOT_NOTE = 'last known catalog snapshot of';

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[catalog-outage ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(3)}s] ${message}\n`,
  );

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    await cleanups.pop()!().catch(error => log(`cleanup: ${error}`));
  }
}

function alertBody(name: string, labels: Record<string, string>) {
  const fingerprint = randomBytes(8).toString('hex');
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${name}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'firebreak',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: name, severity: 'critical', ...labels },
        annotations: { summary: `${name} (catalog outage harness)` },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.com/graph',
        fingerprint,
      },
    ],
  });
}

async function sendAlert(
  url: string,
  name: string,
  labels: Record<string, string>,
) {
  const res = await fetch(`${url}${INGEST_PATH}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ALERT_TOKEN}`,
      'content-type': 'application/json',
    },
    body: alertBody(name, labels),
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  const body = await res.json().catch(() => undefined);
  return { status: res.status, result: body?.results?.[0] };
}

/** Refuses (true) or allows (false) new connections to the catalog's database. */
async function blockCatalogDatabase(blocked: boolean) {
  await pgAdmin(async client => {
    await client.query(
      `ALTER DATABASE ${pg.escapeIdentifier(CATALOG_DB)} ALLOW_CONNECTIONS ${
        blocked ? 'false' : 'true'
      }`,
    );
    if (blocked) {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [CATALOG_DB],
      );
    }
  });
}

async function catalogStatus(url: string, token: string): Promise<number> {
  return fetch(
    `${url}/api/catalog/entities/by-name/component/default/payments-api`,
    {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    },
  ).then(
    r => r.status,
    () => 0,
  );
}

let limit: ReturnType<typeof setTimeout> | undefined;

async function main() {
  limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    process.stdout.write(
      'catalog-outage: FAIL — the run exceeded its time limit\n',
    );
    cleanupAll().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllGroupsSync);
  cleanups.push(async () => {
    killAllGroupsSync();
    log(
      `postgres: dropped ${
        (await dropDatabasesWithPrefix(DB_PREFIX)).length
      } databases ${DB_PREFIX}*`,
    );
  });

  await assertPortFree(PORT);
  const workDir = mkdtempSync(join(tmpdir(), 'firebreak-catalog-outage-'));
  const url = `http://localhost:${PORT}`;
  const { database, target } = backendDatabase('postgres', {
    workDir,
    prefix: DB_PREFIX,
    // Fail fast on a refused database instead of knex's 60 s wait (see db-outage.ts).
    knexConfig: { pool: { min: 0 }, acquireConnectionTimeout: 3000 },
  });
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };

  log(`starting the backend on ${url} (logs: ${workDir})`);
  const backend = await startBackend({
    port: PORT,
    workDir,
    timeoutMs: 180_000,
    ready: async readyUrl => {
      const startup = readFileSync(join(workDir, 'backend.log'), 'utf8');
      const failed = /Backend startup failed[^\n]*/.exec(startup);
      if (failed) throw new Error(`${failed[0]} (${workDir}/backend.log)`);
      return entityRoutable(readyUrl, ENTITY_REF);
    },
    config: {
      backend: { baseUrl: url, listen: { port: PORT }, database },
      firebreakDemo: { enabled: false },
    },
  });
  cleanups.push(() => backend.stop());
  const db = connect(target);
  cleanups.push(() => db.destroy());
  const token = await guestToken(url);

  // 1. The plugin reads the entity and its team while the catalog answers.
  const oncall = await fetch(
    `${url}/api/incidents/oncall?entityRef=${encodeURIComponent(ENTITY_REF)}`,
    { headers: { authorization: `Bearer ${token}` } },
  ).then(r => r.json());
  const lastWarmRead = performance.now();
  const snapshotRefs = (await db('catalog_snapshots').select('entity_ref')).map(
    (r: { entity_ref: string }) => r.entity_ref,
  );
  check(
    snapshotRefs.includes(ENTITY_REF) && snapshotRefs.includes(OWNER_REF),
    `snapshot holds ${ENTITY_REF} and ${OWNER_REF} (${snapshotRefs.length} entities; on-call primary ${oncall?.oncall?.primary})`,
  );

  // 2. The catalog goes down.
  await blockCatalogDatabase(true);
  cleanups.push(() => blockCatalogDatabase(false));
  let downStatus = 0;
  const seen = new Set<number>();
  try {
    await waitFor(async () => {
      downStatus = await catalogStatus(url, token);
      seen.add(downStatus);
      return downStatus !== 200;
    }, 30_000);
  } catch {
    throw new Error(
      `the catalog kept answering (${[...seen].join(
        ', ',
      )}) with its database refusing connections`,
    );
  }
  log(`catalog database refuses connections; catalog answers ${downStatus}`);

  // 3. Past the plugin's catalog cache, so the answer must come from the snapshot.
  const wait = CATALOG_CACHE_MS + 1_000 - (performance.now() - lastWarmRead);
  if (wait > 0) {
    log(
      `waiting ${(wait / 1000).toFixed(0)} s for the catalog cache to expire`,
    );
    await new Promise(r => setTimeout(r, wait));
  }
  const stillDown = await catalogStatus(url, token);
  check(
    stillDown !== 200,
    `catalog still down when the alert is sent (${stillDown})`,
  );
  const sentAt = performance.now();
  const p1 = await sendAlert(url, 'CardProcessorDown', {
    service: 'payments-api',
    env: 'prod',
  });
  const p1Ms = performance.now() - sentAt;
  check(
    p1.status === 202 && p1.result?.entityRef === ENTITY_REF,
    `P1 alert accepted in ${p1Ms.toFixed(0)} ms (${p1.status}) and routed to ${
      p1.result?.entityRef
    }`,
  );
  const incidentId: number | undefined = p1.result?.incidentId;
  const incident = incidentId
    ? await db('incidents').where({ id: incidentId }).first()
    : undefined;
  check(
    incident?.severity === 'P1' &&
      incident?.entity_ref === ENTITY_REF &&
      incident?.owner_ref === OWNER_REF,
    `incident ${incidentId} is ${incident?.severity} on ${incident?.entity_ref}, owner ${incident?.owner_ref}`,
  );
  const timeline: Array<{ type: string; message: string; data: unknown }> =
    incidentId
      ? await db('incident_timeline')
          .where({ incident_id: incidentId })
          .orderBy('id')
          .select('type', 'message', 'data')
      : [];
  const note = timeline.find(
    e => e.type === 'note' && e.message.includes(SNAPSHOT_NOTE),
  );
  const paged = timeline.find(e => e.type === 'paged');
  check(!!note, `timeline: ${note?.message ?? 'no snapshot routing note'}`);
  check(
    !!paged?.message.includes(SNAPSHOT_NOTE),
    `timeline: ${paged?.message ?? 'no paged entry'}`,
  );
  // JSON text on either engine; parsed already should the column ever be jsonb
  const pagedData = (
    typeof paged?.data === 'string' ? JSON.parse(paged.data) : paged?.data
  ) as { recipients?: string[] } | undefined;
  const recipients = pagedData?.recipients ?? [];
  const users = recipients.filter(r => r.startsWith('user:'));
  check(
    users.length > 0 && users.length === recipients.length,
    `paged on-call users: ${recipients.join(', ') || 'none'}`,
  );
  const notifications = connect({
    ...target,
    database: `${DB_PREFIX}notifications`,
  } as typeof target);
  cleanups.push(() => notifications.destroy());
  let notified: string[] = [];
  try {
    await waitFor(async () => {
      notified = (
        await notifications('notification')
          .where({ topic: `INC-${incidentId}` })
          .select('user')
      ).map((r: { user: string }) => r.user);
      return users.length > 0 && users.every(u => notified.includes(u));
    }, 15_000);
  } catch {
    // reported by the check below
  }
  check(
    users.length > 0 && users.every(u => notified.includes(u)),
    `Backstage notifications stored for ${notified.join(', ') || 'nobody'}`,
  );

  // 4. Nothing the snapshot knows: kept, unrouted.
  const unknown = await sendAlert(url, 'DiskFull', {
    service: 'no-such-service',
  });
  const stored = unknown.result?.alertId
    ? await db('alerts').where({ id: unknown.result.alertId }).first()
    : undefined;
  check(
    unknown.status === 202 && !!stored && stored.entity_ref === null,
    `unmatched alert stored unrouted (${unknown.status}, alert ${unknown.result?.alertId})`,
  );

  // 5. The catalog comes back; routing is live again.
  await blockCatalogDatabase(false);
  await waitFor(async () => (await catalogStatus(url, token)) === 200, 60_000);
  log('catalog answers again');
  let live: Awaited<ReturnType<typeof sendAlert>> | undefined;
  let liveNote = true;
  try {
    await waitFor(async () => {
      live = await sendAlert(url, 'HighErrorRate', {
        app: 'product-catalog',
      });
      if (live.result?.entityRef !== 'component:default/product-catalog')
        return false;
      const entries: Array<{ message: string }> = await db('incident_timeline')
        .where({ incident_id: live.result.incidentId })
        .select('message');
      liveNote = entries.some(e => e.message.includes(SNAPSHOT_NOTE));
      return true;
    }, 60_000);
  } catch {
    // reported by the check below
  }
  check(
    live?.result?.entityRef === 'component:default/product-catalog' &&
      !liveNote,
    `after recovery an alert routes live to ${live?.result?.entityRef} without a snapshot note`,
  );

  process.stdout.write(
    `${
      failures.length
        ? `catalog-outage: FAIL — ${failures.join('; ')}`
        : `catalog-outage: PASS — with the catalog down (${downStatus}), a P1 was accepted in ${p1Ms.toFixed(
            0,
          )} ms, routed from the snapshot to ${ENTITY_REF}, paged ${users.join(
            ', ',
          )} (notified), the timeline says so; an unmatched alert was kept unrouted; after recovery routing is live`
    }\n`,
  );
  if (failures.length) process.exitCode = 1;
}

main()
  .catch(error => {
    log(`failed: ${error?.stack ?? error}`);
    process.stdout.write(`catalog-outage: FAIL — ${error?.message ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(() =>
    cleanupAll().then(() => {
      clearTimeout(limit);
      log('done');
    }),
  );
