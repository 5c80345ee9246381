import { mockServices } from '@backstage/backend-test-utils';
import { emptyPostmortemSections } from '@firebreak/plugin-incidents-common';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabasePostmortemStore } from './DatabasePostmortemStore';
import { PostmortemNotice, PostmortemReminder } from './PostmortemReminder';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const HOUR = 3600_000;

describe.each(databases.eachSupportedId())(
  'PostmortemReminder on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      // One fixed instant for the stores' stamps and the reminder's runs.
      const now = new Date('2026-03-10T09:00:00.000Z');
      const incidents = await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
        clock: () => now,
      });
      const store = DatabasePostmortemStore.fromKnex(knex, {
        clock: () => now,
      });
      const incident = await incidents.createIncident({
        title: 'Payments failing',
        description: '',
        status: 'resolved',
        severity: 'P1',
        entityRef: 'component:default/payments-api',
        affectedEntityRefs: [],
        ownerRef: 'group:default/payments',
        source: 'manual',
        impact: {},
        links: [],
        createdBy: 'user:default/alice',
        detectedAt: new Date(now.getTime() - 10 * 24 * HOUR),
        roles: [
          {
            role: 'commander',
            userRef: 'user:default/alice',
            assignedBy: 'user:default/alice',
          },
          {
            role: 'scribe',
            userRef: 'user:default/dana',
            assignedBy: 'user:default/alice',
          },
        ],
      });
      const overdue = await store.createPostmortem({
        incidentId: incident.id,
        sections: emptyPostmortemSections(),
        timeline: [],
        dueAt: new Date(now.getTime() - HOUR),
        createdBy: 'plugin:incidents',
      });
      const item = (title: string, dueInHours: number, ownerRef: string) =>
        store.createActionItem({
          incidentId: incident.id,
          title,
          description: '',
          ownerRef,
          priority: 'P2',
          dueAt: new Date(now.getTime() + dueInHours * HOUR),
          createdBy: 'user:default/alice',
        });
      const dueSoon = await item('Due soon', 12, 'user:default/bob');
      const late = await item('Late', -2, 'group:default/payments');
      await item('Later', 72, 'user:default/bob');
      const finished = await item('Finished', -2, 'user:default/bob');
      await store.updateActionItem(finished.id, { status: 'done' });

      const sent: PostmortemNotice[] = [];
      const reminder = (clock: () => Date = () => now) =>
        new PostmortemReminder({
          store,
          incidents,
          notify: async notice => {
            sent.push(notice);
          },
          logger: mockServices.logger.mock(),
          clock,
        });
      return {
        now,
        store,
        incident,
        overdue: overdue!,
        dueSoon,
        late,
        sent,
        reminder,
      };
    }

    it('reminds commanders and the owner team of an overdue postmortem, and owners of due action items', async () => {
      const { incident, overdue, dueSoon, late, sent, reminder } =
        await setup();
      expect(await reminder().run()).toEqual({
        postmortems: 1,
        actionItems: 2,
      });
      expect(sent).toEqual(
        expect.arrayContaining([
          {
            recipients: ['user:default/alice', 'group:default/payments'],
            title: `Postmortem of ${incident.ref} is overdue`,
            description: expect.stringContaining('still draft'),
            link: `/incidents/${incident.id}/postmortem`,
            scope: `postmortem-overdue:${overdue.id}`,
          },
          expect.objectContaining({
            recipients: ['user:default/bob'],
            title: 'Action item due soon: Due soon',
            scope: `action-item-due:${dueSoon.id}`,
          }),
          expect.objectContaining({
            recipients: ['group:default/payments'],
            title: 'Action item overdue: Late',
            scope: `action-item-due:${late.id}`,
          }),
        ]),
      );
      expect(sent).toHaveLength(3);
    });

    it('sends each reminder once per day, even from two runs', async () => {
      const { now, sent, reminder } = await setup();
      await reminder().run();
      await reminder().run();
      expect(sent).toHaveLength(3);

      // Half a day later: still claimed. A day later: reminded again.
      await reminder(() => new Date(now.getTime() + 12 * HOUR)).run();
      expect(sent).toHaveLength(3);
      await reminder(() => new Date(now.getTime() + 25 * HOUR)).run();
      expect(sent.length).toBeGreaterThan(3);
    });

    it('sends each reminder once when two instances run at the same time', async () => {
      const { sent, reminder } = await setup();
      const results = await Promise.all([reminder().run(), reminder().run()]);
      expect(sent).toHaveLength(3);
      expect(
        results.reduce((n, r) => n + r.postmortems + r.actionItems, 0),
      ).toBe(3);
      expect(new Set(sent.map(n => n.scope)).size).toBe(3);
    });

    it('stops reminding once the postmortem is published', async () => {
      const { now, store, overdue, sent, reminder } = await setup();
      await store.updatePostmortem(overdue.id, overdue.version, {
        status: 'published',
        publishedAt: now,
      });
      await reminder().run();
      expect(sent.some(n => n.scope.startsWith('postmortem-overdue'))).toBe(
        false,
      );
    });
  },
);
