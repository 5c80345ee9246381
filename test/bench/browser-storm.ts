// Browsers during a storm: how many API requests each open Firebreak page makes while
// an alert storm changes incidents, when every change is broadcast as a content-free
// signal and each page refreshes itself through the API (useIncidentsSignal: at most
// one refresh per second per page, the incident page at most every 7 s).
//
//   cd test && npm run bench:browser-storm      # = node bench/browser-storm.ts
//
// Environment (all optional): BENCH_FRONTEND_PORT (3300), BENCH_BACKEND_PORT (7307),
// BENCH_QUIET / BENCH_STORM / BENCH_AFTER (phase seconds: 15, 15, 10),
// BENCH_RATES (200,1000), BENCH_MAX_INFLIGHT (256).
//
// The world: the full demo app (lib/app.ts: `backstage-cli repo start`, dev server and
// backend with demo data on a fresh SQLite folder) on ports of its own. The bench
// declares one P3 incident on payments-api as the guest, then signs in as the guest in
// one browser context and opens, each in its own tab: the incidents list, the Payments
// API entity's Incidents tab, the declared incident's page, the action items page and
// the metrics page. Every request a tab makes to /api/incidents/ is recorded with its
// time (page.on('request'); websockets are not requests there, and /api/signals is not
// under /api/incidents/ anyway).
//
// Phases, after every tab's first load has settled: quiet (baseline); one change (a
// single alert on payments-api, to see what one refresh of each page calls); storms at
// each rate offered (Alertmanager batches of 10 alerts over five demo components, 5
// new fingerprints and 5 repeats of 100 per batch, sent open-loop by a paced loop with
// at most BENCH_MAX_INFLIGHT batches waiting; a 503 with Retry-After is waited out and
// the batch sent again, as senders do); then a quiet tail. A websocket of the bench's
// own, signed in as the guest, counts the signals the backend broadcasts per phase.
//
// Exit code: 1 only when the app does not start, a page does not load or a page throws
// uncaught errors; never for the figures.
import { cpus, loadavg, totalmem } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../lib/app.ts';
import { assertPortFree, guestToken } from '../lib/backend.ts';
import { launchBrowser, openPage, type PageErrors } from '../lib/browser.ts';
import { waitFor } from '../lib/processes.ts';
import {
  ALERTS_PER_BATCH,
  alertmanagerBody,
  FingerprintMix,
} from './payloads.ts';
import { fmtNumber } from './stats.ts';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const FRONTEND_PORT = env('BENCH_FRONTEND_PORT', 3300);
const BACKEND_PORT = env('BENCH_BACKEND_PORT', 7307);
const QUIET_S = env('BENCH_QUIET', 15);
const STORM_S = env('BENCH_STORM', 15);
const AFTER_S = env('BENCH_AFTER', 10);
const ONE_CHANGE_S = 8;
const RATES = (process.env.BENCH_RATES ?? '200,1000').split(',').map(Number);
const MAX_INFLIGHT = env('BENCH_MAX_INFLIGHT', 256);
/** Sends of one batch before a 503 with Retry-After counts as refused. */
const MAX_ATTEMPTS = 10;
const RUN_LIMIT_MS = 20 * 60_000;
const SENDER_TOKEN = 'local-alert-sender-token-change-me';
const VIEWPORT = { width: 1400, height: 1000 };
const STORM_SERVICES = [
  'payments-api',
  'checkout-web',
  'product-catalog',
  'api-gateway',
  'ledger-worker',
];
const SIGNAL_CHANNEL = 'firebreak:incidents';
/**
 * What react-use's useAsyncRetry logs (development builds) when `retry()` is called while
 * its last load is still under way: that refresh is dropped, not queued.
 */
