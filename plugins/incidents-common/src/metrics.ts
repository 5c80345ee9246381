import { ActionItemStatus } from './postmortems';

/** The width of the buckets of a metrics time series: UTC days, or ISO weeks starting Monday. */
export type MetricsBucket = 'day' | 'week';

/**
 * A distribution of durations in seconds. The mean and percentiles are absent when no
 * incident qualified. Percentiles are nearest-rank (the value at rank ceil(p × count)), so
 * both databases give the same figure.
 */
export type DurationStats = {
  count: number;
  meanSeconds?: number;
  p50Seconds?: number;
  p90Seconds?: number;
};

/**
 * Response times of a set of incidents. `mtta` is measured over acknowledged incidents
 * (acknowledgedAt − detectedAt), `mttr` over resolved ones (resolvedAt − detectedAt).
 */
export type ResponseTimes = {
  /** Incidents detected in the range (declined and merged ones are not counted). */
  incidents: number;
  mtta: DurationStats;
  mttr: DurationStats;
};

/** Acknowledgement and resolution target breaches of one severity. */
export type SeverityBreaches = {
  severity: string;
  /** Incidents of this severity detected in the range. */
  incidents: number;
  /** The policy's acknowledgement target, if the severity has one. */
  acknowledgeTargetSeconds?: number;
  /**
   * Incidents acknowledged later than the target, or still unacknowledged past it
   * (an incident resolved without acknowledgement counts until its resolution).
   */
  acknowledgeBreaches: number;
  resolveTargetSeconds?: number;
  /** Incidents resolved later than the target, or still open past it. */
  resolveBreaches: number;
};

/** Incidents detected in one bucket at one severity. */
export type SeverityCount = {
  /** First day of the bucket, `YYYY-MM-DD` (UTC). */
  bucketStart: string;
  severity: string;
  count: number;
};

/**
 * Mean response times of the incidents detected in one bucket, for trend lines. Means
 * are measured like {@link ResponseTimes} and absent when no incident in the bucket was
 * acknowledged (MTTA) or resolved (MTTR); buckets without incidents are left out.
 */
export type ResponseTimesBucket = {
  /** First day of the bucket, `YYYY-MM-DD` (UTC), as in {@link SeverityCount}. */
  bucketStart: string;
  /** Incidents detected in the bucket. */
  incidents: number;
  mttaMeanSeconds?: number;
  mttrMeanSeconds?: number;
};

/** One alert name and how much it fired. */
export type NoisyAlert = {
  name: string;
  /** Alert rows (distinct firings after deduplication). */
  alerts: number;
  /** Sum of the alerts' repeat counts. */
  occurrences: number;
};

/** Alerts that opened or joined the incidents in the range. */
export type AlertNoise = {
  alerts: number;
  occurrences: number;
  incidentsWithAlerts: number;
  /** alerts / incidentsWithAlerts; absent when no incident had alerts. */
  alertsPerIncident?: number;
  /** Up to 10 names with the most occurrences, most first. */
  noisiest: NoisyAlert[];
};

/** Which fired alerts (per entity and alert name) came with a runbook. */
export type RunbookCoverage = {
  /** Distinct (entity, alert name) pairs that fired. */
  firedAlerts: number;
  /**
   * Of those, the pairs with a runbook of their own at ingest: the alert's row in the
   * entity's `firebreak.dev/alerts` table, or the alert's own runbook annotation.
   */
  ownRunbook: number;
  /** The pairs that had only the entity's catch-all `firebreak.dev/runbook`. */
  fallbackRunbook: number;
  /** ownRunbook + fallbackRunbook: the pairs a responder had some runbook for. */
  withRunbook: number;
  /** ownRunbook / firedAlerts: a fallback is not coverage; absent when nothing fired. */
  ratio?: number;
  /**
   * Up to 20 pairs without a runbook of their own, most occurrences first; `fallback`
   * when the entity's catch-all was all they had.
   */
  missing: Array<{
    entityRef: string;
    name: string;
    occurrences: number;
    fallback: boolean;
  }>;
  /** Pairs whose runbook the scheduled link check last found dead. */
  deadLinks: number;
  /** Up to 20 of those, most occurrences first, with what the check found and when. */
  dead: Array<{
    entityRef: string;
    name: string;
    runbookUrl: string;
    problem?: string;
    checkedAt: string;
  }>;
};

