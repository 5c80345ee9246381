// Shared by the fault harnesses: a throw-away PostgreSQL database, Firebreak backends
// started on it (one or several, all in one database with a schema per plugin, so one
// DROP DATABASE removes every trace), the static alert token, Alertmanager posts and
// a cleanup list that also runs on SIGINT/SIGTERM and on the run-time limit.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  killAllGroupsSync,
  startBackend,
  type RunningBackend,
} from '../bench/launch.ts';
import { assertPortFree } from '../lib/backend.ts';
import { pgAdmin, pgConnection } from '../lib/postgres.ts';

export type { RunningBackend } from '../bench/launch.ts';

/** The static token app-config.yaml gives alert senders (limited to the incidents plugin). */
export const ALERT_TOKEN = 'local-alert-sender-token-change-me';

/** The Alertmanager webhook of the incidents plugin. */
export const ALERTMANAGER_PATH = '/api/incidents/alerts/alertmanager';

/** A database created for one run; `drop` removes it even while backends still hold it. */
export interface FreshDatabase {
  name: string;
  /** A query in the schema of one plugin (e.g. `incidents`, `notifications`). */
  query<T = any>(schema: string, sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** Creates an empty database named `name` (drop a leftover of the same name first). */
export async function createFreshDatabase(
  name: string,
): Promise<FreshDatabase> {
  const ident = pg.escapeIdentifier(name);
  await pgAdmin(async admin => {
    await admin.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${ident}`);
  });
  const pool = new pg.Pool({ ...pgConnection(name), max: 2 });
  // An idle client losing its server (DROP ... FORCE, an outage test) must not crash us.
  pool.on('error', () => undefined);
  let dropped = false;
  return {
    name,
    async query(schema, sql, params) {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
        return (await client.query(sql, params as unknown[])).rows;
      } finally {
        client.release();
      }
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end().catch(() => undefined);
      await pgAdmin(admin =>
        admin.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`),
      );
    },
  };
}

/**
 * The app-config of one instance on a shared database: every plugin in its own schema
 * of `database`, demo data off, the example catalog of app-config.yaml. `extra` is
 * merged over it (top-level keys other than `backend` replace; `backend` merges one
 * level deep).
 */
export function instanceConfig(options: {
  port: number;
  database: string;
  extra?: Record<string, any>;
}): Record<string, unknown> {
  const { port, database, extra = {} } = options;
  const { backend: extraBackend = {}, ...rest } = extra;
  return {
    ...rest,
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'pg',
        connection: pgConnection(database),
        pluginDivisionMode: 'schema',
      },
      ...extraBackend,
    },
    firebreakDemo: { enabled: false },
  };
}

/** Options of {@link startInstances}. */
export interface StartInstancesOptions {
  ports: number[];
  database: string;
  /** Extra config for every instance (see {@link instanceConfig}). */
  extra?: Record<string, any>;
  /**
   * `together` starts all at once (their migrations race on knex's lock);
   * `staggered` starts the next one once the previous answers.
   */
  mode: 'together' | 'staggered';
  timeoutMs: number;
  log?: (message: string) => void;
}

/** Starts one backend per port on the same database; stops them all if one fails. */
export async function startInstances(
  options: StartInstancesOptions,
): Promise<RunningBackend[]> {
  const { ports, database, extra, mode, timeoutMs } = options;
  for (const port of ports) await assertPortFree(port);
  const started: RunningBackend[] = [];
  const one = async (port: number) => {
    const workDir = mkdtempSync(join(tmpdir(), `firebreak-faults-${port}-`));
    options.log?.(`starting a backend on port ${port} (logs: ${workDir})`);
    const starting = startBackend({
      port,
      workDir,
      timeoutMs,
      config: instanceConfig({ port, database, extra }),
    });
    // A backend whose startup failed logs it but keeps serving 503s until it is killed;
    // without this, a failure would only surface at the readiness timeout.
    const failed = new AbortController();
    const backend = await Promise.race([
      starting,
      startupFailure(join(workDir, 'backend.log'), failed.signal),
    ]).finally(() => failed.abort());
    started.push(backend);
    return backend;
  };
  try {
    if (mode === 'together') {
      const results = await Promise.allSettled(ports.map(one));
      const failed = results.find(r => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      return results.map(
        r => (r as PromiseFulfilledResult<RunningBackend>).value,
      );
    }
    for (const port of ports) await one(port);
    return started;
  } catch (error) {
    await Promise.all(started.map(b => b.stop()));
    throw error;
  }
}

/** Why the backend logging to `logFile` failed to start, if its log says it did. */
function startupFailureIn(logFile: string): string | undefined {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return undefined; // not written yet
  }
  const at = text.indexOf('Backend startup failed');
  return at < 0
    ? undefined
    : text
        .slice(at, at + 600)
        // eslint-disable-next-line no-control-regex
        .replace(/\x1b\[[0-9;]*m/g, '');
}

/**
 * Throws when the backend's startup failed. A plugin can answer (the readiness check
 * passes) while another one's startup fails a moment later, and the process then keeps
 * running without it, so harnesses check this again while they wait on the backend.
 */
export function assertStarted(backend: RunningBackend) {
  const failure = startupFailureIn(backend.logFile);
  if (failure) {
    throw new Error(`backend startup failed (${backend.logFile}): ${failure}`);
  }
}

/** Rejects once the log reports a failed backend startup, killing our process groups. */
async function startupFailure(logFile: string, signal: AbortSignal) {
  while (!signal.aborted) {
    await new Promise(r => setTimeout(r, 500));
    const failure = startupFailureIn(logFile);
    if (failure) {
      killAllGroupsSync();
      throw new Error(`backend startup failed (${logFile}): ${failure}`);
    }
  }
  return new Promise<never>(() => undefined);
}

/** One Alertmanager alert; `fingerprint` becomes the dedup key. */
export interface FiringAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** Sends it as resolved (the alert stopped firing) instead of firing. */
  resolved?: boolean;
}

