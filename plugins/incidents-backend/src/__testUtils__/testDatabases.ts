import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';

type TestDatabaseId = Parameters<TestDatabases['init']>[0];

/**
 * `TestDatabases.create` for files that make a fresh database per test: each test's
 * PostgreSQL databases are dropped after that test instead of all at once in
 * backend-test-utils' `afterAll`, whose limit is a fixed 60 s. PostgreSQL checkpoints on
 * every `DROP DATABASE`; a store test file with dozens of databases ran past that limit on
 * a busy machine although every test passed. Not for files that share one database
 * across tests (`beforeAll`): it would be dropped after the first.
 */
export function createPerTestDatabases(ids: TestDatabaseId[]): TestDatabases {
  const databases = TestDatabases.create({ ids });
  const opened: Knex[] = [];
  const init = databases.init.bind(databases);
  databases.init = async id => {
    const knex = await init(id);
    opened.push(knex);
    return knex;
  };
  afterEach(async () => {
    for (const knex of opened.splice(0)) {
      await dropPostgresDatabase(knex);
    }
  });
  return databases;
}

async function dropPostgresDatabase(knex: Knex): Promise<void> {
  const { client, connection } = knex.client.config as Knex.Config;
  if (client !== 'pg' || typeof connection !== 'object') {
    return; // SQLite test databases live in memory and go with their connection.
  }
  const { database, ...server } = connection as Knex.PgConnectionConfig;
  await knex.destroy();
  const admin = knexFactory({
    client: 'pg',
    connection: { ...server, database: 'postgres' },
  });
  try {
    // FORCE: a backend a test started may still hold pooled connections.
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database!]);
  } finally {
    await admin.destroy();
  }
}
