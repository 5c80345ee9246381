// Mixed load: sustained alert ingestion and incident-list reads at the same time against
// the demo backend (app-config.yaml as the README's app runs it, demo data on, backend
// only, no file watcher), on SQLite and on PostgreSQL, each on a fresh database. Next
// to the figures, baselines measured in the same run: the same upserts straight through
// knex on the same engine, and a bare node:http handler under the same two streams.
//
//   cd test && node bench/load.ts [--engines sqlite,postgres] [--duration 30]
//     [--warmup 5] [--ingest-connections 8] [--read-connections 4] [--port 7317]
//   cd test && node bench/load.ts --quick       (CI: a few seconds per engine)
//
// Ingestion: POST /api/incidents/alerts/alertmanager, batches of 10 alerts — 8 repeats
// of 200 open fingerprints (the dedup path) and 2 new ones (new alerts, joined to the
// entity's open incident) — with a static external-access token, as Alertmanager sends.
// Reads: GET /api/incidents/incidents?limit=50 with a second static token, cycling
// through the first page, the next two pages by `nextCursor`, an open-status filter and
// an entity filter.
//
// The last line is the verdict: `load: PASS …` needs, on every engine, no 5xx, no
// connection errors or timeouts (30 s) on either stream, at least one answer on each
// stream (a stream whose every request outlived the run was starved), and every
// accepted alert in the database afterwards (rows and repeat counts); otherwise
// `load: FAIL …` and exit 1.
// FIREBREAK_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432) picks the
// server; the databases firebreak_load_<pid>_* are dropped at the end, also on failure.
// BENCH_KEEP=1 keeps the SQLite files and backend logs of a clean run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { assertPortFree } from '../lib/backend.ts';
import {
  backendDatabase,
  connect,
  runKnexBaseline,
  upsertMatchesStore,
  type EngineConnection,
  type KnexBaselineResult,
} from './knex-baseline.ts';
import {
  killAllGroupsSync,
  startBareServer,
  peakMemoryDuring,
  startBackend,
} from './launch.ts';
import {
  ALERT_NAME,
  ALERTS_PER_BATCH,
  alertmanagerBody,
  ENTITY_REF,
  FingerprintMix,
} from './payloads.ts';
import {
  fmtMiB,
  fmtMs,
  fmtNumber,
  fmtRatio,
  percentile,
  table,
} from './stats.ts';
import { entityRoutable } from '../lib/backend.ts';
import { fetchTextRetrying } from '../lib/http.ts';
import { dropDatabasesWithPrefix, pgAdmin, PG_URL } from '../lib/postgres.ts';

const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: 'sqlite,postgres' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    'ingest-connections': { type: 'string', default: '8' },
    'read-connections': { type: 'string', default: '4' },
    port: { type: 'string', default: '7317' },
    quick: { type: 'boolean', default: false },
  },
});
const QUICK = args.quick!;
const DURATION = QUICK ? 6 : Number(args.duration);
const WARMUP = QUICK ? 2 : Number(args.warmup);
const INGEST_CONNECTIONS = Number(args['ingest-connections']);
const READ_CONNECTIONS = Number(args['read-connections']);
const BASE_PORT = Number(args.port);
const ENGINES = args.engines!.split(',') as Engine[];
const NEW_PER_BATCH = 2;
const REPEAT_SET = 200;
/**
 * Start-up limit of one backend. A busy machine (load 6 on 2 cores) starts it several
 * times slower than an idle one; the limit only stops a backend that never comes up.
 */
const STARTUP_LIMIT_MS = 300_000;
/**
 * A request still unanswered after this counts as a timeout (a request lost, not a slow
 * one: generous, so a loaded machine's latency does not turn into a failure).
 */
const REQUEST_TIMEOUT_S = 30;
/**
 * Past this, everything is stopped and the run fails: a guard against a hang, sized
 * from the start-up limit so that a slow but sound run is never cut short.
 */
const RUN_LIMIT_MS =
  (ENGINES.length * (STARTUP_LIMIT_MS / 1000 + 120 + 3 * (WARMUP + DURATION)) +
    120 +
    2 * (WARMUP + DURATION)) *
  1000;

