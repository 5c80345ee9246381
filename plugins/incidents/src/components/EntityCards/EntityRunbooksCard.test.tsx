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
  it('shows the coverage and how many alerts lack a runbook', async () => {
    const api = mockIncidentsApi({
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          rows: [
            {
              alert: 'A',
              runbook: 'https://rb/a',
              inTable: true,
              firedCount: 2,
              openNow: false,
            },
            { alert: 'B', inTable: true, firedCount: 0, openNow: false },
            { alert: 'C', inTable: false, firedCount: 1, openNow: true },
          ],
          coverage: {
            fired: 2,
            own: 1,
            fallback: 0,
            none: 1,
            withRunbook: 1,
            ratio: 0.5,
          },
        }),
      ),
    });
    await renderCard(api, entity({ 'firebreak.dev/alerts': '- alert: A\n' }));
    expect(
      await screen.findByText('Runbook coverage 50% (1 of 2 fired alerts)'),
    ).toBeInTheDocument();
    expect(screen.getByText('2 alerts without a runbook')).toBeInTheDocument();
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
