import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { NotAllowedError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi, runbookTableFixture } from '../../testing/fixtures';
import { AlertsRunbooksCard } from './AlertsRunbooksCard';

const entityRef = 'component:default/payments-api';

function renderCard(api: IncidentsApi, hasAlertsTable: boolean) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <AlertsRunbooksCard
        entityRef={entityRef}
        hasAlertsTable={hasAlertsTable}
      />
    </TestApiProvider>,
  );
}

describe('AlertsRunbooksCard', () => {
  it('lists alerts with own, fallback and missing runbooks, counted apart', async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          rows: [
            {
              alert: 'HighErrorRate',
              description: '5xx above 2%',
              source: 'https://grafana.example.com/d/pay',
              runbook: 'https://wiki.example.com/rb/5xx',
              runbookKind: 'own',
              severity: 'P2',
              inTable: true,
              lastFiredAt: '2026-11-22T10:00:00Z',
              firedCount: 4,
              openNow: true,
            },
            {
              alert: 'QueueBacklog',
              runbook: 'https://wiki.example.com/rb/payments',
              runbookKind: 'fallback',
              inTable: true,
              lastFiredAt: '2026-11-20T08:30:00Z',
              firedCount: 2,
              openNow: false,
            },
            {
              alert: 'DiskFull',
              inTable: false,
              lastFiredAt: '2026-11-21T08:30:00Z',
              firedCount: 1,
              openNow: false,
              snippet:
                '- alert: DiskFull\n  # runbook: https://...   <- the runbook URL; then uncomment\n',
            },
          ],
          fallbackRunbook: 'https://wiki.example.com/rb/payments',
          coverage: {
            fired: 3,
            own: 1,
            fallback: 1,
            none: 1,
            withRunbook: 2,
            ratio: 1 / 3,
          },
        }),
      ),
    });
    await renderCard(api, true);
    // The fallback is not coverage: 1 of 3, not 2 of 3.
    expect(
      await screen.findByText(
        'Own runbook for 1 of 3 fired alerts (33%) · fallback only 1 · none 1',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/The catalog could not be read/),
    ).not.toBeInTheDocument();
    expect(api.getRunbookTable).toHaveBeenCalledWith(entityRef);

    const errorRow = screen.getByText('HighErrorRate').closest('tr')!;
    expect(
      within(errorRow).getByRole('link', { name: /^Runbook/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/rb/5xx');
    expect(
      within(errorRow).getByRole('link', { name: /^Source/ }),
    ).toHaveAttribute('href', 'https://grafana.example.com/d/pay');
    expect(within(errorRow).getByText('P2')).toBeInTheDocument();
    expect(errorRow.textContent).toContain('2026-11-22 10:00 UTC (4×)');
    expect(errorRow.textContent).toContain('Firing');

    const backlogRow = screen.getByText('QueueBacklog').closest('tr')!;
    expect(
      within(backlogRow).getByRole('link', { name: /^Fallback runbook/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/rb/payments');

    const diskRow = screen.getByText('DiskFull').closest('tr')!;
    expect(within(diskRow).getByText('Missing runbook')).toBeInTheDocument();
    expect(within(diskRow).queryByRole('link')).not.toBeInTheDocument();

    // the fix for the missing runbook, ready to paste
    expect(document.body.textContent).toContain(
      'firebreak.dev/alerts: |\n      - alert: DiskFull',
    );
  });

  it('teaches the alerts annotation with the snippets of fired alerts when the entity has no table', async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          rows: [
            {
              alert: 'Latency p99',
              description: 'slow',
              inTable: false,
              firedCount: 3,
              lastFiredAt: '2026-11-22T10:00:00Z',
              openNow: false,
              snippet:
                "- alert: 'Latency p99'\n  description: slow\n  # runbook: https://...   <- the runbook URL; then uncomment\n",
            },
          ],
          coverage: {
            fired: 1,
            own: 0,
            fallback: 0,
            none: 1,
            withRunbook: 0,
            ratio: 0,
          },
        }),
      ),
    });
    await renderCard(api, false);
    expect(
      await screen.findByText(
        'Own runbook for 0 of 1 fired alert (0%) · fallback only 0 · none 1',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/This entity has no alert → runbook table/),
    ).toBeInTheDocument();
    const yaml = document.body.textContent!;
    expect(yaml).toContain(
      "firebreak.dev/alerts: |\n      - alert: 'Latency p99'",
    );
    expect(yaml).toContain('description: slow');
    expect(yaml).not.toContain('HighErrorRate');
  });

  it('shows a generic example when nothing has fired and there is no table', async () => {
    const api = mockIncidentsApi();
    await renderCard(api, false);
    expect(
      await screen.findByText('No alerts fired in the last 90 days'),
    ).toBeInTheDocument();
    const yaml = document.body.textContent!;
    expect(yaml).toContain('firebreak.dev/alerts: |');
    expect(yaml).toContain('- alert: HighErrorRate');
    expect(yaml).toContain(
      'runbook: https://wiki.example.com/runbooks/my-service-5xx',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when the catalog could not be read and shows the fallback runbook', async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          catalogAvailable: false,
          fallbackRunbook: 'https://wiki.example.com/rb/payments',
        }),
      ),
    });
    await renderCard(api, true);
    expect(
      await screen.findByText(
        'The catalog could not be read, so only alerts that fired are listed.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /wiki.example.com\/rb\/payments/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/rb/payments');
  });

  it("flags a runbook the link check found dead, with why and when, and the fallback's too", async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          rows: [
            {
              alert: 'HighErrorRate',
              runbook: 'https://wiki.example.com/rb/5xx',
              runbookKind: 'own',
              runbookHealth: {
                state: 'dead',
                statusCode: 404,
                problem: '404 Not Found',
                checkedAt: '2026-12-04T10:00:00.000Z',
              },
              inTable: true,
              firedCount: 1,
              openNow: false,
            },
            {
              alert: 'PaymentLatencyHigh',
              runbook: 'https://wiki.example.com/rb/latency',
              runbookKind: 'own',
              runbookHealth: {
                state: 'ok',
                checkedAt: '2026-12-04T10:00:00.000Z',
              },
              inTable: true,
              firedCount: 1,
              openNow: false,
            },
          ],
          fallbackRunbook: 'https://wiki.example.com/rb/payments',
          fallbackRunbookHealth: {
            state: 'dead',
            problem: 'timed out after 5 s',
            checkedAt: '2026-12-04T10:00:00.000Z',
          },
        }),
      ),
    });
    await renderCard(api, true);
    const deadRow = (await screen.findByText('HighErrorRate')).closest('tr')!;
    expect(
      within(deadRow).getByText(
        'Dead link: 404 Not Found, checked 2026-12-04 10:00 UTC',
      ),
    ).toBeInTheDocument();
    const okRow = screen.getByText('PaymentLatencyHigh').closest('tr')!;
    expect(within(okRow).queryByText(/Dead link/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Dead link: timed out after 5 s, checked 2026-12-04 10:00 UTC',
      ),
    ).toBeInTheDocument();
  });

  it('explains a refusal instead of showing the table', async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () => {
        throw new NotAllowedError('Not allowed to read incidents');
      }),
    });
    await renderCard(api, true);
    expect(
      await screen.findByText(/Could not load alerts and runbooks/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Not allowed to read incidents'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Alerts and runbooks')).not.toBeInTheDocument();
  });
});
