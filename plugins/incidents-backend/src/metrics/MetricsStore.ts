import type {
  ActionItemMetrics,
  AlertNoise,
  DurationStats,
  MetricsBucket,
  PostmortemCompletion,
  ResponseTimes,
  ResponseTimesBucket,
  RunbookCoverage,
  SeverityBreaches,
  SeverityCount,
} from '@firebreak/plugin-incidents-common';

/**
 * The incidents a metric is computed over: detected in `[from, to)`, not declined or
 * merged, optionally with the entity as primary or affected entity and owned by one of
 * `ownerRefs` (an empty list matches nothing).
 */
export type MetricsScope = {
  from: Date;
  to: Date;
  entityRef?: string;
  ownerRefs?: string[];
};

/**
 * An entity's incidents whenever they were detected, for figures that stand now (open
 * incidents, overdue action items); declined and merged incidents left out.
 */
export type StandingScope = {
  entityRef: string;
  ownerRefs?: string[];
};

/** Per-severity targets in seconds; a severity without a target never breaches. */
export type SeverityTargets = Array<{
  severity: string;
  acknowledgeSeconds?: number;
  resolveSeconds?: number;
}>;

/** What response times are grouped by; `all` gives one group with key `undefined`. */
export type ResponseTimeGrouping = 'all' | 'severity' | 'entity' | 'owner';

/** Response times of one group. */
export type ResponseTimeGroup = ResponseTimes & { key?: string };

/**
 * Metrics aggregated by the database. Every query is bounded by the detection range,
 * so its cost follows the incidents in the range, not the table.
 */
export interface MetricsStore {
  /** MTTA and MTTR per group; at most `limit` groups, most incidents first. */
  responseTimes(
    scope: MetricsScope,
    grouping: ResponseTimeGrouping,
    limit: number,
  ): Promise<ResponseTimeGroup[]>;

  /**
   * Time to detect (startedAt → detectedAt) over the incidents in scope that know when
   * their problem started.
   */
  timeToDetect(scope: MetricsScope): Promise<DurationStats>;

  /** Incidents per bucket and severity, oldest bucket first. */
  countsOverTime(
    scope: MetricsScope,
    bucket: MetricsBucket,
  ): Promise<SeverityCount[]>;

  /** Mean response times per bucket, oldest bucket first; empty buckets left out. */
  responseTimesOverTime(
    scope: MetricsScope,
    bucket: MetricsBucket,
  ): Promise<ResponseTimesBucket[]>;

  /** Target breaches per severity; open incidents are measured against `now`. */
  breaches(
    scope: MetricsScope,
    targets: SeverityTargets,
    now: Date,
  ): Promise<SeverityBreaches[]>;

  /** Alerts that opened or joined the incidents in scope. */
  alertNoise(scope: MetricsScope): Promise<AlertNoise>;

  /** Runbook coverage of the alerts that opened or joined the incidents in scope. */
  runbookCoverage(scope: MetricsScope): Promise<RunbookCoverage>;

  /** Postmortems of the incidents in scope at `requiredSeverities`. */
  postmortemCompletion(
    scope: MetricsScope,
    requiredSeverities: string[],
    now: Date,
  ): Promise<PostmortemCompletion>;

  /** Action items of the incidents in scope. */
  actionItems(scope: MetricsScope, now: Date): Promise<ActionItemMetrics>;

  /** Incidents in `statuses` at `severities` (empty lists match nothing). */
  countIncidents(
    scope: StandingScope,
    filter: { statuses: readonly string[]; severities: readonly string[] },
  ): Promise<number>;

  /** Open or in-progress action items of the incidents in scope, past due at `now`. */
  overdueActionItems(scope: StandingScope, now: Date): Promise<number>;
}
