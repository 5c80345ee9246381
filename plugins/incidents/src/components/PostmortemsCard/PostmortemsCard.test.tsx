import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  ActionItem,
  emptyPostmortemSections,
  Postmortem,
} from '@firebreak/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { PostmortemsCard } from './PostmortemsCard';

const entityRef = 'component:default/payments-api';

function postmortemFixture(overrides: Partial<Postmortem> = {}): Postmortem {
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
    version: 1,
    ...overrides,
  };
}

function item(
  id: number,
  incidentId: number,
  status: ActionItem['status'],
): ActionItem {
  return {
    id,
    incidentId,
    title: `Item ${id}`,
    description: '',
    ownerRef: 'group:default/payments',
    priority: 'P2',
    status,
    createdBy: 'user:default/alice',
    createdAt: '2026-11-23T02:00:00Z',
    updatedAt: '2026-11-23T02:00:00Z',
  };
}

const resolved = [
  incidentFixture({ id: 7, title: 'Checkout failing', status: 'resolved' }),
  incidentFixture({ id: 5, title: 'Refunds slow', status: 'resolved' }),
];

function renderCard(api: IncidentsApi, incidents = resolved) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <PostmortemsCard entityRef={entityRef} incidents={incidents} />
    </TestApiProvider>,
  );
}

describe('PostmortemsCard', () => {
  it('lists postmortem status and action item progress per resolved incident', async () => {
    const api = mockIncidentsApi({
      // Incident 5 has none, so the list leaves it out.
      listPostmortems: jest.fn(async () => ({
        items: [
          postmortemFixture({
            status: 'published',
            publishedAt: '2026-11-25T12:00:00Z',
          }),
        ],
      })),
      listActionItems: jest.fn(async () => ({
        items: [item(1, 7, 'done'), item(2, 7, 'open'), item(3, 9, 'done')],
      })),
    });
    await renderCard(api);
    const first = (
      await screen.findByRole('link', { name: 'INC-7 · Checkout failing' })
    ).closest('tr')!;
    expect(within(first).getByText('Published')).toBeInTheDocument();
    expect(first.textContent).toContain('Published 2026-11-25 12:00 UTC');
    expect(first.textContent).toContain('1 / 2 done');

    const second = screen
      .getByRole('link', { name: 'INC-5 · Refunds slow' })
      .closest('tr')!;
    expect(within(second).getByText('Not started')).toBeInTheDocument();
    expect(second.textContent).toContain('None');

    // One request for all the incidents' postmortems, none per incident.
    expect(api.listPostmortems).toHaveBeenCalledTimes(1);
    expect(api.listPostmortems).toHaveBeenCalledWith({
      incidentIds: [7, 5],
      limit: 2,
    });
    expect(api.getPostmortemForIncident).not.toHaveBeenCalled();
    expect(api.listActionItems).toHaveBeenCalledWith({
      entityRefs: [entityRef],
      limit: 200,
    });
  });

  it('says when nothing was resolved', async () => {
    const api = mockIncidentsApi();
    await renderCard(api, []);
    expect(
      await screen.findByText('No resolved incidents, so no postmortems yet.'),
    ).toBeInTheDocument();
    expect(api.listPostmortems).not.toHaveBeenCalled();
    expect(api.getPostmortemForIncident).not.toHaveBeenCalled();
  });

  it('explains a refusal', async () => {
    await renderCard(
      mockIncidentsApi({
        listActionItems: jest.fn(async () => {
          throw new NotAllowedError('Not allowed to read action items');
        }),
      }),
    );
    expect(
      await screen.findByText('Not allowed to read action items'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Not started')).not.toBeInTheDocument();
  });
});
