import { Knex } from 'knex';
import {
  DbTimestamp,
  fromDb,
  fromDbOptional,
  toDb,
} from '../../database/dbUtils';
import { IncidentSyncRows } from '../../database/incidentSyncRows';
import { PublicStage } from '../StatusPageService';
import { StatuspageComponentStatus } from './StatuspageClient';
import {
  ClaimedStatuspagePush,
  PushedStatusUpdate,
  StatuspagePushEntry,
  StatuspagePushProgress,
  StatuspagePushStore,
} from './StatuspagePushStore';

const TABLE = 'incident_statuspage_incidents';
const PUSHED = 'incident_statuspage_updates';

interface PushRow {
  incident_id: number;
  wanted_seq: number;
  synced_seq: number;
  statuspage_incident_id: string | null;
  pushed_stage: string | null;
  pushed_components: string;
  attempts: number;
  last_error: string | null;
  abandoned_at: DbTimestamp | null;
  reported_error: string | null;
}

interface PushedRow {
  status_update_id: number;
  incident_id: number;
  statuspage_update_id: string | null;
  pushed_at: DbTimestamp;
}

/** {@link StatuspagePushStore} on the plugin's Knex database (PostgreSQL or SQLite). */
export class DatabaseStatuspagePushStore implements StatuspagePushStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(
    db: Knex,
    options: { clock?: () => Date } = {},
  ): DatabaseStatuspagePushStore {
    return new DatabaseStatuspagePushStore(
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

  async markChanged(
    incidentId: number,
    options: { onlyIfTracked?: boolean } = {},
  ): Promise<void> {
    await this.sync.markChanged(incidentId, this.clock(), options);
  }

  async claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    incidentIds?: number[];
  }): Promise<ClaimedStatuspagePush[]> {
    const claimed = await this.sync.claim(options);
    if (!claimed.length) return [];
    const rows: PushRow[] = await this.db(TABLE)
      .whereIn('incident_id', claimed)
      .where({ lease_token: options.leaseToken })
      .orderBy('incident_id');
    const pushed: Array<Pick<PushedRow, 'incident_id' | 'status_update_id'>> =
      await this.db(PUSHED)
        .whereIn(
          'incident_id',
          rows.map(r => r.incident_id),
        )
        .select('incident_id', 'status_update_id');
    return rows.map(row => ({
      ...progressOf(row),
      incidentId: Number(row.incident_id),
      seq: Number(row.wanted_seq),
      attempts: Number(row.attempts),
      reportedError: row.reported_error ?? undefined,
      pushedUpdateIds: pushed
        .filter(p => Number(p.incident_id) === Number(row.incident_id))
        .map(p => Number(p.status_update_id))
        .sort((a, b) => a - b),
      leaseToken: options.leaseToken,
    }));
  }

  async saveProgress(
    incidentId: number,
    leaseToken: string,
    progress: Partial<StatuspagePushProgress>,
    options: { leaseUntil: Date; pushed?: PushedStatusUpdate },
  ): Promise<boolean> {
    const columns: Record<string, unknown> = {};
    if (progress.statuspageIncidentId !== undefined) {
      columns.statuspage_incident_id = progress.statuspageIncidentId;
    }
    if (progress.pushedStage !== undefined) {
      columns.pushed_stage = progress.pushedStage;
    }
    if (progress.pushedComponents !== undefined) {
      columns.pushed_components = JSON.stringify(progress.pushedComponents);
    }
    // The push and its record commit together: a lost lease saves neither.
    return this.db.transaction(async tx => {
      const changed = await tx(TABLE)
        .where({ incident_id: incidentId, lease_token: leaseToken })
        .update({
          ...columns,
          lease_until: toDb(options.leaseUntil),
          updated_at: toDb(this.clock()),
        });
      if (changed !== 1) return false;
      if (options.pushed) {
        await tx(PUSHED)
          .insert({
            status_update_id: options.pushed.statusUpdateId,
            incident_id: incidentId,
            statuspage_update_id: options.pushed.statuspageUpdateId ?? null,
            pushed_at: toDb(options.pushed.pushedAt),
          })
          .onConflict('status_update_id')
          .ignore();
      }
      return true;
    });
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

  async get(incidentId: number): Promise<StatuspagePushEntry | undefined> {
    const row: PushRow | undefined = await this.db(TABLE)
      .where({ incident_id: incidentId })
      .first();
    if (!row) return undefined;
    const pushed: PushedRow[] = await this.db(PUSHED)
      .where({ incident_id: incidentId })
      .orderBy('status_update_id');
    return {
      ...progressOf(row),
      incidentId: Number(row.incident_id),
      wantedSeq: Number(row.wanted_seq),
      syncedSeq: Number(row.synced_seq),
      attempts: Number(row.attempts),
      lastError: row.last_error ?? undefined,
      abandonedAt: fromDbOptional(row.abandoned_at),
      reportedError: row.reported_error ?? undefined,
      pushedUpdates: pushed.map(p => ({
        statusUpdateId: Number(p.status_update_id),
        ...(p.statuspage_update_id && {
          statuspageUpdateId: p.statuspage_update_id,
        }),
        pushedAt: fromDb(p.pushed_at),
      })),
    };
  }
}

function progressOf(row: PushRow): StatuspagePushProgress {
  return {
    statuspageIncidentId: row.statuspage_incident_id ?? undefined,
    pushedStage: (row.pushed_stage as PublicStage | null) ?? undefined,
    pushedComponents: JSON.parse(row.pushed_components) as Record<
      string,
      StatuspageComponentStatus
    >,
  };
}
