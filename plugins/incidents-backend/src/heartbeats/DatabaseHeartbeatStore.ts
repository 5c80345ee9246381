import { Knex } from 'knex';
import {
  DbTimestamp,
  fromDb,
  fromDbOptional,
  inListChunks,
  toDb,
} from '../database/dbUtils';
import { HeartbeatState, HeartbeatStore } from './HeartbeatStore';

const TABLE = 'heartbeats';

interface HeartbeatRow {
  entity_ref: string;
  name: string;
  declared_at: DbTimestamp;
  last_ping_at: DbTimestamp | null;
  missed_at: DbTimestamp | null;
}

function fromRow(row: HeartbeatRow): HeartbeatState {
  const lastPingAt = fromDbOptional(row.last_ping_at);
  const missedAt = fromDbOptional(row.missed_at);
  return {
    entityRef: row.entity_ref,
    name: row.name,
    declaredAt: fromDb(row.declared_at),
    ...(lastPingAt && { lastPingAt }),
    ...(missedAt && { missedAt }),
  };
}

/** {@link HeartbeatStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseHeartbeatStore implements HeartbeatStore {
  static fromKnex(knex: Knex): DatabaseHeartbeatStore {
    return new DatabaseHeartbeatStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async recordPing(entityRef: string, name: string, at: Date) {
    await this.knex(TABLE)
      .insert({
        entity_ref: entityRef,
        name,
        declared_at: toDb(at),
        last_ping_at: toDb(at),
      })
      .onConflict(['entity_ref', 'name'])
      .merge({ last_ping_at: toDb(at), missed_at: null });
  }

  async ensureDeclared(
    heartbeats: Array<{ entityRef: string; name: string }>,
    at: Date,
  ) {
    for (const chunk of inListChunks(heartbeats, 200)) {
      await this.knex(TABLE)
        .insert(
          chunk.map(h => ({
            entity_ref: h.entityRef,
            name: h.name,
            declared_at: toDb(at),
          })),
        )
        .onConflict(['entity_ref', 'name'])
        .ignore();
    }
  }

  async list(entityRefs: string[]) {
    const states: HeartbeatState[] = [];
    for (const chunk of inListChunks(entityRefs)) {
      const rows: HeartbeatRow[] = await this.knex(TABLE).whereIn(
        'entity_ref',
        chunk,
      );
      states.push(...rows.map(fromRow));
    }
    return states;
  }

  async listAll() {
    const rows: HeartbeatRow[] = await this.knex(TABLE).orderBy([
      'entity_ref',
      'name',
    ]);
    return rows.map(fromRow);
  }

  async forget(entityRef: string, name: string) {
    await this.knex(TABLE).where({ entity_ref: entityRef, name }).delete();
  }

  async claimMissed(seen: HeartbeatState, at: Date) {
    const query = this.knex(TABLE)
      .where({ entity_ref: seen.entityRef, name: seen.name })
      .whereNull('missed_at');
    if (seen.lastPingAt) {
      query.where('last_ping_at', toDb(new Date(seen.lastPingAt)));
    } else {
      query.whereNull('last_ping_at');
    }
    return (await query.update({ missed_at: toDb(at) })) === 1;
  }

  async isMissedSince(entityRef: string, name: string, missedAt: Date) {
    const row = await this.knex(TABLE)
      .where({ entity_ref: entityRef, name, missed_at: toDb(missedAt) })
      .first();
    return row !== undefined;
  }
}
