// Generated incidents for the query benchmarks (metrics.ts, list-scale.ts): a fresh
// SQLite file or PostgreSQL database migrated with the plugin's own migrations, filled
// by the database itself — INSERT … SELECT over generate_series on PostgreSQL and over a
// recursive CTE on SQLite, 100,000 ids per transaction (JS-side multi-row INSERTs were
// ~10× slower) — then ANALYZEd, as autovacuum would on a production PostgreSQL.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { REPO_ROOT } from './launch.ts';
import { pgAdmin, PG_URL } from '../lib/postgres.ts';

/** The two engines the plugin supports. */
export type Engine = 'sqlite' | 'postgres';

const BATCH = 100_000;
const MIGRATIONS = join(REPO_ROOT, 'plugins/incidents-backend/migrations');

/** Generated incidents are spread evenly over the 365 days before this instant. */
export const GENERATED_END = Date.parse('2026-11-01T00:00:00.000Z') / 1000;
/** Length of the generated detection period, in seconds. */
export const GENERATED_SPAN = 365 * 86400;

/** Every table {@link generateIncidents} can fill, in dependency order. */
export const GENERATED_TABLES = [
  'incidents',
  'incident_entities',
  'alerts',
  'postmortems',
  'action_items',
] as const;

/** One of {@link GENERATED_TABLES}. */
export type GeneratedTable = (typeof GENERATED_TABLES)[number];

/** Per-engine SQL for generating rows from an integer sequence `i`. */
function dialect(engine: Engine) {
  const sqlite = engine === 'sqlite';
  return {
    /** Rows i in [lo, hi] of a one-column relation `seq(i)`. */
    sequence: sqlite
      ? 'WITH RECURSIVE seq(i) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < ?)'
      : 'WITH seq(i) AS (SELECT generate_series(CAST(? AS bigint), CAST(? AS bigint)))',
    /** An instant from epoch seconds, in the stored format. */
    ts: (seconds: string) =>
      sqlite
        ? `strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`
        : `to_timestamp(${seconds})`,
    text: (expr: string) =>
      sqlite ? `CAST(${expr} AS TEXT)` : `(${expr})::text`,
  };
}

/**
 * Fills the tables with `incidents` generated incidents (ids 1..incidents, detection
 * time growing with the id). The generated world: 500 services owned by 50 teams;
 * severities 2% P1, 8% P2, 30% P3, 40% P4, 20% P5; 2% declined, 1% merged, 5% open, the
 * rest resolved; every tenth incident also affects a second service; 60% came with an
 * alert (200 names, two in three with a runbook); P1/P2 incidents have a postmortem (70%
 * published) and two action items.
 */
