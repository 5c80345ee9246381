import { ActionItem } from '@firebreak/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { mockIncidentsApi } from '../testing/fixtures';
import { pinWallClock } from '../testing/pinWallClock';
import { OverdueActionItemsContent } from './OverdueActionItemsWidget';
import { ALICE, renderWidget } from './__testUtils__/renderWidget';

pinWallClock(new Date('2026-11-23T12:00:00Z'));

const item = (overrides: Partial<ActionItem>): ActionItem => ({
  id: 1,
  incidentId: 7,
  title: 'Add a saturation alert',
  description: '',
  ownerRef: ALICE,
  priority: 'P2',
  dueAt: '2026-11-20T09:00:00.000Z',
  status: 'open',
  createdBy: ALICE,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

describe('OverdueActionItemsContent', () => {
  it("lists the user's overdue items with how late they are and their incident", async () => {
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async () => ({
        items: [
          item({}),
          item({ id: 2, incidentId: 8, title: 'Cap retries', priority: 'P1' }),
        ],
        nextCursor: 'more',
      })),
    });
    await renderWidget(<OverdueActionItemsContent />, api);
    const [first, second] = await screen.findAllByRole('listitem');
    expect(
      within(first).getByText('Add a saturation alert'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText(/due 2026-11-20 09:00 UTC, 3 days overdue/),
    ).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'INC-7' })).toHaveAttribute(
      'href',
      '/incidents/7',
    );
    expect(within(second).getByText('P1')).toBeInTheDocument();
    expect(api.listActionItems).toHaveBeenCalledWith({
      ownerRefs: [ALICE],
      overdue: true,
      limit: 5,
    });
    expect(
      screen.getByRole('link', { name: 'All action items' }),
    ).toHaveAttribute('href', '/incidents/action-items');
  });

  it('says when nothing is overdue', async () => {
    await renderWidget(<OverdueActionItemsContent />, mockIncidentsApi());
    expect(
      await screen.findByText('None of your action items is overdue.'),
    ).toBeInTheDocument();
  });
});
