import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { killGroup, REPO_ROOT, waitFor } from './processes.ts';

export interface RunningBackend {
  baseUrl: string;
  /** Static external-access token (subject `alertmanager`, restricted to `incidents.alert.ingest`). */
  token: string;
  /** Folder holding this run's SQLite files, config and `backend.log`. */
  workDir: string;
  /** The tokens of `extraTokens`, by subject. */
  extraTokens: Record<string, string>;
  stop(): Promise<void>;
}

export interface StartBackendOptions {
  port: number;
  /** Extra app-config, deep-merged over app-config.yaml and the settings below. */
  config?: Record<string, unknown>;
  timeoutMs?: number;
  /**
   * More static external-access tokens, each with a random token, its subject, and
   * limited to the given plugins (`accessRestrictions: [{ plugin }]`).
   */
  extraTokens?: { subject: string; plugins: string[] }[];
  /** Legacy (`type: legacy`) external-access secrets, base64url, each with its subject. */
  legacyTokens?: { subject: string; secret: string }[];
  /**
   * `backend.database` config instead of a fresh SQLite folder, e.g. PostgreSQL from
   * `backendDatabase('postgres', …)` in bench/knex-baseline.ts. Replaced, not merged:
   * a SQLite `directory` must not end up in a PostgreSQL connection.
   */
  database?: Record<string, unknown>;
}

/**
 * Starts only the backend (`backstage-cli package start` in packages/backend) on its own
 * port with a fresh SQLite folder (or the given `database`), no demo data and a random static token for alert
 * senders; resolves once the incidents plugin answers (401 to an anonymous call).
 */
export async function startBackend(
  options: StartBackendOptions,
): Promise<RunningBackend> {
  const { port } = options;
  // A leftover process on the port would answer the readiness check in our place.
  await assertPortFree(port);
  const baseUrl = `http://localhost:${port}`;
  const token = randomBytes(24).toString('base64url'); // 32 characters
  const extraTokens: Record<string, string> = {};
  for (const { subject } of options.extraTokens ?? []) {
    extraTokens[subject] = randomBytes(24).toString('base64url');
  }
  const workDir = mkdtempSync(join(tmpdir(), 'firebreak-backend-'));
  const configFile = join(workDir, 'app-config.test.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        baseUrl,
        listen: { port },
        database: options.database ?? {
          client: 'better-sqlite3',
          connection: { directory: join(workDir, 'sqlite') },
        },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token, subject: 'alertmanager' },
              accessRestrictions: [
                { plugin: 'incidents', permission: 'incidents.alert.ingest' },
              ],
            },
            ...(options.extraTokens ?? []).map(({ subject, plugins }) => ({
              type: 'static',
              options: { token: extraTokens[subject], subject },
              accessRestrictions: plugins.map(plugin => ({ plugin })),
            })),
            ...(options.legacyTokens ?? []).map(({ subject, secret }) => ({
              type: 'legacy',
              options: { secret, subject },
            })),
          ],
        },
      },
      firebreakDemo: { enabled: false },
    }),
  );
  const configArgs = ['--config', join(REPO_ROOT, 'app-config.yaml')];
  configArgs.push('--config', configFile);
  if (options.config) {
    // A file of its own, so Backstage deep-merges it over the settings above.
    const extraFile = join(workDir, 'app-config.extra.json');
    writeFileSync(extraFile, JSON.stringify(options.config));
    configArgs.push('--config', extraFile);
  }

  const log = createWriteStream(join(workDir, 'backend.log'));
  const child = spawn(
    'npx',
    ['backstage-cli', 'package', 'start', ...configArgs],
    { cwd: join(REPO_ROOT, 'packages', 'backend'), detached: true },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = () => killGroup(child);
  try {
    await waitFor(async () => {
      if (child.exitCode !== null)
        throw new Error(
          `backend exited with ${child.exitCode}; see ${workDir}/backend.log`,
        );
      const status = await fetch(`${baseUrl}/api/incidents/severities`).then(
        r => r.status,
        () => 0,
      );
      // 401: the plugin is up and refuses anonymous calls, as it must
      return status === 401;
    }, options.timeoutMs ?? 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, token, workDir, extraTokens, stop };
}

/** A Backstage user token for `user:default/guest`, from the guest sign-in provider. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in answered ${res.status}: ${await res.text()}`,
    );
  }
  const body = (await res.json()) as { backstageIdentity?: { token?: string } };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no Backstage token');
  return token;
}

/**
 * True once the incidents plugin sees the entity and its owner in the catalog, i.e.
 * alerts for it route; false (not an error) while the backend is still starting.
 */
export async function entityRoutable(
  baseUrl: string,
  entityRef: string,
): Promise<boolean> {
  const token = await guestToken(baseUrl).catch(() => undefined);
  if (!token) return false;
  const res = await fetch(
    `${baseUrl}/api/incidents/entity-summary?entityRef=${encodeURIComponent(
      entityRef,
    )}`,
    { headers: { authorization: `Bearer ${token}` } },
  ).catch(() => undefined);
  if (!res?.ok) return false;
  return Boolean((await res.json()).ownerRef);
}

/** Fails when something already listens on the port (e.g. a leftover run). */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', error =>
      reject(new Error(`port ${port} is in use: ${(error as Error).message}`)),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}
