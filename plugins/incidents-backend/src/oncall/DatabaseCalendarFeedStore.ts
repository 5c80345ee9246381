import { Knex } from 'knex';
import { toDb } from '../database/dbUtils';
import { CalendarFeedStore } from './CalendarFeedStore';

const TABLE = 'oncall_calendar_feeds';

/** {@link CalendarFeedStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseCalendarFeedStore implements CalendarFeedStore {
  static fromKnex(knex: Knex): DatabaseCalendarFeedStore {
    return new DatabaseCalendarFeedStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async replace(userRef: string, tokenHash: string, at: Date) {
    await this.knex(TABLE)
      .insert({
        user_ref: userRef,
        token_hash: tokenHash,
        created_at: toDb(at),
      })
      .onConflict('user_ref')
      .merge({ token_hash: tokenHash, created_at: toDb(at) });
  }

  async revoke(userRef: string) {
    return (await this.knex(TABLE).where({ user_ref: userRef }).delete()) > 0;
  }

  async userFor(tokenHash: string) {
    const row = await this.knex(TABLE)
      .where({ token_hash: tokenHash })
      .first('user_ref');
    return row?.user_ref as string | undefined;
  }
}
