import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import {
  createTestIncidentStore,
  newIncident,
  STORE_NOW as NOW,
} from './__testUtils__/incidentFixtures';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'DatabaseTimelineStore (through DatabaseIncidentStore) on %s',
  databaseId => {
    let store: DatabaseIncidentStore;

    beforeEach(async () => {
      store = await createTestIncidentStore(databases, databaseId);
    });

    describe('timeline', () => {
      it('appends, lists oldest first and pins', async () => {
        const { id } = await store.createIncident(newIncident());
        const other = await store.createIncident(newIncident());

        const late = await store.addTimelineEvent({
          incidentId: id,
          type: 'note',
          actorRef: 'user:default/alice',
          message: 'later',
          data: { nested: { list: [1, 'two', null] }, flag: true },
          at: new Date('2026-01-05T10:00:00.250Z'),
        });
        const early = await store.addTimelineEvent({
          incidentId: id,
          type: 'declared',
          message: 'declared',
          at: new Date('2026-01-05T09:00:00.000Z'),
        });
        const now = await store.addTimelineEvent({
          incidentId: id,
          type: 'status_changed',
          message: 'pinned from the start',
          pinned: true,
        });
        await store.addTimelineEvent({
          incidentId: other.id,
          type: 'note',
          message: 'elsewhere',
        });

        expect(late).toEqual({
          id: expect.any(Number),
          incidentId: id,
          type: 'note',
          at: '2026-01-05T10:00:00.250Z',
          actorRef: 'user:default/alice',
          message: 'later',
          data: { nested: { list: [1, 'two', null] }, flag: true },
          pinned: false,
        });
        expect(early).not.toHaveProperty('actorRef');
        expect(early).not.toHaveProperty('data');
        expect(now.pinned).toBe(true);
        expect(now.at).toBe(NOW.toISOString());

        expect(await store.listTimeline(id)).toEqual([early, late, now]);

        expect(await store.setTimelineEventPinned(id, late.id, true)).toEqual({
          ...late,
          pinned: true,
        });
        expect(
          await store.setTimelineEventPinned(other.id, early.id, true),
        ).toBeUndefined();
        expect(
          await store.setTimelineEventPinned(id, 9999, true),
        ).toBeUndefined();
        expect(await store.setTimelineEventPinned(id, now.id, false)).toEqual({
          ...now,
          pinned: false,
        });
        expect((await store.listTimeline(id)).map(e => e.pinned)).toEqual([
          false,
          true,
          false,
        ]);
      });
    });

    describe('status updates', () => {
      it('adds, lists newest first and reports the last time per incident', async () => {
        const a = await store.createIncident(newIncident());
        const b = await store.createIncident(newIncident());
        const c = await store.createIncident(newIncident());
        const first = await store.addStatusUpdate({
          incidentId: a.id,
          status: 'investigating',
          message: 'Looking',
          postedBy: 'user:default/alice',
        });
        const second = await store.addStatusUpdate({
          incidentId: a.id,
          status: 'identified',
          message: 'Found it',
          postedBy: 'user:default/bob',
        });
        const onB = await store.addStatusUpdate({
          incidentId: b.id,
          status: 'monitoring',
          message: 'Watching',
          postedBy: 'user:default/bob',
        });

        expect(first).toEqual({
          id: expect.any(Number),
          incidentId: a.id,
          status: 'investigating',
          message: 'Looking',
          postedBy: 'user:default/alice',
          postedAt: NOW.toISOString(),
          public: false,
        });
        expect(await store.listStatusUpdates(a.id)).toEqual([second, first]);
        expect(await store.listStatusUpdates(c.id)).toEqual([]);

        const last = await store.getLastStatusUpdateTimes([a.id, b.id, c.id]);
        expect([...last.keys()].sort()).toEqual([a.id, b.id].sort());
        expect(last.get(a.id)).toEqual(new Date(second.postedAt));
        expect(last.get(b.id)).toEqual(new Date(onB.postedAt));
        expect((await store.getLastStatusUpdateTimes([])).size).toBe(0);
      });

      it('keeps updates internal unless marked public, and lists the public ones', async () => {
        const a = await store.createIncident(newIncident());
        const b = await store.createIncident(newIncident());
        await store.addStatusUpdate({
          incidentId: a.id,
          status: 'investigating',
          message: 'Internal',
          postedBy: 'user:default/alice',
        });
        const shown = await store.addStatusUpdate({
          incidentId: a.id,
          status: 'identified',
          message: 'We found the cause',
          postedBy: 'user:default/alice',
          public: true,
        });
        const other = await store.addStatusUpdate({
          incidentId: b.id,
          status: 'monitoring',
          message: 'Fixed, watching',
          postedBy: 'user:default/bob',
          postedAt: new Date(NOW.getTime() + 60_000),
          public: true,
        });
        expect(shown.public).toBe(true);
        expect(await store.listPublicStatusUpdates([a.id, b.id])).toEqual([
          other,
          shown,
        ]);
        expect(await store.listPublicStatusUpdates([b.id])).toEqual([other]);
        expect(await store.listPublicStatusUpdates([])).toEqual([]);
      });
    });
  },
);
