import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { IncidentPage } from './IncidentPage';
import { StatusStepper } from './StatusStepper';

const now = DateTime.fromISO('2026-11-23T01:30:00Z');

function renderPage(api: IncidentsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <IncidentPage id="INC-7" now={now} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('IncidentPage', () => {
  it('shows the incident with buttons for exactly the allowed transitions', async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({
          status: 'identified',
          affectedEntityRefs: ['api:default/payments'],
          impact: { impactType: 'outage', customers: 'EU merchants' },
        }),
      ),
    });
    await renderPage(api);
    expect(
      await screen.findByRole('heading', { name: 'INC-7 · Checkout failing' }),
    ).toBeInTheDocument();
    expect(api.getIncident).toHaveBeenCalledWith('INC-7');
    expect(screen.getByText('P1 · Critical')).toBeInTheDocument();
    const buttons = screen
      .getAllByRole('button', { name: /^Move to / })
      .map(b => b.textContent);
    expect(buttons).toEqual([
      'Move to investigating',
      'Move to monitoring',
      'Move to resolved',
    ]);
    // detected 00:00, now 01:30: the P1 acknowledgement (5 min) and resolution (1 hr) targets are missed
    expect(
      screen.getByText(
        /Resolve: 1 hr, 30 min so far \(target 1 hr\) — target missed/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('EU merchants')).toBeInTheDocument();
    expect(screen.getByText(/^Detected 2026-11-23 00:00/)).toBeInTheDocument();
    const hrefs = screen.getAllByRole('link').map(l => l.getAttribute('href'));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/catalog/default/component/payments-api',
        '/catalog/default/api/payments',
      ]),
    );
  });

  it('shows when the problem started next to when it was detected', async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({ startedAt: '2026-11-22T23:52:00.000Z' }),
      ),
    });
    await renderPage(api);
    expect(
      await screen.findByText(
        /^Started 2026-11-22 23:52 UTC · detected 2026-11-23 00:00 UTC/,
      ),
    ).toBeInTheDocument();
  });

  it('sends the version it showed when moving the incident', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({ status: 'investigating', version: 5 }),
      ),
      transitionIncident: jest.fn(async () =>
        incidentFixture({ status: 'monitoring', version: 6 }),
      ),
    });
    await renderPage(api);
    await user.click(
      await screen.findByRole('button', { name: 'Move to monitoring' }),
    );
    expect(api.transitionIncident).toHaveBeenCalledWith(7, 'monitoring', {
      version: 5,
    });
    // the page shows the answer right away, with the transitions from the new status
    expect(
      await screen.findByRole('button', { name: 'Move to identified' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Move to monitoring' }),
    ).not.toBeInTheDocument();
  });

  it('shows the refusal when a transition conflicts', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      transitionIncident: jest.fn(async () => {
        throw new Error('INC-7 changed since you loaded it');
      }),
    });
    await renderPage(api);
    await user.click(
      await screen.findByRole('button', { name: 'Move to resolved' }),
    );
    expect(await screen.findByText(/Status not changed/)).toBeInTheDocument();
    expect(
      screen.getAllByText(/INC-7 changed since you loaded it/).length,
    ).toBeGreaterThan(0);
  });

  it('offers no transitions for a declined incident', async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () => incidentFixture({ status: 'declined' })),
    });
    await renderPage(api);
    expect(
      await screen.findByText(/it can no longer change status/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Move to / })).toBeNull();
  });

  it('adds a note and pins a timeline entry', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      getTimeline: jest.fn(async () => [
        {
          id: 41,
          incidentId: 7,
          type: 'declared' as const,
          at: '2026-11-23T00:00:00.000Z',
          actorRef: 'user:default/alice',
          message: 'Declared INC-7',
          pinned: false,
        },
      ]),
      pinTimelineEvent: jest.fn(async () => ({
        id: 41,
        incidentId: 7,
        type: 'declared' as const,
        at: '2026-11-23T00:00:00.000Z',
        message: 'Declared INC-7',
        pinned: true,
      })),
    });
    await renderPage(api);
    expect(await screen.findByText('Declared INC-7')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Note'), 'Rolled back to v41');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() =>
      expect(api.addNote).toHaveBeenCalledWith(7, 'Rolled back to v41'),
    );
    await waitFor(() => expect(screen.getByLabelText('Note')).toHaveValue(''));
    expect(api.getTimeline).toHaveBeenCalledTimes(2);

    await user.click(screen.getByRole('button', { name: 'Pin' }));
    expect(api.pinTimelineEvent).toHaveBeenCalledWith(7, 41, true);
  });

  it('prefills the status update from the template and posts it', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      listStatusUpdates: jest.fn(async () => ({
        items: [
          {
            id: 1,
            incidentId: 7,
            status: 'investigating' as const,
            message: 'First update',
            postedBy: 'user:default/alice',
            postedAt: '2026-11-23T00:05:00.000Z',
          },
        ],
        variables: {
          ref: 'INC-7',
          severity: 'P1',
          title: 'Checkout failing',
          impact: 'failed payments',
          entity: 'payments-api',
          nextUpdate: '01:00 UTC',
        },
      })),
    });
    await renderPage(api);
    const composer = await screen.findByLabelText('Status update');
    const expected =
      'INC-7 (P1) Checkout failing: we are investigating reports of failed payments affecting payments-api. Next update by 01:00 UTC.';
    expect(composer).toHaveValue(expected);
    expect(screen.getByText('First update')).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'Post status update' }),
    );
    expect(api.postStatusUpdate).toHaveBeenCalledWith(7, { message: expected });
  });

  it('assigns and unassigns roles', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({
          roles: [
            {
              role: 'commander',
              userRef: 'user:default/alice',
              assignedAt: '2026-11-23T00:01:00Z',
              assignedBy: 'user:default/bob',
            },
          ],
        }),
      ),
    });
    await renderPage(api);
    const roles = (await screen.findByText('Roles')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    await user.selectOptions(within(roles).getByLabelText('Role'), 'scribe');
    await user.type(within(roles).getByLabelText('User'), 'user:default/carol');
    await user.click(within(roles).getByRole('button', { name: 'Assign' }));
    expect(api.assignRole).toHaveBeenCalledWith(
      7,
      'scribe',
      'user:default/carol',
    );
    await user.click(
      within(roles).getByRole('button', {
        name: 'Unassign user:default/alice from commander',
      }),
    );
    expect(api.unassignRole).toHaveBeenCalledWith(
      7,
      'commander',
      'user:default/alice',
    );
  });

  it("suggests the owner team's members for a role", async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({ ownerRef: 'group:default/payments' }),
      ),
      getOncall: jest.fn(async () => ({
        groupRef: 'group:default/payments',
        source: 'members' as const,
        escalation: [],
        members: ['user:default/alice', 'user:default/bob'],
      })),
    });
    const { container } = await renderPage(api);
    await screen.findByText('Roles');
    await waitFor(() =>
      expect(
        [...container.querySelectorAll('#incident-role-candidates option')].map(
          o => o.getAttribute('value'),
        ),
      ).toEqual(['user:default/alice', 'user:default/bob']),
    );
    expect(api.getOncall).toHaveBeenCalledWith({
      groupRef: 'group:default/payments',
    });
    expect(screen.getByLabelText('User')).toHaveAttribute(
      'list',
      'incident-role-candidates',
    );
  });

  it('shows a permission refusal with its message', async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () => {
        throw Object.assign(new Error('You may not read INC-7'), {
          name: 'NotAllowedError',
        });
      }),
    });
    await renderPage(api);
    expect(
      await screen.findByText('You may not read INC-7'),
    ).toBeInTheDocument();
  });
});

describe('StatusStepper', () => {
  it('marks the steps done up to the current status', () => {
    const { container, getByText } = render(
      <StatusStepper incident={incidentFixture({ status: 'identified' })} />,
    );
    expect(getByText('identified')).toBeInTheDocument();
    // triggered, acknowledged and investigating are completed
    expect(container.querySelectorAll('.MuiStepIcon-completed')).toHaveLength(
      3,
    );
  });

  it('says when an incident left the path', () => {
    const { getByText } = render(
      <StatusStepper
        incident={incidentFixture({ status: 'merged', mergedIntoId: 7 })}
      />,
    );
    expect(getByText('Merged into INC-7.')).toBeInTheDocument();
  });
});