const NO_OP_RETRY = 'retry() method while loading in progress';

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[browser-storm ${((performance.now() - t0) / 1000).toFixed(
      0,
    )}s] ${message}\n`,
  );
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

// ---------------------------------------------------------------------------------
// What the tabs request

interface ApiRequest {
  at: number;
  endpoint: string;
}

/**
 * `GET /incidents/:id/timeline?limit` from a request: the method, the path below
 * /api/incidents with ids and refs as `:id`, and the names (not values) of its query.
 */
function endpointOf(method: string, url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .replace(/^\/api\/incidents/, '')
    .split('/')
    .map(s => (/^\d+$|^INC-\d+$/i.test(s) ? ':id' : s))
    .join('/');
  const keys = [...new Set(u.searchParams.keys())].sort();
  return `${method} ${path}${keys.length ? `?${keys.join('&')}` : ''}`;
}

interface Tab {
  name: string;
  path: string;
  page: Page;
  errors: PageErrors;
  requests: ApiRequest[];
}

async function openTab(
  context: BrowserContext,
  name: string,
  path: string,
): Promise<Tab> {
  // openPage only calls `newPage` on what it is given: handing it the context puts every
  // tab in the one signed-in context (the context carries the viewport).
  const { page, errors } = await openPage(
    context as unknown as Browser,
    VIEWPORT,
  );
  const tab: Tab = { name, path, page, errors, requests: [] };
  page.on('request', request => {
    if (request.resourceType() === 'websocket') return;
    if (!new URL(request.url()).pathname.startsWith('/api/incidents/')) return;
    tab.requests.push({
      at: Date.now(),
      endpoint: endpointOf(request.method(), request.url()),
    });
  });
  return tab;
}

/** Resolves once the tab has made its first API calls and then none for 3 s. */
async function settled(tab: Tab, timeoutMs = 180_000) {
  await waitFor(
    async () =>
      tab.requests.length > 0 &&
      Date.now() - tab.requests[tab.requests.length - 1].at > 3000,
    timeoutMs,
    250,
  );
}

// ---------------------------------------------------------------------------------
// Signals the backend broadcasts

class SignalCounter {
  readonly at: number[] = [];
  reconnects = 0;
  private ws?: WebSocket;
  private closing = false;

  private readonly backendUrl: string;
  private readonly token: string;

  constructor(backendUrl: string, token: string) {
    this.backendUrl = backendUrl;
    this.token = token;
  }

  start(): Promise<void> {
    const ws = new WebSocket(
      `${this.backendUrl.replace(/^http/, 'ws')}/api/signals`,
      this.token,
    );
    this.ws = ws;
    ws.addEventListener('message', event => {
      try {
        if (JSON.parse(String(event.data)).channel === SIGNAL_CHANNEL) {
          this.at.push(Date.now());
        }
      } catch {
        // not a signal
      }
    });
    ws.addEventListener('close', () => {
      if (this.closing || this.ws !== ws) return;
      this.reconnects++;
      setTimeout(() => this.start().catch(e => log(`signals: ${e}`)), 200);
    });
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => {
        ws.send(
          JSON.stringify({ action: 'subscribe', channel: SIGNAL_CHANNEL }),
        );
        resolve();
      });
      ws.addEventListener('error', () => reject(new Error('signals failed')));
    });
  }

  stop() {
    this.closing = true;
    this.ws?.close(1000);
  }
}

// ---------------------------------------------------------------------------------
// The storm

const mix = new FingerprintMix({
  repeatSet: 100,
  newPerBatch: 5,
  stream: `browser-storm-${Date.now()}`,
});
const serviceOf = (fp: string) =>
  STORM_SERVICES[parseInt(fp.slice(0, 8), 16) % STORM_SERVICES.length];

/** payloads.ts' Alertmanager body, its alerts spread over the storm's components. */
function stormBody(fingerprints: string[]): string {
  const body = JSON.parse(alertmanagerBody(fingerprints));
  delete body.commonLabels.service;
  for (const alert of body.alerts) {
    alert.labels.service = serviceOf(alert.fingerprint);
    alert.labels.job = alert.labels.service;
  }
  return JSON.stringify(body);
}

/** What the senders of one phase got. */
class SendTally {
  batches = 0;
  accepted = 0;
  deferred = 0;
  refused = 0;
  noAnswer = 0;
  skipped = 0;
  firstProblem?: string;
}

async function sendBatch(url: string, body: string, tally: SendTally) {
  try {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${url}/api/incidents/alerts/alertmanager`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${SENDER_TOKEN}`,
          'content-type': 'application/json',
        },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      await res.arrayBuffer();
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 503 && retryAfter > 0 && attempt < MAX_ATTEMPTS) {
        tally.deferred++;
        await sleep(retryAfter * 1000);
        continue;
      }
      if (res.ok) tally.accepted++;
      else {
        tally.refused++;
        tally.firstProblem ??= `HTTP ${res.status}`;
      }
      return;
    }
  } catch (error) {
    tally.noAnswer++;
    tally.firstProblem ??= String((error as Error)?.cause ?? error);
  }
}

/**
 * Offers `rate` alerts/s for `seconds` (a batch every 10 alerts' worth of time, skipped
 * when MAX_INFLIGHT batches wait); returns the batches still under way.
 */
async function offer(
  url: string,
  rate: number,
  seconds: number,
  tally: SendTally,
): Promise<Promise<void>[]> {
  const open = new Set<Promise<void>>();
  const intervalMs = (1000 * ALERTS_PER_BATCH) / rate;
  const start = performance.now();
  let next = start;
  while (next < start + seconds * 1000) {
    while (performance.now() >= next && next < start + seconds * 1000) {
      next += intervalMs;
      if (open.size >= MAX_INFLIGHT) {
        tally.skipped++;
        continue;
      }
      tally.batches++;
      const sending = sendBatch(url, stormBody(mix.next()), tally);
      open.add(sending);
      sending.finally(() => open.delete(sending));
    }
    await sleep(Math.max(1, Math.min(5, next - performance.now())));
  }
  return [...open];
}

// ---------------------------------------------------------------------------------
// Figures

interface Phase {
  name: string;
  start: number;
  end: number;
  /** Alerts/s offered; 0 for the quiet phases. */
  rate: number;
  tally?: SendTally;
  loadAtEnd?: number[];
}

const within = (times: number[], p: Phase) =>
  times.filter(t => t >= p.start && t < p.end);

/** The most timestamps in any window of `ms` (times sorted). */
function maxInWindow(times: number[], ms = 1000): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

function counts(items: string[]): Array<[string, number]> {
  const by = new Map<string, number>();
  for (const i of items) by.set(i, (by.get(i) ?? 0) + 1);
  return [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A Markdown table, unpadded (prettier aligns it in the docs); `align` as `lrr…`. */
function markdown(headers: string[], rows: string[][], align: string) {
  const rule = headers.map((_, i) => (align[i] === 'r' ? '--:' : '---'));
  return [headers, rule, ...rows].map(r => `| ${r.join(' | ')} |`).join('\n');
}

function report(tabs: Tab[], phases: Phase[], signals: SignalCounter): string {
  const seconds = (p: Phase) => (p.end - p.start) / 1000;
  const perTab = markdown(
    [
      'Page',
      'Phase',
      'Requests',
      'Requests/s mean',
      'Max in any 1 s',
      'Distinct endpoints',
    ],
    tabs.flatMap(tab =>
      phases.map(p => {
        const reqs = tab.requests.filter(r => r.at >= p.start && r.at < p.end);
        return [
          tab.name,
          p.name,
          String(reqs.length),
          (reqs.length / seconds(p)).toFixed(2),
          String(maxInWindow(reqs.map(r => r.at))),
          String(new Set(reqs.map(r => r.endpoint)).size),
        ];
      }),
    ),
    'llrrrr',
  );
  const phaseRows = markdown(
    [
      'Phase',
      'Seconds',
      'Alerts/s offered',
      'Alerts/s sent',
      'Batches accepted / 503 waited out / refused / no answer / skipped',
      'Signals',
      'Signals/s max in 1 s',
      'Load (1 min) at end',
    ],
    phases.map(p => {
      const s = within(signals.at, p);
      const t = p.tally;
      return [
        p.name,
        seconds(p).toFixed(1),
        p.rate ? fmtNumber(p.rate) : '—',
        t ? fmtNumber((t.batches * ALERTS_PER_BATCH) / seconds(p)) : '—',
        t
          ? `${t.accepted} / ${t.deferred} / ${t.refused} / ${t.noAnswer} / ${t.skipped}`
          : '—',
        String(s.length),
        String(maxInWindow(s)),
        p.loadAtEnd ? p.loadAtEnd[0].toFixed(2) : '—',
      ];
    }),
    'lrrrrlrr',
  );
  const one = phases.find(p => p.name === 'one change');
  const storms = phases.filter(p => p.rate > 0);
  const refreshRows = markdown(
    [
      'Page',
      'Requests after one change',
      'Endpoints after one change',
      'Endpoints during the storms (requests)',
      'Refreshes dropped (retry while loading)',
    ],
    tabs.map(tab => {
      const oneReqs = one
        ? tab.requests.filter(r => r.at >= one.start && r.at < one.end)
        : [];
      const stormReqs = tab.requests.filter(r =>
        storms.some(p => r.at >= p.start && r.at < p.end),
      );
      const list = (reqs: ApiRequest[]) =>
        counts(reqs.map(r => r.endpoint))
          .map(([e, n]) => `\`${e}\` ×${n}`)
          .join(', ') || '—';
      return [
        tab.name,
        String(oneReqs.length),
        list(oneReqs),
        list(stormReqs),
        String(
          tab.errors.console.filter(m => m.text.includes(NO_OP_RETRY)).length,
        ),
      ];
    }),
    'lrllr',
  );
  return [
    'Requests each page made to /api/incidents/ per phase:',
    '',
    perTab,
    '',
    'Phases (sends to /api/incidents/alerts/alertmanager, and the signals a client of the bench received):',
    '',
    phaseRows,
    '',
    'What one refresh calls (one alert on payments-api after the quiet phase), all endpoints called during the storms, and refreshes the page dropped over the whole run:',
    '',
    refreshRows,
  ].join('\n');
}

