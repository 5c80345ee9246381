import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  DEFAULT_SEVERITY_POLICY,
  OPEN_STATUSES,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabaseMetricsStore } from './DatabaseMetricsStore';
import { MetricsService } from './MetricsService';
import { MetricsScope } from './MetricsStore';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const PAYMENTS = 'group:default/payments';
const SHOP = 'group:default/shop';
const SEARCH = 'group:default/search';
const PAYMENTS_API = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout';
const SEARCH_API = 'component:default/search';

/** Two ISO weeks starting Monday 2026-03-02; breaches of open incidents measured at NOW. */
const FROM = new Date('2026-03-02T00:00:00.000Z');
const TO = new Date('2026-03-16T00:00:00.000Z');
const NOW = new Date('2026-03-20T00:00:00.000Z');

type FixtureIncident = {
  id: number;
  severity: string;
  status: string;
  detectedAt: string;
  /** Seconds before detection the problem started, when known. */
  started?: number;
  /** Seconds after detection. */
  ack?: number;
  resolve?: number;
  entityRef: string;
  ownerRef: string | null;
  affected?: string[];
};

// Default policy targets (seconds): P1 300/3600, P2 900/14400, P3 3600/86400,
// P4 14400/604800, P5 none.
const INCIDENTS: FixtureIncident[] = [
  // ack and resolution within target
  {
    id: 1,
    started: 180,
    severity: 'P1',
    status: 'resolved',
    detectedAt: '2026-03-02T10:00:00.000Z',
    ack: 120,
    resolve: 3000,
    entityRef: PAYMENTS_API,
    ownerRef: PAYMENTS,
  },
  // both targets breached
  {
    id: 2,
    started: 60,
    severity: 'P1',
    status: 'resolved',
    detectedAt: '2026-03-03T08:00:00.000Z',
    ack: 600,
    resolve: 7200,
    entityRef: PAYMENTS_API,
    ownerRef: PAYMENTS,
  },
  {
    id: 3,
    started: 600,
    severity: 'P2',
    status: 'resolved',
    detectedAt: '2026-03-03T12:00:00.000Z',
    ack: 300,
    resolve: 10800,
    entityRef: CHECKOUT,
    ownerRef: SHOP,
  },
  // late ack, still open long past the resolution target
  {
    id: 4,
    severity: 'P2',
    status: 'investigating',
    detectedAt: '2026-03-05T00:00:00.000Z',
    ack: 1200,
    entityRef: CHECKOUT,
    ownerRef: SHOP,
  },
  {
    id: 5,
    started: 30,
    severity: 'P3',
    status: 'resolved',
    detectedAt: '2026-03-09T09:30:00.000Z',
    ack: 1800,
    resolve: 3600,
    entityRef: CHECKOUT,
    ownerRef: SHOP,
  },
  // resolved straight from triggered, late: breaches both
  {
    id: 6,
    severity: 'P3',
    status: 'resolved',
    detectedAt: '2026-03-10T23:59:59.500Z',
    resolve: 90000,
    entityRef: SEARCH_API,
    ownerRef: SEARCH,
  },
  {
    id: 7,
    severity: 'P4',
    status: 'resolved',
    detectedAt: '2026-03-12T00:00:00.000Z',
    ack: 60,
    resolve: 600,
    entityRef: SEARCH_API,
    ownerRef: SEARCH,
  },
  // last millisecond of the range; P5 has no targets
  {
    id: 8,
    severity: 'P5',
    status: 'triggered',
    detectedAt: '2026-03-15T23:59:59.999Z',
    entityRef: PAYMENTS_API,
    ownerRef: PAYMENTS,
  },
  // exactly at `to`: outside
  {
    id: 9,
    started: 5,
    severity: 'P1',
    status: 'resolved',
    detectedAt: '2026-03-16T00:00:00.000Z',
    ack: 10,
    resolve: 20,
    entityRef: PAYMENTS_API,
    ownerRef: PAYMENTS,
  },
  // one millisecond before `from`: outside
  {
    id: 10,
    severity: 'P2',
    status: 'resolved',
    detectedAt: '2026-03-01T23:59:59.999Z',
    ack: 10,
    resolve: 20,
    entityRef: CHECKOUT,
    ownerRef: SHOP,
  },
  // declined and merged incidents are not counted
  {
    id: 11,
    started: 45,
    severity: 'P2',
    status: 'declined',
    detectedAt: '2026-03-04T00:00:00.000Z',
    ack: 60,
    entityRef: CHECKOUT,
    ownerRef: SHOP,
  },
  {
    id: 12,
    severity: 'P3',
    status: 'merged',
    detectedAt: '2026-03-06T00:00:00.000Z',
    entityRef: CHECKOUT,
    ownerRef: SHOP,
  },
  // exactly on both targets (not a breach); no owner; payments-api affected
  {
    id: 13,
    severity: 'P2',
    status: 'resolved',
    detectedAt: '2026-03-13T06:00:00.000Z',
    ack: 900,
    resolve: 14400,
    entityRef: CHECKOUT,
    ownerRef: null,
    affected: [PAYMENTS_API],
  },
];

