import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  Incident,
  IncidentRoleAssignment,
  Page,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import {
  whereAfterCursor,
  encodeCursor,
  decodeSeverityCursor,
  encodeSeverityCursor,
  inListChunks,
  insertedId,
  toDb,
} from '../database/dbUtils';
import { migrateDatabase } from '../database/migrateDatabase';
import { StoreTransaction } from '../database/transaction';
import { DatabasePagingClaims } from './DatabasePagingClaims';
import { DatabaseTimelineStore } from './DatabaseTimelineStore';
import { applyIncidentFilter } from './incidentFilter';
import {
  affectedRefs,
  EntityRow,
  IncidentRow,
  RoleRow,
  toIncident,
  toRoleAssignment,
} from './incidentRows';
import {
  IncidentFilter,
  IncidentPatch,
  IncidentStore,
  NewIncident,
  PageRequest,
  PagingClaimStore,
  TimelineStore,
} from './IncidentStore';

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

  private readonly timeline: TimelineStore;
  private readonly claims: PagingClaimStore;

  private constructor(
    private readonly db: Knex | Knex.Transaction,
    // Row timestamps the store stamps itself come from the services' clock.
    private readonly clock: () => Date,
  ) {
    this.timeline = new DatabaseTimelineStore(db, clock);
    this.claims = new DatabasePagingClaims(db);
  }

  // Timeline entries and paging claims have their own stores (one concern each); they
  // share this store's connection or transaction so they commit with the incident.
  addTimelineEvent: TimelineStore['addTimelineEvent'] = e =>
    this.timeline.addTimelineEvent(e);
  listTimeline: TimelineStore['listTimeline'] = id =>
    this.timeline.listTimeline(id);
  setTimelineEventPinned: TimelineStore['setTimelineEventPinned'] = (...a) =>
    this.timeline.setTimelineEventPinned(...a);
  addStatusUpdate: TimelineStore['addStatusUpdate'] = u =>
    this.timeline.addStatusUpdate(u);
  listStatusUpdates: TimelineStore['listStatusUpdates'] = id =>
    this.timeline.listStatusUpdates(id);
  listPublicStatusUpdates: TimelineStore['listPublicStatusUpdates'] = ids =>
    this.timeline.listPublicStatusUpdates(ids);
  getLastStatusUpdateTimes: TimelineStore['getLastStatusUpdateTimes'] = ids =>
    this.timeline.getLastStatusUpdateTimes(ids);
  claimEscalation: PagingClaimStore['claimEscalation'] = (...a) =>
    this.claims.claimEscalation(...a);
  getEscalationLevels: PagingClaimStore['getEscalationLevels'] = ids =>
    this.claims.getEscalationLevels(ids);
  claimReminder: PagingClaimStore['claimReminder'] = (...a) =>
    this.claims.claimReminder(...a);

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
    for (const part of inListChunks(unique)) {
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
    if (page.severityOrder) {
      return this.listBySeverity(filter, page, page.severityOrder);
    }
    const query = this.db('incidents').select('incidents.*');
    applyIncidentFilter(this.db, query, filter);
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

  /**
   * Most severe first, then oldest, then id: the order a responder triages in. The rank
   * is a CASE over the policy's ids (unlisted ones rank last), so the same SQL runs on
   * both engines; the cursor carries the rank with the time and id.
   */
  private async listBySeverity(
    filter: IncidentFilter,
    page: PageRequest,
    severityOrder: string[],
  ): Promise<Page<Incident>> {
    const { limit } = page;
    const ids = [...new Set(severityOrder)];
    // Ranks are literals (our own integers): bound, PostgreSQL would type them as text.
    const rankSql = ids.length
      ? `(CASE incidents.severity ${ids
          .map((_id, n) => `WHEN ? THEN ${n}`)
          .join(' ')} ELSE ${ids.length} END)`
      : '(0)';
    const rankBindings = ids;
    const rank = () => this.db.raw(rankSql, rankBindings);

    const query = this.db('incidents').select(
      'incidents.*',
      this.db.raw(`${rankSql} AS severity_rank`, rankBindings),
    );
    applyIncidentFilter(this.db, query, filter);
    if (page.cursor !== undefined) {
      const { r, d, i } = decodeSeverityCursor(page.cursor);
      query.where(q =>
        q
          .where(rank(), '>', r)
          .orWhere(q2 =>
            q2
              .where(rank(), '=', r)
              .andWhere(q3 =>
                q3
                  .where('incidents.detected_at', '>', d)
                  .orWhere(q4 =>
                    q4
                      .where('incidents.detected_at', '=', d)
                      .andWhere('incidents.id', '>', i),
                  ),
              ),
          ),
      );
    }
    const rows: Array<IncidentRow & { severity_rank: number | string }> =
      await query
        .orderByRaw(
          `severity_rank ASC, incidents.detected_at ASC, incidents.id ASC`,
        )
        .limit(limit + 1);

    const items = await this.hydrate(rows.slice(0, limit));
    if (rows.length <= limit) {
      return { items };
    }
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: encodeSeverityCursor({
        // PostgreSQL may answer the CASE as a string.
        r: Number(rows[limit - 1].severity_rank),
        d: last.detectedAt,
        i: last.id,
      }),
    };
  }

  async countIncidents(filter: IncidentFilter = {}): Promise<number> {
    const query = this.db('incidents');
    applyIncidentFilter(this.db, query, filter);
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

  /** Turns rows into incidents, loading roles and affected entities per batch. */
  private async hydrate(rows: IncidentRow[]): Promise<Incident[]> {
    const roles = new Map<number, IncidentRoleAssignment[]>();
    const affected = new Map<number, string[]>();
    for (const part of inListChunks(rows.map(r => r.id))) {
      const roleRows: RoleRow[] = await this.db('incident_roles')
        .whereIn('incident_id', part)
        .orderBy(['assigned_at', 'role', 'user_ref']);
      for (const r of roleRows) {
        const list = roles.get(r.incident_id) ?? [];
        list.push(toRoleAssignment(r));
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
    return rows.map(row =>
      toIncident(row, roles.get(row.id) ?? [], affected.get(row.id) ?? []),
    );
  }
}