/**
 * Postmortems of the incidents in the range whose severity requires one. A postmortem
 * without a due date that is published counts as on time.
 */
export type PostmortemCompletion = {
  /** Severities whose policy requires a postmortem. */
  requiredSeverities: string[];
  /** Incidents at those severities. */
  required: number;
  /** Of those, incidents with a postmortem in any status. */
  started: number;
  published: number;
  /** Published no later than the due date. */
  publishedOnTime: number;
  /** Not yet published and past the due date. */
  overdue: number;
  /** published / required; absent when nothing was required. */
  completionRate?: number;
  /** publishedOnTime / required; absent when nothing was required. */
  onTimeRate?: number;
};

/** Action items of the incidents in the range. */
export type ActionItemMetrics = {
  total: number;
  byStatus: Record<ActionItemStatus, number>;
  /** Open or in progress and past the due date. */
  overdue: number;
  /** Runbook follow-ups (add or update a runbook) still open or in progress. */
  openRunbookFollowUps: number;
  /** done / (total − won't do); absent when no item counts. */
  completionRate?: number;
};

/**
 * `GET /api/incidents/metrics`: response metrics over incidents detected in
 * `[from, to)`, optionally narrowed to an entity (primary or affected) and owners.
 * `byEntity` (primary entity) and `byOwner` list up to 100 groups, most incidents first.
 */
export type IncidentMetrics = {
  from: string;
  to: string;
  bucket: MetricsBucket;
  /** The instant open incidents were measured against for breaches. */
  asOf: string;
  entityRef?: string;
  ownerRefs?: string[];
  overall: ResponseTimes;
  /**
   * Time to detect (detectedAt − startedAt) over the
   * incidents that know when their problem started; those that do not are left out.
   */
  mttd: DurationStats;
  bySeverity: Array<ResponseTimes & { severity: string }>;
  byEntity: Array<ResponseTimes & { entityRef: string }>;
  /** `ownerRef` is absent for incidents without an owner. */
  byOwner: Array<ResponseTimes & { ownerRef?: string }>;
  countsOverTime: SeverityCount[];
  /** MTTA and MTTR per bucket of `countsOverTime`'s width, oldest first. */
  responseTimesOverTime: ResponseTimesBucket[];
  breaches: {
    acknowledge: number;
    resolve: number;
    bySeverity: SeverityBreaches[];
  };
  alertNoise: AlertNoise;
  runbookCoverage: RunbookCoverage;
  postmortems: PostmortemCompletion;
  actionItems: ActionItemMetrics;
};

/** The window `GET /api/incidents/entity-facts` measures MTTR and runbook coverage over. */
export const ENTITY_FACTS_WINDOW_DAYS = 90;

/**
 * `GET /api/incidents/entity-facts`: the figures scorecards check for one entity (primary
 * or affected), e.g. through the Tech Insights fact retriever. MTTR and runbook coverage
 * cover incidents detected in the last {@link ENTITY_FACTS_WINDOW_DAYS} days; open
 * incidents and overdue action items are counted as they stand at `asOf`.
 */
export type EntityFacts = {
  entityRef: string;
  asOf: string;
  windowDays: number;
  /** The policy's two most severe levels (P1 and P2 by default). */
  highSeverities: string[];
  /** Open incidents at {@link EntityFacts.highSeverities}. */
  openHighSeverityIncidents: number;
  /** Incidents detected in the window. */
  incidents: number;
  /** Mean detection → resolution of the window's resolved incidents; absent when none. */
  mttrMeanSeconds?: number;
  runbookCoverage: Omit<RunbookCoverage, 'missing' | 'dead'>;
  /** Open or in-progress action items past their due date, of any incident. */
  overdueActionItems: number;
};
