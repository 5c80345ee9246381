import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { NotAllowedError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi, summaryFixture } from '../../testing/fixtures';
import { EntityOncallCard } from './EntityOncallCard';

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
        <EntityOncallCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityOncallCard', () => {
  it('shows who is on call from the rotation', async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(async () =>
        summaryFixture({
          oncall: {
            groupRef: 'group:default/payments',
            source: 'rotation',
            primary: 'user:default/alice',
            secondary: 'user:default/bob',
            shiftEnd: '2026-11-30T09:00:00Z',
            escalation: ['group:default/payments-leads'],
            members: [],
          },
        }),
      ),
    });
    await renderCard(api);
    expect(await screen.findByText('Primary')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'alice' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    expect(screen.getByText(/until 2026-11-30 09:00 UTC/)).toBeInTheDocument();
    expect(api.getEntitySummary).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it("lists a policy's levels with their delays, and links to the team's schedule", async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(async () =>
        summaryFixture({
          oncall: {
            groupRef: 'group:default/payments',
            source: 'rotation',
            primary: 'user:default/alice',
            secondary: 'user:default/bob',
            escalation: ['user:default/dana'],
            escalationLevels: [
              { after: 'PT5M', notify: ['secondary'] },
              { after: 'PT10M', notify: ['primary', 'user:default/dana'] },
            ],
            members: [],
          },
        }),
      ),
    });
    await renderCard(api);
    const levels = await screen.findAllByRole('listitem');
    expect(levels.map(l => l.textContent)).toEqual([
      'After 5 min: secondary',
      'After 10 min: primary, dana',
    ]);
    expect(screen.getByRole('link', { name: /Schedule/ })).toHaveAttribute(
      'href',
      `/incidents/oncall?group=${encodeURIComponent('group:default/payments')}`,
    );
  });

  it('teaches the on-call annotation when nobody is known', async () => {
    await renderCard(mockIncidentsApi());
    expect(
      await screen.findByText('Nobody is known to be on call for this team.'),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain('firebreak.dev/oncall: |');
  });

  it('explains a refusal', async () => {
    await renderCard(
      mockIncidentsApi({
        getEntitySummary: jest.fn(async () => {
          throw new NotAllowedError('Not allowed to read on-call');
        }),
      }),
    );
    expect(
      await screen.findByText('Not allowed to read on-call'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Primary')).not.toBeInTheDocument();
  });
});