const INGEST_PATH = '/api/incidents/alerts/alertmanager';
const LIST_PATH = '/api/incidents/incidents';
const INGEST_TOKEN = randomBytes(24).toString('base64url');
const READ_TOKEN = randomBytes(24).toString('base64url');
const DB_PREFIX = `firebreak_load_${process.pid}_`;

type Engine = 'sqlite' | 'postgres';

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[load ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(3)}s] ${message}\n`,
  );

/** One stream's outcome: throughput, latency of 2xx answers, and what went wrong. */
interface StreamResult {
  seconds: number;
  ok: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  status4xx: number;
  status5xx: number;
  /** Connection errors (refused, reset, …) other than timeouts. */
  connectionErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** What an ingestion stream was told: alerts the backend accepted, by outcome. */
class AcceptedAlerts {
  /** Alert deliveries answered `opened` or `repeated`. */
  deliveries = 0;
  /** Ids of the alert rows the backend reported, opened or repeated. */
  readonly ids = new Set<number>();
  /** Deliveries answered with an unexpected outcome. */
  other = 0;

  record(body: string) {
    let results: Array<{ outcome: string; alertId?: number }>;
    try {
      results = JSON.parse(body).results;
    } catch {
      return;
    }
    for (const r of results ?? []) {
      if (r.outcome === 'opened' || r.outcome === 'repeated') {
        this.deliveries++;
        if (r.alertId !== undefined) this.ids.add(r.alertId);
      } else {
        this.other++;
      }
    }
  }
}

/** The read stream's cycle of list calls; `context.cursor` carries the next page. */
function readRequests(headers: Record<string, string>) {
  const nextCursor = (body: string) => /"nextCursor":"([^"]+)"/.exec(body)?.[1];
  const page = (
    query: string,
    options: { follow?: boolean; keep?: boolean } = {},
  ) => ({
    method: 'GET',
    headers,
    setupRequest: (request: any, context: any) => {
      const cursor = options.follow ? context.cursor : undefined;
      return {
        ...request,
        path: `${LIST_PATH}?limit=50${query}${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
      };
    },
    onResponse: (_status: number, body: string, context: any) => {
      if (options.keep) context.cursor = nextCursor(body);
    },
  });
  return [
    page('', { keep: true }),
    page('', { follow: true, keep: true }),
    page('', { follow: true }),
    page(
      '&status=triggered&status=acknowledged&status=investigating&status=identified&status=monitoring',
    ),
    page(`&entityRef=${encodeURIComponent(ENTITY_REF)}`),
  ];
}

function ingestRequests(
  headers: Record<string, string>,
  mix: FingerprintMix,
  accepted?: AcceptedAlerts,
) {
  return [
    {
      method: 'POST',
      path: INGEST_PATH,
      headers: { 'content-type': 'application/json', ...headers },
      setupRequest: (request: any) => ({
        ...request,
        body: alertmanagerBody(mix.next()),
      }),
      ...(accepted && {
        onResponse: (status: number, body: string) => {
          if (status >= 200 && status < 300) accepted.record(body);
        },
      }),
    },
  ];
}

/** A fixed-duration autocannon stream, timing every 2xx answer for exact percentiles. */
async function stream(
  url: string,
  seconds: number,
  connections: number,
  requests: any[],
): Promise<StreamResult> {
  const latencies: number[] = [];
  const instance: any = autocannon({
    url,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: REQUEST_TIMEOUT_S,
    requests,
  });
  instance.on(
    'response',
    (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    },
  );
  const result: any = await instance;
  const statusCodes: Record<string, number> = {};
  let status4xx = 0;
  let status5xx = 0;
  for (const [code, stats] of Object.entries<any>(
    result.statusCodeStats ?? {},
  )) {
    statusCodes[code] = stats.count;
    if (code.startsWith('4')) status4xx += stats.count;
    if (code.startsWith('5')) status5xx += stats.count;
  }
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    ok,
    perSecond: ok / result.duration,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    status4xx,
    status5xx,
    // autocannon counts a timeout as an error too
    connectionErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/** Both streams at once, for the same number of seconds. */
async function mixed(
  url: string,
  seconds: number,
  ingest: any[],
  reads: any[],
): Promise<{ ingest: StreamResult; reads: StreamResult }> {
  const [i, r] = await Promise.all([
    stream(url, seconds, INGEST_CONNECTIONS, ingest),
    stream(url, seconds, READ_CONNECTIONS, reads),
  ]);
  return { ingest: i, reads: r };
}

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    await step().catch(error => log(`cleanup: ${error}`));
  }
}

