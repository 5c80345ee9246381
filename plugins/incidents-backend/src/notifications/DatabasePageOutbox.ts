import { Knex } from 'knex';
import { DbTimestamp, fromDbOptional, toDb } from '../database/dbUtils';
import { StoreTransaction } from '../database/transaction';
import {
  ClaimedPage,
  NewPage,
  OutboxEntry,
  PageChannel,
  PageNotice,
  PageOutbox,
} from './PageOutbox';

const TABLE = 'incident_page_outbox';

interface OutboxRow {
  id: number;
  incident_id: number;
  page_key: string;
  kind: PageNotice['kind'];
  notice: string;
  done_channels: string;
  attempts: number;
  lease_token: string | null;
  delivered_at: DbTimestamp | null;
  abandoned_at: DbTimestamp | null;
  last_error: string | null;
}

/** {@link PageOutbox} on the plugin's Knex database (PostgreSQL or SQLite). */
export class DatabasePageOutbox implements PageOutbox {
  /** An outbox on an already migrated database (see `migrateDatabase`). */
  static fromKnex(
    db: Knex,
    options: { clock?: () => Date } = {},
  ): DatabasePageOutbox {
    return new DatabasePageOutbox(db, options.clock ?? (() => new Date()));
  }

  private constructor(
    private readonly db: Knex,
    private readonly clock: () => Date,
  ) {}

  async enqueue(pages: NewPage[], tx?: StoreTransaction): Promise<void> {
    if (!pages.length) return;
    const now = toDb(this.clock());
    await (tx ?? this.db)(TABLE)
      .insert(
        pages.map(page => ({
          incident_id: page.notice.incident.id,
          page_key: page.key,
          kind: page.notice.kind,
          notice: JSON.stringify(page.notice),
          done_channels: '[]',
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .onConflict('page_key')
      .ignore();
  }

  async claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    keys?: string[];
  }): Promise<ClaimedPage[]> {
    const now = toDb(options.now);
    const claimable = (query: Knex.QueryBuilder) =>
      query
        .whereNull('delivered_at')
        .whereNull('abandoned_at')
        .where('next_attempt_at', '<=', now)
        .andWhere(q =>
          q.whereNull('lease_until').orWhere('lease_until', '<=', now),
        );
    const candidateQuery = claimable(this.db(TABLE).select('id'));
    if (options.keys) candidateQuery.whereIn('page_key', options.keys);
    const candidates: Array<{ id: number }> = await candidateQuery
      .orderBy('id')
      .limit(options.limit);
    const claimed: number[] = [];
    const leaseUntil = toDb(new Date(options.now.getTime() + options.leaseMs));
    for (const { id } of candidates) {
      // A conditional UPDATE works the same on both engines: a concurrent claimer
      // re-checks the condition after the winner commits and matches no row.
      const changed = await claimable(this.db(TABLE).where({ id })).update({
        lease_token: options.leaseToken,
        lease_until: leaseUntil,
        attempts: this.db.raw('attempts + 1'),
      });
      if (changed === 1) claimed.push(id);
    }
    if (!claimed.length) return [];
    const rows: OutboxRow[] = await this.db(TABLE)
      .whereIn('id', claimed)
      .where({ lease_token: options.leaseToken })
      .orderBy('id');
    return rows.map(row => ({
      id: row.id,
      key: row.page_key,
      incidentId: Number(row.incident_id),
      notice: JSON.parse(row.notice) as PageNotice,
      doneChannels: JSON.parse(row.done_channels) as PageChannel[],
      attempts: Number(row.attempts),
      leaseToken: options.leaseToken,
    }));
  }

  async markDelivered(
    id: number,
    leaseToken: string,
    now: Date,
    doneChannels: PageChannel[],
  ): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ id, lease_token: leaseToken })
      .whereNull('delivered_at')
      .update({
        delivered_at: toDb(now),
        done_channels: JSON.stringify(doneChannels),
        lease_token: null,
        lease_until: null,
        last_error: null,
      });
    return changed === 1;
  }

  async markFailed(
    id: number,
    leaseToken: string,
    outcome: {
      now: Date;
      nextAttemptAt: Date;
      doneChannels: PageChannel[];
      error: string;
      abandon: boolean;
    },
  ): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ id, lease_token: leaseToken })
      .whereNull('delivered_at')
      .update({
        next_attempt_at: toDb(outcome.nextAttemptAt),
        done_channels: JSON.stringify(outcome.doneChannels),
        last_error: outcome.error.slice(0, 2000),
        abandoned_at: outcome.abandon ? toDb(outcome.now) : null,
        lease_token: null,
        lease_until: null,
      });
    return changed === 1;
  }

  async listForIncident(incidentId: number): Promise<OutboxEntry[]> {
    const rows: OutboxRow[] = await this.db(TABLE)
      .where({ incident_id: incidentId })
      .orderBy('id');
    return rows.map(row => ({
      key: row.page_key,
      incidentId: Number(row.incident_id),
      kind: row.kind,
      attempts: Number(row.attempts),
      doneChannels: JSON.parse(row.done_channels) as PageChannel[],
      deliveredAt: fromDbOptional(row.delivered_at),
      abandonedAt: fromDbOptional(row.abandoned_at),
      lastError: row.last_error ?? undefined,
    }));
  }
}
