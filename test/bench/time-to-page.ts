// Time to page: from the moment a sender's request leaves to the moment the page exists
// — the Backstage notification row for the on-call user, and its arrival over the
// signals websocket at a client connected as that user — for single P1 alerts on an
// idle backend and while a storm of alerts arrives at a fixed rate, on SQLite and on
// PostgreSQL, next to baselines measured in the same run (bare node:http under the same
// offered load, and the plugin's alert upsert straight through knex on the same engine).
//
//   cd test && node bench/time-to-page.ts [--engine sqlite|postgres|both]
//     [--rates 200,1000] [--duration 10] [--idle-probes 10] [--probe-interval 250]
//     [--max-inflight 256] [--port 7337]
//   cd test && node bench/time-to-page.ts --quick     (smoke run: 1 idle probe, 2 s at 50/s)
//
// Environment equivalents: BENCH_ENGINE, BENCH_RATES, BENCH_DURATION, BENCH_PORT;
// FIREBREAK_POSTGRES_URL (postgresql://postgres@127.0.0.1:5432); BENCH_KEEP=1 keeps the
// temp folder (SQLite files, backend log) of a clean run.
//
// The world: the backend alone (launch.ts: src/index through the CLI's transform, no
// file watcher), demo data off, the example catalog plus a generated one — group
// `ttp-oncall` whose rotation is just `user:guest`, 50 storm components and one probe
// component per probe, all owned by that group. The bench signs in as the guest (the
// guest provider, as the app does), opens /api/signals with that token as the
// websocket protocol (what @backstage/plugin-signals' SignalClient does) and subscribes
// to the `notifications` channel.
//
// Storm: Alertmanager v4 batches of 10 `critical` alerts (BenchLatencyHigh) spread over
// the 50 storm components, 8 repeats of 200 open fingerprints and 2 new fingerprints per
// batch (payloads.ts' FingerprintMix), sent open-loop at the target rate by a paced
// fetch loop; at most --max-inflight batches wait for an answer at once, a slot that
// finds the sender at that cap is skipped and counted (the achieved rate says so). The
// 200 repeats are opened before the idle phase, so a storm only deduplicates and joins
// open incidents; it pages nobody itself. Probes: every --probe-interval ms one P1 alert
// (BenchProbePage, severity critical) on a probe component of its own, which opens a
// P1 incident and pages the guest. Per probe the bench times:
//   - sent → 202 answer;
//   - sent → notification row visible: the notifications backend's `notification`
//     table, polled every 25 ms over a separate knex connection (time = poll return);
//   - sent → signal: `new_notification` for that row on the websocket;
//   - time to page = the later of the row and the signal;
//   - sent → page outbox row marked delivered (`incident_page_outbox.delivered_at`,
//     backend clock, read after the run; the outbox is marked after the notifications
//     backend answered, so this is bookkeeping, not the page).
// Idle: --idle-probes probes one at a time, each after the previous one's page arrived.
//
// Checks (exit 1 when one fails; slowness never fails the run): no 5xx on any request;
// every accepted alert stored (each alert id answered exists, stored deliveries ≥
// accepted ones); every accepted probe opened a P1 whose notification row and signal
// arrived within 60 s. Backend RSS: the larger of VmRSS (sampled every 250 ms) and
// VmHWM (the kernel's high-water mark since start) of the backend process per phase.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import {
  killAllGroupsSync,
  memoryOf,
  REPO_ROOT,
  startBackend,
  startBareServer,
  waitFor,
  type RunningBackend,
} from './launch.ts';
import {
  backendDatabase,
  connect,
  runKnexBaseline,
  upsertMatchesStore,
  type EngineConnection,
  type KnexBaselineResult,
} from './knex-baseline.ts';
import {
  ALERT_NAME,
  ALERTS_PER_BATCH,
  alertAnnotations,
  alertLabels,
  FingerprintMix,
} from './payloads.ts';
import { fmtMiB, fmtMs, fmtNumber, fmtRatio, percentile } from './stats.ts';
import { assertPortFree, entityRoutable, guestToken } from '../lib/backend.ts';
import { fetchTextRetrying } from '../lib/http.ts';
import { dropDatabasesWithPrefix, pgAdmin, PG_URL } from '../lib/postgres.ts';

type Engine = 'sqlite' | 'postgres';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: process.env.BENCH_ENGINE ?? 'both' },
    rates: { type: 'string', default: process.env.BENCH_RATES ?? '200,1000' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '10' },
    'idle-probes': { type: 'string', default: '10' },
    'probe-interval': { type: 'string', default: '250' },
    'max-inflight': { type: 'string', default: '256' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '7337' },
    quick: { type: 'boolean', default: false },
  },
});
const QUICK = args.quick!;
const ENGINES: Engine[] =
  args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as Engine];
const RATES = QUICK ? [50] : args.rates!.split(',').map(Number);
const DURATION_S = QUICK ? 2 : Number(args.duration);
const IDLE_PROBES = QUICK ? 1 : Number(args['idle-probes']);
const PROBE_INTERVAL_MS = Number(args['probe-interval']);
const MAX_INFLIGHT = Number(args['max-inflight']);
const BASE_PORT = Number(args.port);
for (const e of ENGINES) {
  if (e !== 'sqlite' && e !== 'postgres') {
    throw new Error(`--engine must be sqlite, postgres or both, not ${e}`);
  }
}

const INGEST_PATH = '/api/incidents/alerts/alertmanager';
const TOKEN = randomBytes(24).toString('base64url');
const DB_PREFIX = `firebreak_ttp_${process.pid}_`;
const GUEST = 'user:default/guest';
const GROUP = 'ttp-oncall';
const STORM_ENTITIES = 50;
const REPEAT_SET = 200;
const NEW_PER_BATCH = 2;
const PROBE_ALERT = 'BenchProbePage';
/** Knex baseline workers, as in ingest.ts and load.ts (pg's default pool is 10). */
const KNEX_CONCURRENCY = 10;
/** A probe whose page has not arrived this long after it was sent is a lost page. */
const PAGE_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;
/** Sends of one request before a 503 with Retry-After counts as a failure. */
const MAX_ATTEMPTS = 10;
const ROW_POLL_MS = 25;
const STARTUP_LIMIT_MS = 300_000;
const PROBES_PER_STORM = Math.ceil((DURATION_S * 1000) / PROBE_INTERVAL_MS) + 1;
const PROBE_ENTITIES = IDLE_PROBES + RATES.length * PROBES_PER_STORM;
/** Guard against a hang only; sized so a slow but sound run is never cut short. */
const RUN_LIMIT_MS =
  (RATES.length * (DURATION_S + 5) +
    ENGINES.length *
      (STARTUP_LIMIT_MS / 1000 +
        180 +
        IDLE_PROBES * 3 +
        RATES.length * (DURATION_S + PAGE_TIMEOUT_MS / 1000 + 10))) *
  1000;

