import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'backup-job',
      annotations: {
        'firebreak.dev/heartbeats': '- name: nightly-backup\n  interval: P1D\n',
      },
    },
    spec: { type: 'service', owner: 'group:default/payments' },
  },
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())('heartbeat pings on %p', id => {
  let knex: Knex;
  const sender = mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('external:backup-cron'),
  } as any);

  async function start() {
    knex = await databases.init(id);
    return (await startIncidentsBackend({ knex, entities })).server;
  }

  it('takes a ping from an alert sender and says when the next one is due', async () => {
    const server = await start();
    const res = await request(server)
      .post(
        '/api/incidents/heartbeats/default/component/backup-job/nightly-backup',
      )
      .set('Authorization', sender);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/backup-job',
      name: 'nightly-backup',
    });
    // due one day and the default five minutes of grace after the ping
    expect(Date.parse(res.body.dueBy) - Date.parse(res.body.pingedAt)).toBe(
      (24 * 60 + 5) * 60_000,
    );
    // the entity's page reads it back
    const listed = await request(server)
      .get('/api/incidents/heartbeats')
      .query({ entityRef: 'component:default/backup-job' })
      .set('Authorization', mockCredentials.user.header());
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      {
        name: 'nightly-backup',
        interval: 'P1D',
        grace: 'PT5M',
        state: 'ok',
        lastPingAt: res.body.pingedAt,
        dueBy: res.body.dueBy,
      },
    ]);
    const [row] = await knex('heartbeats');
    expect(row).toMatchObject({
      entity_ref: 'component:default/backup-job',
      name: 'nightly-backup',
      missed_at: null,
    });
  });

  it('refuses callers without a sender token and heartbeats nobody declared', async () => {
    const server = await start();
    const path =
      '/api/incidents/heartbeats/default/component/backup-job/nightly-backup';
    expect(
      (
        await request(server)
          .post(path)
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    expect(
      (
        await request(server)
          .post(path)
          .set('Authorization', mockCredentials.user.header())
      ).status,
    ).toBe(403);
    const undeclared = await request(server)
      .post('/api/incidents/heartbeats/default/component/backup-job/hourly')
      .set('Authorization', sender);
    expect(undeclared.status).toBe(404);
    expect(undeclared.body.error.message).toBe(
      "component:default/backup-job declares no heartbeat 'hourly' in firebreak.dev/heartbeats",
    );
    const unknown = await request(server)
      .post('/api/incidents/heartbeats/default/component/gone/nightly-backup')
      .set('Authorization', sender);
    expect(unknown.status).toBe(404);
    // text neither the catalog nor the database could store is refused, naming the part
    const nul = await request(server)
      .post(
        '/api/incidents/heartbeats/default/component/backup%00job/nightly-backup',
      )
      .set('Authorization', sender);
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/^entity '.*' is not an entity ref/);
    const badName = await request(server)
      .post(
        '/api/incidents/heartbeats/default/component/backup-job/nightly%00backup',
      )
      .set('Authorization', sender);
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/^heartbeat '.*' may hold only/);
    expect(await knex('heartbeats')).toEqual([]);

    const list = (entityRef: string, authorization: string) =>
      request(server)
        .get('/api/incidents/heartbeats')
        .query({ entityRef })
        .set('Authorization', authorization);
    expect(
      (
        await list(
          'component:default/backup-job',
          mockCredentials.none.header(),
        )
      ).status,
    ).toBe(401);
    const bad = await list('backup job', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^entityRef 'backup job' is not/);
  });
});
