import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseIncidentStore } from '../DatabaseIncidentStore';
import { NewIncident } from '../IncidentStore';

/** The store's clock in the store tests: row stamps it writes itself come from it. */
export const STORE_NOW = new Date('2026-01-05T12:00:00.000Z');

/** A P2 on payments-api, detected three hours before {@link STORE_NOW}. */
export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: 'Payments API down',
    description: 'Checkout returns 502',
    status: 'triggered',
    severity: 'P2',
    entityRef: 'component:default/payments-api',
    affectedEntityRefs: [],
    ownerRef: 'group:default/payments',
    source: 'manual',
    impact: {},
    links: [],
    createdBy: 'user:default/alice',
    detectedAt: new Date('2026-01-05T09:00:00.000Z'),
    ...overrides,
  };
}

/** A fresh, migrated store on `databaseId`; its clock reads {@link STORE_NOW} unless given. */
export async function createTestIncidentStore(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  clock: () => Date = () => STORE_NOW,
): Promise<DatabaseIncidentStore> {
  const knex = await databases.init(databaseId);
  return DatabaseIncidentStore.create({
    database: mockServices.database({ knex }),
    clock,
  });
}
