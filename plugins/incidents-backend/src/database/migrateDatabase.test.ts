import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase } from './migrateDatabase';

describe('migrateDatabase on a SQLite file', () => {
  let dir: string;
  let knex: Knex;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-wal-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'incidents.sqlite') },
      useNullAsDefault: true,
      // Two connections, so the test sees one opened after the migration.
      pool: { min: 1, max: 2 },
    });
  });

  afterEach(async () => {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const pragma = (connection: any, name: string) =>
    connection.pragma(name, { simple: true });

  it('uses the write-ahead log with synchronous FULL on every connection', async () => {
    await migrateDatabase(mockServices.database({ knex }));
    // Called again (the incident store does so too), it adds nothing twice.
    await migrateDatabase(mockServices.database({ knex }));

    const first = await knex.client.acquireConnection();
    const second = await knex.client.acquireConnection();
    try {
      expect(first).not.toBe(second);
      for (const connection of [first, second]) {
        expect(pragma(connection, 'journal_mode')).toBe('wal');
        // 2 = FULL; better-sqlite3 opens WAL files with NORMAL (1).
        expect(pragma(connection, 'synchronous')).toBe(2);
      }
    } finally {
      await knex.client.releaseConnection(first);
      await knex.client.releaseConnection(second);
    }
    expect(await knex('incidents').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
