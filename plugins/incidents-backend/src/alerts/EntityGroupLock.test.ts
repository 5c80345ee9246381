import knexFactory, { Knex } from 'knex';
import { DatabaseEntityGroupLock } from './EntityGroupLock';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

// Two instances only share a database on PostgreSQL; SQLite serves one process.
const databases = createPerTestDatabases(['POSTGRES_15']);

/** Contenders of the running test that have not written yet, and those that read. */
const race = { unfinished: 0, readUnwritten: 0 };

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

  /** Advisory-lock requests waiting in this test's database (pg_locks spans the server). */
  async function blockedOnLocks(): Promise<number> {
    const [{ n }] = await first('pg_locks')
      .where({ locktype: 'advisory', granted: false })
      .whereRaw(
        'database = (SELECT oid FROM pg_database WHERE datname = current_database())',
      )
      .count({ n: '*' });
    return Number(n);
  }

  /**
   * "Open an incident unless one is open": the check-then-write the lock protects. The
   * write waits, instead of a guessed time, until another contender could have raced
   * it: one read and did not write yet, or one is blocked on the lock, or none is left.
   */
  async function openOnce(db: Knex, entityRef: string) {
    const existing = await db('opened')
      .where({ entity_ref: entityRef })
      .first();
    race.readUnwritten++;
    while (
      race.unfinished > 1 &&
      race.readUnwritten < 2 &&
      (await blockedOnLocks()) === 0
    ) {
      await new Promise(r => setImmediate(r));
    }
    if (!existing) await db('opened').insert({ entity_ref: entityRef });
    race.readUnwritten--;
    race.unfinished--;
  }

  it('lets one instance at a time open an incident for an entity', async () => {
    race.unfinished = 6;
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
    race.unfinished = 6;
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
    race.unfinished = 30;
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
