import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import ICAL from 'ical.js';
import { Knex } from 'knex';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        'firebreak.dev/oncall':
          'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: P1D\n',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
  },
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())('calendar feeds on %p', id => {
  let knex: Knex;
  const alice = mockCredentials.user.header('user:default/alice');

  async function start() {
    knex = await databases.init(id);
    return (await startIncidentsBackend({ knex, entities })).server;
  }

  it('serves the feed without sign-in under its secret URL, until revoked', async () => {
    const server = await start();
    const issued = await request(server)
      .post('/api/incidents/oncall/calendar-feed')
      .set('Authorization', alice);
    expect(issued.status).toBe(201);
    const path = new URL(issued.body.shifts).pathname;
    expect(path).toMatch(
      /^\/api\/incidents\/oncall-calendar\/[A-Za-z0-9_-]{32}\/shifts\.ics$/,
    );

    const feed = await request(server).get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    // daily shifts, all alice's: one per day for eight weeks, the one in force first
    expect(calendar.getAllSubcomponents('vevent').length).toBeGreaterThan(50);
    const team = await request(server).get(
      new URL(issued.body.teams['group:default/payments']).pathname,
    );
    expect(team.status).toBe(200);

    const revoked = await request(server)
      .delete('/api/incidents/oncall/calendar-feed')
      .set('Authorization', alice);
    expect(revoked.status).toBe(204);
    expect((await request(server).get(path)).status).toBe(404);
  });

  it('issues feeds to users only and answers 404 for any token it does not know', async () => {
    const server = await start();
    const asService = await request(server)
      .post('/api/incidents/oncall/calendar-feed')
      .set('Authorization', mockCredentials.service.header());
    expect(asService.status).toBe(403);
    const anonymous = await request(server)
      .post('/api/incidents/oncall/calendar-feed')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    for (const token of ['x'.repeat(32), 'short', '%00'.repeat(11)]) {
      const res = await request(server).get(
        `/api/incidents/oncall-calendar/${token}/shifts.ics`,
      );
      expect(res.status).toBe(404);
    }
    expect(await knex('oncall_calendar_feeds')).toEqual([]);
  });
});
