// The database baseline: the same alert rows the HTTP run stored, upserted straight
// through knex into the plugin's `alerts` table with the statement shape of
// DatabaseAlertStore.upsertFiring, from N concurrent workers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import {
  ALERT_NAME,
  alertAnnotations,
  alertLabels,
  ENTITY_REF,
  FingerprintMix,
} from './payloads.ts';
import { percentile } from './stats.ts';
import { REPO_ROOT } from './launch.ts';
import { pgConnection } from '../lib/postgres.ts';

/** Copied from DatabaseAlertStore.upsertFiring; checked against it at run time. */
export const UPSERT_SQL = `INSERT INTO alerts (source, dedup_key, route_key, entity_ref, name, summary,
         source_severity, severity, status, labels, annotations, source_url, runbook_url,
         runbook_from, count, first_seen_at, last_seen_at, maintenance_window_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (route_key, dedup_key) WHERE resolved_at IS NULL
       DO UPDATE SET count = alerts.count + 1, last_seen_at = excluded.last_seen_at,
         summary = excluded.summary, labels = excluded.labels,
         annotations = excluded.annotations,
         maintenance_window_id = COALESCE(alerts.maintenance_window_id,
           CASE WHEN alerts.incident_id IS NULL THEN excluded.maintenance_window_id END)
       RETURNING *`;

/** Whether the store's statement still matches the copy above (whitespace aside). */
export function upsertMatchesStore(): boolean {
  const source = readFileSync(
    join(
      REPO_ROOT,
      'plugins/incidents-backend/src/alerts/DatabaseAlertStore.ts',
    ),
    'utf8',
  );
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(source).includes(squash(UPSERT_SQL));
}

export type EngineConnection =
  | { engine: 'sqlite'; filename: string }
  | {
      engine: 'postgres';
      host: string;
      port: number;
      user: string;
      password?: string;
      database: string;
    };

/**
 * The `backend.database` config for a backend on `engine` — SQLite files under
 * `workDir/sqlite`, or PostgreSQL databases named `<prefix><plugin>` — and where the
 * incidents plugin's own database will be, for checks and baselines.
 */
export function backendDatabase(
  engine: 'sqlite' | 'postgres',
  options: { workDir: string; prefix: string; knexConfig?: object },
): { database: Record<string, unknown>; target: EngineConnection } {
  if (engine === 'sqlite') {
    const directory = join(options.workDir, 'sqlite');
    return {
      database: { client: 'better-sqlite3', connection: { directory } },
      target: { engine, filename: join(directory, 'incidents.sqlite') },
    };
  }
  const { database: _admin, ...connection } = pgConnection('postgres');
  return {
    database: {
      client: 'pg',
      connection,
      prefix: options.prefix,
      ...(options.knexConfig && { knexConfig: options.knexConfig }),
    },
    target: { engine, ...pgConnection(`${options.prefix}incidents`) },
  };
}

/** knex as Backstage configures it for the plugin (default pool, same pragmas). */
export function connect(target: EngineConnection): Knex {
  if (target.engine === 'sqlite') {
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: target.filename },
      useNullAsDefault: true,
    });
    // Backstage's pragma, plus the plugin's (migrateDatabase.ts, useWriteAheadLog):
    // a file the backend put in WAL mode opens with synchronous NORMAL otherwise.
    (db.client as any).pool.on('createSuccess', (_id: unknown, conn: any) => {
      conn.pragma?.('foreign_keys = ON');
      conn.pragma?.('synchronous = FULL');
    });
    return db;
  }
  const { host, port, user, password, database } = target;
  return knexFactory({
    client: 'pg',
    connection: { host, port, user, password, database },
    useNullAsDefault: true,
  });
}

export interface KnexBaselineResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
}

/**
 * Upserts `rows` alert rows (capped at `maxSeconds`) from `concurrency` workers, timing
 * each statement. Field values come from a row the backend itself stored, so runbook,
 * severity and routing columns carry what ingestion would write.
 */
export async function runKnexBaseline(
  db: Knex,
  options: {
    rows: number;
    maxSeconds: number;
    concurrency: number;
    mix: FingerprintMix;
    /** The stored alert whose fields every row copies; by default one ingestion wrote. */
    template?: Record<string, unknown>;
  },
): Promise<KnexBaselineResult> {
  const template =
    options.template ??
    (await db('alerts')
      .where({ route_key: ENTITY_REF, name: ALERT_NAME })
      .first());
  if (!template) {
    throw new Error(
      `no ingested alert for ${ENTITY_REF} in the alerts table; did ingestion route?`,
    );
  }
  const annotations = JSON.stringify(alertAnnotations());
  const pending: string[] = [];
  const nextFingerprint = () => {
    if (!pending.length) pending.push(...options.mix.next());
    return pending.shift()!;
  };

  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;

  const worker = async () => {
    while (issued < options.rows && performance.now() < deadline) {
      issued++;
      const fp = nextFingerprint();
      const at = new Date().toISOString();
      const t0 = performance.now();
      try {
        const result = await db.raw(UPSERT_SQL, [
          'alertmanager',
          fp,
          ENTITY_REF,
          ENTITY_REF,
          ALERT_NAME,
          template.summary ?? null,
          template.source_severity ?? null,
          template.severity ?? null,
          JSON.stringify(alertLabels(fp)),
          annotations,
          template.source_url ?? null,
          template.runbook_url ?? null,
          template.runbook_from ?? null,
          at,
          at,
          null, // no maintenance window holds it back
        ]);
        // like the store: read the returned row
        const rows = Array.isArray(result) ? result : result.rows;
        if (!rows[0]) throw new Error('upsert returned no row');
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    rows: latencies.length,
    seconds,
    rowsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors,
    firstError,
  };
}
