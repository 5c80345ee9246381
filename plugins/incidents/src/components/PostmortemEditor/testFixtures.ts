import {
  ActionItem,
  emptyPostmortemSections,
  Postmortem,
} from '@firebreak/plugin-incidents-common';

/** A draft postmortem (id 3) of incident 7 with empty sections and no reviewers, for tests. */
export function postmortemFixture(
  overrides: Partial<Postmortem> = {},
): Postmortem {
  return {
    id: 3,
    incidentId: 7,
    status: 'draft',
    sections: emptyPostmortemSections(),
    fiveWhys: [],
    timeline: [],
    reviewers: [],
    dueAt: '2026-11-28T00:00:00Z',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-23T02:00:00Z',
    updatedAt: '2026-11-23T02:00:00Z',
    version: 4,
    ...overrides,
  };
}

/** An open P2 action item of postmortem 3, for tests. */
export function actionItemFixture(
  overrides: Partial<ActionItem> = {},
): ActionItem {
  return {
    id: 11,
    incidentId: 7,
    postmortemId: 3,
    title: 'Alert on card declines',
    description: '',
    ownerRef: 'group:default/payments',
    priority: 'P2',
    status: 'open',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-23T02:00:00Z',
    updatedAt: '2026-11-23T02:00:00Z',
    ...overrides,
  };
}
