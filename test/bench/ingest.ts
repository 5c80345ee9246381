// Alert ingestion throughput: Alertmanager batches against the real backend on SQLite
// and PostgreSQL, next to two baselines measured in the same run — the same alert rows
// upserted straight through knex, and a bare node:http handler under the same load.
//
//   npm run bench:ingest            (from the repository root)
//
// Environment (all optional): BENCH_DURATION (s, default 20), BENCH_WARMUP (s, 5),
// BENCH_CONNECTIONS (10), BENCH_NEW_PER_BATCH (2 of 10), BENCH_REPEAT_SET (200),
// BENCH_ENGINES (sqlite,postgres), BENCH_PORT (7307; +1 PostgreSQL, +2 bare HTTP),
// FIREBREAK_POSTGRES_URL (postgresql://postgres@127.0.0.1:5432).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  killAllGroupsSync,
  startBareServer,
  memoryOf,
  REPO_ROOT,
  startBackend,
  type RunningBackend,
} from './launch.ts';
import {
  backendDatabase,
  connect,
  runKnexBaseline,
  upsertMatchesStore,
  type KnexBaselineResult,
} from './knex-baseline.ts';
import {
  ALERTS_PER_BATCH,
  alertmanagerBody,
  ENTITY_REF,
  FingerprintMix,
} from './payloads.ts';
import { fmtMiB, fmtMs, fmtNumber, fmtRatio, table } from './stats.ts';
import { entityRoutable } from '../lib/backend.ts';
import { dropDatabasesWithPrefix, pgAdmin, PG_URL } from '../lib/postgres.ts';
import { fetchTextRetrying } from '../lib/http.ts';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const DURATION = env('BENCH_DURATION', 20);
const WARMUP = env('BENCH_WARMUP', 5);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10);
const NEW_PER_BATCH = env('BENCH_NEW_PER_BATCH', 2);
const REPEAT_SET = env('BENCH_REPEAT_SET', 200);
const BASE_PORT = env('BENCH_PORT', 7307);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
/** The whole run is bounded: past this, everything is stopped and the run fails. */
const RUN_LIMIT_MS = env('BENCH_RUN_LIMIT', 290) * 1000;
const INGEST_PATH = '/api/incidents/alerts/alertmanager';
const TOKEN = randomBytes(24).toString('hex');
const DB_PREFIX = `firebreak_bench_${process.pid}_`;

