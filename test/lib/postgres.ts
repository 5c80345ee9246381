// The PostgreSQL server the harnesses and benches use, and the admin chores they share:
// connecting to one database, and dropping the databases a run created (Backstage makes
// one per plugin, all named with the run's prefix).
import pg from 'pg';

/** `FIREBREAK_POSTGRES_URL`, else the test suite's server, else the local one. */
export const PG_URL = new URL(
  process.env.FIREBREAK_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432',
);

/** node-postgres (and knex) connection settings for one database on {@link PG_URL}. */
export function pgConnection(database: string) {
  return {
    host: PG_URL.hostname,
    port: Number(PG_URL.port || 5432),
    user: decodeURIComponent(PG_URL.username || 'postgres'),
    password: PG_URL.password ? decodeURIComponent(PG_URL.password) : undefined,
    database,
  };
}

/** Runs `fn` on a connection to the server's `postgres` database. */
export async function pgAdmin<T>(
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    ...pgConnection('postgres'),
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops every database whose name starts with `prefix`, even while clients hold it. */
export async function dropDatabasesWithPrefix(
  prefix: string,
): Promise<string[]> {
  return pgAdmin(async client => {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`,
      );
    }
    return rows.map((r: { datname: string }) => r.datname);
  });
}
