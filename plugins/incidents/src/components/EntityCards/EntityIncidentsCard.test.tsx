import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { NotAllowedError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import {
  incidentFixture,
  mockIncidentsApi,
  summaryFixture,
} from '../../testing/fixtures';
import { EntityIncidentsCard } from './EntityIncidentsCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

function renderCard(api: IncidentsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityIncidentsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityIncidentsCard', () => {
  it('shows the open count and the latest incident with its severity', async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(async () =>
        summaryFixture({
          openIncidents: [
            incidentFixture({ id: 8, severity: 'P3' }),
            incidentFixture({ id: 7 }),
          ],
        }),
      ),
      listIncidents: jest.fn(async () => ({
        items: [incidentFixture({ id: 8, severity: 'P3', title: 'Slow' })],
      })),
    });
    await renderCard(api);
    expect(await screen.findByText('2 open incidents')).toBeInTheDocument();
    expect(screen.getByText('P3 · Moderate')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-8 · Slow' })).toHaveAttribute(
      'href',
      '/incidents/8',
    );
    expect(api.listIncidents).toHaveBeenCalledWith({
      entityRefs: ['component:default/payments-api'],
      limit: 1,
    });
  });

  it('says when the entity has never had an incident', async () => {
    await renderCard(mockIncidentsApi());
    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    expect(
      screen.getByText('This entity has never had an incident.'),
    ).toBeInTheDocument();
  });

  it('explains a refusal', async () => {
    await renderCard(
      mockIncidentsApi({
        getEntitySummary: jest.fn(async () => {
          throw new NotAllowedError('Not allowed to read incidents');
        }),
      }),
    );
    expect(
      await screen.findByText('Not allowed to read incidents'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No open incidents')).not.toBeInTheDocument();
  });
});
