import { OPEN_STATUSES } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { inListChunks, toDb } from '../database/dbUtils';
import { PagingClaimStore } from './IncidentStore';

/**
 * The escalation and reminder claims on `incidents`: conditional single-row UPDATEs
 * that let exactly one scheduler run (on any instance) send a page. Built by
 * `DatabaseIncidentStore` on its connection or transaction, so a claim commits with the
 * pages it queues.
 */
export class DatabasePagingClaims implements PagingClaimStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async claimEscalation(
    incidentId: number,
    fromLevel: number,
  ): Promise<boolean> {
    // A conditional UPDATE is atomic per row: concurrent claimers queue on the row lock
    // and re-check the condition after the winner commits, and so does a claim that
    // waits on an acknowledgement's lock. The escalator's read of the incident may be
    // stale by now; this condition is what keeps an acknowledged incident from paging.
    // Deliberately leaves version and updated_at alone, so escalating does not make a
    // user's pending edit stale.
    const changed = await this.db('incidents')
      .where({ id: incidentId, escalation_level: fromLevel })
      .whereNull('acknowledged_at')
      .whereIn('status', [...OPEN_STATUSES])
      .update({ escalation_level: fromLevel + 1 });
    return changed === 1;
  }

  /** Incidents that do not exist are absent from the map. */
  async getEscalationLevels(
    incidentIds: number[],
  ): Promise<Map<number, number>> {
    const result = new Map<number, number>();
    for (const part of inListChunks([...new Set(incidentIds)])) {
      const rows: Array<{ id: number; escalation_level: number }> =
        await this.db('incidents')
          .select('id', 'escalation_level')
          .whereIn('id', part);
      for (const row of rows) {
        result.set(row.id, Number(row.escalation_level));
      }
    }
    return result;
  }

  async claimReminder(
    incidentId: number,
    notBefore: Date,
    now: Date,
  ): Promise<boolean> {
    // Same pattern as claimEscalation: the losers' re-checked condition sees the
    // winner's last_reminder_at (>= notBefore) and matches no row.
    const changed = await this.db('incidents')
      .where({ id: incidentId })
      .whereIn('status', [...OPEN_STATUSES])
      .andWhere(q =>
        q
          .whereNull('last_reminder_at')
          .orWhere('last_reminder_at', '<', toDb(notBefore)),
      )
      .update({ last_reminder_at: toDb(now) });
    return changed === 1;
  }
}
