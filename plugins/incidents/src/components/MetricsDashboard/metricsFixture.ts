import { IncidentMetrics } from '@firebreak/plugin-incidents-common';

/**
 * A complete metrics answer for tests: two weeks from Monday 2026-03-02, with figures
 * distinct enough that a test finding one on screen knows where it came from.
 */
export function metricsFixture(
  overrides: Partial<IncidentMetrics> = {},
): IncidentMetrics {
  return {
    from: '2026-03-02T00:00:00.000Z',
    to: '2026-03-16T00:00:00.000Z',
    bucket: 'week',
    asOf: '2026-03-20T00:00:00.000Z',
    overall: {
      incidents: 9,
      mtta: { count: 7, meanSeconds: 711, p50Seconds: 600, p90Seconds: 1800 },
      mttr: {
        count: 7,
        meanSeconds: 18514,
        p50Seconds: 7200,
        p90Seconds: 90000,
      },
    },
    mttd: { count: 4, meanSeconds: 150, p50Seconds: 120, p90Seconds: 300 },
    bySeverity: [
      {
        severity: 'P1',
        incidents: 2,
        mtta: { count: 2, meanSeconds: 360, p50Seconds: 120, p90Seconds: 600 },
        mttr: {
          count: 2,
          meanSeconds: 5100,
          p50Seconds: 3000,
          p90Seconds: 7200,
        },
      },
    ],
    byEntity: [
      {
        entityRef: 'component:default/checkout',
        incidents: 4,
        mtta: { count: 3 },
        mttr: { count: 2 },
      },
    ],
    byOwner: [
      {
        ownerRef: 'group:default/payments',
        incidents: 3,
        mtta: { count: 2 },
        mttr: { count: 2 },
      },
    ],
    countsOverTime: [
      { bucketStart: '2026-03-02', severity: 'P1', count: 2 },
      { bucketStart: '2026-03-02', severity: 'P2', count: 2 },
      { bucketStart: '2026-03-09', severity: 'P2', count: 1 },
      { bucketStart: '2026-03-09', severity: 'P3', count: 2 },
      { bucketStart: '2026-03-09', severity: 'P4', count: 1 },
      { bucketStart: '2026-03-09', severity: 'P5', count: 1 },
    ],
    responseTimesOverTime: [
      {
        bucketStart: '2026-03-02',
        incidents: 4,
        mttaMeanSeconds: 555,
        mttrMeanSeconds: 7000,
      },
      {
        bucketStart: '2026-03-09',
        incidents: 5,
        mttaMeanSeconds: 920,
        mttrMeanSeconds: 27150,
      },
    ],
    breaches: {
      acknowledge: 3,
      resolve: 4,
      bySeverity: [
        {
          severity: 'P1',
          incidents: 2,
          acknowledgeTargetSeconds: 300,
          acknowledgeBreaches: 1,
          resolveTargetSeconds: 3600,
          resolveBreaches: 1,
        },
        {
          severity: 'P2',
          incidents: 3,
          acknowledgeTargetSeconds: 900,
          acknowledgeBreaches: 2,
          resolveTargetSeconds: 14400,
          resolveBreaches: 3,
        },
        {
          severity: 'P5',
          incidents: 1,
          acknowledgeBreaches: 0,
          resolveBreaches: 0,
        },
      ],
    },
    alertNoise: {
      alerts: 5,
      occurrences: 15,
      incidentsWithAlerts: 4,
      alertsPerIncident: 1.25,
      noisiest: [
        { name: 'HighErrorRate', alerts: 2, occurrences: 8 },
        { name: 'LatencyHigh', alerts: 2, occurrences: 6 },
        { name: 'CheckoutDown', alerts: 1, occurrences: 1 },
      ],
    },
    runbookCoverage: {
      firedAlerts: 4,
      ownRunbook: 2,
      fallbackRunbook: 1,
      withRunbook: 3,
      ratio: 0.5,
      missing: [
        {
          entityRef: 'component:default/payments-api',
          name: 'LatencyHigh',
          occurrences: 2,
          fallback: true,
        },
        {
          entityRef: 'component:default/checkout',
          name: 'CheckoutDown',
          occurrences: 1,
          fallback: false,
        },
      ],
      deadLinks: 1,
      dead: [
        {
          entityRef: 'component:default/payments-api',
          name: 'HighErrorRate',
          runbookUrl: 'https://wiki.example.com/runbooks/high-error-rate',
          problem: '404 Not Found',
          checkedAt: '2026-02-01T09:00:00.000Z',
        },
      ],
    },
    postmortems: {
      requiredSeverities: ['P1', 'P2'],
      required: 5,
      started: 4,
      published: 2,
      publishedOnTime: 1,
      overdue: 1,
      completionRate: 0.4,
      onTimeRate: 0.2,
    },
    actionItems: {
      total: 6,
      byStatus: { open: 2, in_progress: 2, done: 1, wont_do: 1 },
      overdue: 2,
      openRunbookFollowUps: 1,
      completionRate: 0.2,
    },
    ...overrides,
  };
}
