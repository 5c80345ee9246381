import { Knex } from 'knex';
import {
  DbBoolean,
  DbTimestamp,
  fromDb,
  fromDbOptional,
  toDb,
} from '../database/dbUtils';
import {
  MaintenanceWindowFilter,
  MaintenanceWindowRecord,
  MaintenanceWindowStore,
  NewMaintenanceWindow,
} from './MaintenanceWindowStore';

const TABLE = 'maintenance_windows';

interface WindowRow {
  id: number;
  entity_ref: string;
  owner_ref: string | null;
  include_dependents: DbBoolean;
  starts_at: DbTimestamp;
  ends_at: DbTimestamp;
  reason: string;
  severities: string | null;
  created_by: string;
  created_at: DbTimestamp;
  ended_at: DbTimestamp | null;
  ended_by: string | null;
  start_notified_at: DbTimestamp | null;
  end_notified_at: DbTimestamp | null;
}

function fromRow(row: WindowRow): MaintenanceWindowRecord {
  const endedAt = fromDbOptional(row.ended_at);
  const startNotifiedAt = fromDbOptional(row.start_notified_at);
  const endNotifiedAt = fromDbOptional(row.end_notified_at);
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    ...(row.owner_ref !== null && { ownerRef: row.owner_ref }),
    includeDependents: Boolean(row.include_dependents),
    startsAt: fromDb(row.starts_at),
    endsAt: fromDb(row.ends_at),
    reason: row.reason,
    ...(row.severities !== null && {
      severities: JSON.parse(row.severities) as string[],
    }),
    createdBy: row.created_by,
    createdAt: fromDb(row.created_at),
    ...(endedAt && { endedAt }),
    ...(row.ended_by !== null && { endedBy: row.ended_by }),
    ...(startNotifiedAt && { startNotifiedAt }),
    ...(endNotifiedAt && { endNotifiedAt }),
  };
}

/** {@link MaintenanceWindowStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseMaintenanceWindowStore implements MaintenanceWindowStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(knex: Knex): DatabaseMaintenanceWindowStore {
    return new DatabaseMaintenanceWindowStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async create(window: NewMaintenanceWindow) {
    const [row] = await this.knex(TABLE)
      .insert({
        entity_ref: window.entityRef,
        owner_ref: window.ownerRef ?? null,
        include_dependents: window.includeDependents,
        starts_at: toDb(new Date(window.startsAt)),
        ends_at: toDb(new Date(window.endsAt)),
        reason: window.reason,
        severities: window.severities
          ? JSON.stringify(window.severities)
          : null,
        created_by: window.createdBy,
        created_at: toDb(new Date(window.createdAt)),
      })
      .returning('*');
    return fromRow(row);
  }

  async get(id: number) {
    const row: WindowRow | undefined = await this.knex(TABLE)
      .where({ id })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async list(filter: MaintenanceWindowFilter) {
    const at = toDb(filter.at);
    const query = this.knex<WindowRow>(TABLE);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.ownerRefs) query.whereIn('owner_ref', filter.ownerRefs);
    if (filter.state === 'active') {
      inForce(query, at);
    } else if (filter.state === 'scheduled') {
      query.where('starts_at', '>', at).whereNull('ended_at');
    } else if (filter.state === 'ended') {
      query.where(q => q.whereNotNull('ended_at').orWhere('ends_at', '<=', at));
    }
    const rows = await query
      .orderBy([
        { column: 'starts_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit)
      .select('*');
    return rows.map(fromRow);
  }

  async listActive(at: Date) {
    const rows: WindowRow[] = await inForce(
      this.knex<WindowRow>(TABLE),
      toDb(at),
    ).orderBy('id');
    return rows.map(fromRow);
  }

  async countOpen(entityRef: string, at: Date) {
    const [{ count }] = await this.knex(TABLE)
      .where('entity_ref', entityRef)
      .where('ends_at', '>', toDb(at))
      .whereNull('ended_at')
      .count({ count: '*' });
    return Number(count);
  }

  async end(id: number, at: Date, by: string) {
    // Conditional: of two callers ending it at once, one ends it and names themselves.
    const updated = await this.knex(TABLE)
      .where({ id })
      .whereNull('ended_at')
      .where('ends_at', '>', toDb(at))
      .update({ ended_at: toDb(at), ended_by: by });
    return updated === 1;
  }

  async listNoticesDue(at: Date) {
    const now = toDb(at);
    // The partial index over unannounced ends serves both reads.
    const pending = () =>
      this.knex<WindowRow>(TABLE)
        .whereNull('end_notified_at')
        .where('starts_at', '<=', now)
        .orderBy('id');
    const [starting, ending]: [WindowRow[], WindowRow[]] = await Promise.all([
      inForce(pending(), now).whereNull('start_notified_at'),
      pending()
        .whereNotNull('start_notified_at')
        .where(q => q.whereNotNull('ended_at').orWhere('ends_at', '<=', now)),
    ]);
    return { starting: starting.map(fromRow), ending: ending.map(fromRow) };
  }

  async claimStartNotice(id: number, at: Date) {
    const updated = await this.knex(TABLE)
      .where({ id })
      .whereNull('start_notified_at')
      .update({ start_notified_at: toDb(at) });
    return updated === 1;
  }

  async claimEndNotice(id: number, at: Date) {
    const updated = await this.knex(TABLE)
      .where({ id })
      .whereNotNull('start_notified_at')
      .whereNull('end_notified_at')
      .update({ end_notified_at: toDb(at) });
    return updated === 1;
  }
}

/** Narrows to windows in force at `at`: started, planned end ahead, not ended early. */
function inForce<T extends Knex.QueryBuilder>(query: T, at: string): T {
  return query
    .where('ends_at', '>', at)
    .where('starts_at', '<=', at)
    .whereNull('ended_at') as T;
}
