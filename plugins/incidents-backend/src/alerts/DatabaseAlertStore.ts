import { InputError } from '@backstage/errors';
import { Alert, Page } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import {
  AlertFilter,
  AlertStore,
  FiredAlertStats,
  NewAlert,
} from './AlertStore';
import {
  DbTimestamp,
  whereAfterCursor,
  encodeCursor,
  fromDb,
  fromDbOptional,
  toDb,
} from '../database/dbUtils';

type AlertRow = {
  id: number;
  source: string;
  dedup_key: string;
  route_key: string;
  entity_ref: string | null;
  name: string;
  summary: string | null;
  source_severity: string | null;
  severity: string | null;
  status: Alert['status'];
  labels: string;
  annotations: string;
  source_url: string | null;
  runbook_url: string | null;
  runbook_from: Alert['runbookFrom'] | null;
  count: number | string;
  first_seen_at: DbTimestamp;
  last_seen_at: DbTimestamp;
  acknowledged_at: DbTimestamp | null;
  resolved_at: DbTimestamp | null;
  incident_id: number | null;
  maintenance_window_id: number | null;
};

function toAlert(row: AlertRow): Alert {
  return {
    id: Number(row.id),
    source: row.source,
    dedupKey: row.dedup_key,
    entityRef: row.entity_ref ?? undefined,
    name: row.name,
    summary: row.summary ?? undefined,
    sourceSeverity: row.source_severity ?? undefined,
    severity: row.severity ?? undefined,
    status: row.status,
    labels: JSON.parse(row.labels),
    annotations: JSON.parse(row.annotations),
    sourceUrl: row.source_url ?? undefined,
    runbookUrl: row.runbook_url ?? undefined,
    runbookFrom: row.runbook_from ?? undefined,
    count: Number(row.count),
    firstSeenAt: fromDb(row.first_seen_at),
    lastSeenAt: fromDb(row.last_seen_at),
    acknowledgedAt: fromDbOptional(row.acknowledged_at),
    resolvedAt: fromDbOptional(row.resolved_at),
    incidentId: row.incident_id === null ? undefined : Number(row.incident_id),
    ...(row.maintenance_window_id !== null &&
      row.maintenance_window_id !== undefined && {
        maintenanceWindowId: Number(row.maintenance_window_id),
      }),
  };
}

/** {@link AlertStore} on the plugin's Knex database (PostgreSQL or SQLite). */
export class DatabaseAlertStore implements AlertStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(db: Knex): DatabaseAlertStore {
    return new DatabaseAlertStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async upsertFiring(
    alert: NewAlert,
    now: Date,
  ): Promise<{ alert: Alert; created: boolean }> {
    const at = toDb(now);
    // One statement on both engines: the conflict target names the partial unique index
    // over open alerts, so concurrent identical alerts become one row and count repeats.
    // A repeat keeps its maintenance mark; one that never got an incident takes the new
    // mark, so what holds it back is always shown.
    const result = await this.db.raw(
      `INSERT INTO alerts (source, dedup_key, route_key, entity_ref, name, summary,
         source_severity, severity, status, labels, annotations, source_url, runbook_url,
         runbook_from, count, first_seen_at, last_seen_at, maintenance_window_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (route_key, dedup_key) WHERE resolved_at IS NULL
       DO UPDATE SET count = alerts.count + 1, last_seen_at = excluded.last_seen_at,
         summary = excluded.summary, labels = excluded.labels,
         annotations = excluded.annotations,
         maintenance_window_id = COALESCE(alerts.maintenance_window_id,
           CASE WHEN alerts.incident_id IS NULL THEN excluded.maintenance_window_id END)
       RETURNING *`,
      [
        alert.source,
        alert.dedupKey,
        alert.entityRef ?? '',
        alert.entityRef ?? null,
        alert.name,
        alert.summary ?? null,
        alert.sourceSeverity ?? null,
        alert.severity ?? null,
        JSON.stringify(alert.labels),
        JSON.stringify(alert.annotations),
        alert.sourceUrl ?? null,
        alert.runbookUrl ?? null,
        alert.runbookFrom ?? null,
        at,
        at,
        alert.maintenanceWindowId ?? null,
      ],
    );
    // pg answers { rows }, better-sqlite3 an array of rows
    const rows: AlertRow[] = Array.isArray(result) ? result : result.rows;
    const stored = toAlert(rows[0]);
    return { alert: stored, created: stored.count === 1 };
  }