const log = (message: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(3)}s] ${message}\n`,
  );
const t0 = performance.now();

interface LoadResult {
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

/** A fixed-duration autocannon run of POSTed Alertmanager batches. */
async function load(
  url: string,
  seconds: number,
  mix: FingerprintMix,
  headers: Record<string, string>,
): Promise<LoadResult> {
  const result: any = await autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: INGEST_PATH,
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request: any) => ({
          ...request,
          body: alertmanagerBody(mix.next()),
        }),
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries<any>(
    result.statusCodeStats ?? {},
  )) {
    statusCodes[code] = stats.count;
  }
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    requestsPerSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Samples a process's resident set while `during` runs; returns the peak. */
async function sampleRss<T>(
  pid: number | undefined,
  during: () => Promise<T>,
): Promise<{ value: T; peakRss: number }> {
  let peakRss = 0;
  const sample = () => {
    const mem = pid ? memoryOf(pid) : undefined;
    if (mem) peakRss = Math.max(peakRss, mem.rss);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const value = await during();
    sample();
    return { value, peakRss };
  } finally {
    clearInterval(timer);
  }
}

/** Error lines and 5xx answers the backend logged, for the report. */
function backendErrors(logFile: string) {
  const lines = readFileSync(logFile, 'utf8')
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n');
  const fiveXx = lines.filter(
    l => l.includes(INGEST_PATH) && /status=5\d\d/.test(l),
  ).length;
  const errors = lines.filter(l => /^\S+ \S+ (error|warn) /.test(l));
  const distinct = [...new Set(errors.map(l => l.slice(25, 260)))];
  return { fiveXx, errorLines: errors.length, samples: distinct.slice(0, 3) };
}

interface EngineReport {
  engine: string;
  ingest: LoadResult;
  peakRss: number;
  idleRss: number;
  knex: KnexBaselineResult;
  logFile: string;
  log: ReturnType<typeof backendErrors>;
}

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    await step().catch(error => log(`cleanup: ${error}`));
  }
}

async function benchEngine(
  engine: 'sqlite' | 'postgres',
  port: number,
): Promise<EngineReport> {
  const workDir = mkdtempSync(join(tmpdir(), `firebreak-bench-${engine}-`));
  const url = `http://localhost:${port}`;
  const { database, target } = backendDatabase(engine, {
    workDir,
    prefix: DB_PREFIX,
  });
  if (engine === 'postgres') {
    cleanups.push(async () => {
      // nothing of ours may still hold (or re-create) a plugin database
      killAllGroupsSync();
      const dropped = await dropDatabasesWithPrefix(DB_PREFIX);
      log(`postgres: dropped ${dropped.length} databases ${DB_PREFIX}*`);
    });
  }

  log(`${engine}: starting the backend on ${url} (logs: ${workDir})`);
  const backend: RunningBackend = await startBackend({
    port,
    workDir,
    timeoutMs: 150_000,
    ready: url => entityRoutable(url, ENTITY_REF),
    config: {
      backend: {
        baseUrl: url,
        listen: { port },
        database,
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: TOKEN, subject: 'bench' },
              accessRestrictions: [{ plugin: 'incidents' }],
            },
          ],
        },
      },
      firebreakDemo: { enabled: false },
    },
  });
  let stopped = false;
  const stopBackend = async () => {
    if (stopped) return;
    stopped = true;
    await backend.stop();
  };
  cleanups.push(stopBackend);
  const serverPid = backend.pid;
  log(`${engine}: backend ready (server pid ${serverPid})`);

  const mix = new FingerprintMix({
    repeatSet: REPEAT_SET,
    newPerBatch: NEW_PER_BATCH,
    stream: `${engine}-http`,
  });
  const headers = { authorization: `Bearer ${TOKEN}` };
  // Open every repeating alert once, so the measured run sees them as repeats. A batch
  // whose answer was lost is posted again, which only repeats its alerts.
  const retrying = { log: (m: string) => log(`${engine}: ${m}`) };
  const seed = async (body: string) => {
    const res = await fetchTextRetrying(
      `${url}${INGEST_PATH}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      },
      retrying,
    );
    if (res.status !== 202) {
      throw new Error(`${engine}: seeding answered ${res.status}: ${res.text}`);
    }
    return JSON.parse(res.text);
  };
  for (const batch of mix.seedBatches()) await seed(alertmanagerBody(batch));
  const seeded = await seed(alertmanagerBody(mix.repeats.slice(0, 1)));
  if (seeded.results?.[0]?.entityRef !== ENTITY_REF) {
    throw new Error(
      `${engine}: alerts do not route to ${ENTITY_REF}: ${JSON.stringify(
        seeded,
      )}`,
    );
  }

  log(`${engine}: warm-up ${WARMUP}s`);
  await load(url, WARMUP, mix, headers);
  const idleRss = serverPid ? memoryOf(serverPid)?.rss ?? 0 : 0;
  log(`${engine}: ingestion ${DURATION}s, ${CONNECTIONS} connections`);
  const { value: ingest, peakRss } = await sampleRss(serverPid, () =>
    load(url, DURATION, mix, headers),
  );
  if (backend.exited()) {
    log(`${engine}: WARNING the backend exited during the run`);
  }
  log(
    `${engine}: ${fmtNumber(
      ingest.requestsPerSecond * ALERTS_PER_BATCH,
    )} alerts/s, ` + `non-2xx ${ingest.non2xx}, errors ${ingest.errors}`,
  );
  await stopBackend();

  // Same rows, same statement, same concurrency, straight through knex.
  const db = connect(target);
  let knex: KnexBaselineResult;
  try {
    log(`${engine}: knex baseline (${ingest.ok * ALERTS_PER_BATCH} rows)`);
    knex = await runKnexBaseline(db, {
      rows: ingest.ok * ALERTS_PER_BATCH,
      maxSeconds: DURATION,
      concurrency: CONNECTIONS,
      mix: new FingerprintMix({
        repeatSet: REPEAT_SET,
        newPerBatch: NEW_PER_BATCH,
        stream: `${engine}-knex`,
      }),
    });
  } finally {
    await db.destroy();
  }
  log(`${engine}: knex ${fmtNumber(knex.rowsPerSecond)} rows/s`);
  const logSummary = backendErrors(backend.logFile);
  const clean =
    !ingest.non2xx && !ingest.errors && !knex.errors && !logSummary.fiveXx;
  if (clean && !process.env.BENCH_KEEP) {
    // nothing to inspect: drop the SQLite files and logs (BENCH_KEEP=1 keeps them)
    cleanups.push(async () =>
      rmSync(workDir, { recursive: true, force: true }),
    );
  }
  return {
    engine,
    ingest,
    peakRss,
    idleRss,
    knex,
    logFile: backend.logFile,
    log: logSummary,
  };
}

async function bareHttp(port: number): Promise<LoadResult> {
  const bare = await startBareServer(port);
  cleanups.push(bare.stop);
  const url = bare.url;
  const mix = new FingerprintMix({
    repeatSet: REPEAT_SET,
    newPerBatch: NEW_PER_BATCH,
    stream: 'bare',
  });
  await load(url, Math.min(WARMUP, 3), mix, {});
  const result = await load(url, DURATION, mix, {});
  await bare.stop();
  return result;
}

async function environment() {
  const sqlite = await (async () => {
    const db = connect({ engine: 'sqlite', filename: ':memory:' });
    try {
      const [row] = await db.raw('select sqlite_version() as v');
      return row.v;
    } finally {
      await db.destroy();
    }
  })();
  const postgres = ENGINES.includes('postgres')
    ? await pgAdmin(c => c.query('SHOW server_version')).then(
        (r: any) => r.rows[0].server_version as string,
        () => undefined,
      )
    : undefined;
  const bsq = JSON.parse(
    readFileSync(
      join(REPO_ROOT, 'node_modules/better-sqlite3/package.json'),
      'utf8',
    ),
  ).version;
  return { sqlite, postgres, betterSqlite3: bsq };
}

function report(bare: LoadResult, results: EngineReport[]) {
  const out: string[] = [];
  for (const r of results) {
    const alertsPerSecond = r.ingest.requestsPerSecond * ALERTS_PER_BATCH;
    const codes = Object.entries(r.ingest.statusCodes)
      .map(([c, n]) => `${c}×${n}`)
      .join(' ');
    out.push(
      table(`${r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, [
        ['Ingestion alerts/s (batches of 10)', fmtNumber(alertsPerSecond)],
        ['Ingestion requests/s', fmtNumber(r.ingest.requestsPerSecond, 1)],
        ['Ingestion p50 latency (per batch)', fmtMs(r.ingest.p50)],
        ['Ingestion p99 latency (per batch)', fmtMs(r.ingest.p99)],
        [
          'Ingestion errors (non-2xx / socket / timeouts)',
          `${r.ingest.non2xx} / ${r.ingest.errors} / ${r.ingest.timeouts}`,
        ],
        ['Ingestion status codes', codes || 'none'],
        ['Backend peak RSS under load', fmtMiB(r.peakRss)],
        ['Backend RSS after warm-up', fmtMiB(r.idleRss)],
        ['knex baseline rows/s', fmtNumber(r.knex.rowsPerSecond)],
        ['knex baseline p50 (per upsert)', fmtMs(r.knex.p50)],
        ['knex baseline p99 (per upsert)', fmtMs(r.knex.p99)],
        [
          'knex baseline rows (errors)',
          `${fmtNumber(r.knex.rows)} (${r.knex.errors})`,
        ],
        ['Bare node:http req/s', fmtNumber(bare.requestsPerSecond)],
        [
          'Ingest alerts/s ÷ knex rows/s',
          fmtRatio(alertsPerSecond / r.knex.rowsPerSecond),
        ],
        [
          'Ingest req/s ÷ bare HTTP req/s',
          fmtRatio(r.ingest.requestsPerSecond / bare.requestsPerSecond),
        ],
      ]),
    );
    if (r.ingest.non2xx || r.ingest.errors || r.log.fiveXx) {
      out.push(
        `\n${r.engine}: backend logged ${r.log.fiveXx} 5xx answers on ${INGEST_PATH} ` +
          `and ${r.log.errorLines} warn/error lines (${r.logFile}); first:\n` +
          r.log.samples.map(s => `  ${s}`).join('\n'),
      );
    }
    if (r.knex.firstError) {
      out.push(`\n${r.engine}: knex baseline error: ${r.knex.firstError}`);
    }
    out.push('');
  }
  out.push(
    `Bare node:http baseline: ${fmtNumber(bare.requestsPerSecond)} req/s, ` +
      `p50 ${fmtMs(bare.p50)}, p99 ${fmtMs(bare.p99)}, non-2xx ${bare.non2xx}`,
  );
  out.push('');
  out.push(verdict(bare, results));
  return out.join('\n');
}

