// Database outage: the backend runs on a private PostgreSQL cluster (never the shared
// server on :5432); under a steady load of alert ingestion and incident list reads, the
// cluster is stopped for a while and started again, once with `pg_ctl stop -m fast`
// (clean shutdown) and once with `-m immediate` (a crash, with recovery on start).
//
//   npm run faults:db-outage        (from test/)
//
// Expected: while PostgreSQL is down every request completes within a few seconds with
// 503 (not 500, no hang), and once it is back requests succeed again without restarting
// the backend. Every alert answered 2xx is in the database at the end.
//
// Recommended production setting (app-config.production.yaml), which this harness uses:
//   backend.database.knexConfig.acquireConnectionTimeout: 3000   (knex default: 60000)
//   backend.database.connection.connectionTimeoutMillis: 3000     (node-postgres: none)
// A stopped server refuses connections at once and knex fails fast without them (see the
// FAULTS_ACQUIRE_TIMEOUT=0 run); they bound the wait when the server does not answer at
// all (network partition, exhausted pool), which would otherwise hold a request — and an
// alert sender — for up to a minute before the 503.
//
// Environment (all optional): FAULTS_OUTAGE_SECONDS (12), FAULTS_MODES (fast,immediate),
// FAULTS_PORT (7380, backend), FAULTS_PG_PORT (7391, private PostgreSQL),
// FAULTS_CLIENT_TIMEOUT (5 s), FAULTS_ACQUIRE_TIMEOUT (3000 ms; 0 leaves knex's 60 s
// default, to see what the backend does without the recommended setting).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { assertPortFree, entityRoutable, guestToken } from '../lib/backend.ts';
import {
  killAllGroupsSync,
  startBackend,
  type RunningBackend,
} from '../bench/launch.ts';
import { alertmanagerBody, ENTITY_REF } from '../bench/payloads.ts';
import { percentile } from '../bench/stats.ts';
import {
  createPrivatePostgres,
  type PrivatePostgres,
  type StopMode,
} from './postgres.ts';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const OUTAGE_MS = env('FAULTS_OUTAGE_SECONDS', 12) * 1000;
const MODES = (process.env.FAULTS_MODES ?? 'fast,immediate').split(
  ',',
) as StopMode[];
const PORT = env('FAULTS_PORT', 7380);
const PG_PORT = env('FAULTS_PG_PORT', 7391);
const CLIENT_TIMEOUT_MS = env('FAULTS_CLIENT_TIMEOUT', 5) * 1000;
const ACQUIRE_TIMEOUT_MS = env('FAULTS_ACQUIRE_TIMEOUT', 3000);
/** Load before the first outage, and after each one. */
const STEADY_MS = 8_000;
/** Right after PostgreSQL is back, requests on connections it dropped may still fail. */
const RECOVERY_MS = 5_000;
const SENDERS = 3;
const READERS = 2;
const ALERTS_PER_BATCH = 5;
// A guard against a hang, not a speed verdict: sized for a slow start-up on a busy machine.
const RUN_LIMIT_MS = env('FAULTS_RUN_LIMIT', 900) * 1000;
/** The token app-config.yaml gives local alert senders. */
const ALERT_TOKEN = 'local-alert-sender-token-change-me';
const INGEST_PATH = '/api/incidents/alerts/alertmanager';
const LIST_PATH = '/api/incidents/incidents?limit=20';

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[db-outage ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(3)}s] ${message}\n`,
  );

type Outcome = number | 'timeout' | 'error';

interface Sample {
  kind: 'ingest' | 'list';
  start: number;
  end: number;
  outcome: Outcome;
  /** Fingerprints of an ingest batch. */
  fingerprints?: string[];
}

/** One request with a client timeout; never throws. */
async function timed(
  kind: Sample['kind'],
  url: string,
  init: RequestInit,
  fingerprints?: string[],
): Promise<Sample> {
  const start = performance.now();
  let outcome: Outcome;
  try {
    const res = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    outcome = res.status;
  } catch (error) {
    const name = (error as Error)?.name;
    outcome =
      name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'error';
  }
  return { kind, start, end: performance.now(), outcome, fingerprints };
}

/** Senders and readers that run until stopped, recording every request. */
function startLoad(url: string, userToken: string) {
  const samples: Sample[] = [];
  let running = true;
  let nextAlert = 0;
  const run = randomBytes(4).toString('hex');
  const pause = () => new Promise(r => setTimeout(r, 50));
  const sender = async () => {
    while (running) {
      const fingerprints = Array.from(
        { length: ALERTS_PER_BATCH },
        () => `${run}${(nextAlert++).toString(16).padStart(8, '0')}`,
      );
      samples.push(
        await timed(
          'ingest',
          `${url}${INGEST_PATH}`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${ALERT_TOKEN}`,
            },
            body: alertmanagerBody(fingerprints),
          },
          fingerprints,
        ),
      );
      await pause();
    }
  };
  const reader = async () => {
    while (running) {
      samples.push(
        await timed('list', `${url}${LIST_PATH}`, {
          headers: { authorization: `Bearer ${userToken}` },
        }),
      );
      await pause();
    }
  };
  const workers = [
    ...Array.from({ length: SENDERS }, sender),
    ...Array.from({ length: READERS }, reader),
  ];
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

