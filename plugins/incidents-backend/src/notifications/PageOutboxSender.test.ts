import { mockServices } from '@backstage/backend-test-utils';
import {
  Incident,
  parseSeverityPolicy,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import { DatabasePageOutbox } from './DatabasePageOutbox';
import { PageChannel, PageDelivery, PageNotice } from './PageOutbox';
import { PageDeliverer, PageOutboxSender } from './PageOutboxSender';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const T = new Date('2026-02-10T08:00:00.000Z');
const seconds = (n: number) => new Date(T.getTime() + n * 1000);
const severities = parseSeverityPolicy(undefined);
const P1 = severities[0];

/** Records deliveries; `fail` decides per attempt which channels fail. */
class RecordingDeliverer implements PageDeliverer {
  readonly deliveries: Array<{ key: string; channels: PageChannel[] }> = [];
  fail: (notice: PageNotice, channels: PageChannel[]) => PageChannel[] =
    () => [];

  async deliverPage(
    notice: PageNotice,
    options: { channels: PageChannel[] },
  ): Promise<PageDelivery> {
    const key =
      notice.kind === 'escalated'
        ? `incident:${notice.incident.id}:escalation:${notice.level}`
        : `incident:${notice.incident.id}:${notice.kind}`;
    this.deliveries.push({ key, channels: options.channels });
    return { failed: this.fail(notice, options.channels) };
  }
}

describe.each(databases.eachSupportedId())('page outbox on %s', databaseId => {
  let knex: Knex;
  let now: Date;
  const clock = () => now;

  async function setup() {
    knex = await databases.init(databaseId);
    await migrateDatabase(mockServices.database({ knex }));
    now = T;
    const store = DatabaseIncidentStore.fromKnex(knex, { clock });
    const outbox = DatabasePageOutbox.fromKnex(knex, { clock });
    const deliverer = new RecordingDeliverer();
    const logger = mockServices.logger.mock();
    let tokens = 0;
    const sender = (options: { maxAttempts?: number } = {}) =>
      new PageOutboxSender({
        outbox,
        deliverer,
        logger,
        clock,
        leaseMs: 60_000,
        batchSize: 2,
        newLeaseToken: () => `lease-${++tokens}`,
        ...options,
      });
    const incident = (title: string) =>
      store.createIncident({
        title,
        description: '',
        status: 'triggered',
        severity: 'P1',
        entityRef: 'component:default/checkout',
        affectedEntityRefs: [],
        ownerRef: 'group:default/payments',
        source: 'manual',
        impact: {},
        links: [],
        createdBy: 'user:default/erin',
        detectedAt: T,
      });
    return { store, outbox, deliverer, logger, sender, incident };
  }

  const escalation = (incident: Incident, level: number) => ({
    key: `incident:${incident.id}:escalation:${level}`,
    notice: {
      kind: 'escalated' as const,
      incident,
      severity: P1,
      recipients: ['user:default/bob'],
      level,
    },
  });

  it('delivers each page once when two senders run at the same time', async () => {
    const { outbox, deliverer, sender, incident } = await setup();
    const incidents = [await incident('a'), await incident('b')];
    await outbox.enqueue(
      incidents.flatMap(i => [1, 2, 3].map(level => escalation(i, level))),
    );

    const results = await Promise.all([sender().run(), sender().run()]);

    expect(results[0].delivered + results[1].delivered).toBe(6);
    expect(deliverer.deliveries.map(d => d.key).sort()).toEqual(
      incidents
        .flatMap(i => [1, 2, 3].map(l => `incident:${i.id}:escalation:${l}`))
        .sort(),
    );
    for (const i of incidents) {
      expect(
        (await outbox.listForIncident(i.id)).map(p => p.deliveredAt),
      ).toEqual([T.toISOString(), T.toISOString(), T.toISOString()]);
    }
    expect(await sender().run()).toEqual({
      delivered: 0,
      retrying: 0,
      abandoned: 0,
    });
  });

  it('goes on after a short batch, as when another sender won part of it', async () => {
    const { outbox, deliverer, logger, incident } = await setup();
    const i = await incident('a');
    await outbox.enqueue([1, 2, 3, 4].map(level => escalation(i, level)));
    // The first claim gets one page of its batch of two, the other lost to a rival.
    let claims = 0;
    const contended: typeof outbox = Object.create(outbox);
    contended.claim = options =>
      outbox.claim({ ...options, limit: ++claims === 1 ? 1 : options.limit });

    const result = await new PageOutboxSender({
      outbox: contended,
      deliverer,
      logger,
      clock,
      batchSize: 2,
    }).run();

    expect(result.delivered).toBe(4);
    expect(deliverer.deliveries.map(d => d.key).sort()).toEqual(
      [1, 2, 3, 4].map(l => `incident:${i.id}:escalation:${l}`).sort(),
    );
  });

  it('hands a page claimed by a sender that died to another once the lease runs out', async () => {
    const { outbox, deliverer, sender, incident } = await setup();
    const i = await incident('a');
    await outbox.enqueue([escalation(i, 1)]);
    // A sender claims the page and dies before delivering it.
    const claimed = await outbox.claim({
      now: T,
      leaseMs: 60_000,
      limit: 10,
      leaseToken: 'dead',
    });
    expect(claimed.map(p => p.key)).toEqual([`incident:${i.id}:escalation:1`]);

    now = seconds(59);
    expect((await sender().run()).delivered).toBe(0);
    expect(deliverer.deliveries).toEqual([]);

    now = seconds(60);
    expect((await sender().run()).delivered).toBe(1);
    expect((await sender().run()).delivered).toBe(0);
    expect(deliverer.deliveries).toEqual([
      {
        key: `incident:${i.id}:escalation:1`,
        channels: ['backstage', 'slack'],
      },
    ]);
    // The dead sender's late report cannot undo or repeat anything.
    expect(await outbox.markDelivered(claimed[0].id, 'dead', now, [])).toBe(
      false,
    );
    expect(await outbox.listForIncident(i.id)).toMatchObject([
      { attempts: 2, deliveredAt: seconds(60).toISOString() },
    ]);
  });

  it('retries only the channel that failed, after a backoff, and gives up after the last attempt', async () => {
    const { outbox, deliverer, sender, logger, incident } = await setup();
    const i = await incident('a');
    const j = await incident('b');
    await outbox.enqueue([escalation(i, 1)]);
    deliverer.fail = (notice, channels) =>
      notice.incident.id === i.id && deliverer.deliveries.length === 1
        ? channels.filter(c => c === 'slack')
        : [];

    expect(await sender().run()).toEqual({
      delivered: 0,
      retrying: 1,
      abandoned: 0,
    });
    now = seconds(29);
    expect((await sender().run()).delivered).toBe(0);
    now = seconds(30);
    expect((await sender().run()).delivered).toBe(1);
    expect(deliverer.deliveries.map(d => d.channels)).toEqual([
      ['backstage', 'slack'],
      ['slack'],
    ]);

    // A page that never gets through is abandoned after the last attempt, loudly.
    await outbox.enqueue([escalation(j, 1)]);
    deliverer.fail = (_notice, channels) => channels;
    const giveUpAfterTwo = sender({ maxAttempts: 2 });
    expect((await giveUpAfterTwo.run()).retrying).toBe(1);
    now = seconds(3600);
    expect((await giveUpAfterTwo.run()).abandoned).toBe(1);
    now = seconds(7200);
    expect((await giveUpAfterTwo.run()).abandoned).toBe(0);
    expect(await outbox.listForIncident(j.id)).toMatchObject([
      {
        attempts: 2,
        deliveredAt: undefined,
        abandonedAt: seconds(3600).toISOString(),
        lastError: 'Failed on backstage, slack',
      },
    ]);
    expect(logger.error).toHaveBeenCalledWith(
      `Gave up on page incident:${j.id}:escalation:1 after 2 attempts: Failed on backstage, slack`,
    );
  });

  it('keeps one page per key and none from a rolled-back transaction', async () => {
    const { store, outbox, incident } = await setup();
    const i = await incident('a');
    await outbox.enqueue([escalation(i, 1)]);
    await outbox.enqueue([escalation(i, 1), escalation(i, 2)]);
    await expect(
      store.transaction(async (_store, tx) => {
        await outbox.enqueue([escalation(i, 3)], tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await outbox.listForIncident(i.id)).map(p => p.key)).toEqual([
      `incident:${i.id}:escalation:1`,
      `incident:${i.id}:escalation:2`,
    ]);
  });

  it("queues a declaration's page in the declaration's transaction", async () => {
    const { store, outbox, deliverer, sender } = await setup();
    const queued: string[][] = [];
    // The alert link of one declaration fails inside its transaction.
    const failingAlert = 999_999;
    const linkFailing = Object.assign(Object.create(store), {
      transaction: (fn: Parameters<typeof store.transaction>[0]) =>
        store.transaction((tx, handle) =>
          fn(
            Object.assign(Object.create(tx), {
              linkAlert: async (alertId: number, incidentId: number) => {
                if (alertId === failingAlert) {
                  throw new Error('alert link failed');
                }
                return tx.linkAlert(alertId, incidentId);
              },
            }),
            handle,
          ),
        ),
    }) as typeof store;
    const service = new IncidentService({
      store: linkFailing,
      severities,
      catalog: {
        getOwnerRef: async () => ({
          available: true,
          value: 'group:default/payments',
        }),
        getDependencies: async () => ({ available: true, value: [] }),
        displayName: async (ref: string) => ref,
      },
      oncall: {
        getOncallForEntity: async () => ({
          oncall: {
            groupRef: 'group:default/payments',
            source: 'rotation',
            primary: 'user:default/alice',
            escalation: [],
            members: ['user:default/alice'],
          },
        }),
      } as any,
      alerting: { incidentResolved: async () => {} },
      publisher: { publish: async () => {} },
      pages: outbox,
      onPagesQueued: async keys => {
        queued.push(keys);
      },
      clock,
    });
    const input = {
      title: 'Checkout down',
      severity: 'P1',
      entityRef: 'component:default/checkout',
    };

    // A declaration that rolls back leaves no page behind.
    await expect(
      service.declare(input, 'user:default/erin', {
        openedBy: {
          id: failingAlert,
          name: 'CheckoutDown',
          source: 'alertmanager',
          dedupKey: 'checkout-down',
          severity: 'P1',
        },
      }),
    ).rejects.toThrow('alert link failed');
    expect(
      Number((await knex('incident_page_outbox').count({ n: '*' }))[0].n),
    ).toBe(0);

    // A committed one has its page queued before anything tries to deliver it.
    const incident = await service.declare(input, 'user:default/erin');
    expect(await outbox.listForIncident(incident.id)).toMatchObject([
      {
        key: `incident:${incident.id}:declared`,
        kind: 'declared',
        deliveredAt: undefined,
      },
    ]);
    expect(queued).toEqual([[`incident:${incident.id}:declared`]]);
    expect((await store.listTimeline(incident.id)).map(e => e.type)).toEqual([
      'declared',
      'paged',
    ]);
    await sender().run();
    expect(deliverer.deliveries.map(d => d.key)).toEqual([
      `incident:${incident.id}:declared`,
    ]);
  });
});
