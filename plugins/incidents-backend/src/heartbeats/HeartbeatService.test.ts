import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { Knex } from 'knex';
import { createIngestionRig } from '../alerts/__testUtils__/ingestionRig';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseHeartbeatStore } from './DatabaseHeartbeatStore';
import { HeartbeatCatalog, HeartbeatService } from './HeartbeatService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const ENTITY = 'component:default/backup-job';
const PINGER = 'external:backup-cron';
const START = new Date('2026-03-29T00:30:00.000Z');
const MINUTE = 60_000;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'backup-job',
    annotations: {
      'firebreak.dev/heartbeats': [
        '- name: nightly-backup',
        '  interval: PT1H',
        '  grace: PT5M',
        '  severity: P2',
        '  description: The database backup',
      ].join('\n'),
    },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function withHeartbeats(annotation: string): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: { 'firebreak.dev/heartbeats': annotation },
    },
  };
}

function catalogOf(entities: Entity[], available = true): HeartbeatCatalog {
  const refOf = (e: Entity) =>
    `${e.kind.toLowerCase()}:default/${e.metadata.name}`;
  return {
    getEntity: async ref => ({
      available,
      value: entities.find(e => refOf(e) === ref),
    }),
    listAnnotated: async annotation => {
      if (!available) throw new Error('catalog down');
      return entities.flatMap(e => {
        const value = e.metadata.annotations?.[annotation];
        return value === undefined ? [] : [{ entityRef: refOf(e), value }];
      });
    },
  };
}

function setUp(knex: Knex, catalog = catalogOf([entity])) {
  const rig = createIngestionRig(knex, START);
  /** Set to make the next ingestion fail, as a database outage would. */
  const failNext = { ingest: false };
  const service = () =>
    new HeartbeatService({
      store: DatabaseHeartbeatStore.fromKnex(knex),
      catalog,
      ingest: async (sourceId, alerts, actorRef) => {
        if (failNext.ingest) {
          failNext.ingest = false;
          throw new Error('database unavailable');
        }
        return rig.ingestion.ingest(sourceId, alerts, actorRef);
      },
      severities: ['P1', 'P2', 'P3', 'P4', 'P5'],
      logger: mockServices.logger.mock(),
      clock: rig.clock,
    });
  const heartbeatAlerts = () =>
    knex('alerts').where({ source: 'heartbeat' }).orderBy('id');
  return { ...rig, heartbeats: service(), service, heartbeatAlerts, failNext };
}

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