function verdict(bare: LoadResult, results: EngineReport[]): string {
  const name = (r: EngineReport) =>
    r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const failures = results.filter(r => r.ingest.non2xx || r.ingest.errors);
  const parts = results.map(r => {
    const aps = r.ingest.requestsPerSecond * ALERTS_PER_BATCH;
    const ofKnex = aps / r.knex.rowsPerSecond;
    // At half the raw upsert rate or more, the database write path is the ceiling;
    // below that, the per-alert work around it (routing, incident join, timeline) is.
    const bound = ofKnex >= 0.5 ? 'database-bound' : 'application-bound';
    return `${name(r)} ${fmtNumber(aps)} alerts/s, p99 ${fmtMs(
      r.ingest.p99,
    )} per batch, ${(ofKnex * 100).toFixed(0)}% of raw knex upserts (${bound})`;
  });
  const httpShare = Math.max(
    ...results.map(r => r.ingest.requestsPerSecond / bare.requestsPerSecond),
  );
  const http = `HTTP is not the limit (ingestion uses at most ${(
    httpShare * 100
  ).toFixed(1)}% of bare node:http req/s)`;
  if (failures.length) {
    return `Verdict: NOT CLEAN — ${failures
      .map(
        r =>
          `${name(r)}: ${r.ingest.non2xx} non-2xx and ${
            r.ingest.errors
          } socket errors`,
      )
      .join('; ')} under load; ${parts.join('; ')}; ${http}.`;
  }
  return `Verdict: no errors under load; ${parts.join('; ')}; ${http}.`;
}

