// Runtime imports are limited to what Node can load with type stripping alone (no
// relative modules, no parameter properties), so the metrics benchmark can import
// this file directly.
import type {
  ActionItemMetrics,
  ActionItemStatus,
  AlertNoise,
  DurationStats,
  MetricsBucket,
  PostmortemCompletion,
  ResponseTimesBucket,
  RunbookCoverage,
  SeverityBreaches,
  SeverityCount,
} from '@firebreak/plugin-incidents-common';
import type { Knex } from 'knex';
import type {
  MetricsScope,
  MetricsStore,
  ResponseTimeGroup,
  StandingScope,
  ResponseTimeGrouping,
  SeverityTargets,
} from './MetricsStore';

const GROUP_COLUMNS: Record<ResponseTimeGrouping, string | undefined> = {
  all: undefined,
  severity: 'incidents.severity',
  entity: 'incidents.entity_ref',
  // An expression, not the column: grouping by owner_ref directly lets SQLite walk the
  // (owner_ref, status) index over every incident instead of the detection range
  // (15 s instead of 7.5 s for a year of a million incidents). No owner becomes ''
  // here and no key in the answer.
  owner: "COALESCE(incidents.owner_ref, '')",
};

/** Incidents that did not happen as such: rejected as non-impacting, or duplicates. */
const EXCLUDED_STATUSES = ['declined', 'merged'];

const NOISIEST_LIMIT = 10;
const MISSING_RUNBOOK_LIMIT = 20;

/** pg returns COUNT/SUM as bigint strings and EXTRACT as numeric strings. */
type DbNumber = number | string | null;

function toNumber(value: DbNumber): number {
  return value === null ? 0 : Number(value);
}

/** Seconds rounded to milliseconds: julianday arithmetic carries float noise. */
function toSeconds(value: DbNumber): number | undefined {
  return value === null ? undefined : Math.round(Number(value) * 1000) / 1000;
}

function ratio(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : Math.round((part / whole) * 10000) / 10000;
}

/**
 * {@link MetricsStore} in SQL on PostgreSQL and SQLite. Only the duration, bucket and
 * cast expressions differ between the engines; the statements are shared.
 */
