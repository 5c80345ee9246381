import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentRoleAssignment,
  IncidentStatus,
  OPEN_STATUSES,
  Page,
  StatusUpdate,
  TimelineEvent,
  TimelineEventType,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import {
  DbTimestamp,
  whereAfterCursor,
  encodeCursor,
  escapeLike,
  fromDb,
  fromDbOptional,
  insertedId,
  toDb,
} from '../database/dbUtils';
import { migrateDatabase } from '../database/migrateDatabase';
import { StoreTransaction } from '../database/transaction';
import {
  IncidentFilter,
  IncidentPatch,
  IncidentStore,
  NewIncident,
  NewTimelineEvent,
  PageRequest,
} from './IncidentStore';

// Keeps IN (...) lists well below the bind-parameter limits of SQLite and PostgreSQL.
const CHUNK_SIZE = 500;

/** Timestamps as read back: pg gives Dates, better-sqlite3 gives the stored text. */

/** Booleans as read back: SQLite has no boolean type and returns 0/1. */
type DbBoolean = boolean | number;

interface IncidentRow {
  id: number;
  title: string;
  description: string;
  status: IncidentStatus;
  severity: string;
  entity_ref: string;
  owner_ref: string | null;
  source: string;
  impact: string;
  links: string;
  created_by: string;
  started_at: DbTimestamp | null;
  detected_at: DbTimestamp;
  acknowledged_at: DbTimestamp | null;
  mitigated_at: DbTimestamp | null;
  resolved_at: DbTimestamp | null;
  merged_into_id: number | null;
  escalation_level: number;
  last_reminder_at: DbTimestamp | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  version: number;
}

interface RoleRow {
  incident_id: number;
  role: string;
  user_ref: string;
  assigned_at: DbTimestamp;
  assigned_by: string;
}

interface EntityRow {
  incident_id: number;
  entity_ref: string;
  is_primary: DbBoolean;
}

interface TimelineRow {
  id: number;
  incident_id: number;
  type: TimelineEventType;
  at: DbTimestamp;
  actor_ref: string | null;
  message: string;
  data: string | null;
  pinned: DbBoolean;
}

interface StatusUpdateRow {
  id: number;
  incident_id: number;
  status: IncidentStatus;
  message: string;
  posted_by: string;
  posted_at: DbTimestamp;
}

function chunk<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** Non-primary affected refs, without duplicates, in a stable order. */
function affectedRefs(primary: string, refs: string[]): string[] {
  return [...new Set(refs)].filter(ref => ref !== primary).sort();
}

function toTimelineEvent(row: TimelineRow): TimelineEvent {
  return {
    id: row.id,
    incidentId: row.incident_id,
    type: row.type,
    at: fromDb(row.at),
    ...(row.actor_ref !== null && { actorRef: row.actor_ref }),
    message: row.message,
    ...(row.data !== null && { data: JSON.parse(row.data) }),
    pinned: Boolean(row.pinned),
  };
}

function toStatusUpdate(row: StatusUpdateRow): StatusUpdate {
  return {
    id: row.id,
    incidentId: row.incident_id,
    status: row.status,
    message: row.message,
    postedBy: row.posted_by,
    postedAt: fromDb(row.posted_at),
  };
}

/**
 * {@link IncidentStore} on a Knex database (PostgreSQL in production, SQLite in
 * development and tests).
 */
