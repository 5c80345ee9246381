import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Alert } from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { UnroutedAlertsInbox } from './UnroutedAlertsInbox';

function unroutedAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 11,
    source: 'alertmanager',
    dedupKey: 'abc',
    name: 'DiskFull',
    summary: 'Disk /var is 97% full',
    sourceSeverity: 'critical',
    status: 'firing',
    labels: {
      alertname: 'DiskFull',
      service: 'billing',
      env: 'prod',
      instance: '10.0.0.1:9100',
    },
    annotations: {},
    sourceUrl: 'https://prometheus.example.com/graph?g0.expr=disk',
    count: 4,
    firstSeenAt: '2026-11-22T22:00:00.000Z',
    lastSeenAt: '2026-11-23T01:30:00.000Z',
    ...overrides,
  };
}

async function renderInbox(api: IncidentsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <UnroutedAlertsInbox />
    </TestApiProvider>,
  );
}

/** The inbox's own calls, not the tab bar's count. */
function inboxCalls(api: jest.Mocked<IncidentsApi>) {
  return api.listAlerts.mock.calls
    .map(([filter]) => filter!)
    .filter(filter => 'cursor' in filter);
}

describe('UnroutedAlertsInbox', () => {
  it('lists open unrouted alerts with their labels, count and times', async () => {
    const api = mockIncidentsApi({
      listAlerts: jest.fn(async () => ({ items: [unroutedAlert()] })),
    });
    await renderInbox(api);
    const row = (await screen.findByText('DiskFull')).closest('tr')!;
    expect(within(row).getByText('alertmanager')).toBeInTheDocument();
    expect(
      within(row).getByText('Sender severity: critical'),
    ).toBeInTheDocument();
    expect(within(row).getByText('Disk /var is 97% full')).toBeInTheDocument();
    expect(within(row).getByText('service=billing')).toBeInTheDocument();
    expect(within(row).getByText('env=prod')).toBeInTheDocument();
    expect(within(row).getByText('4')).toBeInTheDocument();
    expect(
      within(row).getByText('First 2026-11-22 22:00 UTC'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('Last 2026-11-23 01:30 UTC'),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: /^Source of DiskFull/ }),
    ).toHaveAttribute(
      'href',
      'https://prometheus.example.com/graph?g0.expr=disk',
    );
    expect(inboxCalls(api)).toEqual([
      { unrouted: true, open: true, limit: 50, cursor: undefined },
    ]);
    // The tab bar counts the same inbox.
    expect(
      screen.getByRole('tab', { name: 'Unrouted alerts (1)' }),
    ).toBeInTheDocument();
  });

  it('shows snippets built from the alert labels to route it', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      listAlerts: jest.fn(async () => ({ items: [unroutedAlert()] })),
    });
    await renderInbox(api);
    await user.click(
      await screen.findByRole('button', { name: 'How to route DiskFull' }),
    );
    expect(screen.getByText('Route “DiskFull”')).toBeInTheDocument();
    // The per-host instance label would match only this one alert, so it is left out.
    expect(
      screen.getByText(
        (_, el) =>
          el?.tagName === 'PRE' &&
          el.textContent ===
            'metadata:\n  annotations:\n    firebreak.dev/alert-match: env=prod,service=billing',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, el) =>
          el?.tagName === 'PRE' &&
          el.textContent ===
            'labels:\n  backstage_entity: component:default/billing',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: "Copy: Or add this annotation to the entity's catalog-info.yaml",
      }),
    ).toBeInTheDocument();
  });

  it('shows every unrouted alert, resolved ones included, when asked', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      listAlerts: jest.fn(async () => ({
        items: [unroutedAlert()],
        nextCursor: 'page-2',
      })),
    });
    await renderInbox(api);
    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(inboxCalls(api).at(-1)).toEqual({
        unrouted: true,
        open: true,
        limit: 50,
        cursor: 'page-2',
      }),
    );

    await user.click(screen.getByLabelText('Open alerts only'));
    await waitFor(() => expect(inboxCalls(api).at(-1)!.open).toBeUndefined());
    // A new list starts at its first page.
    expect(inboxCalls(api).at(-1)!.cursor).toBeUndefined();
    expect(inboxCalls(api).at(-1)!.unrouted).toBe(true);
    expect(await screen.findByText('Unrouted alerts')).toBeInTheDocument();
  });

  it('says when there is nothing to route', async () => {
    await renderInbox(mockIncidentsApi());
    expect(await screen.findByText('No unrouted alerts')).toBeInTheDocument();
  });

  it('shows a failed load', async () => {
    const api = mockIncidentsApi({
      listAlerts: jest.fn(async () => {
        throw new Error('alerts unavailable');
      }),
    });
    await renderInbox(api);
    expect(
      await screen.findByText('Error: Could not load alerts'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/alerts unavailable/).length).toBeGreaterThan(0);
    expect(screen.queryByText('No unrouted alerts')).not.toBeInTheDocument();
  });
});
