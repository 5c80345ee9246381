import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { NormalizedAlert } from '@firebreak/plugin-incidents-node';
import { Knex } from 'knex';
import { createIngestionRig } from '../alerts/__testUtils__/ingestionRig';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMaintenanceWindowStore } from './DatabaseMaintenanceWindowStore';
import {
  MaintenanceCatalog,
  MaintenanceService,
  MaintenanceWindowRequest,
} from './MaintenanceService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const DB = 'resource:default/payments-db';
const API = 'component:default/payments-api';
const SEARCH = 'component:default/search-api';
const PAYMENTS = 'group:default/payments';
const ALICE = 'user:default/alice';
const SENDER = 'external:alertmanager';
const START = new Date('2026-12-08T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const at = (ms: number) => new Date(START.getTime() + ms).toISOString();

function entity(ref: string, dependsOn: string[] = []): Entity {
  const [kind, rest] = ref.split(':');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: rest.split('/')[1], namespace: 'default' },
    spec: { owner: PAYMENTS },
    relations: [
      { type: 'ownedBy', targetRef: PAYMENTS },
      ...dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
    ],
  };
}

/** payments-api depends on payments-db; search-api on nothing. */
const ENTITIES: Record<string, Entity> = {
  [DB]: entity(DB),
  [API]: entity(API, [DB]),
  [SEARCH]: entity(SEARCH),
};

function catalogOf(options: { available?: boolean } = {}) {
  const available = options.available ?? true;
  const reads: string[] = [];
  const catalog: MaintenanceCatalog = {
    getEntity: async ref => {
      reads.push(`entity ${ref}`);
      return available
        ? { available, value: ENTITIES[ref] }
        : { available: false };
    },
    getOwnerRef: async ref =>
      available
        ? { available, value: ENTITIES[ref] ? PAYMENTS : undefined }
        : { available: false },
    getDependencies: async ref => {
      reads.push(`dependencies ${ref}`);
      return available
        ? {
            available,
            value: (ENTITIES[ref]?.relations ?? [])
              .filter(r => r.type === 'dependsOn')
              .map(r => r.targetRef),
          }
        : { available: false };
    },
  };
  return { catalog, reads };
}

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    action: 'trigger',
    name: 'HighErrorRate',
    severity: 'P1',
    labels: {},
    annotations: {},
    entityRef: API,
    ...overrides,
  };
}

function setUp(knex: Knex, catalogOptions: { available?: boolean } = {}) {
  const store = DatabaseMaintenanceWindowStore.fromKnex(knex);
  const listActive = jest.spyOn(store, 'listActive');
  const { catalog, reads } = catalogOf(catalogOptions);
  // The rig's clock is the one clock of the stores, the ingestion and the windows.
  const built: { service?: MaintenanceService } = {};
  const rig = createIngestionRig(knex, START, {
    maintenance: { coverage: now => built.service!.coverage(now) },
  });
  const service = new MaintenanceService({
    store,
    catalog,
    severities: ['P1', 'P2', 'P3', 'P4', 'P5'],
    logger: mockServices.logger.mock(),
    clock: rig.clock,
  });
  built.service = service;
  const window = (request: Partial<MaintenanceWindowRequest> = {}) =>
    service.create(
      {
        entityRef: API,
        endsAt: at(HOUR),
        reason: 'Database upgrade',
        ...request,
      },
      ALICE,
    );
  return {
    ...rig,
    maintenance: service,
    window,
    reads,
    listActive,
    ingest: (batch: NormalizedAlert[]) =>
      rig.ingestion.ingest('alertmanager', batch, SENDER),
    incidentCount: async () =>
      Number((await knex('incidents').count({ n: '*' }))[0].n),
  };
}

it('runs the PostgreSQL cases whenever a PostgreSQL connection string is configured', () => {
  const configured = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
  );
  expect(!configured || databases.supports('POSTGRES_15')).toBe(true);
});

