// Frontend benchmark on the production build: builds packages/app, serves it with the
// backend's app-backend plugin (demo data on SQLite), signs in as guest in headless
// Chromium and measures, per Firebreak page, the time until its content is visible —
// after a full load and after an in-app click — next to two baselines from the same run:
// a bare static page and the entity's catalog Overview tab. It also lists the plugin's
// JS chunks with their gzip sizes and checks whether the charts chunk is requested before
// the entity tab's Metrics sub-tab is opened. It prints numbers; it asserts nothing about timing.
//
//   cd test && npm run bench:frontend
//
// Environment (all optional): BENCH_RUNS (5 per page and mode), BENCH_PORT (backend,
// 7977), BENCH_STATIC_PORT (bare static page, 3977), BENCH_SKIP_BUILD=1 (reuse
// packages/app/dist), BENCH_KEEP=1 (keep the temp folder with backend.log).
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  killAllGroupsSync,
  killGroup,
  REPO_ROOT,
  startBackend,
  trackGroup,
  type RunningBackend,
} from './launch.ts';
import { percentile } from './stats.ts';
import { entityRoutable, guestToken } from '../lib/backend.ts';
import { launchBrowser } from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';

const env = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const RUNS = env('BENCH_RUNS', 5);
const PORT = env('BENCH_PORT', 7977);
const STATIC_PORT = env('BENCH_STATIC_PORT', 3977);
const RUN_LIMIT_MS = env('BENCH_RUN_LIMIT', 1500) * 1000;
/** A page whose content is not visible by then counts as failed (not a speed check). */
const CONTENT_TIMEOUT_MS = 60_000;
const CHUNK_LIMIT_BYTES = 250 * 1000;
const ENTITY_REF = 'component:default/payments-api';
const ENTITY_PATH = '/catalog/default/component/payments-api';
const APP_DIR = join(REPO_ROOT, 'packages', 'app');
const STATIC_DIR = join(APP_DIR, 'dist', 'static');
const VIEWPORT = { width: 1400, height: 1000 };

const t0 = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - t0) / 1000).toFixed(0)}s] ${message}\n`,
  );

const cleanups: Array<() => Promise<void>> = [];
async function cleanupAll() {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    await step().catch(error => log(`cleanup: ${error}`));
  }
}

/** `backstage-cli package build` in packages/app: the production bundle in dist/. */
async function buildApp(workDir: string): Promise<number> {
  const started = performance.now();
  const logFile = join(workDir, 'build.log');
  const out = createWriteStream(logFile);
  const child = spawn(
    'npx',
    [
      'backstage-cli',
      'package',
      'build',
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
    ],
    { cwd: APP_DIR, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  trackGroup(child);
  const code = await new Promise<number | null>(resolve =>
    child.once('exit', resolve),
  );
  await killGroup(child);
  if (code !== 0) throw new Error(`app build exited ${code}; see ${logFile}`);
  return performance.now() - started;
}

interface Chunk {
  file: string;
  gzip: number;
  /** Firebreak source folders bundled in it (components, api, …). */
  ours: string[];
  recharts: boolean;
}

/** Every emitted JS file with Firebreak or recharts sources, found by its source map. */
function analyseChunks(): Chunk[] {
  const chunks: Chunk[] = [];
  for (const file of readdirSync(STATIC_DIR)) {
    if (!file.endsWith('.js') || !existsSync(join(STATIC_DIR, `${file}.map`)))
      continue;
    const { sources } = JSON.parse(
      readFileSync(join(STATIC_DIR, `${file}.map`), 'utf8'),
    ) as { sources: string[] };
    const ours = new Set<string>();
    for (const source of sources) {
      const m =
        /plugins\/(incidents(?:-common)?)\/src\/(?:components\/)?([^/]+)/.exec(
          source,
        );
      if (m) {
        ours.add(
          m[1] === 'incidents-common' ? 'common' : m[2].replace(/\.tsx?$/, ''),
        );
      }
    }
    const recharts = sources.some(s => s.includes('node_modules/recharts/'));
    if (!ours.size && !recharts) continue;
    chunks.push({
      file,
      gzip: gzipSync(readFileSync(join(STATIC_DIR, file)), { level: 9 }).length,
      ours: [...ours].sort(),
      recharts,
    });
  }
  return chunks.sort((a, b) => b.gzip - a.gzip);
}

const STATIC_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Static</title></head>
<body><h1 id="content">A bare static page</h1><p>Baseline for the frontend benchmark.</p></body></html>`;

