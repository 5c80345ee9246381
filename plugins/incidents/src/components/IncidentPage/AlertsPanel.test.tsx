import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { Alert } from '@firebreak/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { IncidentAlert, IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { AlertsPanel } from './AlertsPanel';

function alertFixture(overrides: Partial<IncidentAlert> = {}): Alert {
  return {
    id: 1,
    source: 'alertmanager',
    dedupKey: 'abc',
    entityRef: 'component:default/payments-api',
    name: 'HighErrorRate',
    status: 'firing',
    labels: {},
    annotations: {},
    count: 3,
    firstSeenAt: '2026-11-23T00:00:00Z',
    lastSeenAt: '2026-11-23T00:20:00Z',
    incidentId: 7,
    ...overrides,
  };
}

function renderPanel(api: IncidentsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <AlertsPanel incident={incidentFixture()} refreshKey={0} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('AlertsPanel', () => {
  it('lists the alerts with their runbook, or the snippet that adds one and where', async () => {
    const snippet =
      '- alert: DiskFull\n  # runbook: https://...   <- the runbook URL; then uncomment\n';
    const api = mockIncidentsApi({
      getIncidentAlerts: jest.fn(async () => [
        alertFixture({
          runbookUrl: 'https://wiki.example.com/rb/5xx',
          runbookFrom: 'table',
        }),
        alertFixture({
          id: 3,
          name: 'CertificateExpiringSoon',
          runbookUrl: 'https://wiki.example.com/rb/payments',
          runbookFrom: 'entity',
        }),
        alertFixture({
          id: 2,
          name: 'DiskFull',
          status: 'resolved',
          count: 1,
          firstSeenAt: '2026-11-23T00:05:00Z',
          lastSeenAt: '2026-11-23T00:05:00Z',
          snippet,
        }),
      ]),
    });
    await renderPanel(api);
    const errorRow = (await screen.findByText('HighErrorRate')).closest('tr')!;
    expect(api.getIncidentAlerts).toHaveBeenCalledWith(7);
    expect(
      within(errorRow).getByRole('link', { name: /^Runbook/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/rb/5xx');
    expect(errorRow.textContent).toContain('2026-11-23 00:00 UTC');
    expect(errorRow.textContent).toContain('2026-11-23 00:20 UTC');
    expect(errorRow.textContent).toContain('firing');
    expect(errorRow.textContent).toContain('fired 3 times');

    // the entity's catch-all runbook is not passed off as the alert's own
    const certificateRow = screen
      .getByText('CertificateExpiringSoon')
      .closest('tr')!;
    expect(
      within(certificateRow).getByRole('link', { name: /^Fallback runbook/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/rb/payments');

    const diskRow = within(screen.getByRole('table'))
      .getByText('DiskFull')
      .closest('tr')!;
    expect(within(diskRow).getByText('Missing runbook')).toBeInTheDocument();
    expect(diskRow.textContent).toContain('resolved');
    expect(diskRow.textContent).toContain('fired once');

    const hint = screen
      .getByText('Add the missing runbooks')
      .closest('.MuiCard-root')!;
    expect(hint.textContent).toContain('firebreak.dev/alerts');
    expect(hint.textContent).toContain('- alert: DiskFull');
    expect(
      within(hint as HTMLElement).getByRole('link', { name: /payments-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(hint.textContent).not.toContain('HighErrorRate');
    expect(hint.textContent).not.toContain('CertificateExpiringSoon');
  });

  it('says when an incident has no alerts', async () => {
    await renderPanel(mockIncidentsApi());
    expect(
      await screen.findByText('No alerts: this incident was declared by hand.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Missing runbook')).not.toBeInTheDocument();
  });

  it('shows a failure to load the alerts', async () => {
    const response = new Response(
      JSON.stringify({ error: { name: 'Error', message: 'db down' } }),
      { status: 500, headers: { 'Content-Type': 'application/json' } },
    );
    const failure = await ResponseError.fromResponse(response);
    await renderPanel(
      mockIncidentsApi({
        getIncidentAlerts: jest.fn(async () => {
          throw failure;
        }),
      }),
    );
    expect(
      await screen.findByText(/Could not load the alerts/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
