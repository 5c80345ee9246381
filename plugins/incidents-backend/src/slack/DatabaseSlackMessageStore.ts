import { Knex } from 'knex';
import {
  DbBoolean,
  DbTimestamp,
  fromDbOptional,
  toDb,
} from '../database/dbUtils';
import {
  ClaimedSlackMessage,
  SlackMessageEntry,
  SlackMessageProgress,
  SlackMessageStore,
} from './SlackMessageStore';

const TABLE = 'incident_slack_messages';

interface SlackMessageRow {
  incident_id: number;
  wanted_seq: number;
  synced_seq: number;
  channel_id: string | null;
  message_ts: string | null;
  message_hash: string | null;
  thread_cursor: number;
  incident_channel_id: string | null;
  incident_channel_name: string | null;
  incident_channel_announced: DbBoolean;
  invited_refs: string;
  attempts: number;
  last_error: string | null;
  abandoned_at: DbTimestamp | null;
  reported_error: string | null;
}

/** {@link SlackMessageStore} on the plugin's Knex database (PostgreSQL or SQLite). */
export class DatabaseSlackMessageStore implements SlackMessageStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(
    db: Knex,
    options: { clock?: () => Date } = {},
  ): DatabaseSlackMessageStore {
    return new DatabaseSlackMessageStore(
      db,
      options.clock ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly clock: () => Date,
  ) {}

  async markChanged(incidentId: number): Promise<void> {
    const now = toDb(this.clock());
    await this.db(TABLE)
      .insert({
        incident_id: incidentId,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })
      .onConflict('incident_id')
      .ignore();
    // An increment in SQL, so two instances marking at once both count.
    await this.db(TABLE)
      .where({ incident_id: incidentId })
      .update({ wanted_seq: this.db.raw('wanted_seq + 1'), updated_at: now });
    // A row given up on is tried again by the next change, from a fresh count; a row
    // waiting out a backoff keeps waiting, so a busy incident does not hammer Slack.
    await this.db(TABLE)
      .where({ incident_id: incidentId })
      .whereNotNull('abandoned_at')
      .update({ abandoned_at: null, attempts: 0, next_attempt_at: now });
  }

  async claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    incidentIds?: number[];
  }): Promise<ClaimedSlackMessage[]> {
    const now = toDb(options.now);
    const claimable = (query: Knex.QueryBuilder) =>
      query
        .whereRaw('synced_seq < wanted_seq')
        .whereNull('abandoned_at')
        .where('next_attempt_at', '<=', now)
        .andWhere(q =>
          q.whereNull('lease_until').orWhere('lease_until', '<=', now),
        );
    const candidateQuery = claimable(this.db(TABLE).select('incident_id'));
    if (options.incidentIds) {
      candidateQuery.whereIn('incident_id', options.incidentIds);
    }
    const candidates: Array<{ incident_id: number }> = await candidateQuery
      .orderBy('incident_id')
      .limit(options.limit);
    const claimed: number[] = [];
    const leaseUntil = toDb(new Date(options.now.getTime() + options.leaseMs));
    for (const { incident_id } of candidates) {
      // A conditional UPDATE works the same on both engines: a concurrent claimer
      // re-checks the condition after the winner commits and matches no row.
      const changed = await claimable(
        this.db(TABLE).where({ incident_id }),
      ).update({
        lease_token: options.leaseToken,
        lease_until: leaseUntil,
        attempts: this.db.raw('attempts + 1'),
      });
      if (changed === 1) claimed.push(Number(incident_id));
    }
    if (!claimed.length) return [];
    const rows: SlackMessageRow[] = await this.db(TABLE)
      .whereIn('incident_id', claimed)
      .where({ lease_token: options.leaseToken })
      .orderBy('incident_id');
    return rows.map(row => ({
      ...progressOf(row),
      incidentId: Number(row.incident_id),
      seq: Number(row.wanted_seq),
      attempts: Number(row.attempts),
      reportedError: row.reported_error ?? undefined,
      leaseToken: options.leaseToken,
    }));
  }

  async saveProgress(
    incidentId: number,
    leaseToken: string,
    progress: Partial<SlackMessageProgress>,
  ): Promise<boolean> {
    const columns: Record<string, unknown> = {};
    if (progress.channelId !== undefined) {
      columns.channel_id = progress.channelId;
    }
    if (progress.messageTs !== undefined) {
      columns.message_ts = progress.messageTs;
    }
    if (progress.messageHash !== undefined) {
      columns.message_hash = progress.messageHash;
    }
    if (progress.threadCursor !== undefined) {
      columns.thread_cursor = progress.threadCursor;
    }
    if (progress.incidentChannelId !== undefined) {
      columns.incident_channel_id = progress.incidentChannelId;
    }
    if (progress.incidentChannelName !== undefined) {
      columns.incident_channel_name = progress.incidentChannelName;
    }
    if (progress.incidentChannelAnnounced !== undefined) {
      columns.incident_channel_announced = progress.incidentChannelAnnounced;
    }
    if (progress.invitedRefs !== undefined) {
      columns.invited_refs = JSON.stringify(progress.invitedRefs);
    }
    const changed = await this.db(TABLE)
      .where({ incident_id: incidentId, lease_token: leaseToken })
      .update({ ...columns, updated_at: toDb(this.clock()) });
    return changed === 1;
  }

  async markSynced(
    incidentId: number,
    leaseToken: string,
    seq: number,
    now: Date,
  ): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ incident_id: incidentId, lease_token: leaseToken })
      .update({
        synced_seq: seq,
        attempts: 0,
        last_error: null,
        reported_error: null,
        lease_token: null,
        lease_until: null,
        updated_at: toDb(now),
      });
    return changed === 1;
  }

  async markFailed(
    incidentId: number,
    leaseToken: string,
    outcome: {
      now: Date;
      nextAttemptAt: Date;
      error: string;
      abandon: boolean;
      reportedError?: string;
    },
  ): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ incident_id: incidentId, lease_token: leaseToken })
      .update({
        next_attempt_at: toDb(outcome.nextAttemptAt),
        last_error: outcome.error.slice(0, 2000),
        abandoned_at: outcome.abandon ? toDb(outcome.now) : null,
        ...(outcome.reportedError !== undefined && {
          reported_error: outcome.reportedError.slice(0, 255),
        }),
        lease_token: null,
        lease_until: null,
        updated_at: toDb(outcome.now),
      });
    return changed === 1;
  }

  async get(incidentId: number): Promise<SlackMessageEntry | undefined> {
    const row: SlackMessageRow | undefined = await this.db(TABLE)
      .where({ incident_id: incidentId })
      .first();
    if (!row) return undefined;
    return {
      ...progressOf(row),
      incidentId: Number(row.incident_id),
      wantedSeq: Number(row.wanted_seq),
      syncedSeq: Number(row.synced_seq),
      attempts: Number(row.attempts),
      lastError: row.last_error ?? undefined,
      abandonedAt: fromDbOptional(row.abandoned_at),
      reportedError: row.reported_error ?? undefined,
    };
  }
}

function progressOf(row: SlackMessageRow): SlackMessageProgress {
  return {
    channelId: row.channel_id ?? undefined,
    messageTs: row.message_ts ?? undefined,
    messageHash: row.message_hash ?? undefined,
    threadCursor: Number(row.thread_cursor),
    incidentChannelId: row.incident_channel_id ?? undefined,
    incidentChannelName: row.incident_channel_name ?? undefined,
    incidentChannelAnnounced: !!row.incident_channel_announced,
    invitedRefs: JSON.parse(row.invited_refs) as string[],
  };
}