export async function generateIncidents(
  knex: Knex,
  engine: Engine,
  options: {
    incidents: number;
    /** Defaults to all of {@link GENERATED_TABLES}. */
    tables?: readonly GeneratedTable[];
    log?: (message: string) => void;
  },
): Promise<void> {
  const { incidents } = options;
  const tables = options.tables ?? GENERATED_TABLES;
  const start = GENERATED_END - GENERATED_SPAN;
  const d = dialect(engine);
  const derived = `SELECT i,
      ${start} + (i * ${GENERATED_SPAN}) / ${incidents} AS d,
      (i * 7919) % 100 AS sv,
      (i * 104729) % 100 AS st,
      30 + (i * 13) % 3600 AS ack,
      (i * 31) % 500 AS svc
    FROM seq`;
  const severity = `CASE WHEN sv < 2 THEN 'P1' WHEN sv < 10 THEN 'P2' WHEN sv < 40 THEN 'P3' WHEN sv < 80 THEN 'P4' ELSE 'P5' END`;
  const status = `CASE WHEN st < 2 THEN 'declined' WHEN st < 3 THEN 'merged' WHEN st < 5 THEN 'triggered' WHEN st < 8 THEN 'investigating' ELSE 'resolved' END`;
  const resolvedAt = `CASE WHEN st >= 8 THEN ${d.ts(
    `d + ack + 60 + (i * 17) % 86400`,
  )} END`;
  const entity = `'component:default/svc-' || ${d.text('svc')}`;

  const statements: Record<GeneratedTable, string> = {
    incidents: `INSERT INTO incidents (id, title, description, status, severity, entity_ref, owner_ref,
         source, impact, links, created_by, detected_at, acknowledged_at, mitigated_at,
         resolved_at, created_at, updated_at)
       ${d.sequence}
       SELECT i, 'Generated incident', '', ${status}, ${severity}, ${entity},
         'group:default/team-' || ${d.text(
           'svc % 50',
         )}, 'bench', '{}', '[]', 'user:default/bench',
         ${d.ts('d')},
         CASE WHEN st >= 5 THEN ${d.ts('d + ack')} END,
         ${resolvedAt}, ${resolvedAt}, ${d.ts('d')}, ${d.ts('d')}
       FROM (${derived}) g`,
    incident_entities: `INSERT INTO incident_entities (incident_id, entity_ref, is_primary)
       ${d.sequence}
       SELECT i, ${entity}, ${
      engine === 'sqlite' ? 1 : 'true'
    } FROM (${derived}) g
       UNION ALL
       SELECT i, 'component:default/svc-' || ${d.text('(svc + 1) % 500')}, ${
      engine === 'sqlite' ? 0 : 'false'
    }
       FROM (${derived}) g WHERE i % 10 = 0`,
    alerts: `INSERT INTO alerts (source, dedup_key, route_key, entity_ref, name, status, labels,
         annotations, runbook_url, count, first_seen_at, last_seen_at, resolved_at, incident_id)
       ${d.sequence}
       SELECT 'alertmanager', 'bench-' || ${d.text('i')}, ${entity}, ${entity},
         'Alert' || ${d.text('i % 200')}, 'resolved', '{}', '{}',
         CASE WHEN (i % 200) % 3 <> 0 THEN 'https://wiki.example.com/runbooks/' || ${d.text(
           'i % 200',
         )} END,
         1 + i % 20, ${d.ts('d')}, ${d.ts('d + 600')}, ${d.ts('d + 900')}, i
       FROM (${derived}) g WHERE i % 10 < 6`,
    postmortems: `INSERT INTO postmortems (id, incident_id, status, sections, five_whys, timeline, due_at,
         published_at, created_by, created_at, updated_at)
       ${d.sequence}
       SELECT i, i, CASE WHEN i % 10 < 7 THEN 'published' ELSE 'draft' END, '{}', '[]', '[]',
         ${d.ts('d + 5 * 86400')},
         CASE WHEN i % 10 < 7 THEN ${d.ts('d + (3 + i % 4) * 86400')} END,
         'user:default/bench', ${d.ts('d')}, ${d.ts('d')}
       FROM (${derived}) g WHERE sv < 10`,
    action_items: `INSERT INTO action_items (incident_id, postmortem_id, title, description, owner_ref,
         priority, due_at, status, created_by, created_at, updated_at, completed_at)
       ${d.sequence}
       SELECT i, i, 'Follow-up', '', 'group:default/team-' || ${d.text(
         'svc % 50',
       )}, 'P2',
         ${d.ts('d + 30 * 86400')},
         CASE WHEN (i + k) % 4 = 0 THEN 'open' WHEN (i + k) % 4 = 1 THEN 'in_progress'
           WHEN (i + k) % 4 = 2 THEN 'done' ELSE 'wont_do' END,
         'user:default/bench', ${d.ts('d')}, ${d.ts('d')},
         CASE WHEN (i + k) % 4 = 2 THEN ${d.ts('d + 20 * 86400')} END
       FROM (${derived}) g CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) two
       WHERE sv < 10`,
  };

  for (const table of GENERATED_TABLES.filter(t => tables.includes(t))) {
    const started = performance.now();
    for (let lo = 1; lo <= incidents; lo += BATCH) {
      const hi = Math.min(incidents, lo + BATCH - 1);
      await knex.transaction(trx => trx.raw(statements[table], [lo, hi]));
      // better-sqlite3 works synchronously: let Ctrl-C and timers through between batches
      await new Promise(resolve => setImmediate(resolve));
    }
    const [{ count }] = await knex(table).count({ count: '*' });
    options.log?.(
      `${engine}: ${table}: ${Number(count).toLocaleString('en-US')} rows in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
  }
  await knex.raw('ANALYZE');
}

/** A fresh, migrated, empty plugin database and how to get rid of it. */
export interface BenchDatabase {
  knex: Knex;
  /** Where it lives, for the log and for EXPLAIN with `keep`. */
  location: string;
  /** Size on disk in bytes (SQLite file; PostgreSQL database). */
  size(): Promise<number>;
  /** Closes the pool and deletes the database unless it is kept. */
  dispose(): Promise<void>;
}

/**
 * Creates a fresh plugin database — a SQLite file in a temporary folder, or the
 * PostgreSQL database `name` — migrated with the plugin's migrations, configured like
 * Backstage configures the plugin's knex (foreign keys on for SQLite).
 */
export async function createBenchDatabase(
  engine: Engine,
  options: { name: string; keep?: boolean; log?: (message: string) => void },
): Promise<BenchDatabase> {
  const log = options.log ?? (() => {});
  let knex: Knex;
  let location: string;
  let size: () => Promise<number>;
  let drop: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
    location = join(dir, 'incidents.sqlite');
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: location },
      useNullAsDefault: true,
    });
    (knex.client as any).pool.on('createSuccess', (_id: unknown, conn: any) =>
      conn.pragma('foreign_keys = ON'),
    );
    size = async () => statSync(location).size;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = options.name;
    location = database;
    await pgAdmin(client =>
      client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`),
    );
    knex = knexFactory({
      client: 'pg',
      connection: new URL(`/${database}`, PG_URL).toString(),
    });
    size = async () => {
      const { rows } = await knex.raw(
        'SELECT pg_database_size(current_database()) AS size',
      );
      return Number(rows[0].size);
    };
    drop = () =>
      pgAdmin(async client => {
        await client.query(
          `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(
            database,
          )} WITH (FORCE)`,
        );
        log(`postgres: dropped ${database}`);
      });
  }
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await knex.destroy();
    if (options.keep) log(`${engine}: kept ${location}`);
    else await drop();
  };
  try {
    await knex.migrate.latest({ directory: MIGRATIONS });
  } catch (error) {
    await dispose();
    throw error;
  }
  return { knex, location, size, dispose };
}