const stormEntity = (i: number) => `ttp-storm-${String(i).padStart(2, '0')}`;
const probeEntity = (i: number) => `ttp-probe-${String(i).padStart(3, '0')}`;
const componentRef = (name: string) => `component:default/${name}`;

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[time-to-page ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(3)}s] ${message}\n`,
  );
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
/** performance.now() as wall-clock epoch ms, to compare with backend timestamps. */
const wallOf = (perf: number) => performance.timeOrigin + perf;

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    await cleanups.pop()!().catch(error => log(`cleanup: ${error}`));
  }
}

// ---------------------------------------------------------------------------------
// The catalog the bench adds: one on-call group (rotation: the guest), its components.

function writeBenchCatalog(workDir: string): string {
  const file = join(workDir, 'ttp-entities.yaml');
  const component = (name: string, description: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, description },
    spec: { type: 'service', lifecycle: 'production', owner: `group:${GROUP}` },
  });
  const docs = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: GROUP,
        description: 'Time-to-page bench: the guest is always the primary.',
        annotations: {
          'firebreak.dev/oncall':
            'rotation: [user:guest]\nstart: 2026-01-05T09:00:00Z\nshift: P7D\n',
        },
      },
      spec: { type: 'team', children: [] },
    },
    ...Array.from({ length: STORM_ENTITIES }, (_, i) =>
      component(stormEntity(i), 'Time-to-page bench: storm target'),
    ),
    ...Array.from({ length: PROBE_ENTITIES }, (_, i) =>
      component(probeEntity(i), 'Time-to-page bench: one probe alert'),
    ),
  ];
  // JSON is YAML: one document per entity
  writeFileSync(file, docs.map(d => `---\n${JSON.stringify(d)}\n`).join(''));
  return file;
}

/** True once the catalog holds the group and every bench component with its owner. */
async function benchCatalogReady(url: string): Promise<boolean> {
  const token = await guestToken(url).catch(() => undefined);
  if (!token) return false;
  const entityRefs = [
    `group:default/${GROUP}`,
    ...Array.from({ length: STORM_ENTITIES }, (_, i) =>
      componentRef(stormEntity(i)),
    ),
    ...Array.from({ length: PROBE_ENTITIES }, (_, i) =>
      componentRef(probeEntity(i)),
    ),
  ];
  const res = await fetch(`${url}/api/catalog/entities/by-refs`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ entityRefs, fields: ['kind', 'relations'] }),
    signal: AbortSignal.timeout(20_000),
  }).catch(() => undefined);
  if (!res?.ok) return false;
  const { items } = (await res.json()) as {
    items: Array<{ kind: string; relations?: { type: string }[] } | null>;
  };
  return items.every(
    e =>
      e && (e.kind === 'Group' || e.relations?.some(r => r.type === 'ownedBy')),
  );
}

// ---------------------------------------------------------------------------------
// Alert bodies

/** Storm fingerprints → storm component: the repeats evenly, new ones by hash. */
function stormTargets(mix: FingerprintMix) {
  const ofRepeat = new Map(
    mix.repeats.map((fp, i) => [fp, i % STORM_ENTITIES]),
  );
  return (fp: string) =>
    stormEntity(
      ofRepeat.get(fp) ?? parseInt(fp.slice(0, 8), 16) % STORM_ENTITIES,
    );
}

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
}

function alertmanagerWebhook(alertname: string, alerts: AmAlert[]): string {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'firebreak',
    groupLabels: { alertname },
    commonLabels: { alertname, severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: alerts.map(a => ({
      status: 'firing',
      ...a,
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=up',
    })),
  });
}

function stormBody(fingerprints: string[], target: (fp: string) => string) {
  return alertmanagerWebhook(
    ALERT_NAME,
    fingerprints.map(fp => ({
      labels: { ...alertLabels(fp), service: target(fp), severity: 'critical' },
      annotations: alertAnnotations(),
      fingerprint: fp,
    })),
  );
}

/** The text a probe's incident title (and so its notification title) carries. */
const probeMarker = (engine: string, phase: string, n: number) =>
  `#${engine}-${phase}-${n}#`;

function probeBody(marker: string, entity: string) {
  return alertmanagerWebhook(PROBE_ALERT, [
    {
      labels: {
        alertname: PROBE_ALERT,
        service: entity,
        severity: 'critical',
        probe: marker,
      },
      annotations: { summary: `time-to-page probe ${marker}` },
      fingerprint: createHash('sha1').update(marker).digest('hex').slice(0, 16),
    },
  ]);
}

// ---------------------------------------------------------------------------------
// Requests and what the backend said it accepted

/** Alert deliveries the backend answered with `opened` or `repeated`, and their rows. */
class Accepted {
  deliveries = 0;
  readonly alertIds = new Set<number>();

  take(text: string) {
    let results: unknown;
    try {
      results = JSON.parse(text).results;
    } catch {
      return;
    }
    if (!Array.isArray(results)) return; // the bare server's answer
    for (const r of results as Array<{ outcome?: string; alertId?: number }>) {
      if (r.outcome !== 'opened' && r.outcome !== 'repeated') continue;
      this.deliveries++;
      if (typeof r.alertId === 'number') this.alertIds.add(r.alertId);
    }
  }
}

/** Answers by status, and requests that got none. */
class Outcomes {
  readonly byStatus = new Map<number, number>();
  noAnswer = 0;
  /** 503s with Retry-After that the sender waited out and sent again, as senders do. */
  deferred = 0;
  firstNoAnswer?: string;