/** Whether the database holds what the backend said it accepted. */
interface CountCheck {
  ok: boolean;
  acceptedDeliveries: number;
  storedDeliveries: number;
  acceptedRows: number;
  missingRows: number;
}

async function countCheck(
  target: EngineConnection,
  accepted: AcceptedAlerts,
): Promise<CountCheck> {
  const db = connect(target);
  try {
    const [{ rows, deliveries }] = await db('alerts')
      .where({ name: ALERT_NAME })
      .select(
        db.raw('COUNT(*) AS ??', ['rows']),
        db.raw('SUM(??) AS ??', ['count', 'deliveries']),
      );
    const ids = [...accepted.ids];
    let found = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const [{ n }] = await db('alerts')
        .whereIn('id', ids.slice(i, i + 500))
        .count({ n: '*' });
      found += Number(n);
    }
    const storedDeliveries = Number(deliveries ?? 0);
    return {
      // Every accepted delivery is a stored row or a counted repeat. The database may
      // hold a few more: batches still in flight when a stream stopped were stored, but
      // their answers never reached the load generator.
      ok:
        found === ids.length &&
        Number(rows) >= ids.length &&
        storedDeliveries >= accepted.deliveries,
      acceptedDeliveries: accepted.deliveries,
      storedDeliveries,
      acceptedRows: ids.length,
      missingRows: ids.length - found,
    };
  } finally {
    await db.destroy();
  }
}

interface EngineReport {
  engine: Engine;
  ingest: StreamResult;
  reads: StreamResult;
  peakRss: number;
  count: CountCheck;
  knex: KnexBaselineResult;
  logFile: string;
  startupSeconds: number;
}

