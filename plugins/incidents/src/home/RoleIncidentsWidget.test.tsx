import { screen, within } from '@testing-library/react';
import { incidentFixture, mockIncidentsApi } from '../testing/fixtures';
import { RoleIncidentsContent } from './RoleIncidentsWidget';
import { ALICE, renderWidget } from './__testUtils__/renderWidget';

const assigned = (role: string, userRef: string) => ({
  role,
  userRef,
  assignedAt: '2026-11-23T00:00:00.000Z',
  assignedBy: ALICE,
});

describe('RoleIncidentsContent', () => {
  it('lists incidents where the user holds a role, naming their roles', async () => {
    const api = mockIncidentsApi({
      listIncidents: jest.fn(async () => ({
        items: [
          incidentFixture({
            id: 9,
            status: 'resolved',
            roles: [
              assigned('commander', ALICE),
              assigned('scribe', 'user:default/bob'),
              assigned('scribe', ALICE),
            ],
          }),
        ],
      })),
    });
    await renderWidget(<RoleIncidentsContent />, api);
    const row = (await screen.findAllByRole('listitem'))[0];
    expect(
      within(row).getByRole('link', { name: 'INC-9 · Checkout failing' }),
    ).toHaveAttribute('href', '/incidents/9');
    expect(within(row).getByText('resolved')).toBeInTheDocument();
    expect(
      within(row).getByText(/you are commander, scribe/),
    ).toBeInTheDocument();
    expect(api.listIncidents).toHaveBeenCalledWith({
      roleHolderRefs: [ALICE],
      limit: 5,
    });
    expect(screen.queryByText('All your incidents')).toBeNull();
  });

  it('says when the user holds no role', async () => {
    await renderWidget(<RoleIncidentsContent />, mockIncidentsApi());
    expect(
      await screen.findByText('You hold no role in any incident.'),
    ).toBeInTheDocument();
  });
});
