import { createPerTestDatabases } from './testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

it('runs the PostgreSQL case whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

// The two tests run in order: the first opens a database, the second finds it gone.
describe.each(
  databases.eachSupportedId().filter(([id]) => id === 'POSTGRES_15'),
)('createPerTestDatabases on %s', databaseId => {
  let name: string | undefined;

  it('opens a fresh database', async () => {
    const knex = await databases.init(databaseId);
    name = (knex.client.config.connection as { database: string }).database;
    expect((await knex.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('has dropped it once that test ended', async () => {
    const knex = await databases.init(databaseId);
    const rows = await knex('pg_database')
      .select('datname')
      .where({ datname: name! });
    expect(name).toMatch(/^db[0-9a-f]+$/);
    expect(rows).toEqual([]);
  });
});