  async getAlert(alertId: number): Promise<Alert | undefined> {
    const row = await this.db<AlertRow>('alerts')
      .where({ id: alertId })
      .first();
    return row ? toAlert(row) : undefined;
  }

  async acknowledge(
    source: string,
    dedupKey: string,
    now: Date,
  ): Promise<Alert[]> {
    return this.db.transaction(async tx => {
      const open = tx('alerts')
        .where({ source, dedup_key: dedupKey })
        .whereNull('resolved_at');
      await open
        .clone()
        .update({ status: 'acknowledged', acknowledged_at: toDb(now) });
      return (await open.clone().select<AlertRow[]>('*')).map(toAlert);
    });
  }

  async resolve(source: string, dedupKey: string, now: Date): Promise<Alert[]> {
    return this.db.transaction(async tx => {
      const rows = await tx('alerts')
        .where({ source, dedup_key: dedupKey })
        .whereNull('resolved_at')
        .select<AlertRow[]>('*');
      if (!rows.length) return [];
      const at = toDb(now);
      await tx('alerts')
        .whereIn(
          'id',
          rows.map(r => r.id),
        )
        .whereNull('resolved_at')
        .update({ status: 'resolved', resolved_at: at });
      return rows.map(row =>
        toAlert({ ...row, status: 'resolved', resolved_at: at }),
      );
    });
  }

  async countOpenAlerts(incidentId: number): Promise<number> {
    const [{ count }] = await this.db('alerts')
      .where({ incident_id: incidentId })
      .whereNull('resolved_at')
      .count({ count: '*' });
    return Number(count);
  }

  async listAlerts(
    filter: AlertFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<Alert>> {
    if (!Number.isInteger(page.limit) || page.limit < 1) {
      throw new InputError('limit must be a positive integer');
    }
    const query = this.db<AlertRow>('alerts');
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    if (filter.incidentId !== undefined)
      query.where('incident_id', filter.incidentId);
    if (filter.unrouted) query.where('route_key', '');
    if (filter.open) query.whereNull('resolved_at');
    if (filter.incidentOwnerRefs) {
      query.whereIn(
        'incident_id',
        this.db('incidents')
          .select('id')
          .whereIn('owner_ref', filter.incidentOwnerRefs),
      );
    }
    if (page.cursor) {
      whereAfterCursor(query, { time: 'last_seen_at', id: 'id' }, page.cursor);
    }
    const rows = await query
      .orderBy([
        { column: 'last_seen_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit + 1)
      .select('*');
    const items = rows.slice(0, page.limit).map(toAlert);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > page.limit && last
          ? encodeCursor({ d: last.lastSeenAt, i: last.id })
          : undefined,
    };
  }

  async firedStats(entityRef: string, since: Date): Promise<FiredAlertStats[]> {
    const inWindow = () =>
      this.db('alerts')
        .where('entity_ref', entityRef)
        .where('last_seen_at', '>=', toDb(since));
    const [totals, latest] = await Promise.all([
      inWindow()
        .groupBy('name')
        .select('name')
        .sum({ count: 'count' })
        .max({ last: 'last_seen_at' })
        .select(
          this.db.raw(
            'SUM(CASE WHEN resolved_at IS NULL THEN 1 ELSE 0 END) AS open_count',
          ),
        ),
      // What the latest firing said: an aggregate like MAX would pick any row's text.
      this.db
        .from(
          inWindow()
            .select(
              'name',
              'summary',
              'source_url',
              'runbook_url',
              'runbook_from',
              this.db.raw(
                'ROW_NUMBER() OVER (PARTITION BY name ORDER BY last_seen_at DESC, id DESC) AS newest',
              ),
            )
            .as('ranked'),
        )
        .where('newest', 1)
        .select('name', 'summary', 'source_url', 'runbook_url', 'runbook_from'),
    ]);
    const latestByName = new Map<string, any>(
      latest.map((row: any) => [row.name, row]),
    );
    return totals
      .map((row: any) => {
        const last = latestByName.get(row.name);
        return {
          name: row.name,
          count: Number(row.count),
          lastFiredAt: fromDb(row.last),
          openNow: Number(row.open_count) > 0,
          summary: last?.summary ?? undefined,
          sourceUrl: last?.source_url ?? undefined,
          runbookUrl: last?.runbook_url ?? undefined,
          runbookFrom: last?.runbook_from ?? undefined,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
