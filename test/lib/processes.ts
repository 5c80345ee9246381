import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** Repository root (this file is test/lib/processes.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Polls `check` until it is true, or throws after `timeoutMs`, also when a check is
 * still running then (a request stalled on a busy machine must not outlive the wait).
 */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 1000,
) {
  const deadline = Date.now() + timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>(resolve => {
    timer = setTimeout(() => resolve('expired'), timeoutMs);
  });
  try {
    while (Date.now() < deadline) {
      const done = await Promise.race([check(), expired]);
      if (done === 'expired') break;
      if (done) return;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`timed out after ${timeoutMs} ms`);
}

// Every launched group, so an exit handler can still kill them synchronously.
const groups = new Set<number>();

/** Remembers a detached child's process group for {@link killAllGroupsSync}. */
export function trackGroup(child: ChildProcess) {
  if (child.pid) groups.add(child.pid);
}

/** Last-resort synchronous cleanup (process 'exit' handler). */
export function killAllGroupsSync() {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  groups.clear();
}

/** SIGTERM to the child's process group, SIGKILL after 10 s; resolves when it is gone. */
export async function killGroup(child: ChildProcess) {
  const pgid = child.pid;
  if (!pgid) return;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 200));
    }
    if (alive()) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  groups.delete(pgid);
}
