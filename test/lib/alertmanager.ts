import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { killGroup, waitFor } from './processes.ts';
import { assertPortFree } from './backend.ts';

/** The binary: `ALERTMANAGER_BIN`, else `prometheus-alertmanager` on PATH. */
export function alertmanagerBinary(): string | undefined {
  if (process.env.ALERTMANAGER_BIN) return process.env.ALERTMANAGER_BIN;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin']) {
    const candidate = join(dir, 'prometheus-alertmanager');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Makes sure Alertmanager can run: when it is missing and this is root with apt-get,
 * installs the Debian package (as scripts/system-deps does). Returns why it cannot run,
 * or undefined when it can.
 */
export function ensureAlertmanager(): string | undefined {
  let bin = alertmanagerBinary();
  if (!bin) {
    const root = process.getuid?.() === 0;
    const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' });
    if (!root || apt.status !== 0) {
      return 'prometheus-alertmanager is not installed and cannot be installed here (needs root and apt-get; see scripts/system-deps)';
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync(
      'apt-get',
      [
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        'prometheus-alertmanager',
      ],
      { stdio: 'inherit', env },
    );
    bin = alertmanagerBinary();
    if (install.status !== 0 || !bin) {
      return `apt-get install prometheus-alertmanager failed (exit ${install.status})`;
    }
  }
  const version = spawnSync(bin, ['--version'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (version.status !== 0) {
    return `${bin} --version failed: ${
      version.error?.message ?? version.stderr
    }`;
  }
  return undefined;
}

/** An alert as Alertmanager's `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** ISO-8601; defaults to when Alertmanager receives it. */
  startsAt?: string;
  /** ISO-8601; in the past means resolved. Omitted: firing until `resolve_timeout`. */
  endsAt?: string;
  generatorURL?: string;
}

export interface RunningAlertmanager {
  /** e.g. http://127.0.0.1:9393 */
  url: string;
  /** Folder holding the config, storage and `alertmanager.log`. */
  workDir: string;
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

export interface StartAlertmanagerOptions {
  port: number;
  /** Where the single webhook receiver delivers. */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Alertmanager durations; defaults 1s / 1s / 1h / 2m. */
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  resolveTimeout?: string;
  timeoutMs?: number;
  /**
   * The README's Watchdog recipe: the always-firing `Watchdog` alert goes to this
   * heartbeat ping URL instead of the webhook, re-sent every minute, never resolved.
   */
  watchdogHeartbeatUrl?: string;
}

/**
 * Starts a real Prometheus Alertmanager on loopback (no clustering, temporary storage)
 * with one webhook receiver, and resolves once `/-/ready` answers.
 */
export async function startAlertmanager(
  options: StartAlertmanagerOptions,
): Promise<RunningAlertmanager> {
  const url = `http://127.0.0.1:${options.port}`;
  await assertPortFree(options.port);
  const workDir = mkdtempSync(join(tmpdir(), 'firebreak-alertmanager-'));
  const configFile = join(workDir, 'alertmanager.yml');
  // JSON is YAML, so the config needs no YAML library.
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        global: { resolve_timeout: options.resolveTimeout ?? '2m' },
        route: {
          receiver: 'firebreak',
          group_by: ['alertname', 'service'],
          group_wait: options.groupWait ?? '1s',
          group_interval: options.groupInterval ?? '1s',
          repeat_interval: options.repeatInterval ?? '1h',
          routes: options.watchdogHeartbeatUrl
            ? [
                {
                  matchers: ['alertname="Watchdog"'],
                  receiver: 'firebreak-heartbeat',
                  group_by: ['alertname'],
                  group_wait: '0s',
                  group_interval: '1m',
                  repeat_interval: '1m',
                },
              ]
            : [],
        },
        receivers: [
          {
            name: 'firebreak',
            webhook_configs: [
              {
                url: options.webhookUrl,
                send_resolved: true,
                http_config: {
                  authorization: { type: 'Bearer', credentials: options.token },
                },
              },
            ],
          },
          ...(options.watchdogHeartbeatUrl
            ? [
                {
                  name: 'firebreak-heartbeat',
                  webhook_configs: [
                    {
                      url: options.watchdogHeartbeatUrl,
                      // A resolved Watchdog means Prometheus stopped: no ping then.
                      send_resolved: false,
                      http_config: {
                        authorization: {
                          type: 'Bearer',
                          credentials: options.token,
                        },
                      },
                    },
                  ],
                },
              ]
            : []),
        ],
      },
      null,
      2,
    ),
  );

  const log = createWriteStream(join(workDir, 'alertmanager.log'));
  const bin = alertmanagerBinary();
  if (!bin) throw new Error('prometheus-alertmanager is not installed');
  const child = spawn(
    bin,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    { cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const spawnFailed = new Promise<Error>(resolve =>
    child.once('error', resolve),
  );
  let spawnError: Error | undefined;
  spawnFailed.then(error => (spawnError = error));

  const stop = () => killGroup(child);
  try {
    await waitFor(async () => {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null)
        throw new Error(
          `alertmanager exited with ${child.exitCode}; see ${workDir}/alertmanager.log`,
        );
      const status = await fetch(`${url}/-/ready`).then(
        r => r.status,
        () => 0,
      );
      return status === 200;
    }, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    workDir,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) {
        throw new Error(
          `Alertmanager refused the alerts: ${res.status} ${await res.text()}`,
        );
      }
    },
    stop,
  };
}