type FixtureAlert = {
  incidentId: number | null;
  name: string;
  entityRef: string | null;
  count: number;
  runbook?: string;
  /** Where the runbook came from; `table` when it has one and this is left out. */
  runbookFrom?: 'table' | 'entity' | 'alert';
};

const ALERTS: FixtureAlert[] = [
  {
    incidentId: 1,
    name: 'HighErrorRate',
    entityRef: PAYMENTS_API,
    count: 5,
    runbook: 'https://wiki/5xx',
  },
  { incidentId: 1, name: 'LatencyHigh', entityRef: PAYMENTS_API, count: 2 },
  {
    incidentId: 2,
    name: 'HighErrorRate',
    entityRef: PAYMENTS_API,
    count: 3,
    runbook: 'https://wiki/5xx',
  },
  { incidentId: 3, name: 'CheckoutDown', entityRef: CHECKOUT, count: 1 },
  {
    incidentId: 13,
    name: 'LatencyHigh',
    entityRef: CHECKOUT,
    count: 4,
    // the entity's catch-all runbook: not a runbook of its own
    runbook: 'https://wiki/checkout',
    runbookFrom: 'entity',
  },
  // outside the range, and the unrouted inbox: not counted
  { incidentId: 9, name: 'HighErrorRate', entityRef: PAYMENTS_API, count: 100 },
  { incidentId: null, name: 'Orphan', entityRef: null, count: 50 },
];

const at = (iso: string, seconds?: number) =>
  seconds === undefined
    ? null
    : new Date(new Date(iso).getTime() + seconds * 1000).toISOString();

/** Rows in the stored format (ISO-8601 UTC text with milliseconds). */
async function insertFixture(knex: Knex) {
  for (const i of INCIDENTS) {
    await knex('incidents').insert({
      id: i.id,
      title: `Incident ${i.id}`,
      description: '',
      status: i.status,
      severity: i.severity,
      entity_ref: i.entityRef,
      owner_ref: i.ownerRef,
      source: 'manual',
      impact: '{}',
      links: '[]',
      created_by: 'user:default/alice',
      started_at: at(i.detectedAt, i.started && -i.started),
      detected_at: i.detectedAt,
      acknowledged_at: at(i.detectedAt, i.ack),
      mitigated_at: at(i.detectedAt, i.resolve),
      resolved_at: at(i.detectedAt, i.resolve),
      created_at: i.detectedAt,
      updated_at: i.detectedAt,
    });
    await knex('incident_entities').insert([
      { incident_id: i.id, entity_ref: i.entityRef, is_primary: true },
      ...(i.affected ?? []).map(ref => ({
        incident_id: i.id,
        entity_ref: ref,
        is_primary: false,
      })),
    ]);
  }
  let n = 0;
  for (const a of ALERTS) {
    n += 1;
    await knex('alerts').insert({
      source: 'alertmanager',
      dedup_key: `key-${n}`,
      route_key: a.entityRef ?? '',
      entity_ref: a.entityRef,
      name: a.name,
      status: 'resolved',
      labels: '{}',
      annotations: '{}',
      runbook_url: a.runbook ?? null,
      runbook_from: a.runbook ? a.runbookFrom ?? 'table' : null,
      count: a.count,
      first_seen_at: '2026-03-02T00:00:00.000Z',
      last_seen_at: '2026-03-02T00:00:00.000Z',
      resolved_at: '2026-03-02T01:00:00.000Z',
      incident_id: a.incidentId,
    });
  }
}

