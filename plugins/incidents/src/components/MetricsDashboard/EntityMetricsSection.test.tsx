import { DateTime } from 'luxon';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { EntityMetricsSection } from './EntityMetricsSection';
import { metricsFixture } from './metricsFixture';
import { pinWallClock } from '../../testing/pinWallClock';
import { metricsWindow } from './metricsFormat';

const ENTITY = 'component:default/payments-api';

function renderSection(api: IncidentsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <EntityMetricsSection entityRef={ENTITY} />
    </TestApiProvider>,
  );
}

// The page picks its window from the wall clock; pinned a moment before midnight UTC,
// the expected window cannot be a day off from the one the page asked for.
const NOW = DateTime.fromISO('2026-03-11T23:59:59.900Z', { zone: 'utc' });
pinWallClock(NOW.toJSDate());

describe('EntityMetricsSection', () => {
  it("shows the entity's last 90 days by week and links to all metrics", async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => metricsFixture()),
    });
    await renderSection(api);

    const mtta = await screen.findByRole('group', { name: 'MTTA' });
    expect(mtta).toHaveTextContent('12 min');
    expect(mtta).toHaveTextContent('p90 30 min');
    expect(screen.getByRole('group', { name: 'MTTR' })).toHaveTextContent(
      '5 hr, 9 min',
    );
    expect(screen.getByRole('group', { name: 'Incidents' })).toHaveTextContent(
      '9',
    );
    const breaches = screen.getByRole('group', { name: 'Breaches' });
    expect(breaches).toHaveTextContent('7');
    expect(breaches).toHaveTextContent('3 acknowledgement, 4 resolution');
    expect(
      screen.getByText('Postmortems: 2 of 5 published, 1 overdue'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Action items of these incidents: 2 overdue of 6'),
    ).toBeInTheDocument();
    // Range-scoped figures say so: the action items page counts every outstanding item.
    expect(
      screen.getByText('Incidents detected in the last 90 days'),
    ).toBeInTheDocument();
    // The chart's code loads on demand, after the figures.
    const counts = await screen.findByRole('table', {
      name: 'Incidents by severity per week',
    });
    expect(within(counts).getAllByRole('row')).toHaveLength(3);

    expect(api.getMetrics).toHaveBeenCalledWith({
      ...metricsWindow(90, NOW),
      bucket: 'week',
      entityRef: ENTITY,
    });
    expect(screen.getByRole('link', { name: /All metrics/ })).toHaveAttribute(
      'href',
      '/incidents/metrics?range=90&entity=component%3Adefault%2Fpayments-api',
    );
  });

  it('shows a failure inside the card', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => {
        throw new Error('metrics store unavailable');
      }),
    });
    await renderSection(api);
    const [message] = await screen.findAllByText(/metrics store unavailable/);
    const card = screen.getByText('Incident metrics').closest('.MuiCard-root');
    expect(card).toContainElement(message);
    expect(screen.queryByRole('group', { name: 'MTTA' })).toBeNull();
    expect(screen.getByRole('link', { name: /All metrics/ })).toBeTruthy();
  });
});
