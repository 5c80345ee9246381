import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import {
  createTestIncidentStore,
  newIncident,
} from './__testUtils__/incidentFixtures';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'DatabasePagingClaims (through DatabaseIncidentStore) on %s',
  databaseId => {
    let store: DatabaseIncidentStore;

    beforeEach(async () => {
      store = await createTestIncidentStore(databases, databaseId);
    });

    describe('claims', () => {
      it('lets exactly one of concurrent escalation claims win', async () => {
        const incident = await store.createIncident(newIncident());
        const quiet = await store.createIncident(newIncident());
        expect(
          await store.getEscalationLevels([incident.id, quiet.id, 9999]),
        ).toEqual(
          new Map([
            [incident.id, 0],
            [quiet.id, 0],
          ]),
        );

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            store.claimEscalation(incident.id, 0),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.claimEscalation(incident.id, 0)).toBe(false);
        expect(await store.claimEscalation(incident.id, 1)).toBe(true);
        expect(await store.claimEscalation(9999, 0)).toBe(false);
        expect(
          await store.getEscalationLevels([incident.id, quiet.id]),
        ).toEqual(
          new Map([
            [incident.id, 2],
            [quiet.id, 0],
          ]),
        );
        // Escalating is not a user-visible edit: pending edits stay valid.
        expect((await store.getIncident(incident.id))?.version).toBe(1);
      });

      it('lets exactly one of concurrent reminder claims win per window', async () => {
        const incident = await store.createIncident(newIncident());
        const now = new Date('2026-01-05T10:00:00.000Z');
        const notBefore = new Date('2026-01-05T09:30:00.000Z');

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            store.claimReminder(incident.id, notBefore, now),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);

        // The recorded reminder (10:00) is at or after these windows' starts.
        const later = new Date('2026-01-05T10:20:00.000Z');
        expect(await store.claimReminder(incident.id, now, later)).toBe(false);
        expect(
          await store.claimReminder(
            incident.id,
            new Date('2026-01-05T09:50:00.000Z'),
            later,
          ),
        ).toBe(false);
        // The next window starts after it.
        expect(
          await store.claimReminder(
            incident.id,
            new Date('2026-01-05T10:00:00.001Z'),
            later,
          ),
        ).toBe(true);
        expect(await store.claimReminder(incident.id, now, later)).toBe(false);
        expect(await store.claimReminder(9999, notBefore, now)).toBe(false);
        expect((await store.getIncident(incident.id))?.version).toBe(1);
      });
    });
  },
);
