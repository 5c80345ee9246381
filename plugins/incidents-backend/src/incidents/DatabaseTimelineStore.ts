import {
  IncidentStatus,
  StatusUpdate,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DbTimestamp, fromDb, inListChunks, toDb } from '../database/dbUtils';
import {
  StatusUpdateRow,
  TimelineRow,
  toStatusUpdate,
  toTimelineEvent,
} from './incidentRows';
import { NewTimelineEvent, TimelineStore } from './IncidentStore';

/**
 * The `incident_timeline` and `incident_status_updates` tables. Built by
 * `DatabaseIncidentStore` on its connection or transaction, so timeline entries commit
 * with the incident change they record.
 */
export class DatabaseTimelineStore implements TimelineStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly clock: () => Date,
  ) {}

  async addTimelineEvent(event: NewTimelineEvent): Promise<TimelineEvent> {
    const [row] = await this.db('incident_timeline')
      .insert({
        incident_id: event.incidentId,
        type: event.type,
        at: toDb(event.at ?? this.clock()),
        actor_ref: event.actorRef ?? null,
        message: event.message,
        data: event.data === undefined ? null : JSON.stringify(event.data),
        pinned: event.pinned ?? false,
      })
      .returning('*');
    return toTimelineEvent(row);
  }

  async listTimeline(incidentId: number): Promise<TimelineEvent[]> {
    const rows: TimelineRow[] = await this.db('incident_timeline')
      .where({ incident_id: incidentId })
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toTimelineEvent);
  }

  async setTimelineEventPinned(
    incidentId: number,
    eventId: number,
    pinned: boolean,
  ): Promise<TimelineEvent | undefined> {
    const [row] = await this.db('incident_timeline')
      .where({ id: eventId, incident_id: incidentId })
      .update({ pinned })
      .returning('*');
    return row ? toTimelineEvent(row) : undefined;
  }

  async addStatusUpdate(update: {
    incidentId: number;
    status: IncidentStatus;
    message: string;
    postedBy: string;
    postedAt?: Date;
    public?: boolean;
  }): Promise<StatusUpdate> {
    const [row] = await this.db('incident_status_updates')
      .insert({
        incident_id: update.incidentId,
        status: update.status,
        message: update.message,
        posted_by: update.postedBy,
        posted_at: toDb(update.postedAt ?? this.clock()),
        public: update.public ?? false,
      })
      .returning('*');
    return toStatusUpdate(row);
  }

  async listStatusUpdates(incidentId: number): Promise<StatusUpdate[]> {
    const rows: StatusUpdateRow[] = await this.db('incident_status_updates')
      .where({ incident_id: incidentId })
      .orderBy([
        { column: 'posted_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toStatusUpdate);
  }

  async listPublicStatusUpdates(
    incidentIds: number[],
  ): Promise<StatusUpdate[]> {
    const updates: StatusUpdate[] = [];
    for (const part of inListChunks([...new Set(incidentIds)])) {
      const rows: StatusUpdateRow[] = await this.db('incident_status_updates')
        .whereIn('incident_id', part)
        .where({ public: true });
      updates.push(...rows.map(toStatusUpdate));
    }
    return updates.sort(
      (a, b) => b.postedAt.localeCompare(a.postedAt) || b.id - a.id,
    );
  }

  /** Incidents without any status update are absent from the map. */
  async getLastStatusUpdateTimes(
    incidentIds: number[],
  ): Promise<Map<number, Date>> {
    const result = new Map<number, Date>();
    for (const part of inListChunks([...new Set(incidentIds)])) {
      const rows: Array<{ incident_id: number; last: DbTimestamp }> =
        await this.db('incident_status_updates')
          .select('incident_id')
          .max({ last: 'posted_at' })
          .whereIn('incident_id', part)
          .groupBy('incident_id');
      for (const row of rows) {
        result.set(row.incident_id, new Date(fromDb(row.last)));
      }
    }
    return result;
  }
}
