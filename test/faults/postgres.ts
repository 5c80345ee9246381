// A private PostgreSQL 15 cluster for fault runs: its own data directory, port and socket
// folder, so a harness can stop and start it without touching the machine's shared
// server on :5432 that everyone else uses. We run as root; PostgreSQL refuses to, so
// every server command runs as the `postgres` OS user.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BIN = process.env.FAULTS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const OS_USER = 'postgres';

/** How the server is stopped: `fast` ends sessions cleanly, `immediate` is a crash. */
export type StopMode = 'fast' | 'immediate';

export interface PrivatePostgres {
  host: string;
  port: number;
  user: string;
  /** Holds the data directory, the socket and `postgres.log`. */
  dir: string;
  logFile: string;
  /** Starts the server on the same data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  stop(mode: StopMode): Promise<void>;
  /** Whether a connection and `SELECT 1` succeed within a second. */
  ready(): Promise<boolean>;
  /** Stops the server (immediate) and deletes its folder. */
  destroy(): Promise<void>;
  /** The same, synchronously, for a process 'exit' handler. */
  destroySync(): void;
}

function asPostgres(command: string, args: string[]) {
  return run('runuser', ['-u', OS_USER, '--', join(BIN, command), ...args], {
    timeout: 60_000,
  });
}

/** initdb (trust authentication) in a fresh temp folder, then starts the server on `port`. */
export async function createPrivatePostgres(options: {
  port: number;
}): Promise<PrivatePostgres> {
  const { port } = options;
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-pg-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const uid = Number(execFileSync('id', ['-u', OS_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', OS_USER]).toString().trim());
  chownSync(dir, uid, gid);
  chownSync(dataDir, uid, gid);
  const logFile = join(dir, 'postgres.log');
  // --no-sync: a throwaway cluster need not wait for the disk while it is created.
  await asPostgres('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=100',
  ].join(' ');

  let running = false;
  const pgCtl = (args: string[]) =>
    asPostgres('pg_ctl', ['-D', dataDir, ...args]);

  const server: PrivatePostgres = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    dir,
    logFile,
    async start() {
      // -w: returns once the server accepts connections (after crash recovery, if any)
      await pgCtl([
        '-l',
        logFile,
        '-o',
        serverOptions,
        '-w',
        '-t',
        '60',
        'start',
      ]);
      running = true;
    },
    async stop(mode) {
      await pgCtl(['-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async ready() {
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        database: 'postgres',
        connectionTimeoutMillis: 1000,
      });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async destroy() {
      if (running) {
        await server.stop('immediate').catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    },
    destroySync() {
      try {
        execFileSync(
          'runuser',
          [
            '-u',
            OS_USER,
            '--',
            join(BIN, 'pg_ctl'),
            '-D',
            dataDir,
            '-m',
            'immediate',
            'stop',
          ],
          { stdio: 'ignore', timeout: 20_000 },
        );
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
