import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { NotAllowedError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi, runbookTableFixture } from '../../testing/fixtures';
import { EntityRunbooksCard } from './EntityRunbooksCard';

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', annotations },
    spec: { owner: 'group:default/payments' },
  };
}

function renderCard(api: IncidentsApi, e: Entity) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <EntityProvider entity={e}>
        <EntityRunbooksCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityRunbooksCard', () => {
  it('counts own, fallback and missing runbooks apart', async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          fallbackRunbook: 'https://rb/all',
          rows: [
            {
              alert: 'A',
              runbook: 'https://rb/a',
              runbookKind: 'own',
              inTable: true,
              firedCount: 2,
              openNow: false,
            },
            {
              alert: 'D',
              runbook: 'https://rb/all',
              runbookKind: 'fallback',
              inTable: true,
              firedCount: 1,
              openNow: false,
            },
            { alert: 'B', inTable: true, firedCount: 0, openNow: false },
            { alert: 'C', inTable: false, firedCount: 1, openNow: true },
          ],
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
    await renderCard(api, entity({ 'firebreak.dev/alerts': '- alert: A\n' }));
    // Worded as on the Incidents tab and the dashboard.
    expect(
      await screen.findByText(
        'Own runbook for 1 of 3 fired alerts (33%) · fallback only 1 · none 1',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '2 alerts without a runbook · 1 alert only has the fallback runbook',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Every alert/)).toBeNull();
    expect(screen.queryByText(/No alert → runbook table yet/)).toBeNull();
    expect(api.getRunbookTable).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('points to the alerts annotation when the entity has no table', async () => {
    await renderCard(mockIncidentsApi(), entity());
    expect(
      await screen.findByText('No alerts fired in the last 90 days'),
    ).toBeInTheDocument();
    expect(screen.getByText(/No alert → runbook table yet/)).toHaveTextContent(
      'firebreak.dev/alerts',
    );
    expect(screen.queryByText(/Every alert/)).toBeNull();
  });

  it('does not vouch for every alert without a table, even when what fired had runbooks', async () => {
    const ownRow = {
      alert: 'A',
      runbook: 'https://rb/a',
      runbookKind: 'own' as const,
      inTable: false,
      firedCount: 1,
      openNow: false,
    };
    const table = runbookTableFixture({
      rows: [ownRow],
      coverage: {
        fired: 1,
        own: 1,
        fallback: 0,
        none: 0,
        withRunbook: 1,
        ratio: 1,
      },
    });
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () => table),
    });
    const { unmount } = await renderCard(api, entity());
    expect(
      await screen.findByText(
        'Own runbook for 1 of 1 fired alert (100%) · fallback only 0 · none 0',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Every alert/)).toBeNull();
    unmount();

    // The same answer for an entity with a table earns the all-clear.
    await renderCard(
      api,
      entity({
        'firebreak.dev/alerts': '- alert: A\n  runbook: https://rb/a\n',
      }),
    );
    expect(
      await screen.findByText('Every alert has its own runbook'),
    ).toBeInTheDocument();
  });

  it('explains a refusal', async () => {
    await renderCard(
      mockIncidentsApi({
        getRunbookTable: jest.fn(async () => {
          throw new NotAllowedError('Not allowed to read runbooks');
        }),
      }),
      entity(),
    );
    expect(
      await screen.findByText('Not allowed to read runbooks'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/without a runbook/)).not.toBeInTheDocument();
  });
});
