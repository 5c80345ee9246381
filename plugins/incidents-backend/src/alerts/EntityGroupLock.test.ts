import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { DatabaseEntityGroupLock } from './EntityGroupLock';

jest.setTimeout(60_000);

// Two instances only share a database on PostgreSQL; SQLite serves one process.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())('entity group lock on %p', id => {
  let first: Knex;
  let second: Knex;

  beforeEach(async () => {
    first = await databases.init(id);
    // A second pool on the same database stands in for a second backend instance.
    second = knexFactory({
      client: 'pg',
      connection: first.client.config.connection,
      pool: { min: 0, max: 4 },
    });
    await first.schema.createTable('opened', t => {
      t.increments('id');
      t.string('entity_ref').notNullable();
    });
  });

  afterEach(async () => {
    await second.destroy();
  });

  /** "Open an incident unless one is open": the check-then-write the lock protects. */
  async function openOnce(db: Knex, entityRef: string) {
    const existing = await db('opened')
      .where({ entity_ref: entityRef })
      .first();
    await sleep(50); // the catalog and declare calls of the real path take this long
    if (!existing) await db('opened').insert({ entity_ref: entityRef });
  }

  it('lets one instance at a time open an incident for an entity', async () => {
    const locks = [
      DatabaseEntityGroupLock.fromKnex(first),
      DatabaseEntityGroupLock.fromKnex(second),
    ];
    const dbs = [first, second];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        locks[i % 2].withLock('component:default/a', () =>
          openOnce(dbs[i % 2], 'component:default/a'),
        ),
      ),
    );
    expect(await first('opened').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('without it the same race opens more than one', async () => {
    const dbs = [first, second];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        openOnce(dbs[i % 2], 'component:default/a'),
      ),
    );
    const [{ n }] = await first('opened').count({ n: '*' });
    expect(Number(n)).toBeGreaterThan(1);
  });

  it('does not exhaust a small pool under a burst over many entities', async () => {
    const lock = DatabaseEntityGroupLock.fromKnex(second);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        lock.withLock(`component:default/e${i % 10}`, () =>
          openOnce(second, `component:default/e${i % 10}`),
        ),
      ),
    );
    const [{ n }] = await first('opened').count({ n: '*' });
    expect(Number(n)).toBe(10);
  });
});
