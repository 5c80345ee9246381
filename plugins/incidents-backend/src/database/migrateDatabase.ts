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
