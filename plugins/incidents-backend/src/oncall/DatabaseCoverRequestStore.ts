import {
  CoverRequest,
  CoverRequestStatus,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DbTimestamp, fromDb, fromDbOptional, toDb } from '../database/dbUtils';
import { CoverRequestStore, NewCoverRequest } from './CoverRequestStore';

const TABLE = 'oncall_cover_requests';

interface CoverRequestRow {
  id: number;
  group_ref: string;
  requester_ref: string;
  cover_ref: string;
  starts_at: DbTimestamp;
  ends_at: DbTimestamp;
  reason: string | null;
  status: CoverRequestStatus;
  override_id: number | null;
  created_at: DbTimestamp;
  decided_at: DbTimestamp | null;
}

function toRequest(row: CoverRequestRow): CoverRequest {
  const decidedAt = fromDbOptional(row.decided_at);
  return {
    id: row.id,
    groupRef: row.group_ref,
    requesterRef: row.requester_ref,
    coverRef: row.cover_ref,
    startsAt: fromDb(row.starts_at),
    endsAt: fromDb(row.ends_at),
    ...(row.reason !== null && { reason: row.reason }),
    status: row.status,
    ...(row.override_id !== null && { overrideId: row.override_id }),
    createdAt: fromDb(row.created_at),
    ...(decidedAt && { decidedAt }),
  };
}

/** {@link CoverRequestStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseCoverRequestStore implements CoverRequestStore {
  static fromKnex(knex: Knex): DatabaseCoverRequestStore {
    return new DatabaseCoverRequestStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async create(request: NewCoverRequest, at: Date): Promise<CoverRequest> {
    const [row] = await this.knex(TABLE)
      .insert({
        group_ref: request.groupRef,
        requester_ref: request.requesterRef,
        cover_ref: request.coverRef,
        starts_at: toDb(request.startsAt),
        ends_at: toDb(request.endsAt),
        reason: request.reason ?? null,
        status: 'pending',
        created_at: toDb(at),
      })
      .returning('*');
    return toRequest(row);
  }

  async get(id: number): Promise<CoverRequest | undefined> {
    const row = await this.knex(TABLE).where({ id }).first();
    return row ? toRequest(row) : undefined;
  }

  async listFor(userRef: string, limit: number): Promise<CoverRequest[]> {
    const rows = await this.knex(TABLE)
      .where('requester_ref', userRef)
      .orWhere('cover_ref', userRef)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toRequest);
  }

  async decide(
    id: number,
    status: Exclude<CoverRequestStatus, 'pending'>,
    at: Date,
  ): Promise<boolean> {
    const updated = await this.knex(TABLE)
      .where({ id, status: 'pending' })
      .update({ status, decided_at: toDb(at) });
    return updated === 1;
  }

  async reopen(id: number): Promise<void> {
    await this.knex(TABLE)
      .where({ id, status: 'accepted' })
      .whereNull('override_id')
      .update({ status: 'pending', decided_at: null });
  }

  async setOverride(id: number, overrideId: number): Promise<void> {
    await this.knex(TABLE).where({ id }).update({ override_id: overrideId });
  }
}