/** Postmortems of the P1/P2 incidents and action items, all relative to NOW. */
async function insertPostmortems(knex: Knex) {
  const postmortem = (
    id: number,
    incidentId: number,
    status: string,
    dueAt: string | null,
    publishedAt: string | null,
  ) => ({
    id,
    incident_id: incidentId,
    status,
    sections: '{}',
    five_whys: '[]',
    timeline: '[]',
    due_at: dueAt,
    published_at: publishedAt,
    created_by: 'user:default/alice',
    created_at: '2026-03-04T00:00:00.000Z',
    updated_at: '2026-03-04T00:00:00.000Z',
  });
  await knex('postmortems').insert([
    // published on time, published late, overdue draft, in review not yet due
    postmortem(
      1,
      1,
      'published',
      '2026-03-07T10:00:00.000Z',
      '2026-03-06T00:00:00.000Z',
    ),
    postmortem(
      2,
      2,
      'published',
      '2026-03-08T08:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
    ),
    postmortem(3, 3, 'draft', '2026-03-10T12:00:00.000Z', null),
    postmortem(4, 13, 'in_review', '2026-03-25T00:00:00.000Z', null),
    // a P1 outside the range
    postmortem(5, 9, 'published', null, '2026-03-17T00:00:00.000Z'),
  ]);
  const item = (
    id: number,
    incidentId: number,
    status: string,
    dueAt: string | null,
  ) => ({
    id,
    incident_id: incidentId,
    title: `Item ${id}`,
    description: '',
    owner_ref: PAYMENTS,
    priority: 'P2',
    due_at: dueAt,
    status,
    created_by: 'user:default/alice',
    created_at: '2026-03-04T00:00:00.000Z',
    updated_at: '2026-03-04T00:00:00.000Z',
  });
  await knex('action_items').insert([
    item(1, 1, 'done', '2026-03-10T00:00:00.000Z'),
    item(2, 1, 'open', '2026-03-19T00:00:00.000Z'), // overdue
    item(3, 2, 'in_progress', '2026-03-21T00:00:00.000Z'),
    item(4, 2, 'wont_do', null),
    item(5, 3, 'open', null),
    item(6, 5, 'in_progress', '2026-03-01T00:00:00.000Z'), // overdue, shop
    item(7, 9, 'open', '2026-03-01T00:00:00.000Z'), // incident outside the range
  ]);
  // Item 5 is a runbook follow-up, item 1 a finished one: one open follow-up in range.
  await knex('action_items').whereIn('id', [1, 5]).update({
    follow_up_kind: 'add_runbook',
    follow_up_entity_ref: CHECKOUT,
    follow_up_alert: 'CheckoutDown',
  });
  // What the link check last found: the checkout fallback is dead, the 5xx one fine.
  await knex('runbook_link_checks').insert([
    {
      url: 'https://wiki/checkout',
      state: 'dead',
      status_code: 404,
      problem: '404 Not Found',
      checked_at: '2026-03-20T08:00:00.000Z',
    },
    {
      url: 'https://wiki/5xx',
      state: 'ok',
      status_code: 200,
      checked_at: '2026-03-20T08:00:00.000Z',
    },
  ]);
}

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