  count(status: number) {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  get fiveXx() {
    let n = 0;
    for (const [s, c] of this.byStatus) if (s >= 500) n += c;
    return n;
  }
  get ok() {
    let n = 0;
    for (const [s, c] of this.byStatus) if (s >= 200 && s < 300) n += c;
    return n;
  }
  describe() {
    return (
      [...this.byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([s, c]) => `${s}×${c}`)
        .join(' ') || 'none'
    );
  }
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  outcomes: Outcomes,
): Promise<{ status: number; text: string } | undefined> {
  try {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${url}${INGEST_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      // Backpressure: nothing was stored; wait as asked and send again, like
      // Alertmanager and Events API senders. Counted as 5xx only if it never lands.
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 503 && retryAfter > 0 && attempt < MAX_ATTEMPTS) {
        outcomes.deferred++;
        await sleep(retryAfter * 1000);
        continue;
      }
      outcomes.count(res.status);
      return { status: res.status, text };
    }
  } catch (error) {
    outcomes.noAnswer++;
    outcomes.firstNoAnswer ??= String((error as Error)?.cause ?? error);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------
// Where pages show up: the signals websocket and the notification table

class PageWatch {
  /** notification id → when its `new_notification` signal arrived. */
  readonly signals = new Map<string, number>();
  /** notification id → title and when a poll first returned the row. */
  readonly rows = new Map<string, { title: string; seenAt: number }>();
  reconnects = 0;
  polls = 0;
  private ws?: WebSocket;
  private closing = false;
  private polling?: Promise<void>;
  private readonly url: string;
  private readonly token: string;
  private readonly db?: Knex;

  constructor(url: string, token: string, db?: Knex) {
    this.url = url;
    this.token = token;
    this.db = db;
  }

  async start() {
    await this.connect();
    if (this.db) this.polling = this.poll(this.db);
  }

  private connect(): Promise<void> {
    const wsUrl = `${this.url.replace(/^http/, 'ws')}/api/signals`;
    const ws = new WebSocket(wsUrl, this.token);
    this.ws = ws;
    ws.addEventListener('message', event => {
      const at = performance.now();
      try {
        const { channel, message } = JSON.parse(String(event.data));
        const id = message?.notification_id;
        if (channel === 'notifications' && id && !this.signals.has(id)) {
          this.signals.set(id, at);
        }
      } catch {
        // not a signal
      }
    });
    ws.addEventListener('close', () => {
      if (this.closing || this.ws !== ws) return;
      this.reconnects++;
      log(`signals websocket closed; reconnecting`);
      setTimeout(() => this.connect().catch(e => log(`reconnect: ${e}`)), 200);
    });
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => {
        ws.send(
          JSON.stringify({ action: 'subscribe', channel: 'notifications' }),
        );
        resolve();
      });
      ws.addEventListener('error', () =>
        reject(new Error(`websocket ${wsUrl} failed`)),
      );
    });
  }

  private async poll(db: Knex) {
    while (!this.closing) {
      try {
        const rows: Array<{ id: string; title: string }> = await db(
          'notification',
        )
          .where('title', 'like', `%${PROBE_ALERT}%`)
          .select('id', 'title');
        const at = performance.now();
        this.polls++;
        for (const r of rows) {
          if (!this.rows.has(r.id)) {
            this.rows.set(r.id, { title: r.title, seenAt: at });
          }
        }
      } catch (error) {
        log(`notification poll failed: ${error}`);
      }
      await sleep(ROW_POLL_MS);
    }
  }

  /** The probe's notification row (first one whose title carries the marker). */
  rowOf(marker: string) {
    for (const [id, row] of this.rows) {
      if (row.title.includes(marker)) return { id, ...row };
    }
    return undefined;
  }

  async stop() {
    this.closing = true;
    this.ws?.close(1000);
    await this.polling;
  }
}

// ---------------------------------------------------------------------------------
// Probes and storms

interface Probe {
  marker: string;
  entity: string;
  sentAt: number;
  answeredAt?: number;
  status?: number;
  incidentId?: number;
  routedTo?: string;
  outcome?: string;
  /** Filled in once its page arrived, or at the deadline. */
  rowMs?: number;
  signalMs?: number;
  outboxMs?: number;
}

class Prober {
  readonly probes: Probe[] = [];
  private next = 0;
  private readonly url: string;
  private readonly engine: string;
  private readonly headers: Record<string, string>;
  private readonly outcomes: Outcomes;
  private readonly accepted?: Accepted;
  private readonly watch?: PageWatch;

  constructor(options: {
    url: string;
    engine: string;
    headers: Record<string, string>;
    outcomes: Outcomes;
    accepted?: Accepted;
    watch?: PageWatch;
  }) {
    this.url = options.url;
    this.engine = options.engine;
    this.headers = options.headers;
    this.outcomes = options.outcomes;
    this.accepted = options.accepted;
    this.watch = options.watch;
  }

  /** Sends one probe; resolves when it is answered (not when its page arrives). */
  async send(phase: string): Promise<Probe> {
    const n = this.next++;
    if (this.watch && n >= PROBE_ENTITIES) {
      throw new Error(
        `more probes than the ${PROBE_ENTITIES} probe components`,
      );
    }
    const entity = probeEntity(n);
    const probe: Probe = {
      marker: probeMarker(this.engine, phase, n),
      entity,
      sentAt: 0,
    };
    this.probes.push(probe);
    const body = probeBody(probe.marker, entity);
    probe.sentAt = performance.now();
    const res = await post(this.url, body, this.headers, this.outcomes);
    probe.answeredAt = res && performance.now();
    probe.status = res?.status;
    if (res && res.status >= 200 && res.status < 300) {
      this.accepted?.take(res.text);
      const r = JSON.parse(res.text).results?.[0];
      probe.incidentId = r?.incidentId;
      probe.routedTo = r?.entityRef;
      probe.outcome = r?.outcome;
    }
    return probe;
  }

  /** Whether the probe's page has arrived (row and signal), filling in its times. */
  settle(probe: Probe): boolean {
    const watch = this.watch;
    if (!watch) return true;
    const row = watch.rowOf(probe.marker);
    if (row) {
      probe.rowMs = row.seenAt - probe.sentAt;
      const signal = watch.signals.get(row.id);
      if (signal !== undefined) probe.signalMs = signal - probe.sentAt;
    }
    return probe.rowMs !== undefined && probe.signalMs !== undefined;
  }

