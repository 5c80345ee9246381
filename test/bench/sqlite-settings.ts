// SQLite journal mode and synchronous level, measured: the alert upsert of the knex
// baseline on a fresh, migrated plugin database for each setting, in one run, with
// ratios against Backstage's default (rollback journal, synchronous FULL).
//
//   npm run bench:sqlite [-- --rows 4000 --concurrency 8 --max-seconds 30]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, runKnexBaseline } from './knex-baseline.ts';
import { ALERT_NAME, ENTITY_REF, FingerprintMix } from './payloads.ts';
import { REPO_ROOT } from './launch.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '8' },
    'max-seconds': { type: 'string', default: '30' },
  },
});

interface Setting {
  name: string;
  journalMode: 'DELETE' | 'WAL';
  synchronous: 'FULL' | 'NORMAL';
  durability: string;
}

const SETTINGS: Setting[] = [
  {
    name: 'rollback journal + FULL (Backstage default)',
    journalMode: 'DELETE',
    synchronous: 'FULL',
    durability: 'every commit survives a process crash and a power loss',
  },
  {
    name: 'WAL + FULL (the plugin)',
    journalMode: 'WAL',
    synchronous: 'FULL',
    durability: 'every commit survives a process crash and a power loss',
  },
  {
    name: 'WAL + NORMAL',
    journalMode: 'WAL',
    synchronous: 'NORMAL',
    durability:
      'survives a process crash; a power loss can drop the last commits',
  },
];

const log = (message: string) =>
  // eslint-disable-next-line no-console
  console.log(message);

async function measure(setting: Setting) {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-sqlite-bench-'));
  const db = connect({ engine: 'sqlite', filename: join(dir, 'bench.sqlite') });
  try {
    await db.migrate.latest({
      directory: join(REPO_ROOT, 'plugins/incidents-backend/migrations'),
    });
    // After connect's own pragmas, so this setting is the one in force.
    await db.raw(`PRAGMA journal_mode = ${setting.journalMode}`);
    await db.raw(`PRAGMA synchronous = ${setting.synchronous}`);
    return await runKnexBaseline(db, {
      rows: Number(args.rows),
      maxSeconds: Number(args['max-seconds']),
      concurrency: Number(args.concurrency),
      mix: new FingerprintMix({
        repeatSet: 200,
        newPerBatch: 2,
        stream: setting.name,
      }),
      template: {
        route_key: ENTITY_REF,
        name: ALERT_NAME,
        summary: 'p99 latency above 800 ms',
        source_severity: 'critical',
        severity: 'P2',
      },
    });
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

log(
  `# SQLite settings: ${args.rows} alert upserts per setting, ${
    args.concurrency
  } workers, load ${loadavg()[0].toFixed(1)}`,
);
const results: Array<{ setting: Setting; rowsPerSecond: number; p99: number }> =
  [];
let failed = false;
for (const setting of SETTINGS) {
  const result = await measure(setting);
  if (result.errors) {
    failed = true;
    log(
      `${setting.name}: ${result.errors} errors, first: ${result.firstError}`,
    );
  }
  log(`${setting.name}: ${result.rows} rows in ${result.seconds.toFixed(1)} s`);
  results.push({
    setting,
    rowsPerSecond: result.rowsPerSecond,
    p99: result.p99,
  });
}
const baseline = results[0].rowsPerSecond;
log('');
log('| setting | upserts/s | p99 ms | vs Backstage default | durability |');
log('| --- | ---: | ---: | ---: | --- |');
for (const { setting, rowsPerSecond, p99 } of results) {
  log(
    `| ${setting.name} | ${Math.round(rowsPerSecond).toLocaleString(
      'en-US',
    )} | ${p99.toFixed(1)} | ${(rowsPerSecond / baseline).toFixed(1)}× | ${
      setting.durability
    } |`,
  );
}
process.exitCode = failed ? 1 : 0;
