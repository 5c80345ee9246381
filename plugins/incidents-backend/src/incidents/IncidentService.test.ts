import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { DEFAULT_SEVERITY_POLICY } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentPaging } from './IncidentPager';
import { IncidentService } from './IncidentService';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ALICE = 'user:default/alice';

function service(
  knex: Knex,
  options: {
    ownerRef?: string;
    pages?: IncidentPaging;
    /** Catalog display names by ref; other refs have none. */
    names?: Record<string, string>;
  } = {},
) {
  const clock = () => NOW;
  return new IncidentService({
    store: DatabaseIncidentStore.fromKnex(knex, { clock }),
    severities: [...DEFAULT_SEVERITY_POLICY],
    catalog: {
      getOwnerRef: async () => ({ available: true, value: options.ownerRef }),
      getDependencies: async () => ({ available: true, value: [] }),
      displayName: async (ref: string) => options.names?.[ref] ?? ref,
    },
    oncall: {
      getOncallForEntity: async entityRef => ({
        entityRef,
        catalogAvailable: true,
      }),
    },
    alerting: { incidentResolved: async () => {} },
    publisher: { publish: async () => {} },
    pages: options.pages,
    clock,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe.each(databases.eachSupportedId())(
  'IncidentService start times on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    const declaration = {
      title: 'Checkout failing',
      severity: 'P3',
      entityRef: 'component:default/checkout',
      detectedAt: '2026-03-02T09:50:00.000Z',
    };

    it('stores when the problem started, as a responder gives it', async () => {
      const incidents = service(knex);
      const declared = await incidents.declare(
        { ...declaration, startedAt: '2026-03-02T09:41:00Z' },
        ALICE,
      );
      expect(declared).toMatchObject({
        startedAt: '2026-03-02T09:41:00.000Z',
        detectedAt: '2026-03-02T09:50:00.000Z',
      });
      const updated = await incidents.update(
        declared.id,
        { startedAt: '2026-03-02T09:30:00Z' },
        ALICE,
      );
      expect(updated.startedAt).toBe('2026-03-02T09:30:00.000Z');
      expect(
        (await incidents.timeline.getTimeline(declared.id)).at(-1)?.message,
      ).toBe('Changed startedAt');
    });

    it('refuses a start after the detection or malformed, naming startedAt', async () => {
      const incidents = service(knex);
      expect(
        await refusal(
          incidents.declare(
            { ...declaration, startedAt: '2026-03-02T09:55:00Z' },
            ALICE,
          ),
        ),
      ).toBe(
        'startedAt (2026-03-02T09:55:00.000Z) must not be after detectedAt (2026-03-02T09:50:00.000Z)',
      );
      expect(
        await refusal(
          incidents.declare({ ...declaration, startedAt: 'soon' }, ALICE),
        ),
      ).toMatch(/^startedAt /);
      const declared = await incidents.declare(declaration, ALICE);
      expect(
        await refusal(
          incidents.update(
            declared.id,
            { startedAt: '2026-03-02T09:51:00Z' },
            ALICE,
          ),
        ),
      ).toBe(
        'detectedAt (2026-03-02T09:50:00.000Z) must not be before startedAt (2026-03-02T09:51:00.000Z)',
      );
    });
  },
);

describe.each(databases.eachSupportedId())(
  'IncidentService raising severity on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    /** A service whose outbox refuses the pages of raises, as a failing write would. */
    function refusingRaisePages() {
      const queued: Array<{ key: string; inTransaction: boolean }> = [];
      const incidents = service(knex, {
        ownerRef: 'group:default/payments',
        pages: {
          enqueue: async (pages, tx) => {
            for (const { key } of pages) {
              if (key.includes(':raised:')) {
                throw new Error('the outbox is unavailable');
              }
              queued.push({ key, inTransaction: tx !== undefined });
            }
          },
        },
      });
      return { incidents, queued };
    }

    const p4 = {
      title: 'Checkout slow',
      severity: 'P4',
      entityRef: 'component:default/checkout',
    };

    it('keeps a raise by a joining alert and its page together: neither without the other', async () => {
      const { incidents, queued } = refusingRaisePages();
      const declared = await incidents.declare(p4, ALICE);
      expect(queued).toEqual([
        { key: `incident:${declared.id}:declared`, inTransaction: true },
      ]);
      await expect(
        incidents.joinAlert(
          declared.id,
          {
            id: 1,
            name: 'CheckoutDown',
            source: 'alertmanager',
            dedupKey: 'checkout-down',
            severity: 'P1',
          },
          'alertmanager',
        ),
      ).rejects.toThrow('the outbox is unavailable');
      expect((await incidents.get(declared.id)).severity).toBe('P4');
      expect(
        (await incidents.timeline.getTimeline(declared.id)).map(e => e.type),
      ).toEqual(['declared']);
    });

    it('keeps a raise by a responder and its page together', async () => {
      const { incidents } = refusingRaisePages();
      const declared = await incidents.declare(p4, ALICE);
      await expect(
        incidents.update(declared.id, { severity: 'P2' }, ALICE),
      ).rejects.toThrow('the outbox is unavailable');
      expect((await incidents.get(declared.id)).severity).toBe('P4');
      // A change that pages nobody is not held back by the outbox.
      expect(
        (await incidents.update(declared.id, { severity: 'P3' }, ALICE))
          .severity,
      ).toBe('P3');
    });
  },
);

describe.each(databases.eachSupportedId())(
  'IncidentService text for people on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
    });

    it('names entities and people by their catalog names in what it writes', async () => {
      const incidents = service(knex, {
        names: {
          'component:default/checkout': 'Checkout',
          [ALICE]: 'Alice Adams',
        },
      });
      const declared = await incidents.declare(
        {
          title: 'Checkout failing',
          severity: 'P3',
          entityRef: 'component:checkout',
        },
        ALICE,
      );
      await incidents.assignRole(declared.id, 'scribe', ALICE, ALICE);
      await incidents.unassignRole(declared.id, 'scribe', ALICE, ALICE);
      await incidents.transition(declared.id, 'investigating', ALICE);
      const update = await incidents.timeline.postStatusUpdate(
        declared.id,
        {},
        ALICE,
      );

      const timeline = await incidents.timeline.getTimeline(declared.id);
      const byType = (type: string) =>
        timeline.filter(e => e.type === type).map(e => e.message);
      expect(byType('declared')).toEqual([
        'Declared P3 on Checkout: Checkout failing',
      ]);
      expect(byType('role_assigned')).toContain('Alice Adams is scribe');
      expect(byType('role_unassigned')).toEqual([
        'Alice Adams is no longer scribe',
      ]);
      expect(update.message).toContain('affecting Checkout.');
      expect(update.message).not.toContain('component:');
      // The refs stay in the entries' data for links
      expect(timeline.find(e => e.type === 'declared')?.data).toMatchObject({
        entityRef: 'component:default/checkout',
      });
      expect(
        timeline.find(e => e.type === 'role_unassigned')?.data,
      ).toMatchObject({ userRef: ALICE });
    });

    it('falls back to the ref for what the catalog cannot name', async () => {
      const incidents = service(knex);
      const declared = await incidents.declare(
        {
          title: 'Checkout failing',
          severity: 'P3',
          entityRef: 'component:checkout',
        },
        ALICE,
      );
      const [event] = await incidents.timeline.getTimeline(declared.id);
      expect(event.message).toBe(
        'Declared P3 on component:default/checkout: Checkout failing',
      );
    });
  },
);