// ---------------------------------------------------------------------------------

async function declareIncident(backendUrl: string, token: string) {
  const res = await fetch(`${backendUrl}/api/incidents/incidents`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      title: 'Browser storm bench: payments degraded',
      severity: 'P3',
      entityRef: 'component:default/payments-api',
    }),
  });
  if (res.status !== 201) {
    throw new Error(`declaring answered ${res.status}: ${await res.text()}`);
  }
  return (await res.json()) as { id: number; ref: string; title: string };
}

async function main(): Promise<number> {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let signals: SignalCounter | undefined;
  const cleanup = async () => {
    signals?.stop();
    await browser?.close().catch(e => log(`browser close: ${e}`));
    await app?.stop().catch(e => log(`app stop: ${e}`));
    app = undefined;
  };
  const limit = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 1000}s; stopping everything`);
    cleanup().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const loadAtStart = loadavg();
  const startedWall = new Date();
  try {
    await assertPortFree(FRONTEND_PORT);
    await assertPortFree(BACKEND_PORT);
    log(`starting the demo app on ${FRONTEND_PORT} and ${BACKEND_PORT}`);
    try {
      app = await startApp({
        frontendPort: FRONTEND_PORT,
        backendPort: BACKEND_PORT,
        timeoutMs: 420_000,
      });
    } catch (error) {
      log(`the app did not start: ${(error as Error)?.stack ?? error}`);
      return 1;
    }
    log(`app up (${app.workDir})`);
    const token = await guestToken(app.backendUrl);
    const incident = await declareIncident(app.backendUrl, token);
    log(`declared ${incident.ref}`);
    // Open the repeats before measuring: the storm then both joins and deduplicates.
    const seeding = new SendTally();
    await Promise.all(
      mix
        .seedBatches()
        .map(batch => sendBatch(app!.backendUrl, stormBody(batch), seeding)),
    );
    log(`seeded ${seeding.accepted} batches of repeats`);
    signals = new SignalCounter(app.backendUrl, token);
    await signals.start();

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: VIEWPORT });
    const signIn = await context.newPage();
    signIn.setDefaultTimeout(120_000);
    await signIn.goto(app.frontendUrl);
    await signIn.getByRole('button', { name: 'Enter' }).click();
    await signIn.getByRole('link', { name: 'Payments API' }).waitFor();
    await signIn.close();
    log('signed in as guest');

    const pages: Array<[string, string]> = [
      ['Incidents list', '/incidents'],
      [
        'Payments API Incidents tab',
        '/catalog/default/component/payments-api/incidents',
      ],
      [`Incident page (${incident.ref})`, `/incidents/${incident.ref}`],
      ['Action items', '/incidents/action-items'],
      ['Metrics', '/incidents/metrics'],
    ];
    const tabs: Tab[] = [];
    for (const [name, path] of pages) {
      const tab = await openTab(context, name, path);
      tabs.push(tab);
      await tab.page.goto(`${app.frontendUrl}${path}`);
    }
    // Each page's own content, then its first load's requests settled.
    await tabs[0].page.getByText(incident.title).first().waitFor();
    await tabs[2].page
      .getByRole('heading', { name: new RegExp(`${incident.ref} · `) })
      .waitFor();
    for (const tab of tabs) {
      try {
        await settled(tab);
      } catch {
        log(`${tab.name}: made no /api/incidents/ request that settled`);
        return 1;
      }
    }
    log(
      `tabs loaded: ${tabs
        .map(t => `${t.name} ${t.requests.length} requests`)
        .join(', ')}`,
    );

    const phases: Phase[] = [];
    const phase = async (
      name: string,
      rate: number,
      seconds: number,
      during?: (p: Phase) => Promise<unknown>,
    ) => {
      log(`phase ${name}`);
      const p: Phase = { name, start: Date.now(), end: 0, rate };
      phases.push(p);
      const deadline = p.start + seconds * 1000;
      await during?.(p);
      await sleep(Math.max(0, deadline - Date.now()));
      p.end = Date.now();
      p.loadAtEnd = loadavg();
    };
    const underWay: Promise<void>[] = [];
    await phase('quiet', 0, QUIET_S);
    await phase('one change', 0, ONE_CHANGE_S, async () => {
      const t = new SendTally();
      await sendBatch(app!.backendUrl, stormBody(mix.next().slice(0, 1)), t);
      if (!t.accepted) log(`the single alert was not accepted`);
    });
    for (const rate of RATES) {
      await phase(`storm ${fmtNumber(rate)}/s`, rate, STORM_S, async p => {
        p.tally = new SendTally();
        underWay.push(
          ...(await offer(app!.backendUrl, rate, STORM_S, p.tally)),
        );
      });
    }
    await phase('after', 0, AFTER_S);
    const backlog = underWay.length;
    await Promise.all(underWay);
    const loadAtEnd = loadavg();

    const problems = phases
      .map(p => p.tally?.firstProblem && `${p.name}: ${p.tally.firstProblem}`)
      .filter(Boolean);
    const errors = tabs.filter(t => t.errors.uncaught.length);
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(
      totalmem() /
      2 ** 30
    ).toFixed(0)} GiB; Node ${process.version}`;
    process.stdout.write(
      [
        '## Browsers during a storm',
        '',
        `Run ${startedWall.toISOString()} — machine: ${machine}. Load average (1/5/15 min) at start ${loadAtStart
          .map(v => v.toFixed(2))
          .join(' / ')}, at end ${loadAtEnd
          .map(v => v.toFixed(2))
          .join(' / ')} (the bench's own app, browser and senders included).`,
        `Storms: Alertmanager batches of ${ALERTS_PER_BATCH} alerts (5 new fingerprints + 5 repeats of 100 open ones) over ${STORM_SERVICES.join(
          ', ',
        )}; at most ${MAX_INFLIGHT} batches waiting; ${backlog} batches were still under way when the storms ended. Signals websocket reconnects: ${
          signals.reconnects
        }.`,
        '',
        report(tabs, phases, signals),
        '',
        problems.length ? `Send problems: ${problems.join('; ')}` : '',
        errors.length
          ? `Uncaught errors: ${errors
              .map(t => `${t.name}: ${t.errors.uncaught.join(' | ')}`)
              .join('; ')}`
          : 'No uncaught errors in the browser.',
        '',
      ].join('\n'),
    );
    return errors.length ? 1 : 0;
  } catch (error) {
    log(`failed: ${(error as Error)?.stack ?? error}`);
    return 1;
  } finally {
    await cleanup();
    clearTimeout(limit);
  }
}

process.exitCode = await main();
