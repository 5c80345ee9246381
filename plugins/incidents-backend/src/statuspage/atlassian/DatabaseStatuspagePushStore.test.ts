import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createPerTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseIncidentStore } from '../../incidents/DatabaseIncidentStore';
import { DatabaseStatuspagePushStore } from './DatabaseStatuspagePushStore';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'DatabaseStatuspagePushStore on %s',
  databaseId => {
    let knex: Knex;
    let incidents: DatabaseIncidentStore;
    let store: DatabaseStatuspagePushStore;
    let now: Date;
    const clock = () => now;
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      incidents = await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
      now = new Date('2026-12-15T10:00:00.000Z');
      store = DatabaseStatuspagePushStore.fromKnex(knex, { clock });
    });

    const newIncident = async () =>
      incidents.createIncident({
        title: 'Payments failing',
        description: '',
        status: 'investigating',
        severity: 'P2',
        entityRef: 'component:default/payments-api',
        affectedEntityRefs: [],
        source: 'manual',
        impact: {},
        links: [],
        createdBy: 'user:default/alice',
        detectedAt: now,
      });

    const claim = (leaseToken: string, options: { leaseMs?: number } = {}) =>
      store.claim({
        now,
        leaseMs: options.leaseMs ?? 60_000,
        limit: 10,
        leaseToken,
      });

    it('gives a marked row to one claimer per lease, and to the next once it ran out', async () => {
      const { id } = await newIncident();
      await store.markChanged(id);
      const [first] = await claim('a');
      expect(first).toMatchObject({
        incidentId: id,
        seq: 1,
        attempts: 1,
        pushedComponents: {},
        pushedUpdateIds: [],
        leaseToken: 'a',
      });
      expect(await claim('b')).toEqual([]);

      now = at(60_000);
      const [again] = await claim('b');
      expect(again).toMatchObject({ incidentId: id, attempts: 2 });
      // The first claimer lost its lease: it can save nothing, not even a push.
      const update = await incidents.addStatusUpdate({
        incidentId: id,
        status: 'investigating',
        message: 'Slow',
        postedBy: 'user:default/alice',
        public: true,
      });
      expect(
        await store.saveProgress(
          id,
          'a',
          { statuspageIncidentId: 'sp1' },
          {
            leaseUntil: at(60_000),
            pushed: { statusUpdateId: update.id, pushedAt: now },
          },
        ),
      ).toBe(false);
      expect(await store.markSynced(id, 'a', 1, now)).toBe(false);
      expect(await store.get(id)).toMatchObject({
        pushedUpdates: [],
        syncedSeq: 0,
      });
      expect((await store.get(id))!.statuspageIncidentId).toBeUndefined();

      expect(
        await store.saveProgress(
          id,
          'b',
          {
            statuspageIncidentId: 'sp1',
            pushedStage: 'investigating',
            pushedComponents: { c1: 'partial_outage' },
          },
          {
            leaseUntil: at(60_000),
            pushed: {
              statusUpdateId: update.id,
              statuspageUpdateId: 'u1',
              pushedAt: now,
            },
          },
        ),
      ).toBe(true);
      expect(await store.markSynced(id, 'b', 1, now)).toBe(true);
      expect(await store.get(id)).toEqual({
        incidentId: id,
        wantedSeq: 1,
        syncedSeq: 1,
        attempts: 0,
        statuspageIncidentId: 'sp1',
        pushedStage: 'investigating',
        pushedComponents: { c1: 'partial_outage' },
        pushedUpdates: [
          {
            statusUpdateId: update.id,
            statuspageUpdateId: 'u1',
            pushedAt: now.toISOString(),
          },
        ],
      });
      // Synced: nothing to claim until the next change, which brings the pushes along.
      expect(await claim('c')).toEqual([]);
      await store.markChanged(id, { onlyIfTracked: true });
      expect((await claim('c'))[0]).toMatchObject({
        seq: 2,
        statuspageIncidentId: 'sp1',
        pushedUpdateIds: [update.id],
      });
    });

    it('extends the lease with each save', async () => {
      const { id } = await newIncident();
      await store.markChanged(id);
      await claim('a', { leaseMs: 10_000 });
      expect(
        await store.saveProgress(
          id,
          'a',
          { pushedStage: 'identified' },
          { leaseUntil: at(70_000) },
        ),
      ).toBe(true);
      now = at(30_000);
      expect(await claim('b')).toEqual([]);
    });

    it('marks a resolution only for incidents it already tracks', async () => {
      const { id } = await newIncident();
      await store.markChanged(id, { onlyIfTracked: true });
      expect(await store.get(id)).toBeUndefined();
      await store.markChanged(id);
      await store.markChanged(id, { onlyIfTracked: true });
      expect((await store.get(id))!.wantedSeq).toBe(2);
    });

    it('waits out a backoff, and retries a row given up on at its next change', async () => {
      const { id } = await newIncident();
      await store.markChanged(id);
      await claim('a');
      await store.markFailed(id, 'a', {
        now,
        nextAttemptAt: at(30_000),
        error: 'creating the Statuspage incident: HTTP 500',
        abandon: false,
      });
      expect(await claim('b')).toEqual([]);
      now = at(30_000);
      const [row] = await claim('b');
      await store.markFailed(id, 'b', {
        now,
        nextAttemptAt: at(60_000),
        error: 'creating the Statuspage incident: HTTP 401',
        abandon: true,
        reportedError: 'http_401',
      });
      expect(row.attempts).toBe(2);
      now = at(3_600_000);
      expect(await claim('c')).toEqual([]);
      expect(await store.get(id)).toMatchObject({
        lastError: 'creating the Statuspage incident: HTTP 401',
        abandonedAt: expect.any(String),
        reportedError: 'http_401',
      });

      await store.markChanged(id);
      expect((await claim('c'))[0]).toMatchObject({
        attempts: 1,
        reportedError: 'http_401',
      });
    });
  },
);