describe.each(databases.eachSupportedId())(
  'HeartbeatService on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    it('raises one alert once interval and grace pass without a ping, and the next ping resolves it', async () => {
      const t = setUp(knex);
      const ping = await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      expect(ping).toEqual({
        entityRef: ENTITY,
        name: 'nightly-backup',
        pingedAt: START.toISOString(),
        dueBy: new Date(START.getTime() + 65 * MINUTE).toISOString(),
      });

      // one millisecond before the deadline: still fine
      t.advance(65 * MINUTE - 1);
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 0,
        forgotten: 0,
      });
      expect(await t.heartbeatAlerts()).toEqual([]);

      t.advance(1);
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 1,
        forgotten: 0,
      });
      const [raised] = await t.heartbeatAlerts();
      expect(raised).toMatchObject({
        entity_ref: ENTITY,
        name: 'HeartbeatMissed nightly-backup',
        status: 'firing',
        severity: 'P2',
      });
      expect(raised.summary).toContain(
        `no ping since ${START.toISOString()} (expected every PT1H, grace PT5M). The database backup`,
      );
      // it opened an incident on the entity, which paged like any P2
      expect(raised.incident_id).not.toBeNull();
      expect(t.paged).toEqual([
        { incidentId: raised.incident_id, severity: 'P2' },
      ]);

      expect(await t.heartbeats.listForEntity(ENTITY)).toEqual([
        {
          name: 'nightly-backup',
          interval: 'PT1H',
          grace: 'PT5M',
          severity: 'P2',
          description: 'The database backup',
          state: 'missed',
          lastPingAt: START.toISOString(),
          missedAt: new Date(START.getTime() + 65 * MINUTE).toISOString(),
        },
      ]);

      // still silent: the spell is raised once, not once per check
      t.advance(10 * MINUTE);
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 0,
        forgotten: 0,
      });
      expect(await t.heartbeatAlerts()).toHaveLength(1);

      await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      const [resolved] = await t.heartbeatAlerts();
      expect(resolved.status).toBe('resolved');

      // pinging on time again: nothing new is raised
      t.advance(30 * MINUTE);
      await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      t.advance(64 * MINUTE);
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 0,
        forgotten: 0,
      });
      expect(await t.heartbeatAlerts()).toHaveLength(1);
    });

    it('keeps a heartbeat missed when its resolution fails, so the retried ping resolves it', async () => {
      const t = setUp(knex);
      await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      t.advance(2 * 60 * MINUTE);
      await t.heartbeats.check();
      t.failNext.ingest = true;
      await expect(
        t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER),
      ).rejects.toThrow('database unavailable');
      expect((await t.heartbeatAlerts())[0].status).toBe('firing');
      expect(await t.heartbeats.listForEntity(ENTITY)).toMatchObject([
        { state: 'missed' },
      ]);
      await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      expect((await t.heartbeatAlerts())[0].status).toBe('resolved');
      expect(await t.heartbeats.listForEntity(ENTITY)).toMatchObject([
        { state: 'ok' },
      ]);
    });

    it('counts a heartbeat that never pinged from when the check first saw it', async () => {
      const t = setUp(knex);
      expect(await t.heartbeats.listForEntity(ENTITY)).toMatchObject([
        { name: 'nightly-backup', state: 'waiting' },
      ]);
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 0,
        forgotten: 0,
      });
      expect(await t.heartbeats.listForEntity(ENTITY)).toMatchObject([
        {
          state: 'waiting',
          dueBy: new Date(START.getTime() + 65 * MINUTE).toISOString(),
        },
      ]);
      t.advance(65 * MINUTE);
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 1,
        forgotten: 0,
      });
      const [raised] = await t.heartbeatAlerts();
      expect(raised.summary).toContain(
        `no ping since it was declared at ${START.toISOString()}`,
      );
    });

    it('raises a missed spell once when two instances check at the same moment', async () => {
      const t = setUp(knex);
      await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      t.advance(2 * 60 * MINUTE);
      const results = await Promise.all([
        t.service().check(),
        t.service().check(),
      ]);
      expect(results.map(r => r.missed).sort()).toEqual([0, 1]);
      expect(await t.heartbeatAlerts()).toHaveLength(1);
      expect(await knex('incidents')).toHaveLength(1);
    });

    it('resolves and forgets a missed heartbeat once it is no longer declared, but not while its annotation is broken', async () => {
      const shown: Entity[] = [entity];
      const t = setUp(knex, catalogOf(shown));
      await t.heartbeats.ping(ENTITY, 'nightly-backup', PINGER);
      t.advance(2 * 60 * MINUTE);
      expect(await t.heartbeats.check()).toMatchObject({ missed: 1 });

      // a typo in the annotation: the state and the alert stay
      shown[0] = withHeartbeats('- name: nightly-backup\n  interval: daily\n');
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 0,
        missed: 0,
        forgotten: 0,
      });
      expect((await t.heartbeatAlerts())[0].status).toBe('firing');

      // removed: nobody will ping it again, so its alert resolves and its row goes
      shown[0] = withHeartbeats('- name: hourly-sync\n  interval: PT1H\n');
      expect(await t.heartbeats.check()).toEqual({
        heartbeats: 1,
        missed: 0,
        forgotten: 1,
      });
      expect((await t.heartbeatAlerts())[0].status).toBe('resolved');
      expect(
        (await knex('heartbeats')).map(row => `${row.entity_ref} ${row.name}`),
      ).toEqual([`${ENTITY} hourly-sync`]);
    });

    it('refuses pings of heartbeats nobody declared, and waits for the catalog', async () => {
      const t = setUp(knex);
      await expect(
        t.heartbeats.ping(ENTITY, 'hourly-sync', PINGER),
      ).rejects.toThrow(
        new NotFoundError(
          `${ENTITY} declares no heartbeat 'hourly-sync' in firebreak.dev/heartbeats`,
        ),
      );
      await expect(
        t.heartbeats.ping('component:default/gone', 'nightly-backup', PINGER),
      ).rejects.toThrow(NotFoundError);
      expect(await knex('heartbeats')).toEqual([]);

      const down = setUp(knex, catalogOf([entity], false));
      await expect(
        down.heartbeats.ping(ENTITY, 'nightly-backup', PINGER),
      ).rejects.toThrow(ServiceUnavailableError);
      // a check that cannot read the catalog raises nothing
      await expect(down.heartbeats.check()).rejects.toThrow('catalog down');
      expect(await down.heartbeatAlerts()).toEqual([]);
    });
  },
);
