import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { IncidentsPageFrame } from './IncidentsPageFrame';

describe('IncidentsPageFrame', () => {
  it('heads the page with the plugin header in legacy apps', async () => {
    await renderInTestApp(
      <IncidentsPageFrame withHeader title="Incident metrics">
        <p>dashboard</p>
      </IncidentsPageFrame>,
    );
    expect(
      screen.getByRole('heading', { name: 'Incident metrics' }),
    ).toBeInTheDocument();
    expect(screen.getByText('dashboard')).toBeInTheDocument();
  });

  it('leaves the header to the new frontend system', async () => {
    await renderInTestApp(
      <IncidentsPageFrame title="Incident metrics">
        <p>dashboard</p>
      </IncidentsPageFrame>,
    );
    expect(screen.getByText('dashboard')).toBeInTheDocument();
    expect(screen.queryByText('Incident metrics')).not.toBeInTheDocument();
  });
});
