import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import ICAL from 'ical.js';
import { Knex } from 'knex';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { CalendarFeedService } from './CalendarFeedService';
import { DatabaseCalendarFeedStore } from './DatabaseCalendarFeedStore';
import { DatabaseOncallOverrideStore } from './DatabaseOncallOverrideStore';
import { OncallService } from './OncallService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const NOW = new Date('2026-03-20T12:00:00.000Z');
const BASE = 'https://backstage.example.com/api/incidents';

function user(name: string, title: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { profile: { displayName: title } },
    relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
  };
}

// Weekly handovers on Mondays at 09:00 Berlin time; Europe moved its clocks forward on
// Sunday 2026-03-29, so that week's shift is 6 days 23 hours long in UTC.
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
          'start: 2026-03-16T09:00:00',
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
    metadata: { name: 'search', title: 'Search' },
    spec: { type: 'team', children: [] },
  },
  user('alice', 'Alice Adams', ['group:default/payments']),
  user('bob', 'Bob Brown', ['group:default/payments']),
  user('dana', 'Dana Diaz', ['group:default/search']),
];

/** The events of an iCalendar text, read by a real iCalendar parser (ical.js). */
function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map(component => {
    const event = new ICAL.Event(component);
    return {
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      description: event.description,
    };
  });
}

function tokenOf(url: string) {
  return url.slice(`${BASE}/oncall-calendar/`.length).split('/')[0];
}

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

describe.each(databases.eachSupportedId())('CalendarFeedService on %s', id => {
  let knex: Knex;
  let oncall: OncallService;
  let feeds: CalendarFeedService;

  beforeEach(async () => {
    knex = await databases.init(id);
    await DatabaseIncidentStore.create({
      database: mockServices.database({ knex }),
    });
    const clock = () => NOW;
    const catalog = CatalogGateway.create({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      clock,
    });
    oncall = new OncallService({
      catalog,
      store: DatabaseOncallOverrideStore.fromKnex(knex, { clock }),
      clock,
    });
    feeds = new CalendarFeedService({
      store: DatabaseCalendarFeedStore.fromKnex(knex),
      oncall,
      catalog,
      baseUrl: BASE,
      clock,
    });
  });

  it("lists the holder's shifts for eight weeks, in UTC across the DST change", async () => {
    const urls = await feeds.issue('user:alice');
    const token = tokenOf(urls.shifts);
    expect(urls).toEqual({
      shifts: `${BASE}/oncall-calendar/${token}/shifts.ics`,
      teams: {
        'group:default/payments': `${BASE}/oncall-calendar/${token}/groups/default/payments/shifts.ics`,
      },
    });
    const mine = events(await feeds.userFeed(token));
    // the shift in force, then every other week up to eight weeks after 2026-03-20
    expect(mine.map(e => [e.start, e.end])).toEqual([
      ['2026-03-16T08:00:00.000Z', '2026-03-23T08:00:00.000Z'],
      ['2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z'],
      ['2026-04-13T07:00:00.000Z', '2026-04-20T07:00:00.000Z'],
      ['2026-04-27T07:00:00.000Z', '2026-05-04T07:00:00.000Z'],
      ['2026-05-11T07:00:00.000Z', '2026-05-18T07:00:00.000Z'],
    ]);
    expect(mine[0]).toMatchObject({
      summary: 'On call: Payments',
      description: 'Primary on call for Payments.',
    });
  });

  it("shows a team's whole schedule, overrides included, to its members only", async () => {
    await oncall.createOverride(
      {
        groupRef: 'group:payments',
        userRef: 'user:dana',
        startsAt: '2026-03-24T08:00:00Z',
        endsAt: '2026-03-25T08:00:00Z',
      },
      'user:default/bob',
    );
    const token = tokenOf((await feeds.issue('user:alice')).shifts);
    const team = events(await feeds.teamFeed(token, 'group:payments'));
    expect(team.slice(0, 4)).toEqual([
      {
        summary: 'Payments: Alice Adams on call',
        start: '2026-03-16T08:00:00.000Z',
        end: '2026-03-23T08:00:00.000Z',
        description: 'Alice Adams is primary on call for Payments.',
      },
      expect.objectContaining({
        summary: 'Payments: Bob Brown on call',
        start: '2026-03-23T08:00:00.000Z',
        end: '2026-03-24T08:00:00.000Z',
      }),
      {
        summary: 'Payments: Dana Diaz on call',
        start: '2026-03-24T08:00:00.000Z',
        end: '2026-03-25T08:00:00.000Z',
        description:
          'Dana Diaz is primary on call for Payments, covering by override.',
      },
      // the DST week: Monday 09:00 CET to Monday 09:00 CEST
      expect.objectContaining({
        summary: 'Payments: Bob Brown on call',
        start: '2026-03-25T08:00:00.000Z',
        end: '2026-03-30T07:00:00.000Z',
      }),
    ]);
    await expect(feeds.teamFeed(token, 'group:search')).rejects.toThrow(
      NotFoundError,
    );
  });

  it('revokes a token when a new one is issued or on request', async () => {
    const first = tokenOf((await feeds.issue('user:alice')).shifts);
    const second = tokenOf((await feeds.issue('user:alice')).shifts);
    expect(second).not.toBe(first);
    await expect(feeds.userFeed(first)).rejects.toThrow(NotFoundError);
    expect(events(await feeds.userFeed(second)).length).toBeGreaterThan(0);
    await feeds.revoke('user:default/alice');
    await expect(feeds.userFeed(second)).rejects.toThrow(NotFoundError);
    // only the hash is kept
    const rows = await knex('oncall_calendar_feeds');
    expect(JSON.stringify(rows)).not.toContain(second);
  });
});
