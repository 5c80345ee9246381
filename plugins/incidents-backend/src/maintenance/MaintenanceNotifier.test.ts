import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMaintenanceWindowStore } from './DatabaseMaintenanceWindowStore';
import { MaintenanceNotice, MaintenanceNotifier } from './MaintenanceNotifier';
import { MaintenanceService } from './MaintenanceService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const API = 'component:default/payments-api';
const PAYMENTS = 'group:default/payments';
const START = new Date('2026-12-08T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const at = (ms: number) => new Date(START.getTime() + ms).toISOString();

function setUp(knex: Knex) {
  let now = START;
  const clock = () => now;
  const sent: MaintenanceNotice[] = [];
  const failing = { next: false };
  const notifier = () =>
    new MaintenanceNotifier({
      store: DatabaseMaintenanceWindowStore.fromKnex(knex),
      logger: mockServices.logger.mock(),
      clock,
      notify: async notice => {
        if (failing.next) {
          failing.next = false;
          throw new Error('notifications down');
        }
        sent.push(notice);
      },
    });
  const maintenance = new MaintenanceService({
    store: DatabaseMaintenanceWindowStore.fromKnex(knex),
    catalog: {
      getEntity: async () => ({
        available: true,
        value: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments-api' },
        },
      }),
      getOwnerRef: async () => ({ available: true, value: PAYMENTS }),
      getDependencies: async () => ({ available: true, value: [] }),
    },
    severities: ['P1', 'P2', 'P3', 'P4', 'P5'],
    logger: mockServices.logger.mock(),
    clock,
  });
  return {
    sent,
    failing,
    notifier,
    maintenance,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    window: (request: { startsAt?: string; endsAt?: string } = {}) =>
      maintenance.create(
        {
          entityRef: API,
          endsAt: at(HOUR),
          reason: 'Database upgrade',
          severities: ['P3', 'P4', 'P5'],
          ...request,
        },
        'user:default/alice',
      ),
  };
}

describe.each(databases.eachSupportedId())(
  'MaintenanceNotifier on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    it('tells the owner team once when a window starts and once when it ends as planned', async () => {
      const t = setUp(knex);
      const window = await t.window();
      // two instances running the check at once: one notice
      const [a, b] = await Promise.all([
        t.notifier().run(),
        t.notifier().run(),
      ]);
      expect(a.started + b.started).toBe(1);
      expect(t.sent).toEqual([
        {
          ownerRef: PAYMENTS,
          title: `Maintenance started on ${API}`,
          description:
            'Until Tue 8 Dec 2026, 11:00 UTC: Database upgrade (user:default/alice). P3, P4, P5 alerts on component:default/payments-api open no incident and page nobody meanwhile.',
          link: '/catalog/default/component/payments-api/incidents',
          scope: `maintenance:${window.id}:start`,
        },
      ]);
      t.advance(HOUR - 1);
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 0 });

      t.advance(1);
      const [c, d] = await Promise.all([
        t.notifier().run(),
        t.notifier().run(),
      ]);
      expect(c.ended + d.ended).toBe(1);
      expect(t.sent).toHaveLength(2);
      expect(t.sent[1]).toMatchObject({
        ownerRef: PAYMENTS,
        title: `Maintenance ended on ${API}`,
        scope: `maintenance:${window.id}:end`,
      });
      expect(t.sent[1].description).toContain(
        'Ended as planned at Tue 8 Dec 2026, 11:00 UTC (Database upgrade)',
      );
      t.advance(HOUR);
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 0 });
      expect(t.sent).toHaveLength(2);
    });

    it('announces a scheduled window at its start, and an early end with who ended it', async () => {
      const t = setUp(knex);
      const window = await t.window({
        startsAt: at(HOUR),
        endsAt: at(2 * HOUR),
      });
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 0 });
      t.advance(HOUR);
      expect(await t.notifier().run()).toEqual({ started: 1, ended: 0 });
      t.advance(10 * MINUTE);
      await t.maintenance.end(window.id, 'user:default/bob');
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 1 });
      expect(t.sent.map(n => n.scope)).toEqual([
        `maintenance:${window.id}:start`,
        `maintenance:${window.id}:end`,
      ]);
      expect(t.sent[1].description).toContain(
        'Ended early at Tue 8 Dec 2026, 11:10 UTC by user:default/bob',
      );
    });

    it('sends nothing for a window cancelled before it started', async () => {
      const t = setUp(knex);
      const window = await t.window({
        startsAt: at(HOUR),
        endsAt: at(2 * HOUR),
      });
      await t.maintenance.end(window.id, 'user:default/bob');
      for (const ms of [0, HOUR, 2 * HOUR]) {
        t.advance(ms);
        expect(await t.notifier().run()).toEqual({ started: 0, ended: 0 });
      }
      expect(t.sent).toEqual([]);
    });

    it('does not repeat a notice whose sending failed', async () => {
      const t = setUp(knex);
      await t.window();
      t.failing.next = true;
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 0 });
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 0 });
      expect(t.sent).toEqual([]);
      // the end still follows the (claimed) start
      t.advance(HOUR);
      expect(await t.notifier().run()).toEqual({ started: 0, ended: 1 });
    });
  },
);