export class DatabaseIncidentStore implements IncidentStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(
    db: Knex,
    options: { clock?: () => Date } = {},
  ): DatabaseIncidentStore {
    return new DatabaseIncidentStore(db, options.clock ?? (() => new Date()));
  }

  /** Migrates the plugin database, then builds a store on it (tests and tools). */
  static async create(options: {
    database: DatabaseService;
    clock?: () => Date;
  }): Promise<DatabaseIncidentStore> {
    const knex = await migrateDatabase(options.database);
    return DatabaseIncidentStore.fromKnex(knex, options);
  }

  private constructor(
    private readonly db: Knex | Knex.Transaction,
    // Row timestamps the store stamps itself come from the services' clock.
    private readonly clock: () => Date,
  ) {}

  async transaction<T>(
    fn: (store: IncidentStore, tx: StoreTransaction) => Promise<T>,
  ): Promise<T> {
    return this.inTransaction(fn);
  }

  private async inTransaction<T>(
    fn: (store: DatabaseIncidentStore, tx: StoreTransaction) => Promise<T>,
  ): Promise<T> {
    // Reuse an enclosing transaction: a fresh one would need a second connection
    // (SQLite has only one) and would not see the outer one's uncommitted rows.
    if ((this.db as Knex.Transaction).isTransaction) {
      return fn(this, this.db as Knex.Transaction);
    }
    return this.db.transaction(trx =>
      fn(new DatabaseIncidentStore(trx, this.clock), trx),
    );
  }

  async createIncident(incident: NewIncident): Promise<Incident> {
    return this.inTransaction(async tx => {
      const now = toDb(this.clock());
      const result = await tx
        .db('incidents')
        .insert({
          title: incident.title,
          description: incident.description,
          status: incident.status,
          severity: incident.severity,
          entity_ref: incident.entityRef,
          owner_ref: incident.ownerRef ?? null,
          source: incident.source,
          impact: JSON.stringify(incident.impact),
          links: JSON.stringify(incident.links),
          created_by: incident.createdBy,
          started_at: incident.startedAt ? toDb(incident.startedAt) : null,
          detected_at: toDb(incident.detectedAt),
          created_at: now,
          updated_at: now,
        })
        .returning('id');
      const id = insertedId(result);

      await tx
        .db('incident_entities')
        .insert([
          { incident_id: id, entity_ref: incident.entityRef, is_primary: true },
          ...affectedRefs(incident.entityRef, incident.affectedEntityRefs).map(
            ref => ({ incident_id: id, entity_ref: ref, is_primary: false }),
          ),
        ]);

      if (incident.roles?.length) {
        await tx
          .db('incident_roles')
          .insert(
            incident.roles.map(r => ({
              incident_id: id,
              role: r.role,
              user_ref: r.userRef,
              assigned_at: now,
              assigned_by: r.assignedBy,
            })),
          )
          .onConflict(['incident_id', 'role', 'user_ref'])
          .ignore();
      }

      const created = await tx.getIncident(id);
      if (!created) {
        throw new Error(`Incident ${id} vanished while being created`);
      }
      return created;
    });
  }

  async linkAlert(alertId: number, incidentId: number): Promise<void> {
    await this.db('alerts')
      .where({ id: alertId })
      .update({ incident_id: incidentId });
  }

  async getIncident(id: number): Promise<Incident | undefined> {
    const [incident] = await this.getIncidents([id]);
    return incident;
  }

  /** Returns the incidents that exist, in the order of `ids`. */
  async getIncidents(ids: number[]): Promise<Incident[]> {
    const unique = [...new Set(ids)];
    const rows: IncidentRow[] = [];
    for (const part of chunk(unique)) {
      rows.push(...(await this.db('incidents').whereIn('id', part)));
    }
    const byId = new Map(
      (await this.hydrate(rows)).map(incident => [incident.id, incident]),
    );
    return unique.flatMap(id => byId.get(id) ?? []);
  }

  async listIncidents(
    filter: IncidentFilter,
    page: PageRequest,
  ): Promise<Page<Incident>> {
    const { limit } = page;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new InputError(`Invalid page limit: ${limit}`);
    }
    const query = this.db('incidents').select('incidents.*');
    this.applyFilter(query, filter);
    if (page.cursor !== undefined) {
      whereAfterCursor(
        query,
        { time: 'incidents.detected_at', id: 'incidents.id' },
        page.cursor,
      );
    }
    // One extra row tells whether there is a next page without a COUNT.
    const rows: IncidentRow[] = await query
      .orderBy([
        { column: 'incidents.detected_at', order: 'desc' },
        { column: 'incidents.id', order: 'desc' },
      ])
      .limit(limit + 1);

    const items = await this.hydrate(rows.slice(0, limit));
    if (rows.length <= limit) {
      return { items };
    }
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: encodeCursor({ d: last.detectedAt, i: last.id }),
    };
  }

  async countIncidents(filter: IncidentFilter = {}): Promise<number> {
    const query = this.db('incidents');
    this.applyFilter(query, filter);
    const [{ count }] = await query.count({ count: '*' });
    // PostgreSQL returns COUNT as a bigint string.
    return Number(count);
  }

  async updateIncident(
    id: number,
    expectedVersion: number,
    patch: IncidentPatch,
  ): Promise<Incident | undefined> {
    const fields: Record<string, unknown> = {};
    const set = (column: string, value: unknown) => {
      if (value !== undefined) {
        fields[column] = value;
      }
    };
    const setDate = (column: string, value: Date | null | undefined) => {
      if (value !== undefined) {
        fields[column] = value === null ? null : toDb(value);
      }
    };
    set('title', patch.title);
    set('description', patch.description);
    set('status', patch.status);
    set('severity', patch.severity);
    set('owner_ref', patch.ownerRef);
    set('impact', patch.impact && JSON.stringify(patch.impact));
    set('links', patch.links && JSON.stringify(patch.links));
    set('merged_into_id', patch.mergedIntoId);
    setDate('started_at', patch.startedAt);
    setDate('detected_at', patch.detectedAt);
    setDate('acknowledged_at', patch.acknowledgedAt);
    setDate('mitigated_at', patch.mitigatedAt);
    setDate('resolved_at', patch.resolvedAt);

    return this.inTransaction(async tx => {
      // The version check and the bump are one statement, so of two writers holding
      // the same version only the first to get the row lock changes anything.
      const changed = await tx
        .db('incidents')
        .where({ id, version: expectedVersion })
        .update({
          ...fields,
          version: expectedVersion + 1,
          updated_at: toDb(this.clock()),
        });
      if (changed === 0) {
        return undefined;
      }

      if (patch.affectedEntityRefs) {
        const { entity_ref: primary } = await tx
          .db('incidents')
          .where({ id })
          .first('entity_ref');
        await tx
          .db('incident_entities')
          .where({ incident_id: id, is_primary: false })
          .delete();
        const refs = affectedRefs(primary, patch.affectedEntityRefs);
        if (refs.length) {
          await tx.db('incident_entities').insert(
            refs.map(ref => ({
              incident_id: id,
              entity_ref: ref,
              is_primary: false,
            })),
          );
        }
      }
      return tx.getIncident(id);
    });
  }

  async assignRole(
    incidentId: number,
    role: string,
    userRef: string,
    assignedBy: string,
  ): Promise<void> {
    await this.db('incident_roles')
      .insert({
        incident_id: incidentId,
        role,
        user_ref: userRef,
        assigned_at: toDb(this.clock()),
        assigned_by: assignedBy,
      })
      .onConflict(['incident_id', 'role', 'user_ref'])
      .ignore();
  }

  async unassignRole(
    incidentId: number,
    role: string,
    userRef: string,
  ): Promise<boolean> {
    const deleted = await this.db('incident_roles')
      .where({ incident_id: incidentId, role, user_ref: userRef })
      .delete();
    return deleted > 0;
  }

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
  }): Promise<StatusUpdate> {
    const [row] = await this.db('incident_status_updates')
      .insert({
        incident_id: update.incidentId,
        status: update.status,
        message: update.message,
        posted_by: update.postedBy,
        posted_at: toDb(update.postedAt ?? this.clock()),
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

  /** Incidents without any status update are absent from the map. */
  async getLastStatusUpdateTimes(
    incidentIds: number[],
  ): Promise<Map<number, Date>> {
    const result = new Map<number, Date>();
    for (const part of chunk([...new Set(incidentIds)])) {
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
    for (const part of chunk([...new Set(incidentIds)])) {
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

  private applyFilter(query: Knex.QueryBuilder, filter: IncidentFilter) {
    // An empty list matches nothing (knex renders `1 = 0`), which is what a permission
    // condition with no allowed ids needs.
    if (filter.ids) {
      query.whereIn('incidents.id', filter.ids);
    }
    if (filter.statuses) {
      query.whereIn('incidents.status', filter.statuses);
    }
    if (filter.severities) {
      query.whereIn('incidents.severity', filter.severities);
    }
    if (filter.ownerRefs) {
      query.whereIn('incidents.owner_ref', filter.ownerRefs);
    }
    if (filter.entityRefs) {
      query.whereIn(
        'incidents.id',
        this.db('incident_entities')
          .select('incident_id')
          .whereIn('entity_ref', filter.entityRefs),
      );
    }
    if (filter.participantRefs) {
      const refs = filter.participantRefs;
      // A subquery rather than a join keeps one row per incident for the keyset order
      // and for COUNT, on both engines.
      query.where(q =>
        q
          .whereIn(
            'incidents.id',
            this.db('incident_roles')
              .select('incident_id')
              .whereIn('user_ref', refs),
          )
          .orWhereIn('incidents.created_by', refs),
      );
    }
    if (filter.from) {
      query.where('incidents.detected_at', '>=', toDb(filter.from));
    }
    if (filter.to) {
      query.where('incidents.detected_at', '<', toDb(filter.to));
    }
    const text = filter.text?.trim();
    if (text) {
      // LIKE is case-sensitive on PostgreSQL and ASCII-case-insensitive on SQLite;
      // lowering both sides gives the same answer on both.
      const pattern = `%${escapeLike(text.toLowerCase())}%`;
      query.where(q =>
        q
          .whereRaw('LOWER(incidents.title) LIKE ? ESCAPE ?', [pattern, '\\'])
          .orWhereRaw('LOWER(incidents.description) LIKE ? ESCAPE ?', [
            pattern,
            '\\',
          ])
          .orWhereRaw(
            "('inc-' || CAST(incidents.id AS VARCHAR(20))) LIKE ? ESCAPE ?",
            [pattern, '\\'],
          ),
      );
    }
  }

  /** Turns rows into incidents, loading roles and affected entities per batch. */
  private async hydrate(rows: IncidentRow[]): Promise<Incident[]> {
    const roles = new Map<number, IncidentRoleAssignment[]>();
    const affected = new Map<number, string[]>();
    for (const part of chunk(rows.map(r => r.id))) {
      const roleRows: RoleRow[] = await this.db('incident_roles')
        .whereIn('incident_id', part)
        .orderBy(['assigned_at', 'role', 'user_ref']);
      for (const r of roleRows) {
        const list = roles.get(r.incident_id) ?? [];
        list.push({
          role: r.role,
          userRef: r.user_ref,
          assignedAt: fromDb(r.assigned_at),
          assignedBy: r.assigned_by,
        });
        roles.set(r.incident_id, list);
      }
      const entityRows: EntityRow[] = await this.db('incident_entities')
        .whereIn('incident_id', part)
        .andWhere('is_primary', false)
        .orderBy('entity_ref');
      for (const e of entityRows) {
        const list = affected.get(e.incident_id) ?? [];
        list.push(e.entity_ref);
        affected.set(e.incident_id, list);
      }
    }

    return rows.map(row => ({
      id: row.id,
      ref: `INC-${row.id}`,
      title: row.title,
      description: row.description,
      status: row.status,
      severity: row.severity,
      entityRef: row.entity_ref,
      affectedEntityRefs: affected.get(row.id) ?? [],
      ...(row.owner_ref !== null && { ownerRef: row.owner_ref }),
      source: row.source,
      impact: JSON.parse(row.impact) as IncidentImpact,
      roles: roles.get(row.id) ?? [],
      links: JSON.parse(row.links) as IncidentLink[],
      createdBy: row.created_by,
      ...optionalTimestamp('startedAt', row.started_at),
      detectedAt: fromDb(row.detected_at),
      ...optionalTimestamp('acknowledgedAt', row.acknowledged_at),
      ...optionalTimestamp('mitigatedAt', row.mitigated_at),
      ...optionalTimestamp('resolvedAt', row.resolved_at),
      ...(row.merged_into_id !== null && { mergedIntoId: row.merged_into_id }),
      createdAt: fromDb(row.created_at),
      updatedAt: fromDb(row.updated_at),
      version: row.version,
    }));
  }
}

function optionalTimestamp<K extends string>(
  key: K,
  value: DbTimestamp | null,
): Partial<Record<K, string>> {
  const iso = fromDbOptional(value);
  return iso === undefined ? {} : ({ [key]: iso } as Record<K, string>);
}
