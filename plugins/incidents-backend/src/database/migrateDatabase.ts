import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * Brings the plugin database's schema up to date (unless the app set
 * `migrations.skip` for this plugin) and returns its
 * client. The plugin runs it once at startup, before any store is built.
 */
export async function migrateDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  await useWriteAheadLog(knex);
  if (!database.migrations?.skip) {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@firebreak/plugin-incidents-backend',
        'migrations',
      ),
    });
  }
  return knex;
}

/** The pragma API of a better-sqlite3 connection, as knex's pool hands it out. */
type SqliteConnection = {
  pragma(source: string, options?: { simple?: boolean }): unknown;
};

const inWriteAheadLog = new WeakSet<Knex>();

/**
 * Puts a SQLite file in write-ahead-log mode with `synchronous = FULL` (no-op on other
 * engines and in-memory databases). Backstage opens SQLite with a rollback journal,
 * which syncs several times per commit: an alert storm wrote 3.8× fewer rows per second
 * (docs/benchmarks.md, "SQLite settings"). FULL keeps every commit durable on power
 * loss, which an accepted alert needs; better-sqlite3 would drop to NORMAL in WAL mode
 * on every connection it opens, so each new pool connection gets FULL again.
 */
export async function useWriteAheadLog(knex: Knex): Promise<void> {
  const client = knex.client as {
    config: { client?: unknown };
    connectionSettings?: { filename?: string };
    pool?: {
      on(
        event: 'createSuccess',
        listener: (eventId: unknown, connection: SqliteConnection) => void,
      ): void;
    };
  };
  if (client.config.client !== 'better-sqlite3') return;
  const filename = client.connectionSettings?.filename;
  if (!filename || filename === ':memory:' || inWriteAheadLog.has(knex)) {
    return;
  }
  inWriteAheadLog.add(knex);
  // The journal mode is kept in the file; `synchronous` is per connection.
  await knex.raw('PRAGMA journal_mode = WAL');
  await knex.raw('PRAGMA synchronous = FULL');
  client.pool?.on('createSuccess', (_eventId, connection) => {
    connection.pragma('synchronous = FULL');
  });
}
