import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EscalationState } from '@firebreak/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { EscalationPanel } from './EscalationPanel';

const levels: EscalationState['levels'] = [
  {
    level: 1,
    after: 'PT2M',
    at: '2026-11-23T00:02:00.000Z',
    targets: ['user:default/bob'],
    fired: true,
  },
  {
    level: 2,
    after: 'PT3M',
    at: '2026-11-23T00:05:00.000Z',
    targets: ['group:default/payments-leads', 'user:default/dana'],
    fired: false,
  },
];

async function renderPanel(escalation: EscalationState) {
  const api = mockIncidentsApi({
    getIncidentEscalation: jest.fn(async () => escalation),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <EscalationPanel incident={incidentFixture({ id: 7 })} refreshKey={0} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  expect(api.getIncidentEscalation).toHaveBeenCalledWith(7);
  return screen.findByRole('region', { name: 'Escalation' });
}

describe('EscalationPanel', () => {
  it('shows the fired levels and when the next one fires, whom it pages', async () => {
    const region = await renderPanel({
      state: 'escalating',
      source: 'policy',
      level: 1,
      levels,
      next: {
        level: 2,
        at: '2026-11-23T00:05:00.000Z',
        targets: levels[1].targets,
      },
    });
    expect(
      within(region).getByText('Escalating: 1 of 2 levels fired'),
    ).toBeInTheDocument();
    const [first, second] = within(region).getAllByRole('listitem');
    expect(first).toHaveTextContent(
      'Level 1 · 2 min after the first page · fired →',
    );
    expect(
      within(first).getByRole('link', { name: 'bob' }),
    ).toBeInTheDocument();
    expect(second).toHaveTextContent(
      'Level 2 · 3 min after level 1 · next, at 2026-11-23 00:05 UTC →',
    );
    expect(
      within(second)
        .getAllByRole('link')
        .map(l => l.textContent),
    ).toEqual(['group:payments-leads', 'dana']);
  });

  it('says the acknowledgement stopped it', async () => {
    const stopped = await renderPanel({
      state: 'acknowledged',
      source: 'policy',
      level: 1,
      levels,
    });
    expect(stopped).toHaveTextContent(
      'Escalation stopped by the acknowledgement (1 of 2 levels fired)',
    );
    expect(stopped).not.toHaveTextContent('next,');
  });

  it('says when no escalation is defined', async () => {
    const none = await renderPanel({ state: 'none', level: 0, levels: [] });
    expect(none).toHaveTextContent(
      'No escalation is defined for this severity and team',
    );
  });

  it('names the owner team for a level nobody fills', async () => {
    const region = await renderPanel({
      state: 'exhausted',
      source: 'policy',
      level: 1,
      levels: [{ ...levels[0], targets: [] }],
    });
    expect(region).toHaveTextContent('Every escalation level fired (1)');
    expect(region).toHaveTextContent(
      'the owner team (nobody fills this level now)',
    );
  });
});
