import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseHandoffNoticeStore } from './DatabaseHandoffNoticeStore';
import { DatabaseOncallOverrideStore } from './DatabaseOncallOverrideStore';
import {
  HandoffNotice,
  HandoffNotifier,
  readHandoffLead,
} from './HandoffNotifier';
import { OncallService } from './OncallService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const HOUR = 3600_000;
const PAYMENTS = 'group:default/payments';

// Weekly shifts handed over on Mondays at 09:00 Berlin time; Europe moved its clocks
// forward on Sunday 2026-03-29, so the handover of 2026-03-30 is at 07:00 UTC, not 08:00.
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      title: 'Payments',
      annotations: {
        'firebreak.dev/oncall': [
          'rotation: [user:alice, user:bob]',
          'start: 2026-03-23T09:00:00',
          'timezone: Europe/Berlin',
          'shift: P7D',
        ].join('\n'),
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'search' },
    spec: { type: 'team', children: [] },
  },
];

function setUp(knex: Knex, start: Date) {
  let now = start;
  const clock = () => now;
  const catalog = CatalogGateway.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    clock,
  });
  const oncall = new OncallService({
    catalog,
    store: DatabaseOncallOverrideStore.fromKnex(knex, { clock }),
    clock,
  });
  const sent: HandoffNotice[] = [];
  const notifier = () =>
    new HandoffNotifier({
      catalog,
      oncall,
      store: DatabaseHandoffNoticeStore.fromKnex(knex),
      notify: async notice => {
        sent.push(notice);
      },
      leadMs: HOUR,
      logger: mockServices.logger.mock(),
      clock,
    });
  return {
    oncall,
    sent,
    notifier,
    at(iso: string) {
      now = new Date(iso);
    },
  };
}

it('reads how long before a shift its notice goes out', () => {
  const read = (handoffNoticeBefore?: string) =>
    readHandoffLead(
      new ConfigReader({ incidents: { oncall: { handoffNoticeBefore } } }),
    );
  expect(read()).toBe(HOUR);
  expect(read('PT15M')).toBe(15 * 60_000);
  expect(read('off')).toBeUndefined();
  expect(() => read('an hour')).toThrow(
    "incidents.oncall.handoffNoticeBefore must be an ISO-8601 duration such as PT1H, or off; got 'an hour'",
  );
});

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

describe.each(databases.eachSupportedId())('HandoffNotifier on %s', id => {
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(id);
    await DatabaseIncidentStore.create({
      database: mockServices.database({ knex }),
    });
  });

  it('tells the next primary an hour ahead, in local time across the DST change, once', async () => {
    const t = setUp(knex, new Date('2026-03-30T05:59:59.000Z'));
    // 1 h 0 min 1 s before the handover: not yet
    expect(await t.notifier().run()).toEqual({ notified: 0 });

    t.at('2026-03-30T06:00:00.000Z');
    expect(await t.notifier().run()).toEqual({ notified: 1 });
    expect(t.sent).toEqual([
      {
        userRef: 'user:default/bob',
        title: 'You are on call for Payments from Mon 30 Mar 2026, 09:00 GMT+2',
        description:
          'Primary on call for Payments from Mon 30 Mar 2026, 09:00 GMT+2 to Mon 6 Apr 2026, 09:00 GMT+2.',
        link: '/catalog/default/group/payments',
        scope: 'oncall-handoff:group:default/payments:2026-03-30T07:00:00.000Z',
      },
    ]);

    // the next run, and two instances at once, send nothing more
    t.at('2026-03-30T06:30:00.000Z');
    const again = await Promise.all([t.notifier().run(), t.notifier().run()]);
    expect(again).toEqual([{ notified: 0 }, { notified: 0 }]);
    expect(t.sent).toHaveLength(1);
  });

  it('tells whoever covers the shift by override, and one of two instances sends it', async () => {
    const t = setUp(knex, new Date('2026-03-30T05:00:00.000Z'));
    await t.oncall.createOverride(
      {
        groupRef: PAYMENTS,
        userRef: 'user:dana',
        startsAt: '2026-03-30T07:00:00Z',
        endsAt: '2026-03-31T07:00:00Z',
        reason: 'Bob is travelling',
      },
      'user:default/bob',
    );
    t.at('2026-03-30T06:15:00.000Z');
    const results = await Promise.all([t.notifier().run(), t.notifier().run()]);
    expect(results.map(r => r.notified).sort()).toEqual([0, 1]);
    expect(t.sent).toEqual([
      expect.objectContaining({
        userRef: 'user:default/dana',
        description:
          'Primary on call for Payments from Mon 30 Mar 2026, 09:00 GMT+2 to Tue 31 Mar 2026, 09:00 GMT+2, covering by override.',
      }),
    ]);
  });
});
