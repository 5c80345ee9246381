import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { MaintenanceWindow } from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import { IncidentsApi, incidentsApiRef } from '../../api';
import {
  maintenanceWindowFixture,
  mockIncidentsApi,
} from '../../testing/fixtures';
import { metricsFixture } from '../MetricsDashboard/metricsFixture';
import { EntityIncidentsContent } from './EntityIncidentsContent';

const ENTITY_REF = 'component:default/payments-api';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

/** The API answering `active` and `scheduled` windows until `afterChange` replaces them. */
function apiWith(windows: {
  active?: MaintenanceWindow[];
  scheduled?: MaintenanceWindow[];
}) {
  let current = { active: [], scheduled: [], ...windows };
  const api = mockIncidentsApi({
    getMetrics: jest.fn(async () => metricsFixture()),
    listMaintenanceWindows: jest.fn(
      async ({ state }) =>
        (state === 'active' ? current.active : current.scheduled) ?? [],
    ),
  });
  const afterChange = (next: typeof windows) => {
    current = { active: [], scheduled: [], ...next };
  };
  return { api, afterChange };
}

/** Users may do everything, or everything but manage maintenance windows. */
function permissions(canManage: boolean) {
  return mockApis.permission({
    authorize: request =>
      !canManage && request.permission.name === 'incidents.maintenance.manage'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
}

function renderTab(api: jest.Mocked<IncidentsApi>, canManage = true) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissions(canManage)],
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
}

describe('maintenance on the entity tab', () => {
  it('shows the window in force, what it keeps quiet, and ends it now', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, afterChange } = apiWith({
      active: [maintenanceWindowFixture({ severities: ['P3', 'P4', 'P5'] })],
    });
    api.endMaintenanceWindow.mockImplementation(async id => {
      afterChange({});
      return maintenanceWindowFixture({ id, state: 'ended' });
    });
    await renderTab(api);

    const banner = await screen.findByRole('status');
    expect(banner).toHaveTextContent(
      'In maintenance until 2026-11-23 02:00 UTC — Database upgrade, by',
    );
    expect(banner).toHaveTextContent(
      'Alerts of P3, P4, P5 are not paging; other severities page as usual.',
    );
    expect(api.listMaintenanceWindows).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      state: 'active',
    });

    await user.click(within(banner).getByRole('button', { name: 'End now' }));
    expect(api.endMaintenanceWindow).toHaveBeenCalledWith(4);
    await waitFor(() =>
      expect(screen.queryByRole('status')).not.toBeInTheDocument(),
    );
    // the tab itself stays
    expect(screen.getByText('Operational')).toBeInTheDocument();
  });

  it('lists a scheduled window, which its owners may cancel', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, afterChange } = apiWith({
      scheduled: [
        maintenanceWindowFixture({
          id: 9,
          state: 'scheduled',
          startsAt: '2026-11-24T22:00:00.000Z',
          endsAt: '2026-11-25T01:00:00.000Z',
          includeDependents: true,
          reason: 'Failover drill',
        }),
      ],
    });
    api.endMaintenanceWindow.mockImplementation(async id => {
      afterChange({});
      return maintenanceWindowFixture({ id, state: 'ended' });
    });
    await renderTab(api);
    const line = await screen.findByText(/Maintenance scheduled from/);
    expect(line).toHaveTextContent(
      'Maintenance scheduled from 2026-11-24 22:00 UTC until 2026-11-25 01:00 UTC — Failover drill',
    );
    expect(line).toHaveTextContent(
      'Alerts on this entity and on what depends on it are kept but open no incident and page nobody.',
    );
    await user.click(
      screen.getByRole('button', { name: 'Cancel maintenance' }),
    );
    expect(api.endMaintenanceWindow).toHaveBeenCalledWith(9);
    await waitFor(() =>
      expect(
        screen.queryByText(/Maintenance scheduled from/),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows others the banner without End now, and no Start maintenance', async () => {
    const { api } = apiWith({ active: [maintenanceWindowFixture()] });
    await renderTab(api, false);
    const banner = await screen.findByRole('status');
    expect(banner).toHaveTextContent(
      'Alerts are kept but open no incident and page nobody.',
    );
    // the declare button shows once permissions answered; maintenance stays hidden
    expect(
      await screen.findByRole('button', { name: 'Declare incident' }),
    ).toBeInTheDocument();
    expect(within(banner).queryByRole('button')).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Start maintenance' }),
    ).toBeNull();
  });

  it('starts maintenance from the dialog for the severities left checked', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { api, afterChange } = apiWith({});
    api.createMaintenanceWindow.mockImplementation(async request => {
      const window = maintenanceWindowFixture({
        reason: request.reason,
        severities: request.severities,
        includeDependents: true,
      });
      afterChange({ active: [window] });
      return window;
    });
    await renderTab(api);
    expect(screen.queryByRole('status')).toBeNull();

    await user.click(
      await screen.findByRole('button', { name: 'Start maintenance' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Ends/), '2026-11-23T02:00');
    await user.click(within(dialog).getByLabelText(/Reason/));
    await user.paste('Database upgrade');
    await user.click(
      within(dialog).getByLabelText(
        'Also the entities that depend on this one',
      ),
    );
    await user.click(within(dialog).getByLabelText('P1 · Critical'));
    await user.click(within(dialog).getByLabelText(/^P2 · /));
    await user.click(
      within(dialog).getByRole('button', { name: 'Start maintenance' }),
    );

    await waitFor(() =>
      expect(api.createMaintenanceWindow).toHaveBeenCalledWith({
        entityRef: ENTITY_REF,
        // read in the viewer's zone, sent as an instant
        endsAt: DateTime.fromISO('2026-11-23T02:00').toUTC().toISO(),
        reason: 'Database upgrade',
        includeDependents: true,
        severities: ['P3', 'P4', 'P5'],
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Alerts of P3, P4, P5 on this entity and on what depends on it are not paging',
    );
  }, 60_000);

  it('keeps the dialog open with the reason the backend refused', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { api } = apiWith({});
    const body = {
      error: {
        name: 'InputError',
        message: 'endsAt must be at most 7 days after startsAt',
      },
      response: { statusCode: 400 },
    };
    api.createMaintenanceWindow.mockRejectedValue(
      await ResponseError.fromResponse({
        ok: false,
        status: 400,
        statusText: 'Bad Request',
        url: 'http://backstage.test/api/incidents/maintenance-windows',
        headers: { get: () => 'application/json' },
        text: async () => JSON.stringify(body),
      } as any),
    );
    await renderTab(api);
    await user.click(
      await screen.findByRole('button', { name: 'Start maintenance' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Ends/), '2026-12-23T02:00');
    await user.click(within(dialog).getByLabelText(/Reason/));
    await user.paste('Long migration');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start maintenance' }),
    );
    expect(
      await within(dialog).findByText(
        /endsAt must be at most 7 days after startsAt/,
      ),
    ).toBeInTheDocument();
    expect(api.createMaintenanceWindow).toHaveBeenCalledWith(
      expect.not.objectContaining({ severities: expect.anything() }),
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  }, 60_000);
});
