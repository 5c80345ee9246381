import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entityRoutable } from './backend.ts';
import { killGroup, REPO_ROOT, waitFor } from './processes.ts';

export { REPO_ROOT };

export interface RunningApp {
  frontendUrl: string;
  backendUrl: string;
  /** Folder holding this run's SQLite files and logs. */
  workDir: string;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  frontendPort?: number;
  backendPort?: number;
  /** Extra app-config, deep-merged over app-config.yaml and the settings below. */
  config?: Record<string, unknown>;
  timeoutMs?: number;
  /**
   * An entity the demo catalog must serve before the app counts as ready; `false` when
   * the config hides it from the guest. Under load the catalog's first ingestion can
   * trail the servers' first answers by minutes.
   */
  readyEntity?: string | false;
}

/**
 * Starts the demo app (`backstage-cli repo start`) on its own ports with a fresh SQLite
 * folder, and resolves once the backend answers, the frontend has compiled and the
 * catalog serves the demo's entities.
 */
export async function startApp(
  options: StartAppOptions = {},
): Promise<RunningApp> {
  // The environment can move the browser walk's default ports, so two checkouts can
  // run it side by side.
  const frontendPort =
    options.frontendPort ??
    Number(process.env.FIREBREAK_E2E_FRONTEND_PORT ?? 3100);
  const backendPort =
    options.backendPort ??
    Number(process.env.FIREBREAK_E2E_BACKEND_PORT ?? 7107);
  const frontendUrl = `http://localhost:${frontendPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  const workDir = mkdtempSync(join(tmpdir(), 'firebreak-app-'));
  const configFile = join(workDir, 'app-config.test.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      app: { baseUrl: frontendUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: backendPort },
        cors: { origin: frontendUrl },
        database: {
          client: 'better-sqlite3',
          connection: { directory: join(workDir, 'sqlite') },
        },
      },
    }),
  );
  const configArgs = ['--config', join(REPO_ROOT, 'app-config.yaml')];
  configArgs.push('--config', configFile);
  if (options.config) {
    // A file of its own, so Backstage deep-merges it (e.g. `backend.auth`) over the above.
    const extraFile = join(workDir, 'app-config.extra.json');
    writeFileSync(extraFile, JSON.stringify(options.config));
    configArgs.push('--config', extraFile);
  }

  const log = createWriteStream(join(workDir, 'app.log'));
  const child = spawn(
    'npx',
    ['backstage-cli', 'repo', 'start', ...configArgs],
    {
      cwd: REPO_ROOT,
      detached: true,
      env: { ...process.env, BROWSER: 'none' },
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = () => killGroup(child);
  try {
    await waitFor(async () => {
      if (child.exitCode !== null)
        throw new Error(
          `app exited with ${child.exitCode}; see ${workDir}/app.log`,
        );
      const [backend, frontend] = await Promise.all([
        fetch(`${backendUrl}/api/incidents/severities`).then(
          r => r.status,
          () => 0,
        ),
        fetch(frontendUrl).then(
          r => r.status,
          () => 0,
        ),
      ]);
      // 401: the plugin is up and refuses anonymous calls, as it must
      return backend === 401 && frontend === 200;
    }, options.timeoutMs ?? 240_000);
    const readyEntity =
      options.readyEntity ?? 'component:default/payments-api';
    if (readyEntity) {
      await waitFor(
        () => entityRoutable(backendUrl, readyEntity),
        options.timeoutMs ?? 240_000,
        2000,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { frontendUrl, backendUrl, workDir, stop };
}
