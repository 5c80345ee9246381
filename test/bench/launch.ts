// Starts the Firebreak backend alone for the benchmarks: the same process that
// `backstage-cli package start` runs in packages/backend (node with the CLI's TypeScript
// transform, NODE_ENV=development, src/index), but spawned directly, without the CLI's
// file watcher — other engineers edit this tree, and a watcher restart mid-run would
// turn the measurement into connection errors.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export {
  REPO_ROOT,
  killGroup,
  trackGroup,
  killAllGroupsSync,
  waitFor,
} from '../lib/processes.ts';
import { REPO_ROOT, killGroup, trackGroup, waitFor } from '../lib/processes.ts';

const BACKEND_DIR = join(REPO_ROOT, 'packages', 'backend');
/** The loader `backstage-cli package start` puts in front of the backend entry. */
const NODE_TRANSFORM = createRequire(join(BACKEND_DIR, 'package.json')).resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

/** Limit of one readiness probe; a slower answer counts as not ready yet. */
const PROBE_TIMEOUT_MS = 30_000;

/** `check`'s answer, or false once it took longer than a probe may. */
async function withinProbeLimit(check: Promise<boolean>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>(resolve => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RunningBackend {
  url: string;
  logFile: string;
  /** The backend's node process (leader of its own process group). */
  pid: number;
  exited(): boolean;
  stop(): Promise<void>;
}

export interface StartBackendOptions {
  port: number;
  workDir: string;
  /** Extra app-config merged over app-config.yaml. */
  config: Record<string, unknown>;
  timeoutMs: number;
  /** Extra readiness check, polled once the plugin answers. */
  ready?: (url: string) => Promise<boolean>;
}

export async function startBackend(
  options: StartBackendOptions,
): Promise<RunningBackend> {
  const url = `http://localhost:${options.port}`;
  const configFile = join(options.workDir, `app-config.bench.json`);
  writeFileSync(configFile, JSON.stringify(options.config, null, 2));
  const logFile = join(options.workDir, 'backend.log');
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      NODE_TRANSFORM,
      'src/index',
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.json'),
        FORCE_COLOR: '0',
      },
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  trackGroup(child);

  const running: RunningBackend = {
    url,
    logFile,
    pid: child.pid!,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => killGroup(child),
  };
  try {
    await waitFor(async () => {
      if (running.exited()) {
        throw new Error(
          `backend exited with ${
            child.exitCode ?? child.signalCode
          }; see ${logFile}`,
        );
      }
      // Each probe has its own limit: a probe stalled on a busy backend is retried
      // rather than left holding the wait past its deadline.
      const status = await fetch(`${url}/api/incidents/severities`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      }).then(
        r => r.status,
        () => 0,
      );
      // 401: the plugin is up and refuses anonymous calls, as it must
      if (status !== 401) return false;
      return options.ready ? withinProbeLimit(options.ready(url)) : true;
    }, options.timeoutMs);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

/** VmRSS and VmHWM of a process, in bytes. */
export function memoryOf(
  pid: number,
): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) *
      1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/**
 * Samples a process's memory every 250 ms while `during` runs. The peak is the larger
 * of the sampled VmRSS and the kernel's own high-water mark VmHWM, which also catches
 * spikes between two samples.
 */
export async function peakMemoryDuring<T>(
  pid: number,
  during: () => Promise<T>,
): Promise<{ value: T; peakRss: number }> {
  let peakRss = 0;
  const sample = () => {
    const mem = memoryOf(pid);
    if (mem) peakRss = Math.max(peakRss, mem.rss, mem.hwm);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const value = await during();
    sample();
    return { value, peakRss };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Starts `bare-server.ts` (the bare node:http baseline) on `port` in its own process
 * group and resolves once it listens. Killed at once if it never gets there.
 */
export async function startBareServer(
  port: number,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'bare-server.ts'), String(port)],
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  trackGroup(child);
  const stop = () => killGroup(child);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', code =>
        reject(new Error(`bare server exited ${code}`)),
      );
      child.stdout!.once('data', () => resolve());
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
