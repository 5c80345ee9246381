import { InputError } from '@backstage/errors';
import {
  ENTITY_FACTS_WINDOW_DAYS,
  EntityFacts,
  IncidentMetrics,
  OPEN_STATUSES,
  MetricsBucket,
  ResponseTimes,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import {
  MetricsScope,
  MetricsStore,
  ResponseTimeGroup,
  SeverityTargets,
} from './MetricsStore';

/** The longest range one request may cover: a bit over a year, for year-on-year views. */
export const MAX_METRICS_RANGE_DAYS = 400;

/** Groups listed per entity and per owner. */
const GROUP_LIMIT = 100;

/** A metrics request as the HTTP layer parsed it. */
export type MetricsRequest = {
  from: Date;
  to: Date;
  bucket?: MetricsBucket;
  entityRef?: string;
  /** Owners to restrict to; `undefined` means every owner. */
  ownerRefs?: string[];
};

/** Validates metrics requests and assembles the store's aggregates into one answer. */
export class MetricsService {
  private readonly store: MetricsStore;
  private readonly severities: readonly SeverityLevel[];
  private readonly clock: () => Date;

  constructor(options: {
    store: MetricsStore;
    severities: readonly SeverityLevel[];
    clock?: () => Date;
  }) {
    this.store = options.store;
    this.severities = options.severities;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Refuses (InputError) an invalid or too long range. */
  async getMetrics(request: MetricsRequest): Promise<IncidentMetrics> {
    const { from, to, entityRef, ownerRefs } = request;
    const bucket = request.bucket ?? 'day';
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw new InputError(`${name} must be an ISO-8601 instant`);
      }
    }
    if (from.getTime() >= to.getTime()) {
      throw new InputError('from must be before to');
    }
    if (to.getTime() - from.getTime() > MAX_METRICS_RANGE_DAYS * 86_400_000) {
      throw new InputError(
        `The range may cover at most ${MAX_METRICS_RANGE_DAYS} days`,
      );
    }
    if (bucket !== 'day' && bucket !== 'week') {
      throw new InputError('bucket must be day or week');
    }

    const now = this.clock();
    const scope: MetricsScope = { from, to, entityRef, ownerRefs };
    const [overall, bySeverity, byEntity, byOwner, counts, breaches, noise] =
      await Promise.all([
        this.store.responseTimes(scope, 'all', 1),
        this.store.responseTimes(scope, 'severity', GROUP_LIMIT),
        this.store.responseTimes(scope, 'entity', GROUP_LIMIT),
        this.store.responseTimes(scope, 'owner', GROUP_LIMIT),
        this.store.countsOverTime(scope, bucket),
        this.store.breaches(scope, this.targets(), now),
        this.store.alertNoise(scope),
      ]);
    const [trend, runbookCoverage, postmortems, actionItems, mttd] =
      await Promise.all([
        this.store.responseTimesOverTime(scope, bucket),
        this.store.runbookCoverage(scope),
        this.store.postmortemCompletion(
          scope,
          this.severities.filter(s => s.postmortemRequired).map(s => s.id),
          now,
        ),
        this.store.actionItems(scope, now),
        this.store.timeToDetect(scope),
      ]);

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      asOf: now.toISOString(),
      ...(entityRef && { entityRef }),
      ...(ownerRefs && { ownerRefs }),
      overall: overall[0] ? withoutKey(overall[0]) : emptyResponseTimes(),
      mttd,
      bySeverity: this.inPolicyOrder(bySeverity).map(group => ({
        severity: group.key ?? '',
        ...withoutKey(group),
      })),
      byEntity: byEntity.map(group => ({
        entityRef: group.key ?? '',
        ...withoutKey(group),
      })),
      byOwner: byOwner.map(group => ({
        ...(group.key !== undefined && { ownerRef: group.key }),
        ...withoutKey(group),
      })),
      countsOverTime: counts,
      responseTimesOverTime: trend,
      breaches: {
        acknowledge: breaches.reduce((n, b) => n + b.acknowledgeBreaches, 0),
        resolve: breaches.reduce((n, b) => n + b.resolveBreaches, 0),
        bySeverity: this.inPolicyOrder(breaches, b => b.severity),
      },
      alertNoise: noise,
      runbookCoverage,
      postmortems,
      actionItems,
    };
  }

  /** The policy's targets in seconds (months and years at luxon's casual lengths). */
  private targets(): SeverityTargets {
    const seconds = (iso: string | undefined) =>
      iso === undefined ? undefined : Duration.fromISO(iso).as('seconds');
    return this.severities.map(level => ({
      severity: level.id,
      acknowledgeSeconds: seconds(level.acknowledgeWithin),
      resolveSeconds: seconds(level.resolveWithin),
    }));
  }

  /**
   * The scorecard figures of one entity (primary or affected), over the incidents of
   * `ownerRefs` when the caller may read only those.
   */
  async getEntityFacts(request: {
    entityRef: string;
    ownerRefs?: string[];
  }): Promise<EntityFacts> {
    const { entityRef, ownerRefs } = request;
    const now = this.clock();
    const window: MetricsScope = {
      from: new Date(now.getTime() - ENTITY_FACTS_WINDOW_DAYS * 86_400_000),
      to: now,
      entityRef,
      ownerRefs,
    };
    // The policy lists severities most severe first.
    const highSeverities = this.severities.slice(0, 2).map(level => level.id);
    const [[overall], coverage, openHighSeverityIncidents, overdueActionItems] =
      await Promise.all([
        this.store.responseTimes(window, 'all', 1),
        this.store.runbookCoverage(window),
        this.store.countIncidents(
          { entityRef, ownerRefs },
          { statuses: OPEN_STATUSES, severities: highSeverities },
        ),
        this.store.overdueActionItems({ entityRef, ownerRefs }, now),
      ]);
    const { missing: _missing, dead: _dead, ...runbookCoverage } = coverage;
    const mttrMeanSeconds = overall?.mttr.meanSeconds;
    return {
      entityRef,
      asOf: now.toISOString(),
      windowDays: ENTITY_FACTS_WINDOW_DAYS,
      highSeverities,
      openHighSeverityIncidents,
      incidents: overall?.incidents ?? 0,
      ...(mttrMeanSeconds !== undefined && { mttrMeanSeconds }),
      runbookCoverage,
      overdueActionItems,
    };
  }

  /** Most severe first; severities no longer in the policy last, by name. */
  private inPolicyOrder<T>(
    items: T[],
    severityOf: (item: T) => string = item =>
      (item as ResponseTimeGroup).key ?? '',
  ): T[] {
    const rank = (id: string) => {
      const index = this.severities.findIndex(level => level.id === id);
      return index === -1 ? this.severities.length : index;
    };
    return [...items].sort(
      (a, b) =>
        rank(severityOf(a)) - rank(severityOf(b)) ||
        severityOf(a).localeCompare(severityOf(b)),
    );
  }
}

function withoutKey(group: ResponseTimeGroup): ResponseTimes {
  const { key: _key, ...rest } = group;
  return rest;
}

function emptyResponseTimes(): ResponseTimes {
  return { incidents: 0, mtta: { count: 0 }, mttr: { count: 0 } };
}
