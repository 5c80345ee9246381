import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { DateTime } from 'luxon';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { metricsFixture } from './metricsFixture';
import { pinWallClock } from '../../testing/pinWallClock';
import { metricsWindow } from './metricsFormat';
import { MetricsDashboardPage } from './MetricsDashboardPage';

const catalog = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments', title: 'Payments team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
      spec: {},
    },
  ],
});

function renderDashboard(api: IncidentsApi, path = '/') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [catalogApiRef, catalog],
      ]}
    >
      <MetricsDashboardPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

function tile(label: string) {
  return within(screen.getByRole('group', { name: label }));
}

// The page picks its window from the wall clock; pinned a moment before midnight UTC,
// the expected window cannot be a day off from the one the page asked for.
const NOW = DateTime.fromISO('2026-03-11T23:59:59.900Z', { zone: 'utc' });
pinWallClock(NOW.toJSDate());

describe('MetricsDashboardPage', () => {
  it('shows the headline figures, trends, breaches and follow-up of the answer', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => metricsFixture()),
    });
    await renderDashboard(api);

    expect(
      await screen.findByRole('group', { name: 'Incidents' }),
    ).toHaveTextContent('9');
    expect(tile('MTTA p50').getByText('10 min')).toBeInTheDocument();
    expect(tile('MTTA p50').getByText('p90 30 min · mean 12 min')).toBeTruthy();
    expect(tile('MTTR p50').getByText('2 hr')).toBeInTheDocument();
    expect(
      tile('MTTR p50').getByText('p90 1 day, 1 hr · mean 5 hr, 9 min'),
    ).toBeInTheDocument();
    expect(tile('Acknowledgement breaches').getByText('3')).toBeInTheDocument();
    expect(tile('Resolution breaches').getByText('4')).toBeInTheDocument();
    expect(tile('Postmortems overdue').getByText('1')).toBeInTheDocument();

    // The trend lines carry their figures in a table for screen readers.
    const mttr = screen.getByRole('table', { name: 'MTTR per week' });
    expect(
      within(mttr)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'Week ofMTTRIncidents',
      '2026-03-021 hr, 57 min4',
      '2026-03-097 hr, 33 min5',
    ]);
    const counts = screen.getByRole('table', {
      name: 'Incidents by severity per week',
    });
    expect(within(counts).getAllByRole('row')[1]).toHaveTextContent(
      '2026-03-022200',
    );

    const breaches = screen.getByRole('table', {
      name: 'Breaches by severity',
    });
    const p2 = within(breaches).getByText('P2').closest('tr')!;
    expect(p2).toHaveTextContent('P2323');

    expect(
      screen.getByText(
        '2 of 5 published (40%), 1 on time (20%), 4 started, 1 overdue',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /6 action items: 2 open, 2 in progress, 1 done, 1 won't do; 2 of them overdue, 20% complete/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Of the incidents detected in this range/),
    ).toBeInTheDocument();
    // Among the noisiest alerts, and with its dead runbook link.
    expect(screen.getAllByText('HighErrorRate')).toHaveLength(2);
    expect(
      screen.getByText(
        /^1 dead runbook link, as the scheduled link check last found them/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/404 Not Found · checked/)).toBeInTheDocument();
    expect(screen.getByText(/^1 open runbook follow-up$/)).toBeInTheDocument();
    expect(
      screen.getByText(
        '5 alerts (15 occurrences) across 4 incidents, 1.3 per incident',
      ),
    ).toBeInTheDocument();
    // Own runbooks only count as coverage, worded as on the entity's tab and card.
    const runbooks = within(
      screen
        .getByText('Runbook coverage')
        .closest('.MuiCard-root') as HTMLElement,
    );
    expect(runbooks.getByText('50%')).toBeInTheDocument();
    expect(
      runbooks.getByText(
        'Own runbook for 2 of 4 fired alerts (50%) · fallback only 1 · none 1',
      ),
    ).toBeInTheDocument();
    expect(runbooks.getByText('CheckoutDown').closest('tr')).toHaveTextContent(
      'Missing runbook',
    );
    expect(runbooks.getByText('LatencyHigh').closest('tr')).toHaveTextContent(
      'Fallback runbook',
    );
    expect(
      screen.getByText(
        'Time to detect p50 2 min · p90 5 min · mean 3 min, over 4 incidents whose start is known',
      ),
    ).toBeInTheDocument();
    // Two trends, severity bars, breaches, postmortems and action items are drawn.
    expect(document.querySelectorAll('.recharts-wrapper')).toHaveLength(6);
    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    expect(api.getMetrics).toHaveBeenCalledWith(metricsWindow(30, NOW));
  });

  it('re-queries with the window and bucket of the chosen range', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => metricsFixture()),
    });
    await renderDashboard(api);
    await screen.findByRole('group', { name: 'Incidents' });
    expect(api.getMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({ bucket: 'day' }),
    );

    await userEvent.click(screen.getByRole('button', { name: /Last 30 days/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Last 90 days' }));

    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(metricsWindow(90, NOW)),
    );
    const { from, to, bucket } = api.getMetrics.mock.lastCall![0];
    expect(bucket).toBe('week');
    expect(Date.parse(to) - Date.parse(from)).toBeGreaterThanOrEqual(
      90 * 86_400_000,
    );
  });

  it('restricts to the chosen owner team and entity', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => metricsFixture()),
    });
    await renderDashboard(api);
    await screen.findByRole('group', { name: 'Incidents' });

    await userEvent.click(screen.getByRole('button', { name: /All teams/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Payments team' }),
    );
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith({
        ...metricsWindow(30, NOW),
        ownerRefs: ['group:default/payments'],
      }),
    );

    await userEvent.type(screen.getByLabelText('Entity'), 'checkout{enter}');
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith({
        ...metricsWindow(30, NOW),
        ownerRefs: ['group:default/payments'],
        entityRef: 'component:default/checkout',
      }),
    );
    expect(screen.getByLabelText('Entity')).toHaveValue(
      'component:default/checkout',
    );
  });

  it('reads the filters from the URL', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => metricsFixture()),
    });
    await renderDashboard(
      api,
      '/?range=365&team=group%3Adefault%2Fpayments&entity=component%3Adefault%2Fcheckout',
    );
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenCalledWith({
        ...metricsWindow(365, NOW),
        ownerRefs: ['group:default/payments'],
        entityRef: 'component:default/checkout',
      }),
    );
    expect(screen.getByRole('button', { name: /Last 365 days/ })).toBeTruthy();
  });

  it('says so when no incident matches, and shows errors', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () =>
        metricsFixture({
          overall: { incidents: 0, mtta: { count: 0 }, mttr: { count: 0 } },
        }),
      ),
    });
    await renderDashboard(api);
    expect(
      await screen.findByText('No incidents in this range'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'MTTA p50' })).toBeNull();

    api.getMetrics.mockRejectedValue(new Error('metrics store unavailable'));
    await userEvent.click(screen.getByRole('button', { name: /Last 30 days/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Last 7 days' }));
    await waitFor(() => expect(api.getMetrics).toHaveBeenCalledTimes(2));
    expect(
      (await screen.findAllByText(/metrics store unavailable/)).length,
    ).toBeGreaterThan(0);
    // The filters stay, so the user can pick another range.
    expect(screen.getByRole('button', { name: /Last 7 days/ })).toBeTruthy();
  });
});