/** The bare static baseline: one HTML page from node:http. */
async function startStaticServer(port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(STATIC_HTML),
    });
    res.end(STATIC_HTML);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

/** One measured page: where it is, what shows it loaded, and how a user clicks to it. */
interface PageSpec {
  key: string;
  label: string;
  url: string;
  content: (page: Page) => Locator;
  /** In-app navigation: the page the click starts from and the link it clicks. */
  from?: {
    url: string;
    ready: (page: Page) => Locator;
    link: (page: Page) => Locator;
  };
}

interface Sample {
  ms: number;
  /** JS files and Firebreak API calls requested until the page settled. */
  js: string[];
  api: number;
}

/** Waits until the page has had no request in flight for 500 ms (at most 10 s). */
async function settle(page: Page) {
  await page
    .waitForLoadState('networkidle', { timeout: 10_000 })
    .catch(() => undefined);
}

function recordRequests(page: Page) {
  const js: string[] = [];
  let api = 0;
  const listener = (request: { url(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/static/') && url.pathname.endsWith('.js')) {
      js.push(url.pathname.slice('/static/'.length));
    } else if (url.pathname.startsWith('/api/incidents/')) {
      api += 1;
    }
  };
  page.on('request', listener);
  return {
    stop: () => {
      page.off('request', listener);
      return { js: [...js], api };
    },
  };
}

async function fullLoad(
  context: BrowserContext,
  spec: PageSpec,
): Promise<Sample> {
  const page = await context.newPage();
  try {
    const requests = recordRequests(page);
    const started = performance.now();
    const navigation = page.goto(spec.url, { waitUntil: 'commit' });
    await spec
      .content(page)
      .waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
    const ms = performance.now() - started;
    await navigation;
    await settle(page);
    return { ms, ...requests.stop() };
  } catch (error) {
    await page.screenshot({
      path: artifactPath(`bench-frontend-${spec.key}-full.png`),
    });
    throw error;
  } finally {
    await page.close();
  }
}

async function inAppNavigation(
  context: BrowserContext,
  spec: PageSpec,
): Promise<Sample> {
  const from = spec.from!;
  const page = await context.newPage();
  try {
    await page.goto(from.url);
    await from
      .ready(page)
      .waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
    await settle(page);
    const link = from.link(page);
    await link.waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
    if (await spec.content(page).isVisible()) {
      throw new Error(
        `${spec.key}: its content selector already matches on ${from.url}`,
      );
    }
    const requests = recordRequests(page);
    const started = performance.now();
    await link.click();
    await spec
      .content(page)
      .waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
    const ms = performance.now() - started;
    await settle(page);
    return { ms, ...requests.stop() };
  } catch (error) {
    await page.screenshot({
      path: artifactPath(`bench-frontend-${spec.key}-nav.png`),
    });
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * BENCH_TRACE=1: when each request starts and ends, to stderr, for a full load of the
 * page and for the in-app click to it.
 */
async function traceRequests(context: BrowserContext, spec: PageSpec) {
  const page = await context.newPage();
  try {
    let lines: string[] = [];
    let started = performance.now();
    const at = () => `${Math.round(performance.now() - started)}`.padStart(5);
    const short = (url: string) => {
      const u = new URL(url);
      return `${u.pathname}${u.search}`.slice(0, 140);
    };
    page.on('request', r => lines.push(`${at()} ms  start ${short(r.url())}`));
    page.on('requestfinished', r =>
      lines.push(`${at()} ms  end   ${short(r.url())}`),
    );
    const visible = async (what: string) => {
      await spec
        .content(page)
        .waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
      lines.push(`${at()} ms  CONTENT VISIBLE`);
      await settle(page);
      log(`trace of ${what}:\n${lines.join('\n')}`);
    };
    await page.goto(spec.url, { waitUntil: 'commit' });
    await visible(`a full load of ${spec.url}`);
    if (spec.from) {
      await page.goto(spec.from.url);
      await spec.from
        .ready(page)
        .waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
      await settle(page);
      lines = [];
      started = performance.now();
      await spec.from.link(page).click();
      await visible(`the click from ${spec.from.url}`);
    }
  } finally {
    await page.close();
  }
}

/**
 * The entity tab loaded and left until it settles, then its Metrics sub-tab opened and
 * scrolled to the chart: the charts' code should arrive only then.
 */
async function chartsOnDemand(
  context: BrowserContext,
  spec: PageSpec,
  chartsChunks: string[],
) {
  const page = await context.newPage();
  try {
    const requests = recordRequests(page);
    await page.goto(spec.url);
    await spec
      .content(page)
      .waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
    await settle(page);
    const beforeScroll = requests.stop().js;
    const after = recordRequests(page);
    const started = performance.now();
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await page
      .getByText('Incidents by severity per week')
      .scrollIntoViewIfNeeded();
    const chart = page.locator('.recharts-surface').first();
    await chart.waitFor({ state: 'visible', timeout: CONTENT_TIMEOUT_MS });
    const chartMs = performance.now() - started;
    const afterScroll = after.stop().js;
    await page.screenshot({
      path: artifactPath('bench-frontend-tab-scrolled.png'),
    });
    return {
      requestedBeforeScroll: chartsChunks.some(c => beforeScroll.includes(c)),
      requestedOnScroll: chartsChunks.some(c => afterScroll.includes(c)),
      chartMs,
    };
  } finally {
    await page.close();
  }
}

interface Ids {
  openIncident: { id: number; ref: string };
  withPostmortem: { id: number; ref: string };
}

/** An open incident of the entity, and a resolved one with a postmortem. */
async function pickIncidents(baseUrl: string): Promise<Ids> {
  const token = await guestToken(baseUrl);
  const get = async (path: string) => {
    const res = await fetch(`${baseUrl}/api/incidents${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return res.json();
  };
  const ref = encodeURIComponent(ENTITY_REF);
  const summary = await get(`/entity-summary?entityRef=${ref}`);
  const open = summary.openIncidents?.[0];
  if (!open)
    throw new Error(`${ENTITY_REF} has no open incident in the demo data`);
  const resolved = await get(
    `/incidents?entityRef=${ref}&status=resolved&limit=5`,
  );
  const ids = (resolved.items as { id: number }[]).map(
    i => `incidentId=${i.id}`,
  );
  const postmortems = await get(`/postmortems?${ids.join('&')}`);
  const pm = postmortems.items?.[0];
  if (!pm)
    throw new Error(
      `no postmortem among ${ENTITY_REF}'s recently resolved incidents`,
    );
  const incident = (resolved.items as { id: number; ref: string }[]).find(
    i => i.id === pm.incidentId,
  )!;
  return {
    openIncident: { id: open.id, ref: open.ref },
    withPostmortem: { id: incident.id, ref: incident.ref },
  };
}

function pageSpecs(baseUrl: string, staticUrl: string, ids: Ids): PageSpec[] {
  const tabUrl = `${baseUrl}${ENTITY_PATH}/incidents`;
  const overviewUrl = `${baseUrl}${ENTITY_PATH}`;
  const listUrl = `${baseUrl}/incidents`;
  const aboutCard = (p: Page) => p.getByRole('heading', { name: 'About' });
  // The tab's first open incident: a row link inside the "Open incidents" table.
  const tabContent = (p: Page) =>
    p.locator(`table a[href="/incidents/${ids.openIncident.id}"]`).first();
  const listContent = (p: Page) =>
    p.locator('table a[href^="/incidents/"]').first();
  const incidentHeading = (ref: string) => (p: Page) =>
    p.locator('h1', { hasText: `${ref} ·` });
  return [
    {
      key: 'static',
      label: 'Bare static page (baseline)',
      url: staticUrl,
      content: p => p.locator('#content'),
    },
    {
      key: 'overview',
      label: 'Catalog Overview tab (baseline)',
      url: overviewUrl,
      content: aboutCard,
      from: {
        url: tabUrl,
        ready: tabContent,
        link: p =>
          p.locator(`a[href="${ENTITY_PATH}"]`, { hasText: 'Overview' }),
      },
    },
    {
      key: 'tab',
      label: 'Entity Incidents tab',
      url: tabUrl,
      content: tabContent,
      from: {
        url: overviewUrl,
        ready: aboutCard,
        link: p => p.locator(`a[href="${ENTITY_PATH}/incidents"]`),
      },
    },
    {
      key: 'list',
      label: 'Incidents list',
      url: listUrl,
      content: listContent,
      from: {
        url: overviewUrl,
        ready: aboutCard,
        link: p => p.locator('nav a[href="/incidents"]').first(),
      },
    },
    {
      key: 'incident',
      label: `Incident page (${ids.openIncident.ref})`,
      url: `${baseUrl}/incidents/${ids.openIncident.id}`,
      content: incidentHeading(ids.openIncident.ref),
      from: { url: tabUrl, ready: tabContent, link: tabContent },
    },
    {
      key: 'metrics',
      label: 'Metrics dashboard',
      url: `${baseUrl}/incidents/metrics`,
      content: p => p.locator('.recharts-surface').first(),
      from: {
        url: listUrl,
        ready: listContent,
        link: p => p.getByRole('tab', { name: 'Metrics' }),
      },
    },
    {
      key: 'postmortem',
      label: `Postmortem editor (${ids.withPostmortem.ref})`,
      url: `${baseUrl}/incidents/${ids.withPostmortem.ref}/postmortem`,
      content: p => p.locator('h1', { hasText: 'Postmortem:' }),
      from: {
        url: `${baseUrl}/incidents/${ids.withPostmortem.id}`,
        ready: incidentHeading(ids.withPostmortem.ref),
        // "Open postmortem" (a router link drawn as a button)
        link: p =>
          p.locator(
            `a[href="/incidents/${ids.withPostmortem.ref}/postmortem"]`,
          ),
      },
    },
  ];
}

const median = (xs: number[]) => percentile(xs, 0.5);
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function mdTable(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, 3, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' | ')} |`;
  return [
    line(header),
    `| ${widths
      .map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)))
      .join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
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
  log(`node ${process.version}`);
  const loadAtStart = loadavg()[0];
  const workDir = mkdtempSync(join(tmpdir(), 'firebreak-bench-frontend-'));
  let clean = false;
  try {
    let buildMs = NaN;
    if (process.env.BENCH_SKIP_BUILD) {
      log('BENCH_SKIP_BUILD: reusing packages/app/dist');
    } else {
      log('building packages/app for production');
      buildMs = await buildApp(workDir);
      log(`built in ${(buildMs / 1000).toFixed(0)} s`);
    }
    const chunks = analyseChunks();
    const chartsChunks = chunks.filter(c => c.recharts).map(c => c.file);

    const baseUrl = `http://localhost:${PORT}`;
    log(`starting the backend on ${baseUrl} with demo data (logs: ${workDir})`);
    const backendLog = join(workDir, 'backend.log');
    const seeded = async () =>
      existsSync(backendLog) &&
      readFileSync(backendLog, 'utf8').includes('Demo data: seeded');
    const backend: RunningBackend = await startBackend({
      port: PORT,
      workDir,
      timeoutMs: 600_000,
      // The demo history is written in the background after startup; measure after it.
      ready: async url => (await seeded()) && entityRoutable(url, ENTITY_REF),
      config: {
        app: { baseUrl },
        backend: {
          baseUrl,
          listen: { port: PORT },
          cors: { origin: baseUrl },
          database: {
            client: 'better-sqlite3',
            connection: { directory: join(workDir, 'sqlite') },
          },
        },
        // Indexing would run in the middle of the measurement; not what is measured.
        search: {
          collators: {
            incidents: {
              schedule: {
                frequency: { hours: 6 },
                timeout: { minutes: 15 },
                initialDelay: { hours: 6 },
              },
            },
          },
        },
        firebreakDemo: { enabled: true },
      },
    });
    cleanups.push(() => backend.stop());
    const staticServer = await startStaticServer(STATIC_PORT);
    cleanups.push(
      () => new Promise<void>(resolve => staticServer.close(() => resolve())),
    );
    const ids = await pickIncidents(backend.url);
    const specs = pageSpecs(
      backend.url,
      `http://127.0.0.1:${STATIC_PORT}/`,
      ids,
    );

    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: VIEWPORT });
    const pageErrors: string[] = [];
    context.on('page', p =>
      p.on('pageerror', e => pageErrors.push(`${e.name}: ${e.message}`)),
    );
    // Sign in once; later pages of this context reuse the session (and the HTTP cache).
    const signIn = await context.newPage();
    await signIn.goto(baseUrl);
    await signIn.getByRole('button', { name: 'Enter' }).click();
    await signIn.getByRole('link', { name: 'Payments API' }).waitFor();
    await signIn.close();
    // A cold load: a context of its own (empty HTTP cache) with the same session.
    const session = await context.storageState();
    const coldLoad = async (spec: PageSpec) => {
      const cold = await browser.newContext({
        viewport: VIEWPORT,
        storageState: session,
      });
      cold.on('page', p =>
        p.on('pageerror', e => pageErrors.push(`${e.name}: ${e.message}`)),
      );
      try {
        return await fullLoad(cold, spec);
      } finally {
        await cold.close();
      }
    };

    const full = new Map<string, Sample[]>();
    const coldFull = new Map<string, Sample[]>();
    const nav = new Map<string, Sample[]>();
    // Round 0 warms the cache and the backend; rounds 1..RUNS are measured, pages
    // interleaved so that a busy moment on the machine spreads over all of them.
    for (let round = 0; round <= RUNS; round++) {
      log(round ? `round ${round}/${RUNS}` : 'warm-up round');
      for (const spec of specs) {
        const c = await coldLoad(spec);
        if (round)
          coldFull.set(spec.key, [...(coldFull.get(spec.key) ?? []), c]);
        const f = await fullLoad(context, spec);
        if (round) full.set(spec.key, [...(full.get(spec.key) ?? []), f]);
        if (spec.from) {
          const n = await inAppNavigation(context, spec);
          if (round) nav.set(spec.key, [...(nav.get(spec.key) ?? []), n]);
        }
      }
    }
    const tab = specs.find(s => s.key === 'tab')!;
    if (process.env.BENCH_TRACE) await traceRequests(context, tab);
    const charts = await chartsOnDemand(context, tab, chartsChunks);

    const med = (m: Map<string, Sample[]>, key: string) =>
      median((m.get(key) ?? []).map(s => s.ms));
    const staticMs = med(full, 'static');
    const overviewFull = med(full, 'overview');
    const overviewCold = med(coldFull, 'overview');
    const overviewNav = med(nav, 'overview');
    const rows = specs.map(s => {
      const c = med(coldFull, s.key);
      const f = med(full, s.key);
      const n = s.from ? med(nav, s.key) : NaN;
      const samples = full.get(s.key) ?? [];
      return [
        s.label,
        ms(c),
        ratio(c / overviewCold),
        ms(f),
        ratio(f / staticMs),
        ratio(f / overviewFull),
        ms(n),
        ratio(n / overviewNav),
        s.key === 'static' ? '' : String(median(samples.map(x => x.api))),
        s.key === 'static' ? '' : String(median(samples.map(x => x.js.length))),
      ];
    });
    const pageTable = mdTable(
      [
        'Page',
        'Cold load',
        '× Overview cold',
        'Full load',
        '× static',
        '× Overview',
        'In-app nav',
        '× Overview nav',
        'API calls',
        'JS files',
      ],
      rows,
      [false, true, true, true, true, true, true, true, true, true],
    );
    const chunkTable = mdTable(
      ['Chunk', 'gzip', '> 250 kB', 'Firebreak sources (or recharts)'],
      chunks.map(c => [
        c.file,
        kB(c.gzip),
        c.gzip > CHUNK_LIMIT_BYTES ? 'OVER' : 'no',
        [...(c.recharts ? ['recharts'] : []), ...c.ours].join(', '),
      ]),
      [false, true, false, false],
    );
    const tabFull = med(full, 'tab');
    const tabCold = med(coldFull, 'tab');
    const verdicts = [
      [
        `Incidents tab full load ≤ 1.2× Overview`,
        tabFull <= 1.2 * overviewFull,
        `${ratio(tabFull / overviewFull)}`,
      ],
      [
        `Incidents tab cold load ≤ 1.2× Overview cold`,
        tabCold <= 1.2 * overviewCold,
        `${ratio(tabCold / overviewCold)}`,
      ],
      [
        'In-app navigation to the tab < 1 s',
        med(nav, 'tab') < 1000,
        ms(med(nav, 'tab')),
      ],
      [
        'In-app navigation to an incident < 1 s',
        med(nav, 'incident') < 1000,
        ms(med(nav, 'incident')),
      ],
      [
        'Charts chunk not requested before the Metrics sub-tab is opened',
        !charts.requestedBeforeScroll,
        `requested before: ${
          charts.requestedBeforeScroll ? 'yes' : 'no'
        }; on opening it: ${
          charts.requestedOnScroll ? 'yes' : 'no'
        }; chart visible ${ms(charts.chartMs)} after the click`,
      ],
      [
        'Every plugin chunk < 250 kB gzip',
        chunks.every(c => c.gzip <= CHUNK_LIMIT_BYTES),
        `largest ${kB(Math.max(...chunks.map(c => c.gzip)))}`,
      ],
    ] as const;
    const verdictTable = mdTable(
      ['Target', 'Met', 'Measured'],
      verdicts.map(([name, ok, detail]) => [name, ok ? 'yes' : 'NO', detail]),
      [false, false, false],
    );

    const out = [
      '## Frontend benchmark (production build)',
      '',
      `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
        `${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
        `Chromium ${browser.version()} headless, viewport ${VIEWPORT.width}×${
          VIEWPORT.height
        }`,
      `Build: backstage-cli package build (packages/app)${
        Number.isFinite(buildMs)
          ? ` in ${(buildMs / 1000).toFixed(0)} s`
          : ' (reused)'
      }; served by the backend's app-backend on ${baseUrl}; demo data on SQLite; signed in as guest.`,
      `Per page and mode: median of ${RUNS} after a warm-up round (warm HTTP cache, same session). ` +
        'Full load: a new tab, goto, until the content is visible; cold load: the same in a ' +
        'new browser context (empty HTTP cache, same session). In-app: from a loaded page, ' +
        'click a link, until the content is visible. API calls / JS files: requested by the full load until the network was idle.',
      `Load average (1 min) at start ${loadAtStart.toFixed(
        2,
      )}, at end ${loadavg()[0].toFixed(
        2,
      )} — other processes on the machine skew the figures.`,
      '',
      '### Time to content visible',
      '',
      pageTable,
      '',
      '### Firebreak JS chunks (gzip, level 9)',
      '',
      chunkTable,
      '',
      '### Targets',
      '',
      verdictTable,
      '',
      pageErrors.length
        ? `Uncaught in the browser: ${[...new Set(pageErrors)].join('; ')}`
        : 'No uncaught errors in the browser.',
    ].join('\n');
    process.stdout.write(`${out}\n`);
    clean = true;
  } finally {
    await cleanupAll();
    clearTimeout(limit);
    if (clean && !process.env.BENCH_KEEP) {
      rmSync(workDir, { recursive: true, force: true });
    } else {
      log(`kept ${workDir}`);
    }
    log('done');
  }
}

main().catch(error => {
  log(`failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
