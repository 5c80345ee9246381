import { Knex } from 'knex';
import { toDb } from '../database/dbUtils';
import { HandoffNoticeStore } from './HandoffNoticeStore';

const TABLE = 'oncall_handoff_notices';

/** {@link HandoffNoticeStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseHandoffNoticeStore implements HandoffNoticeStore {
  static fromKnex(knex: Knex): DatabaseHandoffNoticeStore {
    return new DatabaseHandoffNoticeStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async claim(
    notice: { groupRef: string; userRef: string; shiftStart: string },
    at: Date,
  ) {
    // The primary key decides: of two runs inserting the same shift, one row lands.
    const inserted: unknown[] = await this.knex(TABLE)
      .insert({
        group_ref: notice.groupRef,
        user_ref: notice.userRef,
        shift_start: toDb(new Date(notice.shiftStart)),
        notified_at: toDb(at),
      })
      .onConflict(['group_ref', 'user_ref', 'shift_start'])
      .ignore()
      .returning('group_ref');
    return inserted.length === 1;
  }
}