async function benchEngine(
  engine: Engine,
  port: number,
): Promise<EngineReport> {
  await assertPortFree(port);
  const workDir = mkdtempSync(join(tmpdir(), `firebreak-load-${engine}-`));
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

  log(`${engine}: starting the demo backend on ${url} (logs: ${workDir})`);
  const startedAt = performance.now();
  const backend = await startBackend({
    port,
    workDir,
    timeoutMs: STARTUP_LIMIT_MS,
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
              options: { token: INGEST_TOKEN, subject: 'bench-alertmanager' },
              accessRestrictions: [{ plugin: 'incidents' }],
            },
            {
              type: 'static',
              options: { token: READ_TOKEN, subject: 'bench-reader' },
              accessRestrictions: [{ plugin: 'incidents' }],
            },
          ],
        },
      },
      // the demo data stays on, as in app-config.yaml
    },
  });
  const startupSeconds = (performance.now() - startedAt) / 1000;
  let stopped = false;
  const stopBackend = async () => {
    if (stopped) return;
    stopped = true;
    await backend.stop();
  };
  cleanups.push(stopBackend);
  log(
    `${engine}: backend ready in ${startupSeconds.toFixed(0)} s (pid ${
      backend.pid
    })`,
  );

  const ingestHeaders = { authorization: `Bearer ${INGEST_TOKEN}` };
  const readHeaders = { authorization: `Bearer ${READ_TOKEN}` };
  const mix = new FingerprintMix({
    repeatSet: REPEAT_SET,
    newPerBatch: NEW_PER_BATCH,
    stream: `${engine}-load-${process.pid}`,
  });
  const accepted = new AcceptedAlerts();
  // Open every repeating alert once, so the measured run sees them as repeats. A batch
  // whose answer was lost is posted again: its alerts then count one more repeat, which
  // the count check allows (stored deliveries at least the accepted ones).
  const retrying = { log: (m: string) => log(`${engine}: ${m}`) };
  for (const batch of mix.seedBatches()) {
    const res = await fetchTextRetrying(
      `${url}${INGEST_PATH}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ingestHeaders },
        body: alertmanagerBody(batch),
      },
      retrying,
    );
    if (res.status !== 202) {
      throw new Error(`${engine}: seeding answered ${res.status}: ${res.text}`);
    }
    accepted.record(res.text);
  }
  const probe = await fetchTextRetrying(
    `${url}${LIST_PATH}?limit=1`,
    { headers: readHeaders },
    retrying,
  );
  if (!probe.ok) {
    throw new Error(
      `${engine}: the list answered ${probe.status}: ${probe.text}`,
    );
  }

  log(`${engine}: warm-up ${WARMUP}s`);
  await mixed(
    url,
    WARMUP,
    ingestRequests(ingestHeaders, mix, accepted),
    readRequests(readHeaders),
  );
  log(
    `${engine}: ingestion (${INGEST_CONNECTIONS} connections) and reads (${READ_CONNECTIONS}) for ${DURATION}s`,
  );
  const { value: run, peakRss } = await peakMemoryDuring(backend.pid, () =>
    mixed(
      url,
      DURATION,
      ingestRequests(ingestHeaders, mix, accepted),
      readRequests(readHeaders),
    ),
  );
  if (backend.exited()) {
    log(`${engine}: WARNING the backend exited during the run`);
  }
  log(
    `${engine}: ${fmtNumber(
      run.ingest.perSecond * ALERTS_PER_BATCH,
    )} alerts/s, ${fmtNumber(run.reads.perSecond)} reads/s`,
  );
  await stopBackend();

  const count = await countCheck(target, accepted);
  log(
    `${engine}: count check ${count.ok ? 'ok' : 'FAILED'}: ${
      count.storedDeliveries
    } of ${count.acceptedDeliveries} accepted deliveries stored, ${
      count.missingRows
    } of ${count.acceptedRows} alert rows missing`,
  );

  // Same upsert, same concurrency as the ingestion stream, straight through knex; after
  // the count check, since its rows land in the same table.
  const db = connect(target);
  let knex: KnexBaselineResult;
  try {
    knex = await runKnexBaseline(db, {
      rows: run.ingest.ok * ALERTS_PER_BATCH,
      maxSeconds: DURATION,
      concurrency: INGEST_CONNECTIONS,
      mix: new FingerprintMix({
        repeatSet: REPEAT_SET,
        newPerBatch: NEW_PER_BATCH,
        stream: `${engine}-knex-${process.pid}`,
      }),
    });
  } finally {
    await db.destroy();
  }
  log(`${engine}: knex baseline ${fmtNumber(knex.rowsPerSecond)} rows/s`);

  const clean = passed(run.ingest, run.reads, count) && !knex.errors;
  if (clean && !process.env.BENCH_KEEP) {
    cleanups.push(async () =>
      rmSync(workDir, { recursive: true, force: true }),
    );
  }
  return {
    engine,
    ...run,
    peakRss,
    count,
    knex,
    logFile: backend.logFile,
    startupSeconds,
  };
}

function passed(ingest: StreamResult, reads: StreamResult, count: CountCheck) {
  const streamOk = (s: StreamResult) =>
    s.ok > 0 && !s.status5xx && !s.connectionErrors && !s.timeouts;
  return streamOk(ingest) && streamOk(reads) && count.ok;
}

/** The bare node:http handler under the same two streams. */
async function bareHttp(
  port: number,
): Promise<{ ingest: StreamResult; reads: StreamResult }> {
  await assertPortFree(port);
  const bare = await startBareServer(port);
  cleanups.push(bare.stop);
  const url = bare.url;
  const mix = new FingerprintMix({
    repeatSet: REPEAT_SET,
    newPerBatch: NEW_PER_BATCH,
    stream: 'bare',
  });
  await mixed(url, WARMUP, ingestRequests({}, mix), readRequests({}));
  const result = await mixed(
    url,
    DURATION,
    ingestRequests({}, mix),
    readRequests({}),
  );
  await bare.stop();
  return result;
}

const name = (engine: Engine) =>
  engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';

function report(
  bare: { ingest: StreamResult; reads: StreamResult },
  results: EngineReport[],
): string {
  const out: string[] = [];
  const errors = (s: StreamResult) =>
    `${s.status4xx} / ${s.status5xx} / ${s.connectionErrors} / ${s.timeouts}`;
  for (const r of results) {
    const alertsPerSecond = r.ingest.perSecond * ALERTS_PER_BATCH;
    out.push(
      table(name(r.engine), [
        ['Ingestion alerts/s (batches of 10)', fmtNumber(alertsPerSecond)],
        [
          'Ingestion p50 / p95 / p99 (per batch)',
          `${fmtMs(r.ingest.p50)} / ${fmtMs(r.ingest.p95)} / ${fmtMs(
            r.ingest.p99,
          )}`,
        ],
        ['Reads/s (list pages of 50)', fmtNumber(r.reads.perSecond, 1)],
        [
          'Reads p50 / p95 / p99',
          `${fmtMs(r.reads.p50)} / ${fmtMs(r.reads.p95)} / ${fmtMs(
            r.reads.p99,
          )}`,
        ],
        ['Ingestion 4xx / 5xx / conn. errors / timeouts', errors(r.ingest)],
        ['Reads 4xx / 5xx / conn. errors / timeouts', errors(r.reads)],
        ['Backend peak RSS (VmHWM)', fmtMiB(r.peakRss)],
        [
          'Alert deliveries stored ≥ accepted; rows found',
          `${fmtNumber(r.count.storedDeliveries)} ≥ ${fmtNumber(
            r.count.acceptedDeliveries,
          )}; ${fmtNumber(
            r.count.acceptedRows - r.count.missingRows,
          )} of ${fmtNumber(r.count.acceptedRows)}`,
        ],
        [
          'knex baseline upserts/s (same engine)',
          fmtNumber(r.knex.rowsPerSecond),
        ],
        [
          'knex baseline p50 / p99 (per upsert)',
          `${fmtMs(r.knex.p50)} / ${fmtMs(r.knex.p99)}`,
        ],
        [
          'Ingest alerts/s ÷ knex upserts/s',
          fmtRatio(alertsPerSecond / r.knex.rowsPerSecond),
        ],
        [
          'Ingest req/s ÷ bare HTTP req/s',
          fmtRatio(r.ingest.perSecond / bare.ingest.perSecond),
        ],
        [
          'Reads/s ÷ bare HTTP GET/s',
          fmtRatio(r.reads.perSecond / bare.reads.perSecond),
        ],
        [
          'Ingest p99 ÷ bare HTTP p99',
          fmtNumber(r.ingest.p99 / bare.ingest.p99, 1),
        ],
        [
          'Reads p99 ÷ bare HTTP p99',
          fmtNumber(r.reads.p99 / bare.reads.p99, 1),
        ],
        ['Backend start-up to ready', `${r.startupSeconds.toFixed(0)} s`],
      ]),
    );
    if (!passed(r.ingest, r.reads, r.count)) {
      out.push(`\n${name(r.engine)}: see the backend log ${r.logFile}`);
    }
    if (r.knex.firstError) {
      out.push(
        `\n${name(r.engine)}: knex baseline error: ${r.knex.firstError}`,
      );
    }
    out.push('');
  }
  out.push(
    `Bare node:http under the same streams: ${fmtNumber(
      bare.ingest.perSecond,
    )} POST/s (p50 ${fmtMs(bare.ingest.p50)}, p99 ${fmtMs(
      bare.ingest.p99,
    )}) and ${fmtNumber(bare.reads.perSecond)} GET/s (p50 ${fmtMs(
      bare.reads.p50,
    )}, p99 ${fmtMs(bare.reads.p99)}).`,
  );
  return out.join('\n');
}

function verdict(results: EngineReport[], missing: Engine[]): string {
  const parts = results.map(r => {
    const ok = passed(r.ingest, r.reads, r.count);
    const problems = [
      r.ingest.status5xx + r.reads.status5xx &&
        `${r.ingest.status5xx + r.reads.status5xx} 5xx`,
      r.ingest.connectionErrors + r.reads.connectionErrors &&
        `${
          r.ingest.connectionErrors + r.reads.connectionErrors
        } connection errors`,
      r.ingest.timeouts + r.reads.timeouts &&
        `${r.ingest.timeouts + r.reads.timeouts} timeouts`,
      !r.count.ok &&
        `${r.count.storedDeliveries}/${r.count.acceptedDeliveries} accepted alerts stored`,
      (!r.ingest.ok || !r.reads.ok) && 'a stream got no 2xx at all',
    ].filter(Boolean);
    return `${r.engine} ${ok ? 'ok' : 'FAIL'} (${fmtNumber(
      r.ingest.perSecond * ALERTS_PER_BATCH,
    )} alerts/s p99 ${fmtMs(r.ingest.p99)}, ${fmtNumber(
      r.reads.perSecond,
    )} reads/s p99 ${fmtMs(r.reads.p99)}${
      problems.length ? `; ${problems.join(', ')}` : ''
    })`;
  });
  parts.push(...missing.map(e => `${e} FAIL (did not complete)`));
  const pass =
    results.length > 0 &&
    !missing.length &&
    results.every(r => passed(r.ingest, r.reads, r.count));
  return `load: ${pass ? 'PASS' : 'FAIL'} ${parts.join('; ')}`;
}

async function postgresAnswers(): Promise<boolean> {
  return pgAdmin(async () => true).catch(() => false);
}

async function main() {
  const limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    console.log(`load: FAIL run exceeded ${RUN_LIMIT_MS / 1000}s`);
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
  const results: EngineReport[] = [];
  const missing: Engine[] = [];
  try {
    if (!upsertMatchesStore()) {
      log(
        'WARNING: the knex baseline statement no longer matches DatabaseAlertStore.upsertFiring',
      );
    }
    log(`bare node:http baseline ${DURATION}s`);
    const bare = await bareHttp(BASE_PORT + 2);
    await cleanupAll();
    for (const [i, engine] of ENGINES.entries()) {
      if (engine === 'postgres' && !(await postgresAnswers())) {
        log(`postgres: ${PG_URL.host} does not answer`);
        missing.push(engine);
        continue;
      }
      try {
        results.push(await benchEngine(engine, BASE_PORT + i));
      } catch (error) {
        log(`${engine}: failed: ${(error as Error)?.stack ?? error}`);
        missing.push(engine);
      } finally {
        await cleanupAll();
      }
    }
    const header = [
      `## Mixed load: alert ingestion and incident-list reads at the same time`,
      '',
      `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
        `${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}.`,
      `Load: POST ${INGEST_PATH} (batches of ${ALERTS_PER_BATCH}: ${
        ALERTS_PER_BATCH - NEW_PER_BATCH
      } repeats of ${REPEAT_SET} open fingerprints + ${NEW_PER_BATCH} new) on ${INGEST_CONNECTIONS} connections, ` +
        `and GET ${LIST_PATH}?limit=50 (first page, two pages by cursor, status and entity filters) on ${READ_CONNECTIONS} connections, ` +
        `${WARMUP}s warm-up + ${DURATION}s measured, demo data on.`,
      `Load average (1 min) at start ${loadAtStart.toFixed(
        2,
      )}, at end ${loadavg()[0].toFixed(
        2,
      )} — other processes on the machine skew absolute figures; the ratios were measured in the same run.`,
      '',
    ].join('\n');
    process.stdout.write(`${header}\n${report(bare, results)}\n\n`);
  } catch (error) {
    log(`failed: ${(error as Error)?.stack ?? error}`);
    for (const e of ENGINES) {
      if (!results.some(r => r.engine === e) && !missing.includes(e)) {
        missing.push(e);
      }
    }
  } finally {
    await cleanupAll();
    clearTimeout(limit);
  }
  const line = verdict(results, missing);
  console.log(
    `${line} (${((performance.now() - t0) / 1000).toFixed(0)} s end to end)`,
  );
  if (!line.startsWith('load: PASS')) process.exitCode = 1;
}

await main();
