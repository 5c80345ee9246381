import { Knex } from 'knex';
import { toDb } from './dbUtils';

/**
 * The bookkeeping of a table that keeps one row per incident in step with an outside
 * system (Slack, Statuspage): `wanted_seq` counts changes, `synced_seq` the last one
 * sent; `lease_token` / `lease_until` claim a row for one sender at a time, across
 * instances; `attempts`, `next_attempt_at`, `abandoned_at`, `last_error` and
 * `reported_error` hold the retries. Each feature's store owns its table and calls
 * these for the shared columns; its own columns stay with it.
 */
export class IncidentSyncRows {
  constructor(private readonly db: Knex, private readonly table: string) {}

  /**
   * Counts a change of the incident, adding its row unless `onlyIfTracked`. A row
   * given up on is tried again from a fresh count; one waiting out a backoff keeps
   * waiting, so a busy incident does not hammer the other side.
   */
  async markChanged(
    incidentId: number,
    now: Date,
    options: { onlyIfTracked?: boolean } = {},
  ): Promise<void> {
    const at = toDb(now);
    if (!options.onlyIfTracked) {
      await this.db(this.table)
        .insert({
          incident_id: incidentId,
          next_attempt_at: at,
          created_at: at,
          updated_at: at,
        })
        .onConflict('incident_id')
        .ignore();
    }
    // An increment in SQL, so two instances marking at once both count.
    await this.db(this.table)
      .where({ incident_id: incidentId })
      .update({ wanted_seq: this.db.raw('wanted_seq + 1'), updated_at: at });
    await this.db(this.table)
      .where({ incident_id: incidentId })
      .whereNotNull('abandoned_at')
      .update({ abandoned_at: null, attempts: 0, next_attempt_at: at });
  }

  /**
   * Leases up to `limit` rows with changes to send (of `incidentIds` when given) to
   * `leaseToken` until `now + leaseMs`, counting an attempt on each; the ids claimed.
   */
  async claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    incidentIds?: number[];
  }): Promise<number[]> {
    const now = toDb(options.now);
    const claimable = (query: Knex.QueryBuilder) =>
      query
        .whereRaw('synced_seq < wanted_seq')
        .whereNull('abandoned_at')
        .where('next_attempt_at', '<=', now)
        .andWhere(q =>
          q.whereNull('lease_until').orWhere('lease_until', '<=', now),
        );
    const candidateQuery = claimable(this.db(this.table).select('incident_id'));
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
        this.db(this.table).where({ incident_id }),
      ).update({
        lease_token: options.leaseToken,
        lease_until: leaseUntil,
        attempts: this.db.raw('attempts + 1'),
      });
      if (changed === 1) claimed.push(Number(incident_id));
    }
    return claimed;
  }

  /** Records change `seq` as sent and ends the lease; false when the lease was lost. */
  async markSynced(
    incidentId: number,
    leaseToken: string,
    seq: number,
    now: Date,
  ): Promise<boolean> {
    const changed = await this.db(this.table)
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

  /** Schedules the next attempt (or gives up) and ends the lease; false when lost. */
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
    const changed = await this.db(this.table)
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
}
