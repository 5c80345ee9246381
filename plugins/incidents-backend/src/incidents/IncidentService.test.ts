import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { DEFAULT_SEVERITY_POLICY } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentService } from './IncidentService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ALICE = 'user:default/alice';

function service(knex: Knex) {
  const clock = () => NOW;
  return new IncidentService({
    store: DatabaseIncidentStore.fromKnex(knex, { clock }),
    severities: [...DEFAULT_SEVERITY_POLICY],
    catalog: {
      getOwnerRef: async () => ({ available: true, value: undefined }),
      getDependencies: async () => ({ available: true, value: [] }),
    },
    oncall: {
      getOncallForEntity: async entityRef => ({
        entityRef,
        catalogAvailable: true,
      }),
    },
    alerting: { incidentResolved: async () => {} },
    publisher: { publish: async () => {} },
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
      expect((await incidents.getTimeline(declared.id)).at(-1)?.message).toBe(
        'Changed startedAt',
      );
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