/** The answer to one post: HTTP status (0: no answer) and the per-alert outcomes. */
export interface PostResult {
  status: number;
  /** `opened`, `repeated`… per alert, in order, when the backend answered 2xx. */
  outcomes: Array<{ outcome: string; incidentId?: number }>;
}

/** POSTs one Alertmanager webhook body. */
export async function postAlertmanager(
  url: string,
  alerts: FiringAlert[],
  timeoutMs = 30_000,
): Promise<PostResult> {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const body = JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${alerts[0]?.labels.alertname ?? ''}"}`,
    truncatedAlerts: 0,
    status: alerts.every(a => a.resolved) ? 'resolved' : 'firing',
    receiver: 'firebreak',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: alerts.map(a => ({
      status: a.resolved ? 'resolved' : 'firing',
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt,
      endsAt: a.resolved ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com:9090/graph',
      fingerprint: a.fingerprint,
    })),
  });
  return fetch(`${url}${ALERTMANAGER_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${ALERT_TOKEN}`,
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  }).then(
    async res => {
      const text = await res.text();
      let outcomes: PostResult['outcomes'] = [];
      try {
        outcomes = res.ok ? JSON.parse(text).results ?? [] : [];
      } catch {
        // not JSON: the status says enough
      }
      return { status: res.status, outcomes };
    },
    () => ({ status: 0, outcomes: [] }),
  );
}

/**
 * {@link postAlertmanager} for set-up posts (warm-ups), where an answer lost to a busy
 * machine is no finding: a post that got no answer (status 0) is sent again, up to
 * `attempts` times. Re-sending the same alerts only repeats them.
 */
export async function postAlertmanagerRetrying(
  url: string,
  alerts: FiringAlert[],
  attempts = 5,
): Promise<PostResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await postAlertmanager(url, alerts, 60_000);
    if (result.status !== 0 || attempt >= attempts) return result;
    await new Promise(r => setTimeout(r, 500 * 2 ** (attempt - 1)));
  }
}

/**
 * Cleanup steps run last-in first-out, once, whether the run passes, fails, is
 * interrupted or exceeds its time limit; a failing step is logged and the rest still run.
 */
export class Cleanups {
  private readonly steps: Array<() => Promise<unknown>> = [];
  private readonly log: (message: string) => void;

  constructor(log: (message: string) => void) {
    this.log = log;
  }

  add(step: () => Promise<unknown>) {
    this.steps.push(step);
  }

  async run() {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      await step().catch(error => this.log(`cleanup: ${error}`));
    }
  }

  /**
   * Stops everything on SIGINT/SIGTERM and after `limitMs` (exit 1 then); kills leftover
   * process groups synchronously on exit. Returns a function that disarms the limit.
   */
  arm(limitMs: number): () => void {
    const limit = setTimeout(() => {
      this.log(`run exceeded ${limitMs / 1000}s; stopping everything`);
      this.run().finally(() => process.exit(1));
    }, limitMs);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        this.log(`${signal}: stopping everything`);
        this.run().finally(() => process.exit(130));
      });
    }
    process.once('exit', killAllGroupsSync);
    return () => clearTimeout(limit);
  }
}

/**
 * Asks a backend to run one of a plugin's scheduled tasks now (the scheduler's own
 * `/.backstage/scheduler` route); 200 when queued, 409 while a run is in progress.
 */
export async function triggerTask(
  url: string,
  pluginId: string,
  taskId: string,
  token = ALERT_TOKEN,
): Promise<number> {
  return fetch(
    `${url}/api/${pluginId}/.backstage/scheduler/v1/tasks/${encodeURIComponent(
      taskId,
    )}/trigger`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    },
  ).then(
    res => res.status,
    () => 0,
  );
}