  /** Waits until every probe of `batch` is answered and paged, or past the deadline. */
  async settleAll(batch: Probe[]) {
    for (;;) {
      const open = batch.filter(
        p =>
          !(this.settle(p) && p.answeredAt !== undefined) &&
          performance.now() - p.sentAt < PAGE_TIMEOUT_MS,
      );
      if (!open.length) return;
      await sleep(20);
    }
  }
}

interface StormResult {
  targetRate: number;
  seconds: number;
  alertsSent: number;
  batchesSent: number;
  /** Slots skipped because --max-inflight batches were already waiting. */
  skipped: number;
  outcomes: Outcomes;
  batchLatencies: number[];
  /** Alerts in 2xx answers (the storm's batches, not the probes). */
  alertsAnswered: number;
  /** From the last batch sent to the last answer: the backlog the storm left. */
  drainSeconds: number;
}

/**
 * Sends storm batches at `rate` alerts/s for `seconds`, open-loop with an in-flight
 * cap, while `probe` is called every PROBE_INTERVAL_MS; resolves when every batch was
 * answered (or timed out).
 */
async function storm(
  url: string,
  options: {
    rate: number;
    seconds: number;
    headers: Record<string, string>;
    mix: FingerprintMix;
    accepted?: Accepted;
    probe?: () => Promise<unknown>;
  },
): Promise<StormResult> {
  const target = stormTargets(options.mix);
  const outcomes = new Outcomes();
  const batchLatencies: number[] = [];
  const inflight = new Set<Promise<unknown>>();
  const probes: Promise<unknown>[] = [];
  const perSecond = options.rate / ALERTS_PER_BATCH;
  const result: StormResult = {
    targetRate: options.rate,
    seconds: options.seconds,
    alertsSent: 0,
    batchesSent: 0,
    skipped: 0,
    outcomes,
    batchLatencies,
    alertsAnswered: 0,
    drainSeconds: 0,
  };
  const start = performance.now();
  const end = start + options.seconds * 1000;
  let slots = 0;
  let nextProbe = start + PROBE_INTERVAL_MS / 2;
  for (let now = start; now < end; now = performance.now()) {
    const due = Math.floor(((now - start) / 1000) * perSecond) + 1;
    for (; slots < due; slots++) {
      if (inflight.size >= MAX_INFLIGHT) {
        result.skipped++;
        continue;
      }
      const body = stormBody(options.mix.next(), target);
      const sentAt = performance.now();
      const request = post(url, body, options.headers, outcomes).then(res => {
        if (res && res.status >= 200 && res.status < 300) {
          batchLatencies.push(performance.now() - sentAt);
          result.alertsAnswered += ALERTS_PER_BATCH;
          options.accepted?.take(res.text);
        }
      });
      inflight.add(request);
      request.finally(() => inflight.delete(request));
      result.batchesSent++;
      result.alertsSent += ALERTS_PER_BATCH;
    }
    if (options.probe && now >= nextProbe) {
      probes.push(options.probe());
      nextProbe += PROBE_INTERVAL_MS;
    }
    await sleep(2);
  }
  const sendingEnded = performance.now();
  result.seconds = (sendingEnded - start) / 1000;
  await Promise.all(inflight);
  result.drainSeconds = (performance.now() - sendingEnded) / 1000;
  await Promise.all(probes);
  return result;
}

// ---------------------------------------------------------------------------------
// Figures of one phase

interface PhaseReport {
  name: string;
  storm?: StormResult;
  probes: Probe[];
  memory: PhaseMemory;
}

interface PhaseMemory {
  /** VmRSS when the phase began. */
  startRss: number;
  /** Largest VmRSS sampled during the phase (every 250 ms, and at its end). */
  peakRss: number;
  /** VmHWM at the end of the phase: the process's peak since it started. */
  hwm: number;
}

/**
 * The backend's resident set through one phase. VmRSS is sampled rather than taken
 * from VmHWM alone: the high-water mark also holds the start-up peak (catalog
 * processing, the TypeScript transform), which says nothing about a storm.
 */
async function phaseMemory<T>(
  pid: number,
  phase: () => Promise<T>,
): Promise<{ value: T; memory: PhaseMemory }> {
  const startRss = memoryOf(pid)?.rss ?? NaN;
  let peakRss = Number.isNaN(startRss) ? 0 : startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(pid)?.rss ?? 0);
  }, 250);
  try {
    const value = await phase();
    const end = memoryOf(pid);
    peakRss = Math.max(peakRss, end?.rss ?? 0);
    return { value, memory: { startRss, peakRss, hwm: end?.hwm ?? NaN } };
  } finally {
    clearInterval(timer);
  }
}

const ms = (values: Array<number | undefined>) =>
  values.filter((v): v is number => v !== undefined);
function quantiles(values: number[]) {
  return {
    n: values.length,
    p50: percentile(values, 0.5),
    p99: percentile(values, 0.99),
    max: values.length ? Math.max(...values) : NaN,
  };
}
const pageMs = (p: Probe) =>
  p.rowMs !== undefined && p.signalMs !== undefined
    ? Math.max(p.rowMs, p.signalMs)
    : undefined;
const answerMs = (p: Probe) =>
  p.answeredAt !== undefined ? p.answeredAt - p.sentAt : undefined;
const acceptedProbe = (p: Probe) =>
  p.status !== undefined && p.status >= 200 && p.status < 300;

/** Probes the backend accepted whose page never fully arrived. */
function lostPages(phase: PhaseReport) {
  return phase.probes.filter(
    p => acceptedProbe(p) && (pageMs(p) === undefined || !p.incidentId),
  );
}

// ---------------------------------------------------------------------------------
// One engine

interface EngineReport {
  engine: Engine;
  phases: PhaseReport[];
  seedOutcomes: Outcomes;
  probeOutcomes: Outcomes;
  count: {
    ok: boolean;
    acceptedDeliveries: number;
    storedDeliveries: number;
    acceptedRows: number;
    missingRows: number;
  };
  knex: KnexBaselineResult;
  signalReconnects: number;
  rowPolls: number;
  startupSeconds: number;
  logFile: string;
}