export class DatabaseMetricsStore implements MetricsStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(db: Knex): DatabaseMetricsStore {
    return new DatabaseMetricsStore(db);
  }

  private readonly db: Knex;
  private readonly postgres: boolean;

  private constructor(db: Knex) {
    this.db = db;
    this.postgres = /^(pg|postgres)/.test(String(db.client.config.client));
  }

  async responseTimes(
    scope: MetricsScope,
    grouping: ResponseTimeGrouping,
    limit: number,
  ): Promise<ResponseTimeGroup[]> {
    const column = GROUP_COLUMNS[grouping];
    const key = column ?? 'NULL';
    const ack = this.seconds(
      'incidents.acknowledged_at',
      'incidents.detected_at',
    );
    const res = this.seconds('incidents.resolved_at', 'incidents.detected_at');

    const query = this.scoped(scope).select(
      this.db.raw(`${key} AS group_key`),
      this.db.raw('COUNT(*) AS incident_count'),
      this.db.raw('COUNT(incidents.acknowledged_at) AS acknowledged'),
      this.db.raw(`AVG(${ack}) AS mtta`),
      this.db.raw('COUNT(incidents.resolved_at) AS resolved'),
      this.db.raw(`AVG(${res}) AS mttr`),
    );
    if (column) {
      query
        .groupByRaw(column)
        .orderBy([
          { column: 'incident_count', order: 'desc' },
          { column: 'group_key', order: 'asc' },
        ])
        .limit(limit);
    }
    const rows: Array<{
      group_key: string | null;
      incident_count: DbNumber;
      acknowledged: DbNumber;
      mtta: DbNumber;
      resolved: DbNumber;
      mttr: DbNumber;
    }> = await query;

    const groups = rows.filter(row => toNumber(row.incident_count) > 0);
    // Only a truncated list needs its groups named: an IN list over owners would also
    // tempt the planner into the owner index, away from the detection range.
    const truncated = column !== undefined && rows.length >= limit;
    const [ackPercentiles, resPercentiles] = await Promise.all([
      this.percentiles(
        scope,
        column,
        truncated,
        'incidents.acknowledged_at',
        groups.map(g => ({
          key: g.group_key,
          count: toNumber(g.acknowledged),
        })),
      ),
      this.percentiles(
        scope,
        column,
        truncated,
        'incidents.resolved_at',
        groups.map(g => ({ key: g.group_key, count: toNumber(g.resolved) })),
      ),
    ]);
    const stats = (
      percentiles: Map<string | null, { p50?: number; p90?: number }>,
      groupKey: string | null,
      count: DbNumber,
      mean: DbNumber,
    ): DurationStats => {
      const p = percentiles.get(groupKey);
      return {
        count: toNumber(count),
        ...(mean !== null && { meanSeconds: toSeconds(mean) }),
        ...(p?.p50 !== undefined && { p50Seconds: p.p50 }),
        ...(p?.p90 !== undefined && { p90Seconds: p.p90 }),
      };
    };
    return groups.map(row => ({
      ...(row.group_key !== null &&
        row.group_key !== '' && { key: row.group_key }),
      incidents: toNumber(row.incident_count),
      mtta: stats(ackPercentiles, row.group_key, row.acknowledged, row.mtta),
      mttr: stats(resPercentiles, row.group_key, row.resolved, row.mttr),
    }));
  }

  async timeToDetect(scope: MetricsScope): Promise<DurationStats> {
    const detect = this.seconds(
      'incidents.detected_at',
      'incidents.started_at',
    );
    const [row]: Array<{ detected: DbNumber; mttd: DbNumber }> =
      await this.scoped(scope).select(
        this.db.raw('COUNT(incidents.started_at) AS detected'),
        this.db.raw(`AVG(${detect}) AS mttd`),
      );
    const count = toNumber(row?.detected ?? null);
    const percentiles = (
      await this.percentiles(
        scope,
        undefined,
        false,
        'incidents.detected_at',
        [{ key: null, count }],
        'incidents.started_at',
      )
    ).get(null);
    return {
      count,
      ...(row && row.mttd !== null && { meanSeconds: toSeconds(row.mttd) }),
      ...(percentiles?.p50 !== undefined && { p50Seconds: percentiles.p50 }),
      ...(percentiles?.p90 !== undefined && { p90Seconds: percentiles.p90 }),
    };
  }

  /**
   * p50 and p90 of one duration for the given groups, by numbering each group's
   * durations in order with ROW_NUMBER (both engines have it; SQLite has no
   * percentile_cont) and keeping the rows at the nearest ranks, which the caller knows
   * from the group counts. Without a COUNT window, neither engine buffers partitions.
   */
  private async percentiles(
    scope: MetricsScope,
    column: string | undefined,
    onlyGroups: boolean,
    end: string,
    groups: Array<{ key: string | null; count: number }>,
    start = 'incidents.detected_at',
  ): Promise<Map<string | null, { p50?: number; p90?: number }>> {
    const result = new Map<string | null, { p50?: number; p90?: number }>();
    const ranked = groups.filter(g => g.count > 0);
    if (!ranked.length) {
      return result;
    }
    const rank = (percent: number, count: number) =>
      Math.ceil((count * percent) / 100);

    const durations = this.scoped(scope)
      .whereNotNull(end)
      .whereNotNull(start)
      .select(
        this.db.raw(`${column ?? 'NULL'} AS group_key`),
        this.db.raw(`${this.seconds(end, start)} AS seconds`),
      );
    if (column && onlyGroups) {
      const keys = ranked.flatMap(g => (g.key === null ? [] : [g.key]));
      durations.whereRaw(
        `${column} IN (${keys.map(() => '?').join(', ')})`,
        keys,
      );
    }
    // Partitions only need equality, so PostgreSQL may compare bytes rather than sort
    // under the text collation (about 15% faster per query at a million incidents).
    let partition = '';
    if (column) {
      partition = this.postgres
        ? 'PARTITION BY durations.group_key COLLATE "C"'
        : 'PARTITION BY durations.group_key';
    }
    const numbered = this.db
      .from(durations.as('durations'))
      .select(
        'durations.group_key',
        'durations.seconds',
        this.db.raw(
          `ROW_NUMBER() OVER (${partition} ORDER BY durations.seconds) AS position`,
        ),
      );
    const rows: Array<{
      group_key: string | null;
      seconds: DbNumber;
      position: DbNumber;
    }> = await this.db
      .from(numbered.as('numbered'))
      .select('*')
      .where(q => {
        for (const group of ranked) {
          q.orWhere(inner => {
            if (column) {
              if (group.key === null) inner.whereNull('numbered.group_key');
              else inner.where('numbered.group_key', group.key);
            }
            inner.whereIn('numbered.position', [
              rank(50, group.count),
              rank(90, group.count),
            ]);
          });
        }
      });

    const counts = new Map(ranked.map(g => [g.key, g.count]));
    for (const row of rows) {
      const key = column ? row.group_key : null;
      const count = counts.get(key) ?? 0;
      const entry = result.get(key) ?? {};
      const position = toNumber(row.position);
      // With few rows both ranks can be the same row.
      if (position === rank(50, count)) entry.p50 = toSeconds(row.seconds);
      if (position === rank(90, count)) entry.p90 = toSeconds(row.seconds);
      result.set(key, entry);
    }
    return result;
  }

  async countsOverTime(
    scope: MetricsScope,
    bucket: MetricsBucket,
  ): Promise<SeverityCount[]> {
    const start = this.bucketStart('incidents.detected_at', bucket);
    const rows: Array<{
      bucket_start: string;
      severity: string;
      count: DbNumber;
    }> = await this.scoped(scope)
      .select(
        this.db.raw(`${start} AS bucket_start`),
        'incidents.severity',
        this.db.raw('COUNT(*) AS count'),
      )
      .groupByRaw(`${start}, incidents.severity`)
      .orderByRaw(`${start}, incidents.severity`);
    return rows.map(row => ({
      bucketStart: row.bucket_start,
      severity: row.severity,
      count: toNumber(row.count),
    }));
  }

  async responseTimesOverTime(
    scope: MetricsScope,
    bucket: MetricsBucket,
  ): Promise<ResponseTimesBucket[]> {
    const start = this.bucketStart('incidents.detected_at', bucket);
    // Means only, rounded once at the end: per-row rounding costs a third of the query.
    const ack = this.seconds(
      'incidents.acknowledged_at',
      'incidents.detected_at',
      false,
    );
    const res = this.seconds(
      'incidents.resolved_at',
      'incidents.detected_at',
      false,
    );
    const rows: Array<{
      bucket_start: string;
      incidents: DbNumber;
      mtta: DbNumber;
      mttr: DbNumber;
    }> = await this.scoped(scope)
      .select(
        this.db.raw(`${start} AS bucket_start`),
        this.db.raw('COUNT(*) AS incidents'),
        this.db.raw(`AVG(${ack}) AS mtta`),
        this.db.raw(`AVG(${res}) AS mttr`),
      )
      .groupByRaw(start)
      .orderByRaw(start);
    return rows.map(row => ({
      bucketStart: row.bucket_start,
      incidents: toNumber(row.incidents),
      ...(row.mtta !== null && { mttaMeanSeconds: toSeconds(row.mtta) }),
      ...(row.mttr !== null && { mttrMeanSeconds: toSeconds(row.mttr) }),
    }));
  }

  async breaches(
    scope: MetricsScope,
    targets: SeverityTargets,
    now: Date,
  ): Promise<SeverityBreaches[]> {
    const ackTarget = this.targetCase(targets, 'acknowledgeSeconds');
    const resTarget = this.targetCase(targets, 'resolveSeconds');
    const nowValue = this.instant();
    // Unacknowledged incidents count until resolution, or until now while open.
    const ackElapsed = this.seconds(
      `COALESCE(incidents.acknowledged_at, incidents.resolved_at, ${nowValue})`,
      'incidents.detected_at',
    );
    const resElapsed = this.seconds(
      `COALESCE(incidents.resolved_at, ${nowValue})`,
      'incidents.detected_at',
    );
    const at = now.toISOString();
    const rows: Array<{
      severity: string;
      incidents: DbNumber;
      acknowledge_breaches: DbNumber;
      resolve_breaches: DbNumber;
    }> = await this.scoped(scope)
      .select(
        'incidents.severity',
        this.db.raw('COUNT(*) AS incidents'),
        this.db.raw(
          `SUM(CASE WHEN ${ackElapsed} > ${ackTarget.sql} THEN 1 ELSE 0 END) AS acknowledge_breaches`,
          [at, ...ackTarget.bindings],
        ),
        this.db.raw(
          `SUM(CASE WHEN ${resElapsed} > ${resTarget.sql} THEN 1 ELSE 0 END) AS resolve_breaches`,
          [at, ...resTarget.bindings],
        ),
      )
      .groupBy('incidents.severity')
      .orderBy('incidents.severity');

    const bySeverity = new Map(targets.map(t => [t.severity, t]));
    return rows.map(row => {
      const target = bySeverity.get(row.severity);
      return {
        severity: row.severity,
        incidents: toNumber(row.incidents),
        ...(target?.acknowledgeSeconds !== undefined && {
          acknowledgeTargetSeconds: target.acknowledgeSeconds,
        }),
        acknowledgeBreaches: toNumber(row.acknowledge_breaches),
        ...(target?.resolveSeconds !== undefined && {
          resolveTargetSeconds: target.resolveSeconds,
        }),
        resolveBreaches: toNumber(row.resolve_breaches),
      };
    });
  }

  async alertNoise(scope: MetricsScope): Promise<AlertNoise> {
    const [totals]: Array<{
      alerts: DbNumber;
      occurrences: DbNumber;
      incidents: DbNumber;
    }> = await this.scopedAlerts(scope).select(
      this.db.raw('COUNT(*) AS alerts'),
      this.db.raw('SUM(alerts.count) AS occurrences'),
      this.db.raw('COUNT(DISTINCT alerts.incident_id) AS incidents'),
    );
    const noisiest: Array<{
      name: string;
      alerts: DbNumber;
      occurrences: DbNumber;
    }> = await this.scopedAlerts(scope)
      .select(
        'alerts.name',
        this.db.raw('COUNT(*) AS alerts'),
        this.db.raw('SUM(alerts.count) AS occurrences'),
      )
      .groupBy('alerts.name')
      .orderBy([
        { column: 'occurrences', order: 'desc' },
        { column: 'alerts.name', order: 'asc' },
      ])
      .limit(NOISIEST_LIMIT);

    const alerts = toNumber(totals.alerts);
    const incidentsWithAlerts = toNumber(totals.incidents);
    const perIncident = ratio(alerts, incidentsWithAlerts);
    return {
      alerts,
      occurrences: toNumber(totals.occurrences),
      incidentsWithAlerts,
      ...(perIncident !== undefined && { alertsPerIncident: perIncident }),
      noisiest: noisiest.map(row => ({
        name: row.name,
        alerts: toNumber(row.alerts),
        occurrences: toNumber(row.occurrences),
      })),
    };
  }

  async runbookCoverage(scope: MetricsScope): Promise<RunbookCoverage> {
    // A runbook is per entity (its alert table), so coverage counts (entity, name) pairs.
    // The entity's catch-all runbook (`runbook_from = 'entity'`) is told apart from an
    // alert's own; rows from before `runbook_from` was recorded count as their own.
    const pairs = () =>
      this.scopedAlerts(scope)
        .select(
          this.db.raw("COALESCE(alerts.entity_ref, '') AS entity_ref"),
          'alerts.name',
          this.db.raw(
            'MAX(CASE WHEN alerts.runbook_url IS NOT NULL THEN 1 ELSE 0 END) AS has_runbook',
          ),
          this.db.raw(
            `MAX(CASE WHEN alerts.runbook_url IS NOT NULL
              AND (alerts.runbook_from IS NULL OR alerts.runbook_from <> 'entity')
              THEN 1 ELSE 0 END) AS has_own`,
          ),
          this.db.raw('SUM(alerts.count) AS occurrences'),
          this.db.raw('MAX(alerts.runbook_url) AS runbook_url'),
        )
        .groupBy('alerts.entity_ref', 'alerts.name');

    const [totals]: Array<{
      fired: DbNumber;
      covered: DbNumber;
      own: DbNumber;
    }> = await this.db
      .from(pairs().as('pairs'))
      .select(
        this.db.raw('COUNT(*) AS fired'),
        this.db.raw('SUM(pairs.has_runbook) AS covered'),
        this.db.raw('SUM(pairs.has_own) AS own'),
      );
    const missing: Array<{
      entity_ref: string;
      name: string;
      occurrences: DbNumber;
      has_runbook: DbNumber;
    }> = await this.db
      .from(pairs().as('pairs'))
      .select(
        'pairs.entity_ref',
        'pairs.name',
        'pairs.occurrences',
        'pairs.has_runbook',
      )
      .where('pairs.has_own', 0)
      .orderBy([
        { column: 'pairs.occurrences', order: 'desc' },
        { column: 'pairs.entity_ref', order: 'asc' },
        { column: 'pairs.name', order: 'asc' },
      ])
      .limit(MISSING_RUNBOOK_LIMIT);

    // What the scheduled link check last found at the runbooks these alerts pointed to.
    // One query: the first rows and, on each, how many there are in all.
    const dead: Array<{
      entity_ref: string;
      name: string;
      runbook_url: string;
      problem: string | null;
      checked_at: Date | string;
      total: DbNumber;
    }> = await this.db
      .from(pairs().as('pairs'))
      .join(
        'runbook_link_checks',
        'runbook_link_checks.url',
        'pairs.runbook_url',
      )
      .where('runbook_link_checks.state', 'dead')
      .select(
        'pairs.entity_ref',
        'pairs.name',
        'pairs.runbook_url',
        'runbook_link_checks.problem',
        'runbook_link_checks.checked_at',
        this.db.raw('COUNT(*) OVER () AS total'),
      )
      .orderBy([
        { column: 'pairs.occurrences', order: 'desc' },
        { column: 'pairs.entity_ref', order: 'asc' },
        { column: 'pairs.name', order: 'asc' },
      ])
      .limit(MISSING_RUNBOOK_LIMIT);

    const firedAlerts = toNumber(totals.fired);
    const withRunbook = toNumber(totals.covered);
    const ownRunbook = toNumber(totals.own);
    const coverage = ratio(ownRunbook, firedAlerts);
    return {
      firedAlerts,
      ownRunbook,
      fallbackRunbook: withRunbook - ownRunbook,
      withRunbook,
      ...(coverage !== undefined && { ratio: coverage }),
      missing: missing.map(row => ({
        entityRef: row.entity_ref,
        name: row.name,
        occurrences: toNumber(row.occurrences),
        fallback: toNumber(row.has_runbook) > 0,
      })),
      deadLinks: dead.length ? toNumber(dead[0].total) : 0,
      dead: dead.map(row => ({
        entityRef: row.entity_ref,
        name: row.name,
        runbookUrl: row.runbook_url,
        ...(row.problem && { problem: row.problem }),
        checkedAt: new Date(row.checked_at).toISOString(),
      })),
    };
  }

  async postmortemCompletion(
    scope: MetricsScope,
    requiredSeverities: string[],
    now: Date,
  ): Promise<PostmortemCompletion> {
    const [row]: Array<{
      required: DbNumber;
      started: DbNumber;
      published: DbNumber;
      on_time: DbNumber;
      overdue: DbNumber;
    }> = await this.scoped(scope)
      .whereIn('incidents.severity', requiredSeverities)
      .leftJoin('postmortems', 'postmortems.incident_id', 'incidents.id')
      .select(
        this.db.raw('COUNT(*) AS required'),
        this.db.raw('COUNT(postmortems.id) AS started'),
        this.db.raw(
          "SUM(CASE WHEN postmortems.status = 'published' THEN 1 ELSE 0 END) AS published",
        ),
        this.db.raw(
          `SUM(CASE WHEN postmortems.status = 'published'
            AND (postmortems.due_at IS NULL OR postmortems.published_at <= postmortems.due_at)
            THEN 1 ELSE 0 END) AS on_time`,
        ),
        this.db.raw(
          `SUM(CASE WHEN postmortems.status <> 'published' AND postmortems.due_at < ${this.instant()}
            THEN 1 ELSE 0 END) AS overdue`,
          [now.toISOString()],
        ),
      );
    const required = toNumber(row.required);
    const published = toNumber(row.published);
    const publishedOnTime = toNumber(row.on_time);
    const completionRate = ratio(published, required);
    const onTimeRate = ratio(publishedOnTime, required);
    return {
      requiredSeverities,
      required,
      started: toNumber(row.started),
      published,
      publishedOnTime,
      overdue: toNumber(row.overdue),
      ...(completionRate !== undefined && { completionRate }),
      ...(onTimeRate !== undefined && { onTimeRate }),
    };
  }

  async actionItems(
    scope: MetricsScope,
    now: Date,
  ): Promise<ActionItemMetrics> {
    const rows: Array<{
      status: ActionItemStatus;
      count: DbNumber;
      overdue: DbNumber;
      follow_ups: DbNumber;
    }> = await this.scoped(scope)
      .join('action_items', 'action_items.incident_id', 'incidents.id')
      .select(
        'action_items.status',
        this.db.raw('COUNT(*) AS count'),
        this.db.raw(
          `SUM(CASE WHEN action_items.status IN ('open', 'in_progress')
            AND action_items.due_at < ${this.instant()} THEN 1 ELSE 0 END) AS overdue`,
          [now.toISOString()],
        ),
        this.db.raw(
          `SUM(CASE WHEN action_items.status IN ('open', 'in_progress')
            AND action_items.follow_up_kind IS NOT NULL THEN 1 ELSE 0 END) AS follow_ups`,
        ),
      )
      .groupBy('action_items.status');

    const byStatus: Record<ActionItemStatus, number> = {
      open: 0,
      in_progress: 0,
      done: 0,
      wont_do: 0,
    };
    let overdue = 0;
    let openRunbookFollowUps = 0;
    for (const row of rows) {
      byStatus[row.status] = toNumber(row.count);
      overdue += toNumber(row.overdue);
      openRunbookFollowUps += toNumber(row.follow_ups);
    }
    const total = Object.values(byStatus).reduce((n, c) => n + c, 0);
    const completionRate = ratio(byStatus.done, total - byStatus.wont_do);
    return {
      total,
      byStatus,
      overdue,
      openRunbookFollowUps,
      ...(completionRate !== undefined && { completionRate }),
    };
  }

  /**
   * The incidents in scope. The detection range comes first so the planner can use the
   * `(detected_at, id)` and `(status, detected_at)` indexes.
   */
  async countIncidents(
    scope: StandingScope,
    filter: { statuses: readonly string[]; severities: readonly string[] },
  ): Promise<number> {
    const [row]: Array<{ count: DbNumber }> = await this.standing(scope)
      .whereIn('incidents.status', [...filter.statuses])
      .whereIn('incidents.severity', [...filter.severities])
      .count({ count: '*' });
    return toNumber(row?.count ?? null);
  }

  async overdueActionItems(scope: StandingScope, now: Date): Promise<number> {
    const [row]: Array<{ count: DbNumber }> = await this.standing(scope)
      .join('action_items', 'action_items.incident_id', 'incidents.id')
      .whereIn('action_items.status', ['open', 'in_progress'])
      .whereRaw(`action_items.due_at < ${this.instant()}`, [now.toISOString()])
      .count({ count: '*' });
    return toNumber(row?.count ?? null);
  }

  private scoped(scope: MetricsScope): Knex.QueryBuilder {
    return this.standing(scope)
      .where('incidents.detected_at', '>=', scope.from.toISOString())
      .where('incidents.detected_at', '<', scope.to.toISOString());
  }

  /** Incidents of the scope's owners and entity, whenever detected. */
  private standing(
    scope: Pick<MetricsScope, 'entityRef' | 'ownerRefs'>,
  ): Knex.QueryBuilder {
    const query = this.db('incidents').whereNotIn(
      'incidents.status',
      EXCLUDED_STATUSES,
    );
    if (scope.ownerRefs) {
      // An empty list renders as `1 = 0`: a scope that allows no owner sees nothing.
      query.whereIn('incidents.owner_ref', scope.ownerRefs);
    }
    if (scope.entityRef) {
      query.whereIn(
        'incidents.id',
        this.db('incident_entities')
          .select('incident_entities.incident_id')
          .where('incident_entities.entity_ref', scope.entityRef),
      );
    }
    return query;
  }

  /**
   * Alerts of the incidents in scope. Alerts always reach an incident once routed, so
   * only the unrouted inbox is left out, which has no entity or owner to report on.
   */
  private scopedAlerts(scope: MetricsScope): Knex.QueryBuilder {
    return this.scoped(scope).join(
      'alerts',
      'alerts.incident_id',
      'incidents.id',
    );
  }

  /** A placeholder for an instant bound as ISO-8601 text. */
  private instant(): string {
    return this.postgres ? 'CAST(? AS timestamptz)' : '?';
  }

  /**
   * `end − start` in seconds (NULL when either is NULL). `exact` rounds SQLite's
   * figure to milliseconds (the stored precision): julianday differences carry float
   * noise that would turn a response exactly on target into a breach.
   */
  private seconds(end: string, start: string, exact = true): string {
    if (this.postgres) return `EXTRACT(EPOCH FROM (${end} - ${start}))`;
    const difference = `(julianday(${end}) - julianday(${start})) * 86400.0`;
    return exact ? `ROUND(${difference}, 3)` : difference;
  }

  /** The first day of the bucket as `YYYY-MM-DD` (UTC; weeks start on Monday). */
  private bucketStart(column: string, bucket: MetricsBucket): string {
    if (this.postgres) {
      return `to_char(date_trunc('${bucket}', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
    }
    // The stored text is UTC ISO-8601, so a day is its first ten characters;
    // 'weekday 0' moves to the next Sunday (or stays), six days back is its Monday.
    return bucket === 'day'
      ? `substr(${column}, 1, 10)`
      : `date(${column}, 'weekday 0', '-6 days')`;
  }

  /** `CASE WHEN severity = ? THEN ? ... END`: the per-severity target, or NULL. */
  private targetCase(
    targets: SeverityTargets,
    field: 'acknowledgeSeconds' | 'resolveSeconds',
  ): { sql: string; bindings: Array<string | number> } {
    const withTarget = targets.filter(t => t[field] !== undefined);
    if (!withTarget.length) {
      return { sql: 'NULL', bindings: [] };
    }
    const cast = this.postgres ? 'double precision' : 'REAL';
    return {
      sql: `(CASE ${withTarget
        .map(() => `WHEN incidents.severity = ? THEN CAST(? AS ${cast})`)
        .join(' ')} ELSE NULL END)`,
      bindings: withTarget.flatMap(t => [t.severity, t[field]!]),
    };
  }
}
