import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { DEFAULT_SEVERITY_POLICY } from '@firebreak/plugin-incidents-common';
import { screen } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { SeverityPolicyCard } from './SeverityPolicyCard';

function renderWith(api: Partial<IncidentsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <SeverityPolicyCard />
    </TestApiProvider>,
  );
}

describe('SeverityPolicyCard', () => {
  it('lists every level with its targets', async () => {
    await renderWith({
      getSeverities: async () => [...DEFAULT_SEVERITY_POLICY],
    });
    expect(await screen.findByText('P1 · Critical')).toBeInTheDocument();
    expect(screen.getByText('P5 · Informational')).toBeInTheDocument();
    expect(screen.getAllByText('Required')).toHaveLength(2);
    // P1 resolves within an hour, P3 is acknowledged within one
    expect(screen.getAllByText('1 hr')).toHaveLength(2);
    expect(screen.getByText('1 wk')).toBeInTheDocument();
  });

  it('shows the error when the backend refuses', async () => {
    await renderWith({
      getSeverities: async () => {
        throw new Error('backend unavailable');
      },
    });
    expect(
      await screen.findByText('Error: backend unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText('P1 · Critical')).not.toBeInTheDocument();
  });
});