async function benchEngine(
  engine: Engine,
  port: number,
): Promise<EngineReport> {
  await assertPortFree(port);
  const workDir = mkdtempSync(join(tmpdir(), `firebreak-ttp-${engine}-`));
  const url = `http://localhost:${port}`;
  const { database, target } = backendDatabase(engine, {
    workDir,
    prefix: DB_PREFIX,
  });
  const notificationsDb: EngineConnection =
    target.engine === 'sqlite'
      ? {
          engine: 'sqlite',
          filename: join(workDir, 'sqlite', 'notifications.sqlite'),
        }
      : { ...target, database: `${DB_PREFIX}notifications` };
  if (engine === 'postgres') {
    cleanups.push(async () => {
      killAllGroupsSync(); // nothing of ours may still hold a plugin database
      const dropped = await dropDatabasesWithPrefix(DB_PREFIX);
      log(`postgres: dropped ${dropped.length} databases ${DB_PREFIX}*`);
    });
  }
  const catalogFile = writeBenchCatalog(workDir);

  log(`${engine}: starting the backend on ${url} (logs: ${workDir})`);
  const startedAt = performance.now();
  const backend: RunningBackend = await startBackend({
    port,
    workDir,
    timeoutMs: STARTUP_LIMIT_MS,
    ready: benchCatalogReady,
    config: {
      backend: {
        baseUrl: url,
        listen: { port },
        database,
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: TOKEN, subject: 'bench-alertmanager' },
              accessRestrictions: [{ plugin: 'incidents' }],
            },
          ],
        },
      },
      // Arrays replace, they do not merge: the example locations, then the bench's.
      catalog: {
        locations: [
          { type: 'file', target: join(REPO_ROOT, 'examples/entities.yaml') },
          {
            type: 'file',
            target: join(REPO_ROOT, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: catalogFile,
            rules: [{ allow: ['Component', 'Group'] }],
          },
        ],
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
  const startupSeconds = (performance.now() - startedAt) / 1000;
  log(
    `${engine}: backend ready in ${startupSeconds.toFixed(0)} s (pid ${
      backend.pid
    })`,
  );

  const headers = { authorization: `Bearer ${TOKEN}` };
  const retrying = { log: (m: string) => log(`${engine}: ${m}`) };
  const accepted = new Accepted();
  const seedOutcomes = new Outcomes();

  // Open the storm's repeating alerts, so a storm only repeats and joins.
  const seedMix = new FingerprintMix({
    repeatSet: REPEAT_SET,
    newPerBatch: NEW_PER_BATCH,
    stream: `${engine}-seed`,
  });
  const seedTarget = stormTargets(seedMix);
  for (const batch of seedMix.seedBatches()) {
    const res = await fetchTextRetrying(
      `${url}${INGEST_PATH}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: stormBody(batch, seedTarget),
      },
      retrying,
    );
    seedOutcomes.count(res.status);
    if (res.status !== 202) {
      throw new Error(`${engine}: seeding answered ${res.status}: ${res.text}`);
    }
    accepted.take(res.text);
    const first = JSON.parse(res.text).results?.[0];
    if (first?.entityRef !== componentRef(seedTarget(batch[0]))) {
      throw new Error(
        `${engine}: storm alerts do not route: ${res.text.slice(0, 300)}`,
      );
    }
  }

  // The guest is on call for the bench group (as the incidents plugin sees it).
  const token = await guestToken(url);
  await waitFor(async () => {
    const res = await fetch(
      `${url}/api/incidents/oncall?entityRef=${encodeURIComponent(
        componentRef(stormEntity(0)),
      )}`,
      {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(20_000),
      },
    ).catch(() => undefined);
    return !!res?.ok && (await res.json()).oncall?.primary === GUEST;
  }, 60_000);
  if (!(await entityRoutable(url, componentRef(stormEntity(0))))) {
    throw new Error(`${engine}: ${stormEntity(0)} has no owner`);
  }

  const rowDb = connect(notificationsDb);
  cleanups.push(() => rowDb.destroy());
  const watch = new PageWatch(url, token, rowDb);
  await watch.start();
  cleanups.push(() => watch.stop());
  const probeOutcomes = new Outcomes();
  const prober = new Prober({
    url,
    engine,
    headers,
    outcomes: probeOutcomes,
    accepted,
    watch,
  });
  await sleep(3000); // let the seeding's own pages and signals go by

  const phases: PhaseReport[] = [];
  // Idle: one probe at a time, the next after the previous page arrived.
  log(`${engine}: idle, ${IDLE_PROBES} single P1 alerts one after another`);
  const idle = await phaseMemory(backend.pid, async () => {
    const batch: Probe[] = [];
    for (let i = 0; i < IDLE_PROBES; i++) {
      const p = await prober.send('idle');
      batch.push(p);
      await prober.settleAll([p]);
      await sleep(500);
    }
    return batch;
  });
  phases.push({ name: 'idle', probes: idle.value, memory: idle.memory });
  if (!idle.value.some(p => pageMs(p) !== undefined)) {
    throw new Error(
      `${engine}: no idle probe's page arrived (probe answers: ${idle.value
        .map(p => p.status ?? 'none')
        .join(', ')}; rows seen ${watch.rows.size}, signals ${
        watch.signals.size
      }); see ${backend.logFile}`,
    );
  }

  for (const rate of RATES) {
    log(`${engine}: storm ${rate} alerts/s for ${DURATION_S}s with probes`);
    const batch: Probe[] = [];
    const { value, memory } = await phaseMemory(backend.pid, async () => {
      const result = await storm(url, {
        rate,
        seconds: DURATION_S,
        headers,
        accepted,
        mix: new FingerprintMix({
          repeatSet: REPEAT_SET,
          newPerBatch: NEW_PER_BATCH,
          stream: `${engine}-storm-${rate}`,
        }),
        probe: () => prober.send(String(rate)).then(p => batch.push(p)),
      });
      await prober.settleAll(batch);
      return result;
    });
    phases.push({ name: `${rate}/s`, storm: value, probes: batch, memory });
    const pages = quantiles(ms(batch.map(pageMs)));
    log(
      `${engine}: ${rate}/s: sent ${fmtNumber(
        value.alertsSent / value.seconds,
      )} alerts/s, answers ${value.outcomes.describe()}, time to page p50 ${fmtMs(
        pages.p50,
      )} p99 ${fmtMs(pages.p99)}, RSS peak ${fmtMiB(memory.peakRss)}`,
    );
    if (backend.exited()) throw new Error(`${engine}: the backend exited`);
    await sleep(3000);
  }
  log(
    `${engine}: backend RSS now ${fmtMiB(memoryOf(backend.pid)?.rss ?? NaN)}`,
  );
  await watch.stop();
  await stopBackend();

  // Afterwards, from the plugin's own database: the outbox times, the count check and
  // the knex baseline.
  const db = connect(target);
  let after: Awaited<ReturnType<typeof afterRun>>;
  try {
    after = await afterRun(engine, db, phases, accepted);
  } finally {
    await db.destroy();
  }

  const report: EngineReport = {
    engine,
    phases,
    seedOutcomes,
    probeOutcomes,
    ...after,
    signalReconnects: watch.reconnects,
    rowPolls: watch.polls,
    startupSeconds,
    logFile: backend.logFile,
  };
  if (!failures(report).length && !process.env.BENCH_KEEP) {
    cleanups.push(async () =>
      rmSync(workDir, { recursive: true, force: true }),
    );
  }
  return report;
}

/** Outbox delivery times, the count check and the knex baseline, on a stopped backend. */
async function afterRun(
  engine: Engine,
  db: Knex,
  phases: PhaseReport[],
  accepted: Accepted,
): Promise<Pick<EngineReport, 'count' | 'knex'>> {
  const keyOf = (p: Probe) => `incident:${p.incidentId}:declared`;
  const paged = phases.flatMap(ph => ph.probes).filter(p => p.incidentId);
  const outbox: Array<{ page_key: string; delivered_at: unknown }> = await db(
    'incident_page_outbox',
  )
    .whereIn('page_key', paged.map(keyOf))
    .select('page_key', 'delivered_at');
  const deliveredAt = new Map(
    outbox
      .filter(r => r.delivered_at)
      .map(r => [r.page_key, new Date(r.delivered_at as string).getTime()]),
  );
  for (const p of paged) {
    const at = deliveredAt.get(keyOf(p));
    if (at !== undefined) p.outboxMs = at - wallOf(p.sentAt);
  }

  const ids = [...accepted.alertIds];
  let found = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const [{ n }] = await db('alerts')
      .whereIn('id', ids.slice(i, i + 500))
      .count({ n: '*' });
    found += Number(n);
  }
  const [{ deliveries }] = await db('alerts')
    .whereIn('name', [ALERT_NAME, PROBE_ALERT])
    .sum({ deliveries: 'count' });
  const storedDeliveries = Number(deliveries ?? 0);
  const count = {
    // Batches in flight when a storm stopped may be stored without their answer
    // reaching the bench: the database may hold more than was acknowledged.
    ok: found === ids.length && storedDeliveries >= accepted.deliveries,
    acceptedDeliveries: accepted.deliveries,
    storedDeliveries,
    acceptedRows: ids.length,
    missingRows: ids.length - found,
  };
  log(
    `${engine}: count check ${count.ok ? 'ok' : 'FAILED'}: ${
      count.storedDeliveries
    } deliveries stored for ${count.acceptedDeliveries} accepted, ${
      count.missingRows
    } of ${count.acceptedRows} alert rows missing`,
  );

  // The same upsert straight through knex, after the count check (same table).
  const template = await db('alerts').where({ name: ALERT_NAME }).first();
  const biggest = phases.reduce(
    (m, ph) => Math.max(m, ph.storm?.alertsAnswered ?? 0),
    0,
  );
  log(`${engine}: knex baseline (${biggest} upserts, at most ${DURATION_S}s)`);
  const knex = await runKnexBaseline(db, {
    rows: Math.max(biggest, 1000),
    maxSeconds: DURATION_S,
    concurrency: KNEX_CONCURRENCY,
    template,
    mix: new FingerprintMix({
      repeatSet: REPEAT_SET,
      newPerBatch: NEW_PER_BATCH,
      stream: `${engine}-knex`,
    }),
  });
  return { count, knex };
}

/** Correctness failures of an engine run (slowness is never one). */
function failures(r: EngineReport): string[] {
  const out: string[] = [];
  const fiveXx =
    r.seedOutcomes.fiveXx +
    r.probeOutcomes.fiveXx +
    r.phases.reduce((n, ph) => n + (ph.storm?.outcomes.fiveXx ?? 0), 0);
  if (fiveXx) out.push(`${fiveXx} 5xx`);
  if (!r.count.ok) {
    out.push(
      `accepted alerts lost (${r.count.storedDeliveries} of ${r.count.acceptedDeliveries} deliveries stored, ${r.count.missingRows} rows missing)`,
    );
  }
  const lost = r.phases.flatMap(lostPages);
  if (lost.length) {
    out.push(
      `${lost.length} accepted probes without a page within ${
        PAGE_TIMEOUT_MS / 1000
      } s (${lost
        .slice(0, 3)
        .map(
          p =>
            `${p.marker} → ${p.routedTo ?? '?'} ${p.outcome ?? ''} incident ${
              p.incidentId ?? 'none'
            }, row ${p.rowMs === undefined ? 'no' : 'yes'}, signal ${
              p.signalMs === undefined ? 'no' : 'yes'
            }`,
        )
        .join('; ')})`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Bare node:http under the same offered load

interface BareReport {
  name: string;
  answers: ReturnType<typeof quantiles>;
  storm?: StormResult;
}

async function bareHttp(port: number): Promise<BareReport[]> {
  await assertPortFree(port);
  const bare = await startBareServer(port);
  cleanups.push(bare.stop);
  const out: BareReport[] = [];
  const prober = new Prober({
    url: bare.url,
    engine: 'bare',
    headers: {},
    outcomes: new Outcomes(),
  });
  const idle: Probe[] = [];
  for (let i = 0; i < Math.max(IDLE_PROBES, 3); i++) {
    idle.push(await prober.send('idle'));
    await sleep(100);
  }
  out.push({ name: 'idle', answers: quantiles(ms(idle.map(answerMs))) });
  for (const rate of RATES) {
    const batch: Probe[] = [];
    const result = await storm(bare.url, {
      rate,
      seconds: DURATION_S,
      headers: {},
      mix: new FingerprintMix({
        repeatSet: REPEAT_SET,
        newPerBatch: NEW_PER_BATCH,
        stream: `bare-${rate}`,
      }),
      probe: () => prober.send(String(rate)).then(p => batch.push(p)),
    });
    out.push({
      name: `${rate}/s`,
      answers: quantiles(ms(batch.map(answerMs))),
      storm: result,
    });
  }
  await bare.stop();
  return out;
}

// ---------------------------------------------------------------------------------
// Report

/** A Markdown table with a header row; the first column left-aligned, others right. */
function grid(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(h.length, 3, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`))
    .join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const name = (e: Engine) => (e === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const trio = (q: ReturnType<typeof quantiles>) =>
  `${fmtMs(q.p50)} / ${fmtMs(q.p99)} / ${fmtMs(q.max)}`;

function engineTables(r: EngineReport, bare: BareReport[]): string {
  const rows = r.phases.map(ph => {
    const s = ph.storm;
    const accepted = ph.probes.filter(acceptedProbe);
    return [
      ph.name === 'idle' ? 'idle (one alert at a time)' : `storm ${ph.name}`,
      s ? fmtNumber(s.alertsSent / s.seconds) : '—',
      s ? `${s.drainSeconds.toFixed(1)} s` : '—',
      `${accepted.length - lostPages(ph).length}/${ph.probes.length}`,
      trio(quantiles(ms(ph.probes.map(pageMs)))),
      trio(quantiles(ms(ph.probes.map(p => p.rowMs)))),
      trio(quantiles(ms(ph.probes.map(p => p.signalMs)))),
      trio(quantiles(ms(ph.probes.map(answerMs)))),
      trio(quantiles(ms(ph.probes.map(p => p.outboxMs)))),
      s
        ? `${fmtMs(percentile(s.batchLatencies, 0.5))} / ${fmtMs(
            percentile(s.batchLatencies, 0.99),
          )}`
        : '—',
      s
        ? `${s.outcomes.fiveXx} / ${s.outcomes.deferred} / ${s.outcomes.noAnswer} / ${s.skipped}`
        : '—',
      `${fmtMiB(ph.memory.startRss)} → ${fmtMiB(ph.memory.peakRss)} (${fmtMiB(
        ph.memory.hwm,
      )})`,
    ];
  });
  const main = grid(
    [
      'Phase',
      'Sent alerts/s',
      'Backlog drained after',
      'Paged probes',
      'Time to page p50 / p99 / max',
      'Row visible p50 / p99 / max',
      'Signal p50 / p99 / max',
      'Probe 202 p50 / p99 / max',
      'Outbox delivered p50 / p99 / max',
      'Storm batch p50 / p99',
      'Storm 5xx / 503 waited out / no answer / skipped',
      'Backend VmRSS start → peak (VmHWM)',
    ],
    rows,
  );
  const bareRows = r.phases.map(ph => {
    const b = bare.find(x => x.name === ph.name);
    const page = quantiles(ms(ph.probes.map(pageMs)));
    const answer = quantiles(ms(ph.probes.map(answerMs)));
    const stormRate = ph.storm ? ph.storm.alertsSent / ph.storm.seconds : 0;
    return [
      ph.name,
      b ? trio(b.answers) : 'n/a',
      b ? fmtNumber(page.p50 / b.answers.p50, 0) : 'n/a',
      b ? fmtNumber(answer.p50 / b.answers.p50, 0) : 'n/a',
      fmtNumber(page.p50 / r.knex.p50, 0),
      ph.storm ? fmtRatio(stormRate / r.knex.rowsPerSecond) : '—',
    ];
  });
  const baselines = grid(
    [
      'Phase',
      'Bare HTTP probe 202 p50 / p99 / max',
      'Time to page p50 ÷ bare HTTP p50',
      'Probe 202 p50 ÷ bare HTTP p50',
      'Time to page p50 ÷ knex upsert p50',
      'Sent alerts/s ÷ knex upserts/s',
    ],
    bareRows,
  );
  const fail = failures(r);
  return [
    `### ${name(r.engine)}`,
    '',
    main,
    '',
    baselines,
    '',
    `knex baseline (${name(
      r.engine,
    )}, ${KNEX_CONCURRENCY} workers): ${fmtNumber(
      r.knex.rowsPerSecond,
    )} upserts/s, p50 ${fmtMs(r.knex.p50)}, p99 ${fmtMs(
      r.knex.p99,
    )}, ${fmtNumber(r.knex.rows)} rows, ${r.knex.errors} errors.`,
    `Accepted alerts: ${fmtNumber(
      r.count.acceptedDeliveries,
    )} deliveries accepted, ${fmtNumber(
      r.count.storedDeliveries,
    )} stored; ${fmtNumber(
      r.count.acceptedRows - r.count.missingRows,
    )} of ${fmtNumber(r.count.acceptedRows)} alert rows found. ` +
      `Probe answers ${r.probeOutcomes.describe()}${
        r.probeOutcomes.noAnswer
          ? `, ${r.probeOutcomes.noAnswer} unanswered`
          : ''
      }; storm answers ${r.phases
        .filter(ph => ph.storm)
        .map(ph => `${ph.name} ${ph.storm!.outcomes.describe()}`)
        .join(', ')}. Signals websocket reconnects: ${
        r.signalReconnects
      }; notification polls: ${fmtNumber(
        r.rowPolls,
      )}. Backend start-up ${r.startupSeconds.toFixed(0)} s.`,
    fail.length
      ? `**${name(r.engine)} correctness: FAIL** — ${fail.join('; ')} (log: ${
          r.logFile
        })`
      : `${name(
          r.engine,
        )} correctness: ok (0 5xx, 0 accepted alerts lost, every accepted probe paged).`,
  ].join('\n');
}

function targets(results: EngineReport[], missing: Engine[]): string[] {
  const lines: string[] = [];
  const pg = results.find(r => r.engine === 'postgres');
  const stormOf = (r: EngineReport | undefined, rate: number) =>
    r?.phases.find(ph => ph.name === `${rate}/s`);
  const check = (
    label: string,
    phase: PhaseReport | undefined,
    limitMs: number,
    rate: number,
  ) => {
    if (!phase) {
      lines.push(`- ${label}: not measured in this run`);
      return;
    }
    const p99 = quantiles(ms(phase.probes.map(pageMs))).p99;
    const s = phase.storm!;
    const achieved = s.alertsSent / s.seconds;
    const reached =
      achieved >= rate * 0.95
        ? ''
        : ` — but only ${fmtNumber(
            achieved,
          )} of the ${rate} alerts/s offered ` +
          `were sent (the backend held ${MAX_INFLIGHT} batches unanswered), so this is ` +
          `not a ${rate}/s storm`;
    lines.push(
      `- ${label}: p99 ${fmtMs(p99)} → ${
        p99 < limitMs ? 'met' : 'NOT met'
      }${reached}`,
    );
  };
  check(
    'PostgreSQL time to page p99 < 1 s at 200 alerts/s',
    stormOf(pg, 200),
    1000,
    200,
  );
  check(
    'PostgreSQL time to page p99 < 2 s during 1,000 alerts/s',
    stormOf(pg, 1000),
    2000,
    1000,
  );
  for (const r of results) {
    const peak = Math.max(
      ...r.phases.filter(ph => ph.storm).map(ph => ph.memory.peakRss),
    );
    lines.push(
      `- ${name(
        r.engine,
      )} backend RSS < 600 MiB through the storms: peak ${fmtMiB(peak)} → ${
        peak < 600 * 2 ** 20 ? 'met' : 'NOT met'
      }`,
    );
    const fail = failures(r);
    lines.push(
      `- ${name(
        r.engine,
      )} 0 accepted alerts lost, 0 5xx, every accepted P1 paged: ${
        fail.length ? `NOT met (${fail.join('; ')})` : 'met'
      }`,
    );
  }
  for (const e of missing) lines.push(`- ${name(e)}: did not complete`);
  return lines;
}

async function environment() {
  const sqlite = await (async () => {
    const db = connect({ engine: 'sqlite', filename: ':memory:' });
    try {
      const [row] = await db.raw('select sqlite_version() as v');
      return row.v as string;
    } finally {
      await db.destroy();
    }
  })();
  const postgres = await pgAdmin(c => c.query('SHOW server_version')).then(
    (r: any) => r.rows[0].server_version as string,
    () => undefined,
  );
  return { sqlite, postgres };
}

async function main() {
  const limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    console.log(`time-to-page: FAIL run exceeded ${RUN_LIMIT_MS / 1000}s`);
    cleanupAll().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.once('exit', killAllGroupsSync);

  const loadAtStart = loadavg();
  const startedWall = new Date();
  const results: EngineReport[] = [];
  const missing: Engine[] = [];
  let bare: BareReport[] = [];
  try {
    if (!upsertMatchesStore()) {
      log(
        'WARNING: the knex baseline statement no longer matches DatabaseAlertStore.upsertFiring',
      );
    }
    const envInfo = await environment();
    log(
      `bare node:http baseline: idle probes, then ${RATES.join(', ')} alerts/s`,
    );
    bare = await bareHttp(BASE_PORT + 2);
    await cleanupAll();
    for (const [i, engine] of ENGINES.entries()) {
      if (engine === 'postgres' && !envInfo.postgres) {
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
    const loadAtEnd = loadavg();
    const out = [
      `## Time to page`,
      '',
      `Run ${startedWall.toISOString()} — machine: ${
        cpus().length
      } cores (${cpus()[0]?.model.trim()}), ` +
        `${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${
          process.version
        }; SQLite ${envInfo.sqlite}` +
        (envInfo.postgres ? `; PostgreSQL ${envInfo.postgres}` : '') +
        '.',
      `Storms: Alertmanager batches of ${ALERTS_PER_BATCH} critical alerts over ${STORM_ENTITIES} components ` +
        `(${
          ALERTS_PER_BATCH - NEW_PER_BATCH
        } repeats of ${REPEAT_SET} open fingerprints + ${NEW_PER_BATCH} new), ` +
        `open-loop at ${RATES.join(
          ' and ',
        )} alerts/s for ${DURATION_S}s, at most ${MAX_INFLIGHT} batches in flight; ` +
        `a P1 probe on a fresh component every ${PROBE_INTERVAL_MS} ms; idle: ${IDLE_PROBES} probes one at a time.`,
      `Load average (1/5/15 min) at start ${loadAtStart
        .map(v => v.toFixed(2))
        .join(' / ')}, at end ${loadAtEnd
        .map(v => v.toFixed(2))
        .join(
          ' / ',
        )} — the bench's own processes included; others on the machine skew the figures.`,
      '',
      'Times are from the request leaving the bench: time to page = the later of the notification row being visible (25 ms polls) and its signal arriving on the websocket; latencies as p50 / p99 / max ' +
        `(nearest rank: with ${
          PROBES_PER_STORM - 1
        } probes a storm and ${IDLE_PROBES} idle, p99 is the slowest probe).`,
      '',
      ...results.map(r => `${engineTables(r, bare)}\n`),
      `Bare node:http (same bodies, same offered load): ${bare
        .map(
          b =>
            `${b.name} probes ${trio(b.answers)}${
              b.storm
                ? ` (sent ${fmtNumber(
                    b.storm.alertsSent / b.storm.seconds,
                  )} alerts/s)`
                : ''
            }`,
        )
        .join('; ')}.`,
      '',
      'Targets:',
      ...targets(results, missing),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
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
  const failed = results.filter(r => failures(r).length);
  const ok = !failed.length && !missing.length;
  console.log(
    `time-to-page: ${ok ? 'PASS' : 'FAIL'} (correctness only; ${
      failed.length ? `failures on ${failed.map(r => r.engine).join(', ')}` : ''
    }${missing.length ? ` not completed: ${missing.join(', ')}` : ''}${
      ok ? 'no 5xx, no accepted alert lost, every accepted P1 paged' : ''
    }; ${((performance.now() - t0) / 1000).toFixed(0)} s end to end)`,
  );
  if (!ok) process.exitCode = 1;
}

await main();
