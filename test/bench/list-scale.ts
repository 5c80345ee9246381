// Incident-list latency as the table grows: for each size, generates that many
// incidents (generate.ts: the plugin's own migrations, rows made by the database) into a
// fresh SQLite file and a fresh PostgreSQL database, then times the plugin's real list
// query — DatabaseIncidentStore.listIncidents, loaded from its source — for a first
// page, a deep page (a keyset cursor from the middle of the table, as a client that
// walked there would hold), and pages filtered by status, owner, severity and entity.
//
//   cd test && node bench/list-scale.ts [--sizes 10000,100000,1000000] [--runs 50]
//     [--engines sqlite,postgres] [--limit 50] [--max-ratio 3] [--floor-ms 10]
//     [--explain] [--keep]
//   cd test && node bench/list-scale.ts --quick     (10k and 300k, both engines)
//
// Verdict: PASS when, on every engine, the p95 of the first page and of the deep page
// at the largest size stay within --max-ratio × their p95 at the smallest size, or under
// --floor-ms.
// --explain prints each query's plan at the largest size (what an index would change).
// --keep leaves the generated databases in place (and prints where).
// FIREBREAK_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432) picks the server;
// the databases firebreak_list_bench_<pid>_<size> are dropped at the end, also on failure.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import {
  createBenchDatabase,
  generateIncidents,
  type BenchDatabase,
  type Engine,
} from './generate.ts';
import { REPO_ROOT } from './launch.ts';
import { fmtNumber, percentile } from './stats.ts';
import { pgAdmin } from '../lib/postgres.ts';

// The store imports its siblings without extensions, which Node's own type stripping
// cannot resolve; the backend's loader (what `backstage-cli package start` uses) can.
const requireFromBackend = createRequire(
  join(REPO_ROOT, 'packages/backend/package.json'),
);
requireFromBackend(
  requireFromBackend.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
);
const BACKEND_SRC = join(REPO_ROOT, 'plugins/incidents-backend/src');
const { DatabaseIncidentStore } = requireFromBackend(
  join(BACKEND_SRC, 'incidents/DatabaseIncidentStore.ts'),
);
const { encodeCursor } = requireFromBackend(
  join(BACKEND_SRC, 'database/dbUtils.ts'),
);

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    runs: { type: 'string', default: '50' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    limit: { type: 'string', default: '50' },
    'max-ratio': { type: 'string', default: '3' },
    'floor-ms': { type: 'string', default: '10' },
    quick: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const SIZES = (args.quick ? '10000,300000' : args.sizes!)
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const RUNS = Number(args.runs);
const ENGINES = args.engines!.split(',') as Engine[];
const LIMIT = Number(args.limit);
const MAX_RATIO = Number(args['max-ratio']);
// Pages this fast are flat whatever their ratio: at 1–2 ms, one scheduler hiccup on a
// busy machine doubles a p95, while the regressions this guards against cost 100+ ms.
const FLOOR_MS = Number(args['floor-ms']);

const t0 = performance.now();
const log = (message: string) =>
  console.error(
    `[list ${((performance.now() - t0) / 1000)
      .toFixed(0)
      .padStart(4)}s] ${message}`,
  );

/** One timed list call: filter and page as the router would pass them. */
interface ListQuery {
  name: string;
  filter: Record<string, unknown>;
  cursor?: string;
}

/** The calls the incident list page and the entity tab make, at one table size. */
async function queriesFor(knex: Knex, size: number): Promise<ListQuery[]> {
  // The row half-way down the newest-first order: its cursor is what a client holds
  // after paging (size / 2 / LIMIT) times, without paying for the walk here.
  const middle = await knex('incidents')
    .where('id', Math.ceil(size / 2))
    .first('id', 'detected_at');
  const deepCursor = encodeCursor({
    d: new Date(middle.detected_at).toISOString(),
    i: middle.id,
  });
  return [
    { name: 'first page', filter: {} },
    { name: 'deep page (cursor at 50%)', filter: {}, cursor: deepCursor },
    {
      name: 'status open (triggered, investigating)',
      filter: { statuses: ['triggered', 'investigating'] },
    },
    { name: 'status resolved', filter: { statuses: ['resolved'] } },
    { name: 'owner team-7', filter: { ownerRefs: ['group:default/team-7'] } },
    {
      name: 'owner team-7, open',
      filter: {
        ownerRefs: ['group:default/team-7'],
        statuses: ['triggered', 'investigating'],
      },
    },
    { name: 'severity P1', filter: { severities: ['P1'] } },
    {
      name: 'entity svc-7',
      filter: { entityRefs: ['component:default/svc-7'] },
    },
  ];
}

interface Timing {
  engine: Engine;
  size: number;
  query: string;
  p50: number;
  p95: number;
  items: number;
}

/** Every run timed; one untimed warm-up first so caches and plans are warm. */
async function time(
  store: any,
  q: ListQuery,
): Promise<Omit<Timing, 'engine' | 'size' | 'query'>> {
  const page = { limit: LIMIT, cursor: q.cursor };
  const first = await store.listIncidents(q.filter, page);
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // better-sqlite3 answers synchronously: yield so that Ctrl-C gets handled.
    await new Promise(resolve => setImmediate(resolve));
    const started = performance.now();
    await store.listIncidents(q.filter, page);
    samples.push(performance.now() - started);
  }
  return {
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    items: first.items.length,
  };
}

