import { Knex } from 'knex';
import {
  DbBoolean,
  DbTimestamp,
  fromDbOptional,
  toDb,
} from '../database/dbUtils';
import { IncidentSyncRows } from '../database/incidentSyncRows';
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

  private readonly sync: IncidentSyncRows;

  private constructor(
    private readonly db: Knex,
    private readonly clock: () => Date,
  ) {
    this.sync = new IncidentSyncRows(db, TABLE);
  }

  async markChanged(incidentId: number): Promise<void> {
    await this.sync.markChanged(incidentId, this.clock());
  }

  async claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    incidentIds?: number[];
  }): Promise<ClaimedSlackMessage[]> {
    const claimed = await this.sync.claim(options);
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
    return this.sync.markSynced(incidentId, leaseToken, seq, now);
  }

  async markFailed(
    incidentId: number,
    leaseToken: string,
    outcome: Parameters<IncidentSyncRows['markFailed']>[2],
  ): Promise<boolean> {
    return this.sync.markFailed(incidentId, leaseToken, outcome);
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
