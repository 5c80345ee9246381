import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { DeclareIncidentDialog } from './DeclareIncidentDialog';

const severities = [
  { id: 'P3', label: 'Minor', description: 'Minor.', pages: false },
] as SeverityLevel[];

async function declareThroughDialog(warnings?: string[]) {
  const user = userEvent.setup({ delay: null });
  const declared = incidentFixture({
    id: 31,
    ref: 'INC-31',
    title: 'Queue stuck',
    entityRef: 'component:default/not-in-catalog',
  });
  const api = mockIncidentsApi({
    declareIncident: jest.fn(async () => ({ ...declared, warnings })),
  });
  const onDeclared = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <DeclareIncidentDialog
        open
        onClose={() => {}}
        entityRef="component:default/not-in-catalog"
        severities={severities}
        onDeclared={onDeclared}
      />
    </TestApiProvider>,
  );
  const dialog = await screen.findByRole('dialog');
  await user.type(within(dialog).getByLabelText(/Title/), 'Queue stuck');
  await user.click(within(dialog).getByRole('button', { name: 'Declare' }));
  await waitFor(() => expect(api.declareIncident).toHaveBeenCalled());
  return { user, onDeclared };
}

describe('DeclareIncidentDialog', () => {
  it('shows the warnings the API returned before handing the incident over', async () => {
    const { user, onDeclared } = await declareThroughDialog([
      'component:default/not-in-catalog is not in the catalog (or has no owner): nobody paged',
    ]);
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        'component:default/not-in-catalog is not in the catalog (or has no owner): nobody paged',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Declared INC-31')).toBeInTheDocument();
    expect(onDeclared).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(onDeclared).toHaveBeenCalledWith(
      expect.objectContaining({ ref: 'INC-31' }),
    );
  });

  it('hands the incident over at once when there is nothing to warn about', async () => {
    const { onDeclared } = await declareThroughDialog();
    await waitFor(() =>
      expect(onDeclared).toHaveBeenCalledWith(
        expect.objectContaining({ ref: 'INC-31' }),
      ),
    );
    expect(screen.queryByText(/nobody paged/)).not.toBeInTheDocument();
  });
});