describe.each(databases.eachSupportedId())(
  'MaintenanceService on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    it('keeps an alert during a window, marked, without incident or page; it resolves as usual', async () => {
      const t = setUp(knex);
      const window = await t.window();
      expect(window).toEqual({
        id: window.id,
        entityRef: API,
        ownerRef: PAYMENTS,
        includeDependents: false,
        startsAt: START.toISOString(),
        endsAt: at(HOUR),
        reason: 'Database upgrade',
        createdBy: ALICE,
        createdAt: START.toISOString(),
        state: 'active',
      });

      t.advance(10 * MINUTE);
      const [stored] = await t.ingest([alert({ dedupKey: 'a' })]);
      expect(stored).toMatchObject({ outcome: 'opened', entityRef: API });
      expect(stored.incidentId).toBeUndefined();
      expect(stored.message).toContain(`in maintenance (window ${window.id})`);
      expect(await t.alertRow(stored.alertId!)).toMatchObject({
        status: 'firing',
        maintenanceWindowId: window.id,
        count: 1,
      });
      expect(await t.incidentCount()).toBe(0);
      expect(t.paged).toEqual([]);

      // a repeat is deduplicated onto it and stays held back
      const [repeat] = await t.ingest([alert({ dedupKey: 'a' })]);
      expect(repeat).toMatchObject({
        outcome: 'repeated',
        alertId: stored.alertId,
      });
      expect(repeat.incidentId).toBeUndefined();
      expect(await t.incidentCount()).toBe(0);

      const [resolved] = await t.ingest([
        alert({ dedupKey: 'a', action: 'resolve' }),
      ]);
      expect(resolved.outcome).toBe('resolved');
      expect(await t.alertRow(stored.alertId!)).toMatchObject({
        status: 'resolved',
        maintenanceWindowId: window.id,
      });
      expect(t.paged).toEqual([]);
    });

    it('lets the severities a window does not suppress page as usual', async () => {
      const t = setUp(knex);
      const window = await t.window({ severities: ['P5', 'P3', 'P4'] });
      // kept in policy order
      expect(window.severities).toEqual(['P3', 'P4', 'P5']);

      const [quiet] = await t.ingest([
        alert({ dedupKey: 'warn', severity: 'P4' }),
      ]);
      expect(await t.alertRow(quiet.alertId!)).toMatchObject({
        maintenanceWindowId: window.id,
      });
      const [loud] = await t.ingest([
        alert({ dedupKey: 'down', severity: 'P1' }),
      ]);
      expect(loud.incidentId).toBeDefined();
      expect(
        (await t.alertRow(loud.alertId!))?.maintenanceWindowId,
      ).toBeUndefined();
      expect(t.paged).toEqual([
        { incidentId: loud.incidentId, severity: 'P1' },
      ]);
    });

    it('opens incidents again once the window ends; an alert still firing opens one at its next repeat', async () => {
      const t = setUp(knex);
      const window = await t.window();
      const [held] = await t.ingest([alert({ dedupKey: 'still' })]);
      expect(held.incidentId).toBeUndefined();

      // one millisecond before the planned end it still holds
      t.advance(HOUR - 1);
      const [stillHeld] = await t.ingest([alert({ dedupKey: 'still' })]);
      expect(stillHeld.incidentId).toBeUndefined();
      expect(await t.incidentCount()).toBe(0);

      t.advance(1);
      expect((await t.maintenance.get(window.id)).state).toBe('ended');
      const [repeat] = await t.ingest([alert({ dedupKey: 'still' })]);
      expect(repeat).toMatchObject({
        outcome: 'repeated',
        alertId: held.alertId,
      });
      expect(repeat.incidentId).toBeDefined();
      // it keeps the mark of the window it fired in
      expect(await t.alertRow(held.alertId!)).toMatchObject({
        incidentId: repeat.incidentId,
        maintenanceWindowId: window.id,
      });
      expect(t.paged).toEqual([
        { incidentId: repeat.incidentId, severity: 'P1' },
      ]);
    });

    it('ends a window early: alerts after it open incidents, ending twice changes nothing, unknown ids are 404', async () => {
      const t = setUp(knex);
      const window = await t.window();
      t.advance(5 * MINUTE);
      const ended = await t.maintenance.end(window.id, 'user:default/bob');
      expect(ended).toMatchObject({
        state: 'ended',
        endsAt: at(HOUR),
        endedAt: at(5 * MINUTE),
        endedBy: 'user:default/bob',
      });
      t.advance(MINUTE);
      expect(await t.maintenance.end(window.id, ALICE)).toEqual(ended);

      const [opened] = await t.ingest([alert({ dedupKey: 'after' })]);
      expect(opened.incidentId).toBeDefined();
      expect(t.paged).toHaveLength(1);
      await expect(t.maintenance.end(window.id + 1, ALICE)).rejects.toThrow(
        NotFoundError,
      );
    });

    it('applies a scheduled window from its start, not before', async () => {
      const t = setUp(knex);
      const window = await t.window({
        startsAt: at(HOUR),
        endsAt: at(2 * HOUR),
      });
      expect(window.state).toBe('scheduled');

      t.advance(HOUR - 1);
      const [early] = await t.ingest([alert({ dedupKey: 'early' })]);
      expect(early.incidentId).toBeDefined();

      t.advance(1);
      expect((await t.maintenance.get(window.id)).state).toBe('active');
      const [held] = await t.ingest([
        alert({ dedupKey: 'held', name: 'LatencyHigh' }),
      ]);
      expect(held.incidentId).toBeUndefined();
      expect(await t.alertRow(held.alertId!)).toMatchObject({
        maintenanceWindowId: window.id,
      });
    });

    it('covers the entities that depend on it only with includeDependents', async () => {
      const t = setUp(knex);
      const own = await t.window({ entityRef: DB });
      const [dependent] = await t.ingest([alert({ dedupKey: 'api' })]);
      expect(dependent.incidentId).toBeDefined();

      await t.maintenance.end(own.id, ALICE);
      const wide = await t.window({ entityRef: DB, includeDependents: true });
      const [onDb, onApi, onSearch] = await t.ingest([
        alert({ dedupKey: 'db', entityRef: DB }),
        alert({ dedupKey: 'api-2', name: 'LatencyHigh' }),
        alert({ dedupKey: 'search', entityRef: SEARCH }),
      ]);
      expect((await t.alertRow(onDb.alertId!))?.maintenanceWindowId).toBe(
        wide.id,
      );
      expect((await t.alertRow(onApi.alertId!))?.maintenanceWindowId).toBe(
        wide.id,
      );
      expect(onApi.incidentId).toBeUndefined();
      // search-api depends on nothing in maintenance: it opens its incident
      expect(onSearch.incidentId).toBeDefined();
    });

    it('reads the windows once per batch, and not at all for batches that only resolve', async () => {
      const t = setUp(knex);
      await t.window({ entityRef: DB, includeDependents: true });
      t.listActive.mockClear();
      await t.ingest([
        alert({ dedupKey: '1' }),
        alert({ dedupKey: '2', name: 'LatencyHigh' }),
        alert({ dedupKey: '3', name: 'DiskFull' }),
      ]);
      expect(t.listActive).toHaveBeenCalledTimes(1);
      // and the catalog once for what payments-api depends on
      expect(t.reads.filter(r => r === `dependencies ${API}`)).toHaveLength(1);
      await t.ingest([alert({ dedupKey: '1', action: 'resolve' })]);
      expect(t.listActive).toHaveBeenCalledTimes(1);
    });

    it('lets dependents page while the catalog cannot say what they depend on', async () => {
      const t = setUp(knex);
      const wide = await t.window({ entityRef: DB, includeDependents: true });
      const coverage = await new MaintenanceService({
        store: DatabaseMaintenanceWindowStore.fromKnex(knex),
        catalog: catalogOf({ available: false }).catalog,
        severities: ['P1'],
        logger: mockServices.logger.mock(),
        clock: t.clock,
      }).coverage(t.clock());
      expect(await coverage(DB, 'P1')).toBe(wide.id);
      expect(await coverage(API, 'P1')).toBeUndefined();
    });

    it('lists windows by entity, state and owner', async () => {
      const t = setUp(knex);
      const active = await t.window();
      const scheduled = await t.window({
        startsAt: at(2 * HOUR),
        endsAt: at(3 * HOUR),
      });
      const other = await t.window({ entityRef: SEARCH });
      const cancelled = await t.window({
        startsAt: at(HOUR),
        endsAt: at(2 * HOUR),
      });
      await t.maintenance.end(cancelled.id, ALICE);
      const ids = async (options: Parameters<MaintenanceService['list']>[0]) =>
        (await t.maintenance.list(options)).map(w => w.id);

      expect(await ids({ entityRef: API, limit: 10 })).toEqual([
        scheduled.id,
        cancelled.id,
        active.id,
      ]);
      expect(await ids({ entityRef: API, state: 'active', limit: 10 })).toEqual(
        [active.id],
      );
      expect(
        await ids({ entityRef: API, state: 'scheduled', limit: 10 }),
      ).toEqual([scheduled.id]);
      expect(await ids({ entityRef: API, state: 'ended', limit: 10 })).toEqual([
        cancelled.id,
      ]);
      expect(await ids({ state: 'active', limit: 10 })).toEqual([
        other.id,
        active.id,
      ]);
      expect(await ids({ state: 'active', limit: 1 })).toEqual([other.id]);
      expect(await ids({ ownerRefs: [], limit: 10 })).toEqual([]);
      expect(
        await ids({ ownerRefs: ['group:default/search'], limit: 10 }),
      ).toEqual([]);
      expect(await ids({ ownerRefs: [PAYMENTS], limit: 10 })).toHaveLength(4);
      // refs compare case-insensitively, as the catalog's do
      expect(
        await ids({
          entityRef: 'Component:default/Payments-API',
          state: 'active',
          limit: 10,
        }),
      ).toEqual([active.id]);
    });

    it.each<[string, Partial<MaintenanceWindowRequest>, string]>([
      ['an empty reason', { reason: '   ' }, 'reason must not be empty'],
      [
        'a reason over 500 characters',
        { reason: 'x'.repeat(501) },
        'reason must be at most 500 characters',
      ],
      ['an impossible end', { endsAt: '2026-02-30T00:00:00Z' }, 'endsAt must'],
      ['an end past 2100', { endsAt: '9999-12-31T23:59:59Z' }, 'endsAt must'],
      [
        'an end before the start',
        { endsAt: at(-MINUTE) },
        'endsAt must be after',
      ],
      ['an end at the start', { endsAt: at(0) }, 'endsAt must be after'],
      [
        'a window shorter than a minute',
        { endsAt: at(MINUTE - 1) },
        'endsAt must be at least 1 minute',
      ],
      [
        'a window over 7 days',
        { endsAt: at(7 * 24 * HOUR + 1) },
        'endsAt must be at most 7 days',
      ],
      [
        'a start in the past',
        { startsAt: at(-5 * MINUTE - 1) },
        'startsAt must not be in the past',
      ],
      ['a malformed start', { startsAt: 'tomorrow' }, 'startsAt must'],
      ['an unknown severity', { severities: ['P9'] }, "severities: 'P9'"],
      ['no severities', { severities: [] }, 'severities must list'],
      [
        'a non-boolean includeDependents',
        { includeDependents: 'yes' as unknown as boolean },
        'includeDependents must be true or false',
      ],
      ['a malformed entity ref', { entityRef: 'not a ref ::' }, 'entityRef'],
      [
        'an entity the catalog does not know',
        { entityRef: 'component:default/ghost' },
        'entityRef component:default/ghost is not in the catalog',
      ],
    ])(
      'refuses %s with a 400 naming the field',
      async (_, request, message) => {
        const t = setUp(knex);
        const attempt = t.window(request);
        await expect(attempt).rejects.toThrow(InputError);
        await expect(attempt).rejects.toThrow(message);
        expect(await t.maintenance.list({ limit: 10 })).toEqual([]);
      },
    );

    it('takes a start a few minutes in the past as now', async () => {
      const t = setUp(knex);
      const window = await t.window({ startsAt: at(-5 * MINUTE) });
      expect(window).toMatchObject({
        startsAt: START.toISOString(),
        state: 'active',
      });
    });

    it('answers 503 while the catalog cannot be read, and 409 past 20 open windows', async () => {
      const down = setUp(knex, { available: false });
      await expect(down.window()).rejects.toThrow(ServiceUnavailableError);

      const t = setUp(knex);
      for (let i = 0; i < 20; i++) await t.window();
      await expect(t.window()).rejects.toThrow(ConflictError);
      // ended windows do not count
      const [first] = await t.maintenance.list({ state: 'active', limit: 1 });
      await t.maintenance.end(first.id, ALICE);
      await expect(t.window()).resolves.toMatchObject({ state: 'active' });
    });

    it('resolves permission resources to the current owner, else the recorded one', async () => {
      const t = setUp(knex);
      const window = await t.window();
      expect(await t.maintenance.entityResources([API, 'not a ref'])).toEqual([
        { entityRef: API, ownerRef: PAYMENTS },
        undefined,
      ]);
      expect(await t.maintenance.windowResource(window.id)).toEqual({
        entityRef: API,
        ownerRef: PAYMENTS,
      });
      const down = new MaintenanceService({
        store: DatabaseMaintenanceWindowStore.fromKnex(knex),
        catalog: catalogOf({ available: false }).catalog,
        severities: ['P1'],
        logger: mockServices.logger.mock(),
        clock: t.clock,
      });
      expect(await down.windowResource(window.id)).toEqual({
        entityRef: API,
        ownerRef: PAYMENTS,
      });
      await expect(down.windowResource(window.id + 1)).rejects.toThrow(
        NotFoundError,
      );
    });
  },
);
