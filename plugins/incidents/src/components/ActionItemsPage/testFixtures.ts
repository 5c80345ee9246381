import { ActionItem } from '@firebreak/plugin-incidents-common';

/** An open action item with every required field, for tests. */
export function actionItemFixture(
  overrides: Partial<ActionItem> = {},
): ActionItem {
  const id = overrides.id ?? 1;
  return {
    id,
    incidentId: 7,
    title: `Action item ${id}`,
    description: '',
    ownerRef: 'group:default/payments',
    priority: 'P2',
    status: 'open',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-23T00:00:00.000Z',
    updatedAt: '2026-11-23T00:00:00.000Z',
    ...overrides,
  };
}
