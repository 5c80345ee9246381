import {
  ActionItem,
  canTransitionPostmortem,
  emptyPostmortemSections,
  isActionItemOverdue,
  Postmortem,
  renderPostmortemMarkdown,
} from './postmortems';
import { Incident } from './types';

const incident: Incident = {
  id: 7,
  ref: 'INC-7',
  title: 'Payments failing',
  description: '',
  status: 'resolved',
  severity: 'P1',
  entityRef: 'component:default/payments-api',
  affectedEntityRefs: [],
  ownerRef: 'group:default/payments',
  source: 'manual',
  impact: {},
  roles: [],
  links: [],
  createdBy: 'user:default/alice',
  detectedAt: '2026-01-05T09:00:00.000Z',
  resolvedAt: '2026-01-05T10:00:00.000Z',
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  version: 3,
};

const postmortem: Postmortem = {
  id: 1,
  incidentId: 7,
  status: 'in_review',
  sections: {
    ...emptyPostmortemSections(),
    summary: 'Card payments failed for an hour.',
    rootCause: 'An expired certificate.',
  },
  fiveWhys: [{ question: 'Why did it fail?', answer: 'The cert expired.' }],
  timeline: [
    {
      at: '2026-01-05T10:00:00.000Z',
      type: 'status_changed',
      message: 'Status monitoring → resolved',
      pinned: true,
    },
    {
      at: '2026-01-05T09:10:00.000Z',
      type: 'note',
      message: 'Looking at | the gateway',
      actorRef: 'user:default/bob',
      pinned: false,
    },
  ],
  reviewers: [
    { userRef: 'user:default/carol', approvedAt: '2026-01-06T09:00:00.000Z' },
  ],
  dueAt: '2026-01-10T10:00:00.000Z',
  createdBy: 'user:default/alice',
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  version: 2,
};

describe('postmortem status', () => {
  it('goes draft → in review → published, and back to draft from review only', () => {
    expect(canTransitionPostmortem('draft', 'in_review')).toBe(true);
    expect(canTransitionPostmortem('in_review', 'published')).toBe(true);
    expect(canTransitionPostmortem('in_review', 'draft')).toBe(true);
    expect(canTransitionPostmortem('draft', 'published')).toBe(false);
    expect(canTransitionPostmortem('published', 'draft')).toBe(false);
  });
});

describe('renderPostmortemMarkdown', () => {
  const markdown = renderPostmortemMarkdown(postmortem, incident);

  it('titles the document with the incident and lists the facts', () => {
    expect(markdown.startsWith('# Postmortem: INC-7 Payments failing\n')).toBe(
      true,
    );
    expect(markdown).toContain('- **Status:** In review');
    expect(markdown).toContain('- **Due:** 2026-01-10T10:00:00.000Z');
    expect(markdown).toContain('user:default/carol (approved)');
  });

  it('lists when the problem started when it is known', () => {
    expect(markdown).not.toContain('**Started:**');
    expect(
      renderPostmortemMarkdown(postmortem, {
        ...incident,
        startedAt: '2026-01-05T08:52:00.000Z',
      }),
    ).toContain(
      '- **Started:** 2026-01-05T08:52:00.000Z\n- **Detected:** 2026-01-05T09:00:00.000Z',
    );
  });

  it('renders every section in order, marking empty ones', () => {
    const headings = markdown
      .split('\n')
      .filter(line => line.startsWith('## '));
    expect(headings).toEqual([
      '## Summary',
      '## Impact',
      '## Leadup',
      '## Fault',
      '## Detection',
      '## Response',
      '## Recovery',
      '## Timeline',
      '## Five whys',
      '## Root cause',
      '## Contributing factors',
      '## What went well',
      '## What went wrong',
      '## Where we got lucky',
      '## Backlog check',
      '## Recurrence',
      '## Corrective actions',
    ]);
    expect(markdown).toContain('## Summary\n\nCard payments failed');
    expect(markdown).toContain('## Impact\n\n_Not written yet._');
    expect(markdown).toContain('1. **Why did it fail?** The cert expired.');
  });

  it('keeps the timeline order and escapes table cells', () => {
    const resolved = markdown.indexOf('monitoring → resolved');
    const note = markdown.indexOf('Looking at \\| the gateway');
    expect(resolved).toBeGreaterThan(0);
    expect(note).toBeGreaterThan(resolved);
  });
});

describe('isActionItemOverdue', () => {
  const item: ActionItem = {
    id: 1,
    incidentId: 7,
    title: 'Renew certs automatically',
    description: '',
    ownerRef: 'group:default/payments',
    priority: 'P2',
    status: 'open',
    dueAt: '2026-01-10T00:00:00.000Z',
    createdBy: 'user:default/alice',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
  };
  const later = new Date('2026-01-11T00:00:00Z');

  it('is overdue only when outstanding and past due', () => {
    expect(isActionItemOverdue(item, later)).toBe(true);
    expect(isActionItemOverdue(item, new Date('2026-01-09T00:00:00Z'))).toBe(
      false,
    );
    expect(isActionItemOverdue({ ...item, status: 'done' }, later)).toBe(false);
    expect(isActionItemOverdue({ ...item, dueAt: undefined }, later)).toBe(
      false,
    );
  });
});