/** The plan of the store's main SELECT for a query (the first statement it issues). */
async function explain(knex: Knex, engine: Engine, store: any, q: ListQuery) {
  let statement: { sql: string; bindings: unknown[] } | undefined;
  const listener = (data: { sql: string; bindings: unknown[] }) => {
    statement ??= data;
  };
  knex.on('query', listener);
  try {
    await store.listIncidents(q.filter, { limit: LIMIT, cursor: q.cursor });
  } finally {
    knex.removeListener('query', listener);
  }
  if (!statement) return 'no statement seen';
  if (engine === 'sqlite') {
    const rows = await knex.raw(
      `EXPLAIN QUERY PLAN ${statement.sql}`,
      statement.bindings as any,
    );
    return rows.map((r: { detail: string }) => `  ${r.detail}`).join('\n');
  }
  // the event shows pg's native $n placeholders; knex.raw wants ?, in the same order
  const { rows } = await knex.raw(
    `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${statement.sql.replace(
      /\$\d+/g,
      '?',
    )}`,
    statement.bindings as any,
  );
  return rows
    .map((r: Record<string, string>) => `  ${r['QUERY PLAN']}`)
    .join('\n');
}

let open: BenchDatabase | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void (open?.dispose() ?? Promise.resolve()).finally(() =>
      process.exit(130),
    );
  });
}

async function benchSize(engine: Engine, size: number): Promise<Timing[]> {
  const db = await createBenchDatabase(engine, {
    name:
      engine === 'sqlite'
        ? 'firebreak-list-bench'
        : `firebreak_list_bench_${process.pid}_${size}`,
    keep: args.keep,
    log,
  });
  open = db;
  try {
    const started = performance.now();
    await generateIncidents(db.knex, engine, {
      incidents: size,
      // what the list reads: the rows and the affected-entity links hydrate joins in
      tables: ['incidents', 'incident_entities'],
    });
    log(
      `${engine}: ${fmtNumber(size)} incidents generated in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s (${fmtNumber((await db.size()) / 2 ** 20)} MiB)`,
    );
    const store = await DatabaseIncidentStore.create({
      database: { getClient: async () => db.knex, migrations: { skip: true } },
    });
    const timings: Timing[] = [];
    for (const q of await queriesFor(db.knex, size)) {
      const t = await time(store, q);
      timings.push({ engine, size, query: q.name, ...t });
      log(
        `${engine} ${fmtNumber(size)} ${q.name}: p50 ${t.p50.toFixed(
          2,
        )} ms, p95 ${t.p95.toFixed(2)} ms (${t.items} items)`,
      );
      if (args.explain && size === SIZES[SIZES.length - 1]) {
        log(
          `${engine} plan for ${q.name}:\n${await explain(
            db.knex,
            engine,
            store,
            q,
          )}`,
        );
      }
    }
    return timings;
  } finally {
    await db.dispose();
    open = undefined;
  }
}

