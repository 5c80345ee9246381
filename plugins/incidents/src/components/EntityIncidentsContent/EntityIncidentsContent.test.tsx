import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { NotAllowedError } from '@backstage/errors';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { screen, waitFor, within } from '@testing-library/react';
import { act } from 'react';
import { Route, Routes } from 'react-router-dom';
import userEvent from '@testing-library/user-event';
import { IncidentsApi, incidentsApiRef } from '../../api';
import {
  incidentFixture,
  mockIncidentsApi,
  runbookTableFixture,
  summaryFixture,
} from '../../testing/fixtures';
import { metricsFixture } from '../MetricsDashboard/metricsFixture';
import { EntityIncidentsContent } from './EntityIncidentsContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

/** Metrics answer with the shared fixture unless the test said otherwise. */
function withMetrics(api: jest.Mocked<IncidentsApi>) {
  if (!api.getMetrics.getMockImplementation()) {
    api.getMetrics.mockResolvedValue(metricsFixture());
  }
  return api;
}

function renderTab(
  api: jest.Mocked<IncidentsApi>,
  permissionApi = mockApis.permission(),
  shown: Entity = entity,
) {
  withMetrics(api);
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <FreshPermissionCache>
        <EntityProvider entity={shown}>
          <EntityIncidentsContent />
        </EntityProvider>
      </FreshPermissionCache>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityIncidentsContent', () => {
  it('shows progress while the summary loads', async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(() => new Promise(() => {})),
    });
    await renderTab(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByText('Operational')).not.toBeInTheDocument();
  });

  it('says Operational and teaches the on-call annotation when nothing is set up', async () => {
    const api = mockIncidentsApi();
    await renderTab(api);
    expect(await screen.findByText('Operational')).toBeInTheDocument();
    expect(
      screen.getByText('No open incidents on this entity.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Nobody is known to be on call for this team.'),
    ).toBeInTheDocument();
    const card = screen.getByText('On call').closest('.MuiCard-root')!;
    expect(card.textContent).toContain('firebreak.dev/oncall: |');
    expect(card.textContent).toContain('name: payments');
    expect(card.textContent).toContain('shift: P7D');
    // the severity policy stays on the tab, one sub-tab away
    await userEvent.click(screen.getByRole('tab', { name: 'Severity policy' }));
    expect(
      (await screen.findAllByText('P1 · Critical')).length,
    ).toBeGreaterThan(0);
    expect(api.getEntitySummary).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    expect(api.listIncidents).toHaveBeenCalledWith({
      entityRefs: ['component:default/payments-api'],
      statuses: ['resolved'],
      limit: 5,
    });
  });

  it('shows the highest open severity, upstream incidents, links and the commander', async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(async () =>
        summaryFixture({
          openIncidents: [
            incidentFixture({ id: 8, severity: 'P3', title: 'Slow refunds' }),
            incidentFixture({
              id: 7,
              severity: 'P1',
              roles: [
                {
                  role: 'commander',
                  userRef: 'user:default/alice',
                  assignedAt: '2026-11-23T00:01:00Z',
                  assignedBy: 'user:default/bob',
                },
              ],
            }),
          ],
          upstreamIncidents: [
            incidentFixture({
              id: 3,
              severity: 'P2',
              title: 'Database failover',
              entityRef: 'resource:default/payments-db',
            }),
          ],
          oncall: {
            groupRef: 'group:default/payments',
            source: 'rotation',
            primary: 'user:default/carol',
            secondary: 'user:default/dan',
            escalation: ['group:default/payments-leads'],
            shiftEnd: '2026-11-30T09:00:00.000Z',
            members: [],
          },
        }),
      ),
    });
    await renderTab(api);
    expect(
      await screen.findByText(/Incident in progress · P1 · Critical/),
    ).toBeInTheDocument();
    expect(screen.getByText(/2 open incidents/)).toBeInTheDocument();
    expect(screen.getByText(/Database failover/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-7' })).toHaveAttribute(
      'href',
      '/incidents/7',
    );
    expect(screen.getByRole('link', { name: 'INC-3' })).toHaveAttribute(
      'href',
      '/incidents/3',
    );
    expect(screen.getByText('alice')).toBeInTheDocument();
    expect(screen.getByText('Unassigned')).toBeInTheDocument();
    expect(screen.getByText('carol')).toBeInTheDocument();
    expect(screen.getByText(/until 2026-11-30 09:00 UTC/)).toBeInTheDocument();
    expect(screen.getByText(/payments-leads/)).toBeInTheDocument();
  });

  it('reloads when the backend signals an incident change', async () => {
    const listeners: Array<(message: unknown) => void> = [];
    const signalApi = {
      subscribe: jest.fn((channel: string, onMessage: (m: any) => void) => {
        expect(channel).toBe('firebreak:incidents');
        listeners.push(onMessage);
        return { unsubscribe: jest.fn() };
      }),
    };
    const api = withMetrics(mockIncidentsApi());
    api.getEntitySummary
      .mockResolvedValueOnce(summaryFixture())
      .mockResolvedValue(
        summaryFixture({
          openIncidents: [incidentFixture({ severity: 'P2' })],
        }),
      );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [incidentsApiRef, api],
          [signalApiRef, signalApi],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <FreshPermissionCache>
          <EntityProvider entity={entity}>
            <EntityIncidentsContent />
          </EntityProvider>
        </FreshPermissionCache>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Operational')).toBeInTheDocument();
    await act(async () =>
      listeners.forEach(l => l({ change: 'declared', incidentId: 7 })),
    );
    expect(
      await screen.findByText(/Incident in progress · P2 · High/),
    ).toBeInTheDocument();
  });

  it('leads with status, on-call and open incidents; runbooks, postmortems, metrics and the policy are a sub-tab each', async () => {
    const api = mockIncidentsApi({
      listIncidents: jest.fn(async () => ({
        items: [incidentFixture({ id: 5, status: 'resolved' })],
      })),
      getRunbookTable: jest.fn(async () =>
        runbookTableFixture({
          rows: [
            {
              alert: 'HighErrorRate',
              runbook: 'https://wiki.example.com/rb/5xx',
              inTable: true,
              firedCount: 3,
              lastFiredAt: '2026-11-22T10:00:00Z',
              openNow: false,
            },
          ],
          coverage: {
            fired: 1,
            own: 1,
            fallback: 0,
            none: 0,
            withRunbook: 1,
            ratio: 1,
          },
        }),
      ),
    });
    await renderTab(api);
    // runbooks are the first sub-tab, open by default
    expect(
      await screen.findByText(
        'Own runbook for 1 of 1 fired alert (100%) · fallback only 0 · none 0',
      ),
    ).toBeInTheDocument();
    const text = document.body.textContent!;
    const order = [
      'Operational',
      'Declare incident',
      'On call',
      'Open incidents',
      'Recently resolved',
      'Alerts and runbooks',
    ].map(t => text.indexOf(t));
    expect(order.every(i => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(screen.getAllByRole('tab').map(tab => tab.textContent)).toEqual([
      'Alerts and runbooks',
      'Postmortems',
      'Metrics',
      'Severity policy',
    ]);
    expect(api.getRunbookTable).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    // the other sub-tabs load only when opened
    expect(api.getMetrics).not.toHaveBeenCalled();
    // no firebreak.dev/heartbeats annotation, no heartbeats card
    expect(api.listHeartbeats).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('tab', { name: 'Postmortems' }));
    expect(await screen.findByText('Not started')).toBeInTheDocument();
    expect(api.listPostmortems).toHaveBeenCalledWith(
      expect.objectContaining({ incidentIds: [5] }),
    );
  });

  it('shows the heartbeats the entity declares under its alerts and runbooks', async () => {
    const api = mockIncidentsApi({
      listHeartbeats: jest.fn(async () => [
        {
          name: 'settlement-export',
          interval: 'P1D',
          grace: 'PT2H',
          state: 'missed' as const,
          missedAt: '2026-11-23T04:00:00.000Z',
        },
      ]),
    });
    await renderTab(api, mockApis.permission(), {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          'firebreak.dev/heartbeats':
            '- name: settlement-export\n  interval: P1D\n',
        },
      },
    });
    const panel = screen.getByRole('tabpanel', { name: 'Alerts and runbooks' });
    expect(
      await within(panel).findByText('missed since 2026-11-23 04:00 UTC'),
    ).toBeInTheDocument();
    expect(api.listHeartbeats).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it("shows the entity's metrics of the last 90 days", async () => {
    const api = mockIncidentsApi();
    await renderTab(api);
    await userEvent.click(await screen.findByRole('tab', { name: 'Metrics' }));
    expect(
      await screen.findByRole('group', { name: 'MTTA' }),
    ).toHaveTextContent('12 min');
    expect(api.getMetrics).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        bucket: 'week',
      }),
    );
  });

  it('keeps the rest of the tab when the metrics fail', async () => {
    const api = mockIncidentsApi({
      getMetrics: jest.fn(async () => {
        throw new Error('metrics store unavailable');
      }),
    });
    await renderTab(api);
    await userEvent.click(await screen.findByRole('tab', { name: 'Metrics' }));
    const [message] = await screen.findAllByText(/metrics store unavailable/);
    expect(
      screen.getByText('Incident metrics').closest('.MuiCard-root'),
    ).toContainElement(message);
    expect(screen.getByText('Operational')).toBeInTheDocument();
    expect(screen.getByText('Open incidents')).toBeInTheDocument();
  });

  it('shows the error when the summary fails', async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(async () => {
        throw new Error('backend unavailable');
      }),
    });
    await renderTab(api);
    expect(
      await screen.findByText('Error: backend unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Operational')).not.toBeInTheDocument();
  });

  it('explains a permission refusal with its message', async () => {
    const api = mockIncidentsApi({
      getEntitySummary: jest.fn(async () => {
        throw new NotAllowedError('You may not read incidents of payments');
      }),
    });
    await renderTab(api);
    expect(
      await screen.findByText('You may not read incidents of payments'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/You are not allowed to see these incidents/),
    ).toBeInTheDocument();
  });

  // Each typed character re-rendered the nine-field dialog, and every pointer action
  // made user-event walk computed styles, which jsdom recomputes from all of MUI's style
  // sheets: typed, this test took over 30 s on a loaded machine. The keyboard path stays
  // covered (Tab reaches the title); the text arrives by paste, as one input per field.
  // What remains is real rendering: opening the dialog and the reload after declaring
  // re-render the whole tab (both tables, the cards), hence the generous limit.
  it('declares an incident from the dialog and opens it', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = withMetrics(
      mockIncidentsApi({
        declareIncident: jest.fn(async () =>
          incidentFixture({ id: 12, title: 'Checkout down' }),
        ),
      }),
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [incidentsApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <FreshPermissionCache>
          <EntityProvider entity={entity}>
            <Routes>
              <Route path="/" element={<EntityIncidentsContent />} />
              <Route path="/incidents/12" element={<p>The page of INC-12</p>} />
            </Routes>
          </EntityProvider>
        </FreshPermissionCache>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    await user.click(await screen.findByText('Declare incident'));
    const dialog = await screen.findByRole('dialog');
    // the form works from the keyboard: Tab reaches the title first
    await user.tab();
    const title = within(dialog).getByLabelText(/Title/);
    expect(title).toHaveFocus();
    await user.paste('Checkout down');
    expect(title).toHaveValue('Checkout down');
    await user.selectOptions(within(dialog).getByLabelText(/Severity/), 'P2');
    expect(
      within(dialog).getByText(/This pages the on-call; resolve within 4 hr/),
    ).toBeInTheDocument();
    const fill = async (field: HTMLElement, text: string) => {
      await user.click(field);
      await user.paste(text);
    };
    await fill(
      within(dialog).getByLabelText('Description'),
      'Card payments fail',
    );
    await user.selectOptions(
      within(dialog).getByLabelText('Impact type'),
      'outage',
    );
    await fill(
      within(dialog).getByLabelText('Reported by'),
      'Support ticket 4411',
    );
    await fill(
      within(dialog).getByLabelText(/Systems or hostnames/),
      'pay-1, pay-2',
    );
    const affected = within(dialog).getByLabelText(/Affected entities/);
    expect(affected).toHaveValue('component:default/payments-api');
    await fill(affected, ', api:default/payments');
    await user.click(within(dialog).getByText('Declare'));

    await waitFor(() =>
      expect(api.declareIncident).toHaveBeenCalledWith({
        title: 'Checkout down',
        severity: 'P2',
        entityRef: 'component:default/payments-api',
        description: 'Card payments fail',
        affectedEntityRefs: ['api:default/payments'],
        impact: {
          impactType: 'outage',
          submitterSource: 'Support ticket 4411',
          systems: ['pay-1', 'pay-2'],
        },
      }),
    );
    // the declarer lands on the new incident's page
    expect(await screen.findByText('The page of INC-12')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  }, 60_000);

  it('offers no declare button to users who may not declare, and says why', async () => {
    await renderTab(
      mockIncidentsApi(),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    );
    expect(
      await screen.findByText(
        'The permission policy does not allow you to declare incidents.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Declare incident' }),
    ).toBeNull();
  });
});