describe.each(databases.eachSupportedId())(
  'DatabaseMetricsStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseMetricsStore;
    const scope: MetricsScope = { from: FROM, to: TO };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
      await insertFixture(knex);
      await insertPostmortems(knex);
      store = DatabaseMetricsStore.fromKnex(knex);
    });

    it('computes MTTA and MTTR with nearest-rank percentiles', async () => {
      expect(await store.responseTimes(scope, 'all', 1)).toEqual([
        {
          incidents: 9,
          // 60 120 300 600 900 1200 1800
          mtta: {
            count: 7,
            meanSeconds: 711.429,
            p50Seconds: 600,
            p90Seconds: 1800,
          },
          // 600 3000 3600 7200 10800 14400 90000
          mttr: {
            count: 7,
            meanSeconds: 18514.286,
            p50Seconds: 7200,
            p90Seconds: 90000,
          },
        },
      ]);
    });

    it('measures time to detect over incidents whose start is known', async () => {
      // In range and counted: 1 (180 s), 2 (60), 3 (600), 5 (30); 9 is outside the
      // range, 11 declined, the others have no start.
      expect(await store.timeToDetect(scope)).toEqual({
        count: 4,
        meanSeconds: 217.5,
        p50Seconds: 60, // rank ceil(0.5 × 4) = 2 of 30 60 180 600
        p90Seconds: 600, // rank ceil(0.9 × 4) = 4
      });
      // Shop owns 3 (600 s) and 5 (30 s).
      expect(await store.timeToDetect({ ...scope, ownerRefs: [SHOP] })).toEqual(
        { count: 2, meanSeconds: 315, p50Seconds: 30, p90Seconds: 600 },
      );
      expect(
        await store.timeToDetect({ ...scope, entityRef: SEARCH_API }),
      ).toEqual({ count: 0 });
    });

    it('groups response times by severity', async () => {
      const groups = await store.responseTimes(scope, 'severity', 100);
      const bySeverity = Object.fromEntries(groups.map(g => [g.key, g]));
      expect(Object.keys(bySeverity).sort()).toEqual([
        'P1',
        'P2',
        'P3',
        'P4',
        'P5',
      ]);
      expect(bySeverity.P1).toEqual({
        key: 'P1',
        incidents: 2,
        mtta: { count: 2, meanSeconds: 360, p50Seconds: 120, p90Seconds: 600 },
        mttr: {
          count: 2,
          meanSeconds: 5100,
          p50Seconds: 3000,
          p90Seconds: 7200,
        },
      });
      expect(bySeverity.P2).toEqual({
        key: 'P2',
        incidents: 3,
        mtta: { count: 3, meanSeconds: 800, p50Seconds: 900, p90Seconds: 1200 },
        mttr: {
          count: 2,
          meanSeconds: 12600,
          p50Seconds: 10800,
          p90Seconds: 14400,
        },
      });
      expect(bySeverity.P3).toEqual({
        key: 'P3',
        incidents: 2,
        mtta: {
          count: 1,
          meanSeconds: 1800,
          p50Seconds: 1800,
          p90Seconds: 1800,
        },
        mttr: {
          count: 2,
          meanSeconds: 46800,
          p50Seconds: 3600,
          p90Seconds: 90000,
        },
      });
      expect(bySeverity.P5).toEqual({
        key: 'P5',
        incidents: 1,
        mtta: { count: 0 },
        mttr: { count: 0 },
      });
    });

    it('groups by primary entity and by owner, most incidents first', async () => {
      const entities = await store.responseTimes(scope, 'entity', 100);
      expect(entities.map(g => [g.key, g.incidents])).toEqual([
        [CHECKOUT, 4],
        [PAYMENTS_API, 3],
        [SEARCH_API, 2],
      ]);
      const owners = await store.responseTimes(scope, 'owner', 100);
      expect(owners.map(g => [g.key, g.incidents])).toEqual([
        [PAYMENTS, 3],
        [SHOP, 3],
        [SEARCH, 2],
        [undefined, 1],
      ]);
      expect(owners[1].mtta).toEqual({
        count: 3,
        meanSeconds: 1100,
        p50Seconds: 1200,
        p90Seconds: 1800,
      });
      expect(await store.responseTimes(scope, 'owner', 2)).toEqual(
        owners.slice(0, 2),
      );
    });

    it('honours the range boundaries: from inclusive, to exclusive', async () => {
      const justAfter = await store.responseTimes(
        { from: TO, to: new Date('2026-03-17T00:00:00.000Z') },
        'all',
        1,
      );
      expect(justAfter[0]).toMatchObject({
        incidents: 1,
        mtta: { count: 1, meanSeconds: 10 },
        mttr: { count: 1, meanSeconds: 20 },
      });
      const justBefore = await store.countsOverTime(
        {
          from: new Date('2026-03-01T23:59:59.999Z'),
          to: FROM,
        },
        'day',
      );
      expect(justBefore).toEqual([
        { bucketStart: '2026-03-01', severity: 'P2', count: 1 },
      ]);
      expect(
        await store.responseTimes(
          { from: FROM, to: new Date('2026-03-02T10:00:00.000Z') },
          'all',
          1,
        ),
      ).toEqual([]);
    });

    it('counts incidents per day and per ISO week in UTC', async () => {
      expect(await store.countsOverTime(scope, 'day')).toEqual([
        { bucketStart: '2026-03-02', severity: 'P1', count: 1 },
        { bucketStart: '2026-03-03', severity: 'P1', count: 1 },
        { bucketStart: '2026-03-03', severity: 'P2', count: 1 },
        { bucketStart: '2026-03-05', severity: 'P2', count: 1 },
        { bucketStart: '2026-03-09', severity: 'P3', count: 1 },
        { bucketStart: '2026-03-10', severity: 'P3', count: 1 },
        { bucketStart: '2026-03-12', severity: 'P4', count: 1 },
        { bucketStart: '2026-03-13', severity: 'P2', count: 1 },
        { bucketStart: '2026-03-15', severity: 'P5', count: 1 },
      ]);
      expect(await store.countsOverTime(scope, 'week')).toEqual([
        { bucketStart: '2026-03-02', severity: 'P1', count: 2 },
        { bucketStart: '2026-03-02', severity: 'P2', count: 2 },
        { bucketStart: '2026-03-09', severity: 'P2', count: 1 },
        { bucketStart: '2026-03-09', severity: 'P3', count: 2 },
        { bucketStart: '2026-03-09', severity: 'P4', count: 1 },
        { bucketStart: '2026-03-09', severity: 'P5', count: 1 },
      ]);
    });

    it('averages response times per day and per ISO week in UTC', async () => {
      // Incident 6 (23:59:59.5 on the 10th) stays on its day; incidents 4, 6 and 8
      // lack an acknowledgement or resolution and only count as incidents.
      expect(await store.responseTimesOverTime(scope, 'day')).toEqual([
        {
          bucketStart: '2026-03-02',
          incidents: 1,
          mttaMeanSeconds: 120,
          mttrMeanSeconds: 3000,
        },
        // (600 + 300) / 2 and (7200 + 10800) / 2
        {
          bucketStart: '2026-03-03',
          incidents: 2,
          mttaMeanSeconds: 450,
          mttrMeanSeconds: 9000,
        },
        { bucketStart: '2026-03-05', incidents: 1, mttaMeanSeconds: 1200 },
        {
          bucketStart: '2026-03-09',
          incidents: 1,
          mttaMeanSeconds: 1800,
          mttrMeanSeconds: 3600,
        },
        { bucketStart: '2026-03-10', incidents: 1, mttrMeanSeconds: 90000 },
        {
          bucketStart: '2026-03-12',
          incidents: 1,
          mttaMeanSeconds: 60,
          mttrMeanSeconds: 600,
        },
        {
          bucketStart: '2026-03-13',
          incidents: 1,
          mttaMeanSeconds: 900,
          mttrMeanSeconds: 14400,
        },
        { bucketStart: '2026-03-15', incidents: 1 },
      ]);
      expect(await store.responseTimesOverTime(scope, 'week')).toEqual([
        // incidents 1-4: (120 + 600 + 300 + 1200) / 4, (3000 + 7200 + 10800) / 3
        {
          bucketStart: '2026-03-02',
          incidents: 4,
          mttaMeanSeconds: 555,
          mttrMeanSeconds: 7000,
        },
        // incidents 5-8 and 13: (1800 + 60 + 900) / 3, (3600 + 90000 + 600 + 14400) / 4
        {
          bucketStart: '2026-03-09',
          incidents: 5,
          mttaMeanSeconds: 920,
          mttrMeanSeconds: 27150,
        },
      ]);
      // The same filters as the other metrics: shop owns incidents 3, 4 and 5.
      expect(
        await store.responseTimesOverTime(
          { ...scope, ownerRefs: [SHOP] },
          'week',
        ),
      ).toEqual([
        {
          bucketStart: '2026-03-02',
          incidents: 2,
          mttaMeanSeconds: 750,
          mttrMeanSeconds: 10800,
        },
        {
          bucketStart: '2026-03-09',
          incidents: 1,
          mttaMeanSeconds: 1800,
          mttrMeanSeconds: 3600,
        },
      ]);
      // payments-api is primary on 1, 2 and 8 and affected by 13.
      expect(
        await store.responseTimesOverTime(
          { ...scope, entityRef: PAYMENTS_API },
          'week',
        ),
      ).toEqual([
        {
          bucketStart: '2026-03-02',
          incidents: 2,
          mttaMeanSeconds: 360,
          mttrMeanSeconds: 5100,
        },
        {
          bucketStart: '2026-03-09',
          incidents: 2,
          mttaMeanSeconds: 900,
          mttrMeanSeconds: 14400,
        },
      ]);
      expect(
        await store.responseTimesOverTime({ ...scope, ownerRefs: [] }, 'day'),
      ).toEqual([]);
    });

    it('counts target breaches, open incidents measured against now', async () => {
      const targets = [
        { severity: 'P1', acknowledgeSeconds: 300, resolveSeconds: 3600 },
        { severity: 'P2', acknowledgeSeconds: 900, resolveSeconds: 14400 },
        { severity: 'P3', acknowledgeSeconds: 3600, resolveSeconds: 86400 },
        { severity: 'P4', acknowledgeSeconds: 14400, resolveSeconds: 604800 },
        { severity: 'P5' },
      ];
      const rows = await store.breaches(scope, targets, NOW);
      expect(
        rows.map(r => [r.severity, r.acknowledgeBreaches, r.resolveBreaches]),
      ).toEqual([
        ['P1', 1, 1],
        ['P2', 1, 1],
        ['P3', 1, 1],
        ['P4', 0, 0],
        ['P5', 0, 0],
      ]);
      expect(rows[1]).toEqual({
        severity: 'P2',
        incidents: 3,
        acknowledgeTargetSeconds: 900,
        acknowledgeBreaches: 1,
        resolveTargetSeconds: 14400,
        resolveBreaches: 1,
      });
      // Before incident 4 passed its resolution target, it was not a breach yet.
      const early = await store.breaches(
        scope,
        targets,
        new Date('2026-03-05T03:00:00.000Z'),
      );
      expect(early.find(r => r.severity === 'P2')!.resolveBreaches).toBe(0);
      expect(
        (await store.breaches(scope, [], NOW)).every(
          r => r.acknowledgeBreaches === 0 && r.resolveBreaches === 0,
        ),
      ).toBe(true);
    });

    it('measures alert noise over the alerts of the incidents in range', async () => {
      expect(await store.alertNoise(scope)).toEqual({
        alerts: 5,
        occurrences: 15,
        incidentsWithAlerts: 4,
        alertsPerIncident: 1.25,
        noisiest: [
          { name: 'HighErrorRate', alerts: 2, occurrences: 8 },
          { name: 'LatencyHigh', alerts: 2, occurrences: 6 },
          { name: 'CheckoutDown', alerts: 1, occurrences: 1 },
        ],
      });
    });

    it('measures runbook coverage per entity and alert name', async () => {
      expect(await store.runbookCoverage(scope)).toEqual({
        firedAlerts: 4,
        ownRunbook: 1,
        fallbackRunbook: 1,
        withRunbook: 2,
        ratio: 0.25,
        missing: [
          {
            entityRef: CHECKOUT,
            name: 'LatencyHigh',
            occurrences: 4,
            fallback: true,
          },
          {
            entityRef: PAYMENTS_API,
            name: 'LatencyHigh',
            occurrences: 2,
            fallback: false,
          },
          {
            entityRef: CHECKOUT,
            name: 'CheckoutDown',
            occurrences: 1,
            fallback: false,
          },
        ],
        deadLinks: 1,
        dead: [
          {
            entityRef: CHECKOUT,
            name: 'LatencyHigh',
            runbookUrl: 'https://wiki/checkout',
            problem: '404 Not Found',
            checkedAt: '2026-03-20T08:00:00.000Z',
          },
        ],
      });
    });

    it('measures postmortem completion and action items', async () => {
      expect(
        await store.postmortemCompletion(scope, ['P1', 'P2'], NOW),
      ).toEqual({
        requiredSeverities: ['P1', 'P2'],
        required: 5, // incidents 1, 2, 3, 4, 13
        started: 4,
        published: 2,
        publishedOnTime: 1,
        overdue: 1,
        completionRate: 0.4,
        onTimeRate: 0.2,
      });
      expect(await store.postmortemCompletion(scope, [], NOW)).toMatchObject({
        required: 0,
        published: 0,
      });
      expect(await store.actionItems(scope, NOW)).toEqual({
        total: 6,
        byStatus: { open: 2, in_progress: 2, done: 1, wont_do: 1 },
        overdue: 2,
        openRunbookFollowUps: 1,
        completionRate: 0.2,
      });
    });

    it('restricts every metric to the given owners', async () => {
      const shop = { ...scope, ownerRefs: [SHOP] };
      expect(await store.responseTimes(shop, 'all', 1)).toEqual([
        {
          incidents: 3,
          mtta: {
            count: 3,
            meanSeconds: 1100,
            p50Seconds: 1200,
            p90Seconds: 1800,
          },
          mttr: {
            count: 2,
            meanSeconds: 7200,
            p50Seconds: 3600,
            p90Seconds: 10800,
          },
        },
      ]);
      expect((await store.alertNoise(shop)).noisiest).toEqual([
        { name: 'CheckoutDown', alerts: 1, occurrences: 1 },
      ]);
      expect(await store.actionItems(shop, NOW)).toMatchObject({
        total: 2,
        overdue: 1,
      });
      const nobody = { ...scope, ownerRefs: [] };
      expect(await store.responseTimes(nobody, 'all', 1)).toEqual([]);
      expect(await store.countsOverTime(nobody, 'day')).toEqual([]);
      expect((await store.alertNoise(nobody)).alerts).toBe(0);
    });

    it('filters by primary or affected entity', async () => {
      const groups = await store.responseTimes(
        { ...scope, entityRef: PAYMENTS_API },
        'entity',
        100,
      );
      expect(groups.map(g => [g.key, g.incidents])).toEqual([
        [PAYMENTS_API, 3],
        [CHECKOUT, 1],
      ]);
    });

    it('counts open incidents and overdue action items whenever detected', async () => {
      const high = { statuses: OPEN_STATUSES, severities: ['P1', 'P2'] };
      // Of checkout's, only #4 is open at P1/P2; #12 (merged) is excluded like #11 (declined)
      expect(await store.countIncidents({ entityRef: CHECKOUT }, high)).toBe(1);
      expect(
        await store.countIncidents({ entityRef: PAYMENTS_API }, high),
      ).toBe(0);
      expect(
        await store.countIncidents(
          { entityRef: PAYMENTS_API },
          { ...high, severities: ['P5'] },
        ),
      ).toBe(1);
      expect(
        await store.countIncidents(
          { entityRef: CHECKOUT, ownerRefs: [PAYMENTS] },
          high,
        ),
      ).toBe(0);
      expect(
        await store.countIncidents(
          { entityRef: CHECKOUT },
          { ...high, severities: [] },
        ),
      ).toBe(0);

      // items 2 and 7 (incident 9 is outside the metrics range, not the standing scope)
      expect(
        await store.overdueActionItems({ entityRef: PAYMENTS_API }, NOW),
      ).toBe(2);
      expect(await store.overdueActionItems({ entityRef: CHECKOUT }, NOW)).toBe(
        1,
      );
      // item 2 is due 2026-03-19: not yet overdue the day before
      expect(
        await store.overdueActionItems(
          { entityRef: PAYMENTS_API },
          new Date('2026-03-18T00:00:00.000Z'),
        ),
      ).toBe(1);
      expect(
        await store.overdueActionItems(
          { entityRef: PAYMENTS_API, ownerRefs: [SHOP] },
          NOW,
        ),
      ).toBe(0);
    });

    it('assembles the scorecard facts of an entity over the last 90 days', async () => {
      const factsAt = (now: Date, ownerRefs?: string[]) =>
        new MetricsService({
          store,
          severities: DEFAULT_SEVERITY_POLICY,
          clock: () => now,
        }).getEntityFacts({ entityRef: CHECKOUT, ownerRefs });

      // The window holds checkout's #3, #4, #5, #10 and #13; #11 and #12 do not count
      expect(await factsAt(NOW)).toEqual({
        entityRef: CHECKOUT,
        asOf: NOW.toISOString(),
        windowDays: 90,
        highSeverities: ['P1', 'P2'],
        openHighSeverityIncidents: 1,
        incidents: 5,
        mttrMeanSeconds: (10800 + 3600 + 20 + 14400) / 4,
        runbookCoverage: {
          firedAlerts: 2,
          ownRunbook: 0,
          fallbackRunbook: 1,
          withRunbook: 1,
          ratio: 0,
          deadLinks: 1,
        },
        overdueActionItems: 1,
      });
      // 90 days after 2026-03-07: only #5 and #13 were detected in the window
      expect(await factsAt(new Date('2026-06-05T00:00:00.000Z'))).toMatchObject(
        {
          incidents: 2,
          mttrMeanSeconds: (3600 + 14400) / 2,
          openHighSeverityIncidents: 1,
        },
      );
      expect(await factsAt(NOW, [PAYMENTS])).toEqual({
        entityRef: CHECKOUT,
        asOf: NOW.toISOString(),
        windowDays: 90,
        highSeverities: ['P1', 'P2'],
        openHighSeverityIncidents: 0,
        incidents: 0,
        runbookCoverage: {
          firedAlerts: 0,
          ownRunbook: 0,
          fallbackRunbook: 0,
          withRunbook: 0,
          deadLinks: 0,
        },
        overdueActionItems: 0,
      });
    });

    it('assembles the API answer in policy order with MTTD', async () => {
      const service = new MetricsService({
        store,
        severities: DEFAULT_SEVERITY_POLICY,
        clock: () => NOW,
      });
      const metrics = await service.getMetrics({
        from: FROM,
        to: TO,
        bucket: 'week',
      });
      expect(metrics).toMatchObject({
        from: FROM.toISOString(),
        to: TO.toISOString(),
        bucket: 'week',
        asOf: NOW.toISOString(),
        overall: { incidents: 9 },
        mttd: { count: 4, meanSeconds: 217.5, p50Seconds: 60 },
        breaches: { acknowledge: 3, resolve: 3 },
        postmortems: { requiredSeverities: ['P1', 'P2'], required: 5 },
      });
      expect(metrics.responseTimesOverTime).toEqual(
        await store.responseTimesOverTime({ from: FROM, to: TO }, 'week'),
      );
      expect(metrics.bySeverity.map(s => s.severity)).toEqual([
        'P1',
        'P2',
        'P3',
        'P4',
        'P5',
      ]);
      expect(metrics.breaches.bySeverity[0]).toMatchObject({
        severity: 'P1',
        acknowledgeTargetSeconds: 300,
        resolveTargetSeconds: 3600,
      });
      expect(metrics.byOwner[3]).not.toHaveProperty('ownerRef');
    });
  },
);