interface Outage {
  mode: StopMode;
  /** Just before the stop command. */
  downAt: number;
  /** When PostgreSQL accepted connections again. */
  upAt: number;
  stopMs: number;
  startMs: number;
}

type PhaseName = 'before' | 'down' | 'recovery' | 'after';

interface PhaseFigures {
  requests: number;
  ok: number;
  unavailable: number;
  other5xx: number;
  other: number;
  timeouts: number;
  errors: number;
  p99: number;
  maxMs: number;
  codes: Record<string, number>;
}

function figures(samples: Sample[]): PhaseFigures {
  const f: PhaseFigures = {
    requests: samples.length,
    ok: 0,
    unavailable: 0,
    other5xx: 0,
    other: 0,
    timeouts: 0,
    errors: 0,
    p99: percentile(
      samples.map(s => s.end - s.start),
      0.99,
    ),
    maxMs: Math.max(0, ...samples.map(s => s.end - s.start)),
    codes: {},
  };
  for (const { outcome } of samples) {
    f.codes[outcome] = (f.codes[outcome] ?? 0) + 1;
    if (outcome === 'timeout') f.timeouts++;
    else if (outcome === 'error') f.errors++;
    else if (outcome >= 200 && outcome < 300) f.ok++;
    else if (outcome === 503) f.unavailable++;
    else if (outcome >= 500) f.other5xx++;
    else f.other++;
  }
  return f;
}

/**
 * The phase of a request around one outage: `down` if it was in flight at any moment
 * while PostgreSQL was stopped; `recovery` if it started in the first seconds after.
 */
function phaseOf(
  s: Sample,
  outage: Outage,
  windowStart: number,
  windowEnd: number,
): PhaseName | undefined {
  // Requests still in flight when the next outage began belong to that outage.
  if (s.start < windowStart || s.end >= windowEnd) return undefined;
  if (s.end < outage.downAt) return 'before';
  if (s.start < outage.upAt) return 'down';
  if (s.start < outage.upAt + RECOVERY_MS) return 'recovery';
  return 'after';
}

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    await cleanups.pop()!().catch(error => log(`cleanup: ${error}`));
  }
}

