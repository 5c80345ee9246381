import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';
import { AlertQueryService } from './AlertQueryService';
import { DatabaseAlertStore } from './DatabaseAlertStore';
import { RunbookTable } from './routing/RunbookResolver';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const PAYMENTS_API = 'component:default/payments-api';
const NOW = new Date('2026-03-20T00:00:00.000Z');

/** The entity's annotations as the resolver reads them. */
const TABLE: RunbookTable = {
  entries: [
    {
      alert: 'HighErrorRate',
      description: '5xx above 2%',
      runbook: 'https://wiki.example.com/5xx',
    },
    { alert: 'PaymentLatencyHigh', description: 'p99 above 800 ms' },
  ],
  fallbackRunbook: 'https://wiki.example.com/payments',
};

let seq = 0;
async function insertAlert(
  knex: Knex,
  alert: {
    name: string;
    summary: string;
    lastSeenAt: string;
    runbookUrl?: string;
    runbookFrom?: 'table' | 'entity' | 'alert';
  },
) {
  seq += 1;
  await knex('alerts').insert({
    source: 'alertmanager',
    dedup_key: `key-${seq}`,
    route_key: PAYMENTS_API,
    entity_ref: PAYMENTS_API,
    name: alert.name,
    status: 'resolved',
    summary: alert.summary,
    labels: '{}',
    annotations: '{}',
    runbook_url: alert.runbookUrl ?? null,
    runbook_from: alert.runbookFrom ?? null,
    count: 1,
    first_seen_at: alert.lastSeenAt,
    last_seen_at: alert.lastSeenAt,
    resolved_at: alert.lastSeenAt,
  });
}

describe.each(databases.eachSupportedId())(
  'the runbook table on %p',
  databaseId => {
    async function tableOf(
      insert: (knex: Knex) => Promise<void>,
      table: RunbookTable = TABLE,
      linkHealth?: ConstructorParameters<
        typeof AlertQueryService
      >[0]['linkHealth'],
    ) {
      const knex = await migrateDatabase(
        mockServices.database({ knex: await databases.init(databaseId) }),
      );
      await insert(knex);
      const queries = new AlertQueryService({
        alerts: DatabaseAlertStore.fromKnex(knex),
        resolver: {
          getRunbookTable: async () => ({ available: true, value: table }),
        },
        owners: {
          getOwnerRef: async () => ({ available: true, value: undefined }),
        },
        linkHealth,
        clock: () => NOW,
      });
      return queries.getRunbookTable(PAYMENTS_API);
    }

    it('describes an alert outside the table by its latest firing, not by any', async () => {
      const result = await tableOf(async knex => {
        // The older text sorts last, so MAX(summary) would pick it
        await insertAlert(knex, {
          name: 'PodCrashLooping',
          summary: 'Pod payments-api-7f9 restarted 5 times in 10 minutes',
          lastSeenAt: '2026-03-01T00:00:00.000Z',
        });
        await insertAlert(knex, {
          name: 'PodCrashLooping',
          summary: 'Container payments-api in CrashLoopBackOff',
          lastSeenAt: '2026-03-10T00:00:00.000Z',
        });
      });
      const row = result.rows.find(r => r.alert === 'PodCrashLooping');
      expect(row).toMatchObject({
        description: 'Container payments-api in CrashLoopBackOff',
        inTable: false,
        firedCount: 2,
      });
    });

    it('counts own runbooks, the fallback and none apart', async () => {
      const result = await tableOf(async knex => {
        await insertAlert(knex, {
          name: 'HighErrorRate',
          summary: '5xx',
          lastSeenAt: '2026-03-10T00:00:00.000Z',
          runbookUrl: 'https://wiki.example.com/5xx',
          runbookFrom: 'table',
        });
        // in the table without a runbook: the fallback serves it
        await insertAlert(knex, {
          name: 'PaymentLatencyHigh',
          summary: 'slow',
          lastSeenAt: '2026-03-10T00:00:00.000Z',
          runbookUrl: 'https://wiki.example.com/payments',
          runbookFrom: 'entity',
        });
        // outside the table, with a runbook annotation of its own
        await insertAlert(knex, {
          name: 'CardProcessorDown',
          summary: 'card processor refusing',
          lastSeenAt: '2026-03-10T00:00:00.000Z',
          runbookUrl: 'https://wiki.example.com/cards',
          runbookFrom: 'alert',
        });
        // outside the table, the fallback took at ingest
        await insertAlert(knex, {
          name: 'PodCrashLooping',
          summary: 'restarts',
          lastSeenAt: '2026-03-10T00:00:00.000Z',
          runbookUrl: 'https://wiki.example.com/payments',
          runbookFrom: 'entity',
        });
      });
      expect(
        Object.fromEntries(result.rows.map(r => [r.alert, r.runbookKind])),
      ).toEqual({
        HighErrorRate: 'own',
        PaymentLatencyHigh: 'fallback',
        CardProcessorDown: 'own',
        PodCrashLooping: 'fallback',
      });
      expect(result.coverage).toEqual({
        fired: 4,
        own: 2,
        fallback: 2,
        none: 0,
        withRunbook: 4,
        ratio: 0.5,
      });

      const withoutFallback = await tableOf(
        async knex => {
          await insertAlert(knex, {
            name: 'PodCrashLooping',
            summary: 'restarts',
            lastSeenAt: '2026-03-10T00:00:00.000Z',
          });
        },
        { entries: TABLE.entries },
      );
      expect(withoutFallback.coverage).toEqual({
        fired: 1,
        own: 0,
        fallback: 0,
        none: 1,
        withRunbook: 0,
        ratio: 0,
      });
      expect(
        withoutFallback.rows.find(r => r.alert === 'PodCrashLooping'),
      ).not.toHaveProperty('runbookKind');
    });

    it("carries the link check's finding on each row and on the fallback", async () => {
      const dead = {
        state: 'dead' as const,
        statusCode: 404,
        problem: '404 Not Found',
        checkedAt: NOW.toISOString(),
      };
      const asked: string[][] = [];
      const result = await tableOf(async () => {}, TABLE, {
        healthOf: async urls => {
          asked.push(urls);
          return new Map(
            urls.map(u => [
              u,
              u.endsWith('/5xx') ? dead : { state: 'ok' as const },
            ]),
          );
        },
      });
      expect(asked).toEqual([
        ['https://wiki.example.com/payments', 'https://wiki.example.com/5xx'],
      ]);
      expect(result.rows.map(r => [r.alert, r.runbookHealth?.state])).toEqual([
        ['HighErrorRate', 'dead'],
        ['PaymentLatencyHigh', 'ok'],
      ]);
      expect(result.rows[0].runbookHealth).toEqual(dead);
      expect(result.fallbackRunbookHealth).toEqual({ state: 'ok' });
      // Without the check, no health at all.
      const plain = await tableOf(async () => {});
      expect(plain.rows[0]).not.toHaveProperty('runbookHealth');
      expect(plain).not.toHaveProperty('fallbackRunbookHealth');
    });
  },
);