async function postgresAnswers(): Promise<boolean> {
  return pgAdmin(async () => true).catch(() => false);
}

const engines: Engine[] = [];
for (const engine of ENGINES) {
  if (engine === 'postgres' && !(await postgresAnswers())) {
    log('postgres: the server does not answer; skipping PostgreSQL');
    continue;
  }
  engines.push(engine);
}

const timings: Timing[] = [];
try {
  for (const engine of engines) {
    for (const size of SIZES) {
      timings.push(...(await benchSize(engine, size)));
    }
  }
} catch (error) {
  log(`failed: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
}

const smallest = SIZES[0];
const largest = SIZES[SIZES.length - 1];
const find = (engine: Engine, size: number, query: string) =>
  timings.find(
    t => t.engine === engine && t.size === size && t.query === query,
  );
const ratioHeader = `${fmtNumber(largest / 1000)}k ÷ ${fmtNumber(
  smallest / 1000,
)}k p95`;

console.log(
  `\n### Incident list (DatabaseIncidentStore.listIncidents, limit ${LIMIT}), p50 / p95 of ${RUNS} runs (ms)\n`,
);
const columns = engines.flatMap(engine =>
  SIZES.map(size => ({ engine, size })),
);
console.log(
  `| query | ${columns
    .map(c => `${c.engine} ${fmtNumber(c.size)}`)
    .join(' | ')} | ${engines.map(e => `${e} ${ratioHeader}`).join(' | ')} |`,
);
console.log(
  `| --- | ${columns.map(() => '---:').join(' | ')} | ${engines
    .map(() => '---:')
    .join(' | ')} |`,
);
const queryNames = [...new Set(timings.map(t => t.query))];
for (const query of queryNames) {
  const cells = columns.map(c => {
    const t = find(c.engine, c.size, query);
    return t ? `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}` : 'n/a';
  });
  const ratios = engines.map(engine => {
    const small = find(engine, smallest, query);
    const big = find(engine, largest, query);
    return small && big ? `${(big.p95 / small.p95).toFixed(1)}×` : 'n/a';
  });
  console.log(`| ${query} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
}

// Unfiltered first and deep pages are what every visit to the list page pays; the
// filtered ones are reported, and their ratios are worth reading, but do not decide.
const gated = ['first page', 'deep page (cursor at 50%)'];
const failures: string[] = [];
const parts = engines.map(engine => {
  const ratios = gated.map(query => {
    const small = find(engine, smallest, query);
    const big = find(engine, largest, query);
    const ratio = small && big ? big.p95 / small.p95 : NaN;
    if (!(ratio <= MAX_RATIO) && !(big && big.p95 <= FLOOR_MS)) {
      failures.push(`${engine} ${query} ${ratio.toFixed(1)}×`);
    }
    return `${query.split(' ')[0]} ${ratio.toFixed(1)}×`;
  });
  return `${engine} ${ratios.join(', ')}`;
});
const complete =
  engines.length > 0 &&
  engines.every(e => SIZES.every(s => find(e, s, gated[0])));
const pass = complete && !failures.length && process.exitCode !== 1;
console.log(
  `\nlist-scale: ${pass ? 'PASS' : 'FAIL'} — p95 ${fmtNumber(
    largest,
  )} ÷ ${fmtNumber(
    smallest,
  )} incidents (limit ≤ ${MAX_RATIO}× or ≤ ${FLOOR_MS} ms): ${parts.join(
    '; ',
  )}${failures.length ? `; over the limit: ${failures.join(', ')}` : ''}${
    complete ? '' : '; run incomplete'
  } (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
);
if (!pass) process.exitCode = 1;