/** Fingerprints of accepted alerts that are not in the alerts table. */
async function missingAlerts(
  server: PrivatePostgres,
  fingerprints: string[],
): Promise<string[]> {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    database: 'backstage_plugin_incidents',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT dedup_key FROM alerts WHERE dedup_key = ANY($1)`,
      [fingerprints],
    );
    const found = new Set(rows.map((r: { dedup_key: string }) => r.dedup_key));
    return fingerprints.filter(fp => !found.has(fp));
  } finally {
    await client.end();
  }
}

function backendLogSummary(logFile: string) {
  const lines = readFileSync(logFile, 'utf8')
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n');
  const status = (code: string) =>
    lines.filter(
      l => l.includes('/api/incidents/') && l.includes(`status=${code}`),
    ).length;
  return { logged503: status('503'), logged500: status('500') };
}

const ms = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a';

function row(name: string, f: PhaseFigures) {
  const codes = Object.entries(f.codes)
    .map(([c, n]) => `${c}×${n}`)
    .join(' ');
  return (
    `| ${name.padEnd(22)} | ${String(f.requests).padStart(5)} | ${String(
      f.ok,
    ).padStart(5)} ` +
    `| ${String(f.unavailable).padStart(5)} | ${String(f.other5xx).padStart(
      5,
    )} ` +
    `| ${String(f.timeouts).padStart(5)} | ${String(
      f.errors + f.other,
    ).padStart(5)} ` +
    `| ${ms(f.p99).padStart(8)} | ${ms(f.maxMs).padStart(8)} | ${codes} |`
  );
}

async function main() {
  const limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    cleanupAll().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllGroupsSync);

  await assertPortFree(PORT);
  await assertPortFree(PG_PORT);
  log(`private PostgreSQL on 127.0.0.1:${PG_PORT}`);
  const server = await createPrivatePostgres({ port: PG_PORT });
  cleanups.push(() => server.destroy());
  process.once('exit', () => server.destroySync());

  const workDir = mkdtempSync(join(tmpdir(), 'firebreak-db-outage-'));
  const url = `http://localhost:${PORT}`;
  log(`starting the backend on ${url} (logs: ${workDir})`);
  const backend: RunningBackend = await startBackend({
    port: PORT,
    workDir,
    timeoutMs: 300_000,
    ready: url => entityRoutable(url, ENTITY_REF),
    config: {
      backend: {
        baseUrl: url,
        listen: { port: PORT },
        database: {
          client: 'pg',
          connection: {
            host: server.host,
            port: server.port,
            user: server.user,
            // bounds a connection attempt to a server that does not answer at all
            connectionTimeoutMillis: 3000,
          },
          ...(ACQUIRE_TIMEOUT_MS
            ? { knexConfig: { acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS } }
            : {}),
        },
      },
      firebreakDemo: { enabled: false },
    },
  });
  cleanups.push(() => backend.stop());
  log(`backend ready (pid ${backend.pid})`);

  const userToken = await guestToken(url);
  const load = startLoad(url, userToken);
  const outages: Outage[] = [];
  const loadStart = performance.now();
  const sleep = (n: number) => new Promise(r => setTimeout(r, n));
  try {
    await sleep(STEADY_MS);
    for (const mode of MODES) {
      const downAt = performance.now();
      log(`stopping PostgreSQL (-m ${mode}) for ${OUTAGE_MS / 1000}s`);
      await server.stop(mode);
      const stopMs = performance.now() - downAt;
      await sleep(Math.max(0, OUTAGE_MS - stopMs));
      const startAt = performance.now();
      await server.start();
      const upAt = performance.now();
      log(`PostgreSQL is back (${((upAt - downAt) / 1000).toFixed(1)}s down)`);
      outages.push({ mode, downAt, upAt, stopMs, startMs: upAt - startAt });
      await sleep(RECOVERY_MS + STEADY_MS);
    }
  } finally {
    await load.stop();
  }
  const backendAlive = !backend.exited();

  // Every accepted alert must have been stored, outage or not.
  const accepted = load.samples
    .filter(
      s =>
        s.kind === 'ingest' &&
        typeof s.outcome === 'number' &&
        s.outcome >= 200 &&
        s.outcome < 300,
    )
    .flatMap(s => s.fingerprints!);
  const missing = await missingAlerts(server, accepted);
  await backend.stop();
  const logged = backendLogSummary(backend.logFile);

  const out: string[] = [
    `## Database outage (private PostgreSQL 15, ${SENDERS} alert senders × ${ALERTS_PER_BATCH} alerts per batch, ${READERS} list readers)`,
    '',
    `Client timeout ${
      CLIENT_TIMEOUT_MS / 1000
    }s; knex acquireConnectionTimeout ${
      ACQUIRE_TIMEOUT_MS ? `${ACQUIRE_TIMEOUT_MS} ms` : 'default (60 s)'
    }; pg connectionTimeoutMillis 3000; "recovery" = first ${
      RECOVERY_MS / 1000
    }s after PostgreSQL is back.`,
    '',
  ];
  const failures: string[] = [];
  const timeouts = load.samples.filter(s => s.outcome === 'timeout').length;
  for (const [i, outage] of outages.entries()) {
    const windowStart = i === 0 ? loadStart : outages[i - 1].upAt + RECOVERY_MS;
    const windowEnd = i + 1 < outages.length ? outages[i + 1].downAt : Infinity;
    out.push(
      `### Outage ${i + 1}: pg_ctl stop -m ${outage.mode}, down ${(
        (outage.upAt - outage.downAt) /
        1000
      ).toFixed(1)}s (stop ${ms(outage.stopMs)}, start ${ms(outage.startMs)})`,
      '',
      '| Phase                  |  Req. |   2xx |   503 | o.5xx | t/out | other |      p99 |      max | Status codes |',
      '| ---------------------- | ----: | ----: | ----: | ----: | ----: | ----: | -------: | -------: | ------------ |',
    );
    const byPhase = new Map<string, PhaseFigures>();
    for (const phase of ['before', 'down', 'recovery', 'after'] as const) {
      for (const kind of ['ingest', 'list'] as const) {
        const selected = load.samples.filter(
          s =>
            s.kind === kind &&
            phaseOf(s, outage, windowStart, windowEnd) === phase,
        );
        const f = figures(selected);
        byPhase.set(`${phase}/${kind}`, f);
        out.push(row(`${phase} ${kind}`, f));
      }
    }
    out.push('');
    const label = `outage ${i + 1} (${outage.mode})`;
    for (const kind of ['ingest', 'list'] as const) {
      const before = byPhase.get(`before/${kind}`)!;
      const down = byPhase.get(`down/${kind}`)!;
      const recovery = byPhase.get(`recovery/${kind}`)!;
      const after = byPhase.get(`after/${kind}`)!;
      if (before.ok !== before.requests) {
        failures.push(
          `${label}: ${before.requests - before.ok} ${kind} failures before`,
        );
      }
      if (!down.unavailable) {
        failures.push(`${label}: no ${kind} request saw 503 while down`);
      }
      for (const [phase, f] of [
        ['down', down],
        ['recovery', recovery],
      ] as const) {
        if (f.other5xx || f.other || f.errors) {
          failures.push(
            `${label}: ${f.other5xx} other 5xx, ${f.other} other statuses, ${f.errors} socket errors on ${kind} while ${phase}`,
          );
        }
      }
      if (!after.requests || after.ok !== after.requests) {
        failures.push(
          `${label}: ${after.requests - after.ok} of ${
            after.requests
          } ${kind} requests failed after recovery`,
        );
      }
    }
  }
  if (timeouts)
    failures.push(
      `${timeouts} requests hit the ${
        CLIENT_TIMEOUT_MS / 1000
      }s client timeout`,
    );
  if (missing.length) {
    failures.push(
      `${missing.length} alerts answered 2xx are missing from the database`,
    );
  }
  if (!backendAlive) failures.push('the backend exited during the run');
  out.push(
    `Alerts answered 2xx: ${accepted.length}; found in the database: ${
      accepted.length - missing.length
    }; missing: ${missing.length}.`,
    `Backend log: ${logged.logged503} requests logged with status=503, ${logged.logged500} with status=500 (${backend.logFile}).`,
    '',
  );
  const total = figures(load.samples);
  const summary = `${load.samples.length} requests over ${
    outages.length
  } outages (${outages.map(o => o.mode).join(', ')}), ${
    total.unavailable
  } × 503, ${total.other5xx} other 5xx, ${timeouts} timeouts, max latency ${ms(
    total.maxMs,
  )}; ${accepted.length - missing.length}/${
    accepted.length
  } accepted alerts stored`;
  out.push(
    failures.length
      ? `db-outage: FAIL — ${failures.join('; ')} (${summary})`
      : `db-outage: PASS — ${summary}; every request while down answered 503 within ${ms(
          Math.max(
            ...outages.map((_, i) => byPhaseMax(load.samples, outages, i)),
          ),
        )}, and requests succeed again once PostgreSQL is back, without a backend restart`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  if (failures.length) process.exitCode = 1;
  else rmSync(workDir, { recursive: true, force: true });
  clearTimeout(limit);
}

/** The slowest request that was in flight during outage i. */
function byPhaseMax(samples: Sample[], outages: Outage[], i: number): number {
  const o = outages[i];
  return Math.max(
    0,
    ...samples
      .filter(s => s.end >= o.downAt && s.start < o.upAt)
      .map(s => s.end - s.start),
  );
}

main()
  .catch(error => {
    log(`failed: ${error?.stack ?? error}`);
    process.stdout.write(`db-outage: FAIL — ${error?.message ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => log('done')));
