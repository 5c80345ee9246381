import { OncallOverride } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DbTimestamp, fromDb, toDb } from '../database/dbUtils';
import { NewOncallOverride, OncallOverrideStore } from './OncallOverrideStore';

interface OverrideRow {
  id: number;
  group_ref: string;
  user_ref: string;
  starts_at: DbTimestamp;
  ends_at: DbTimestamp;
  reason: string | null;
  created_by: string;
  created_at: DbTimestamp;
}

function toOverride(row: OverrideRow): OncallOverride {
  return {
    id: row.id,
    groupRef: row.group_ref,
    userRef: row.user_ref,
    startsAt: fromDb(row.starts_at),
    endsAt: fromDb(row.ends_at),
    ...(row.reason !== null && { reason: row.reason }),
    createdBy: row.created_by,
    createdAt: fromDb(row.created_at),
  };
}

/** {@link OncallOverrideStore} on the plugin's Knex database (migrated by the plugin). */
export class DatabaseOncallOverrideStore implements OncallOverrideStore {
  /** A store on an already migrated database. */
  static fromKnex(
    db: Knex,
    options: { clock?: () => Date } = {},
  ): DatabaseOncallOverrideStore {
    return new DatabaseOncallOverrideStore(
      db,
      options.clock ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly clock: () => Date,
  ) {}

  async createOncallOverride(
    override: NewOncallOverride,
  ): Promise<OncallOverride> {
    const [row] = await this.db('oncall_overrides')
      .insert({
        group_ref: override.groupRef,
        user_ref: override.userRef,
        starts_at: toDb(override.startsAt),
        ends_at: toDb(override.endsAt),
        reason: override.reason ?? null,
        created_by: override.createdBy,
        created_at: toDb(this.clock()),
      })
      .returning('*');
    return toOverride(row);
  }

  async listOncallOverrides(options: {
    groupRefs?: string[];
    from?: Date;
    to?: Date;
  }): Promise<OncallOverride[]> {
    const query = this.db('oncall_overrides');
    if (options.groupRefs) {
      query.whereIn('group_ref', options.groupRefs);
    }
    // [starts_at, ends_at) overlaps [from, to) iff it starts before `to` and ends after `from`.
    if (options.to) {
      query.where('starts_at', '<', toDb(options.to));
    }
    if (options.from) {
      query.where('ends_at', '>', toDb(options.from));
    }
    const rows: OverrideRow[] = await query.orderBy([
      { column: 'starts_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toOverride);
  }

  async getOncallOverride(id: number): Promise<OncallOverride | undefined> {
    const row: OverrideRow | undefined = await this.db('oncall_overrides')
      .where({ id })
      .first();
    return row ? toOverride(row) : undefined;
  }

  async deleteOncallOverride(id: number): Promise<boolean> {
    const deleted = await this.db('oncall_overrides').where({ id }).delete();
    return deleted > 0;
  }
}
