import { mockServices } from '@backstage/backend-test-utils';
import { NormalizedAlert } from '@firebreak/plugin-incidents-node';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { createIngestionRig } from './__testUtils__/ingestionRig';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const ENTITY = 'component:default/payments-api';
const SENDER = 'user:default/alertmanager';
const START = new Date('2026-03-02T10:00:00.000Z');

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    action: 'trigger',
    name: 'HighErrorRate',
    severity: 'warning',
    labels: {},
    annotations: {},
    entityRef: ENTITY,
    ...overrides,
  };
}

function setUp(knex: Knex) {
  const rig = createIngestionRig(knex, START);
  return {
    ...rig,
    ingest: (batch: NormalizedAlert[]) =>
      rig.ingestion.ingest('alertmanager', batch, SENDER),
  };
}

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

describe.each(databases.eachSupportedId())(
  'AlertIngestionService on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    it('records when the problem started at the sender, never later than receipt', async () => {
      const t = setUp(knex);
      const [opened] = await t.ingest([
        alert({ startsAt: '2026-03-02T09:52:30.000Z' }),
      ]);
      const incident = await t.incidents.get(opened.incidentId!);
      expect(incident).toMatchObject({
        startedAt: '2026-03-02T09:52:30.000Z',
        detectedAt: START.toISOString(),
        createdAt: START.toISOString(),
      });

      // A sender whose clock runs ahead: the start is clamped to receipt.
      const [ahead] = await t.ingest([
        alert({
          name: 'Other',
          entityRef: 'component:default/search',
          startsAt: '2026-03-02T10:03:00.000Z',
        }),
      ]);
      expect(await t.incidents.get(ahead.incidentId!)).toMatchObject({
        startedAt: START.toISOString(),
        detectedAt: START.toISOString(),
      });

      // No start given: unknown rather than invented.
      const [unknown] = await t.ingest([
        alert({ name: 'Third', entityRef: 'component:default/checkout' }),
      ]);
      expect(await t.incidents.get(unknown.incidentId!)).not.toHaveProperty(
        'startedAt',
      );
    });

    it("takes an alert's resolution time from the sender's end time", async () => {
      const t = setUp(knex);
      const [opened] = await t.ingest([alert({ dedupKey: 'fp-1' })]);
      t.advance(5 * 60_000);
      await t.ingest([
        alert({
          action: 'resolve',
          dedupKey: 'fp-1',
          endsAt: '2026-03-02T10:02:00.000Z',
        }),
      ]);
      expect(await t.alertRow(opened.alertId!)).toMatchObject({
        status: 'resolved',
        resolvedAt: '2026-03-02T10:02:00.000Z',
      });
    });

    it('does not count moving to monitoring because all alerts resolved as an acknowledgement', async () => {
      const t = setUp(knex);
      const [opened] = await t.ingest([alert({ dedupKey: 'fp-1' })]);
      t.advance(60_000);
      await t.ingest([alert({ action: 'resolve', dedupKey: 'fp-1' })]);
      const incident = await t.incidents.get(opened.incidentId!);
      expect(incident.status).toBe('monitoring');
      expect(incident.mitigatedAt).toBe('2026-03-02T10:01:00.000Z');
      expect(incident).not.toHaveProperty('acknowledgedAt');

      // A responder taking it on later is the acknowledgement.
      t.advance(60_000);
      const taken = await t.incidents.transition(
        incident.id,
        'investigating',
        'user:default/alice',
      );
      expect(taken.acknowledgedAt).toBe('2026-03-02T10:02:00.000Z');
    });

    it('counts an acknowledgement at the source as one', async () => {
      const t = setUp(knex);
      const [opened] = await t.ingest([alert({ dedupKey: 'fp-1' })]);
      t.advance(60_000);
      await t.ingest([alert({ action: 'acknowledge', dedupKey: 'fp-1' })]);
      expect(await t.incidents.get(opened.incidentId!)).toMatchObject({
        status: 'acknowledged',
        acknowledgedAt: '2026-03-02T10:01:00.000Z',
      });
    });

    it('links a joining alert through the incident service and tells open pages', async () => {
      const t = setUp(knex);
      const [first] = await t.ingest([alert({ dedupKey: 'fp-1' })]);
      t.advance(60_000);
      t.published.length = 0;
      const [joined] = await t.ingest([
        alert({ dedupKey: 'fp-2', name: 'LatencyHigh' }),
      ]);
      expect(joined.incidentId).toBe(first.incidentId);
      expect((await t.alertRow(joined.alertId!))?.incidentId).toBe(
        first.incidentId,
      );
      expect(t.published).toEqual([
        { change: 'timeline_changed', incidentId: first.incidentId },
      ]);
      const timeline = await t.incidents.timeline.getTimeline(
        first.incidentId!,
      );
      expect(timeline.at(-1)).toMatchObject({
        type: 'alert',
        at: '2026-03-02T10:01:00.000Z',
        message: 'Alert LatencyHigh joined (alertmanager, no runbook)',
      });
      // Same severity: nothing about the incident itself changed.
      expect(await t.incidents.get(first.incidentId!)).toMatchObject({
        severity: 'P3',
        updatedAt: START.toISOString(),
      });

      // Resolving the alert at its source is on the timeline, and pages see it too.
      t.published.length = 0;
      await t.ingest([alert({ action: 'acknowledge', dedupKey: 'fp-2' })]);
      expect(t.published[0]).toEqual({
        change: 'timeline_changed',
        incidentId: first.incidentId,
      });
    });

    it('joins the incident open when the alert arrived, not one declared after that instant', async () => {
      const t = setUp(knex);
      const [first] = await t.ingest([alert({ dedupKey: 'fp-1' })]);
      t.advance(5 * 60_000);
      const later = await t.incidents.declare(
        { title: 'Declared later', severity: 'P3', entityRef: ENTITY },
        'user:default/alice',
      );
      // History written as of an earlier instant, as a seeder does.
      t.advance(-4 * 60_000);
      const [joined] = await t.ingest([
        alert({ dedupKey: 'fp-2', name: 'LatencyHigh' }),
      ]);
      expect(joined.incidentId).toBe(first.incidentId);
      const timeline = await t.incidents.timeline.getTimeline(later.id);
      expect(timeline.filter(e => e.type === 'alert')).toEqual([]);
    });

    it('raises the severity of an open incident a more severe alert joins, and pages', async () => {
      const t = setUp(knex);
      const [low] = await t.ingest([
        alert({ dedupKey: 'fp-low', severity: 'low' }),
      ]);
      const incidentId = low.incidentId!;
      expect((await t.incidents.get(incidentId)).severity).toBe('P4');
      expect(t.paged).toEqual([{ incidentId, severity: 'P4' }]);
      t.advance(60_000);
      t.published.length = 0;

      const [critical] = await t.ingest([
        alert({ dedupKey: 'fp-crit', name: 'Down', severity: 'critical' }),
      ]);
      expect(critical.incidentId).toBe(incidentId);
      expect(await t.incidents.get(incidentId)).toMatchObject({
        severity: 'P1',
        updatedAt: '2026-03-02T10:01:00.000Z',
      });
      expect(t.paged).toEqual([
        { incidentId, severity: 'P4' },
        { incidentId, severity: 'P1' },
      ]);
      expect(t.published).toEqual([{ change: 'updated', incidentId }]);
      const timeline = await t.incidents.timeline.getTimeline(incidentId);
      expect(
        timeline.slice(-3).map(e => ({ type: e.type, message: e.message })),
      ).toEqual([
        {
          type: 'alert',
          message: 'Alert Down joined (alertmanager, no runbook)',
        },
        {
          type: 'severity_changed',
          message: 'Severity P4 → P1: raised by alert Down',
        },
        {
          type: 'paged',
          message: expect.stringContaining('P1 pages the on-call'),
        },
      ]);

      // A less severe alert joining later leaves the severity alone.
      t.advance(60_000);
      await t.ingest([alert({ dedupKey: 'fp-warn', name: 'Slow' })]);
      expect((await t.incidents.get(incidentId)).severity).toBe('P1');
      expect(t.paged).toHaveLength(2);
    });
  },
);
