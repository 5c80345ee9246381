import { OPEN_STATUSES } from '@firebreak/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { incidentFixture, mockIncidentsApi } from '../testing/fixtures';
import { OwnedIncidentsContent } from './OwnedIncidentsWidget';
import { ALICE, PAYMENTS, renderWidget } from './__testUtils__/renderWidget';

describe('OwnedIncidentsContent', () => {
  it("lists open incidents owned by the user's teams or the user", async () => {
    const api = mockIncidentsApi({
      listIncidents: jest.fn(async () => ({
        items: [
          incidentFixture({ id: 12, title: 'Card payments failing' }),
          incidentFixture({
            id: 11,
            title: 'Ledger backlog',
            severity: 'P3',
            status: 'triggered',
            entityRef: 'component:default/ledger-worker',
          }),
        ],
        nextCursor: 'more',
      })),
    });
    await renderWidget(<OwnedIncidentsContent />, api);
    const first = await screen.findByRole('link', {
      name: 'INC-12 · Card payments failing',
    });
    expect(first).toHaveAttribute('href', '/incidents/12');
    expect(api.listIncidents).toHaveBeenCalledWith({
      ownerRefs: [ALICE, PAYMENTS],
      statuses: [...OPEN_STATUSES],
      limit: 5,
    });
    const rows = screen.getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('P1 · Critical')).toBeInTheDocument();
    expect(within(rows[1]).getByText('triggered')).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('link', { name: 'ledger-worker' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'All open incidents of your teams' }),
    ).toHaveAttribute('href', '/incidents?view=teams');
  });

  it('says when nothing is open, without a link to more', async () => {
    await renderWidget(<OwnedIncidentsContent />, mockIncidentsApi());
    expect(
      await screen.findByText('No open incidents on services you own.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('shows a failed load as an error', async () => {
    const api = mockIncidentsApi({
      listIncidents: jest.fn(async () => {
        throw new Error('backend unreachable');
      }),
    });
    await renderWidget(<OwnedIncidentsContent />, api);
    expect(
      await screen.findByText(/Could not load open incidents/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend unreachable/)[0]).toBeInTheDocument();
  });
});