async function main() {
  const limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    process.exitCode = 1;
    cleanupAll().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllGroupsSync);

  const loadAtStart = loadavg()[0];
  try {
    if (!upsertMatchesStore()) {
      log(
        'WARNING: the knex baseline statement no longer matches DatabaseAlertStore.upsertFiring',
      );
    }
    const envInfo = await environment();
    const engines = ENGINES.filter(e => {
      if (e === 'postgres' && !envInfo.postgres) {
        log(`postgres: ${PG_URL.host} does not answer; skipping PostgreSQL`);
        return false;
      }
      return e === 'sqlite' || e === 'postgres';
    }) as Array<'sqlite' | 'postgres'>;

    log(`bare node:http baseline ${DURATION}s`);
    const bare = await bareHttp(BASE_PORT + 2);
    const results: EngineReport[] = [];
    for (const [i, engine] of engines.entries()) {
      results.push(await benchEngine(engine, BASE_PORT + i));
      await cleanupAll();
    }

    const header = [
      `## Alert ingestion benchmark`,
      '',
      `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
        `${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
        `SQLite ${envInfo.sqlite} via better-sqlite3 ${envInfo.betterSqlite3}` +
        (envInfo.postgres ? `; PostgreSQL ${envInfo.postgres}` : ''),
      `Load: POST ${INGEST_PATH}, Alertmanager v4 batches of ${ALERTS_PER_BATCH} alerts ` +
        `(${
          ALERTS_PER_BATCH - NEW_PER_BATCH
        } repeats of ${REPEAT_SET} open fingerprints + ` +
        `${NEW_PER_BATCH} new), ${CONNECTIONS} connections, ${WARMUP}s warm-up + ${DURATION}s measured; ` +
        `knex baseline: the same number of rows, same upsert, ${CONNECTIONS} concurrent workers.`,
      `Load average (1 min) at start ${loadAtStart.toFixed(
        2,
      )}, at end ${loadavg()[0].toFixed(
        2,
      )} — other processes on the machine skew the figures.`,
      '',
    ].join('\n');
    process.stdout.write(`${header}\n${report(bare, results)}\n`);
    if (results.some(r => r.ingest.non2xx || r.ingest.errors)) {
      process.exitCode = 1;
    }
  } finally {
    await cleanupAll();
    clearTimeout(limit);
    log('done');
  }
}

main().catch(error => {
  log(`failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
  return cleanupAll();
});
