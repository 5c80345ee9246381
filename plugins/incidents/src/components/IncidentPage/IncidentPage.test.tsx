import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { findCard } from '../../__testUtils__/cards';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import {
  incidentUpdatePermission,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { IncidentPage } from './IncidentPage';
import { StatusStepper } from './StatusStepper';

const now = DateTime.fromISO('2026-11-23T01:30:00Z');

function renderPage(api: IncidentsApi, permissionApi = mockApis.permission()) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <FreshPermissionCache>
        <IncidentPage id="INC-7" now={now} />
      </FreshPermissionCache>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** The lifecycle buttons: queries scoped to them need not weigh every button on the page. */
async function statusChanges() {
  return within(await screen.findByRole('group', { name: 'Status changes' }));
}

describe('IncidentPage', () => {
  it('leads with resolving and keeps the other allowed moves in a menu', async () => {
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
    expect(
      (await statusChanges()).getByRole('button', { name: 'Resolve' })
        .className,
    ).toContain('MuiButton-contained');
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
    // the other moves are one click away
    await userEvent.click(
      (
        await statusChanges()
      ).getByRole('button', {
        name: 'Other status changes',
      }),
    );
    expect(
      screen.getAllByRole('menuitem').map(item => item.textContent),
    ).toEqual(['Mark investigating', 'Mark monitoring']);
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

  it('labels the impact as written', async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({
          impact: { usersAffected: 'EU', systems: ['edge-1', 'edge-2'] },
        }),
      ),
    });
    await renderPage(api);
    expect(await screen.findByText('Users / regions')).toBeInTheDocument();
    expect(screen.getByText('Systems / hosts')).toBeInTheDocument();
    expect(screen.getByText('edge-1, edge-2')).toBeInTheDocument();
    expect(screen.queryByText('Users Regions')).not.toBeInTheDocument();
  });

  it('leads a triggered incident with Acknowledge', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({ status: 'triggered' }),
      ),
      transitionIncident: jest.fn(async () =>
        incidentFixture({ status: 'acknowledged', version: 4 }),
      ),
    });
    await renderPage(api);
    await user.click(
      (await statusChanges()).getByRole('button', { name: 'Acknowledge' }),
    );
    expect(api.transitionIncident).toHaveBeenCalledWith(7, 'acknowledged', {
      version: 3,
      message: undefined,
    });
    // then Resolve leads
    expect(
      await (await statusChanges()).findByRole('button', { name: 'Resolve' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
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
      (
        await statusChanges()
      ).getByRole('button', {
        name: 'Other status changes',
      }),
    );
    await user.click(screen.getByRole('menuitem', { name: 'Mark monitoring' }));
    expect(api.transitionIncident).toHaveBeenCalledWith(7, 'monitoring', {
      version: 5,
      message: undefined,
    });
    // the page shows the answer right away, with the transitions from the new status
    await user.click(
      (
        await statusChanges()
      ).getByRole('button', {
        name: 'Other status changes',
      }),
    );
    expect(
      screen.getAllByRole('menuitem').map(item => item.textContent),
    ).toEqual(['Mark investigating', 'Mark identified']);
  });

  it('asks for a resolution summary and sends it with the move', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      transitionIncident: jest.fn(async () =>
        incidentFixture({ status: 'resolved', version: 4 }),
      ),
    });
    await renderPage(api);
    await user.click(
      (await statusChanges()).getByRole('button', { name: 'Resolve' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Resolve INC-7' });
    const submit = within(dialog).getByRole('button', { name: 'Resolve' });
    // no summary, no resolving
    expect(submit).toBeDisabled();
    await user.click(within(dialog).getByLabelText(/Resolution summary/));
    await user.paste('  Rolled back the 14:02 deploy ');
    await user.click(submit);
    expect(api.transitionIncident).toHaveBeenCalledWith(7, 'resolved', {
      version: 3,
      message: 'Rolled back the 14:02 deploy',
    });
    // resolved: the only move left is called Reopen
    expect(
      await (await statusChanges()).findByRole('button', { name: 'Reopen' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Other status changes' }),
    ).toBeNull();
  });

  it('shows the resolution summary of a resolved incident from its timeline', async () => {
    const resolvedEvent: TimelineEvent = {
      id: 9,
      incidentId: 7,
      type: 'status_changed',
      at: '2026-11-23T01:00:00.000Z',
      message: 'Status monitoring → resolved: Rolled back the deploy',
      data: {
        from: 'monitoring',
        to: 'resolved',
        message: 'Rolled back the deploy',
      },
      pinned: true,
    };
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () =>
        incidentFixture({
          status: 'resolved',
          resolvedAt: '2026-11-23T01:00:00.000Z',
        }),
      ),
      getTimeline: jest.fn(async () => [resolvedEvent]),
    });
    await renderPage(api);
    expect(
      await screen.findByText('Rolled back the deploy'),
    ).toBeInTheDocument();
    expect(screen.getByText('Resolution:')).toBeInTheDocument();
  });

  it('shows the refusal when a transition conflicts, keeping the summary typed', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      transitionIncident: jest.fn(async () => {
        throw new Error('INC-7 changed since you loaded it');
      }),
    });
    await renderPage(api);
    await user.click(
      (await statusChanges()).getByRole('button', { name: 'Resolve' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Resolve INC-7' });
    await user.click(within(dialog).getByLabelText(/Resolution summary/));
    await user.paste('Fixed');
    await user.click(within(dialog).getByRole('button', { name: 'Resolve' }));
    expect(
      await within(dialog).findByText(/Status not changed/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getAllByText(/INC-7 changed since you loaded it/).length,
    ).toBeGreaterThan(0);
    expect(within(dialog).getByLabelText(/Resolution summary/)).toHaveValue(
      'Fixed',
    );
  });

  it('offers no transitions for a declined incident', async () => {
    const api = mockIncidentsApi({
      getIncident: jest.fn(async () => incidentFixture({ status: 'declined' })),
    });
    await renderPage(api);
    expect(
      await screen.findByText(/it can no longer change status/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Resolve|Reopen/ })).toBeNull();
  });

  it('hides the changes a reader may not make, and says why', async () => {
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === incidentUpdatePermission.name
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const api = mockIncidentsApi({
      listStatusUpdates: jest.fn(async () => ({ items: [], variables: {} })),
    });
    await renderPage(api, permissionApi);
    expect(
      await screen.findByText(/You may read this incident but not change it/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/You may not post status updates/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Other status changes' }),
    ).toBeNull();
    expect(screen.queryByLabelText('Status update')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add note' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Assign' })).toBeNull();
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
    await user.click(screen.getByLabelText('Note'));
    await user.paste('Rolled back to v41');
    await user.click(
      within(await findCard('Timeline')).getByRole('button', {
        name: 'Add note',
      }),
    );
    await waitFor(() =>
      expect(api.addNote).toHaveBeenCalledWith(7, 'Rolled back to v41'),
    );
    await waitFor(() => expect(screen.getByLabelText('Note')).toHaveValue(''));
    // once for the stepper and the panel together, and the reload after the note
    await waitFor(() => expect(api.getTimeline).toHaveBeenCalledTimes(2));

    await user.click(
      within(await findCard('Timeline')).getByRole('button', { name: 'Pin' }),
    );
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
            public: false,
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
    const updates = within(await findCard('Status updates'));
    await user.click(
      updates.getByRole('button', { name: 'Post status update' }),
    );
    expect(api.postStatusUpdate).toHaveBeenCalledWith(7, { message: expected });
    // posted: the composer is empty after the reload, so a second click cannot repeat it
    await waitFor(() => expect(api.listStatusUpdates).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(composer).toHaveValue(''));
    expect(
      updates.getByRole('button', { name: 'Post status update' }),
    ).toBeDisabled();
    expect(api.postStatusUpdate).toHaveBeenCalledTimes(1);
  });

  it('posts an update as public only when the responder ticks it, and says which updates are', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      listStatusUpdates: jest.fn(async () => ({
        items: [
          {
            id: 2,
            incidentId: 7,
            status: 'investigating' as const,
            message: 'Card payments fail for some customers',
            postedBy: 'user:default/alice',
            postedAt: '2026-11-23T00:10:00.000Z',
            public: true,
          },
          {
            id: 1,
            incidentId: 7,
            status: 'investigating' as const,
            message: 'Acquirer contact is Bob',
            postedBy: 'user:default/alice',
            postedAt: '2026-11-23T00:05:00.000Z',
            public: false,
          },
        ],
        variables: {},
      })),
    });
    await renderPage(api);
    const updates = within(await findCard('Status updates'));
    const past = within(
      updates.getByRole('list', { name: 'Past status updates' }),
    );
    const [publicOne, internalOne] = past.getAllByRole('listitem');
    expect(publicOne).toHaveTextContent(/· public$/);
    expect(internalOne).toHaveTextContent(/· internal$/);

    const composer = updates.getByLabelText('Status update');
    await user.clear(composer);
    await user.type(composer, 'Fix deployed, watching');
    await user.click(
      updates.getByRole('checkbox', {
        name: 'Publish on the public status page',
      }),
    );
    await user.click(
      updates.getByRole('button', { name: 'Post public status update' }),
    );
    expect(api.postStatusUpdate).toHaveBeenCalledWith(7, {
      message: 'Fix deployed, watching',
      public: true,
    });
    // The next update is internal again unless ticked again.
    await waitFor(() =>
      expect(
        updates.getByRole('checkbox', {
          name: 'Publish on the public status page',
        }),
      ).not.toBeChecked(),
    );
  });

  it('shows posted updates whole, line breaks included', async () => {
    const message = `Rolled back.\nErrors back to normal; ${'watching '.repeat(
      40,
    )}`;
    const api = mockIncidentsApi({
      listStatusUpdates: jest.fn(async () => ({
        items: [
          {
            id: 1,
            incidentId: 7,
            status: 'monitoring' as const,
            message,
            postedBy: 'user:default/alice',
            postedAt: '2026-11-23T00:05:00.000Z',
            public: false,
          },
        ],
        variables: {},
      })),
    });
    await renderPage(api);
    const shown = await screen.findByText(
      (_, element) => element?.textContent === message,
      { selector: '.MuiListItemText-primary' },
    );
    expect(shown).toHaveStyle({ whiteSpace: 'pre-wrap' });
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
  it('marks the steps done up to the current status', async () => {
    const { container, getByText } = await renderInTestApp(
      <StatusStepper incident={incidentFixture({ status: 'identified' })} />,
    );
    expect(getByText('identified')).toBeInTheDocument();
    // triggered, acknowledged and investigating are completed
    expect(container.querySelectorAll('.MuiStepIcon-completed')).toHaveLength(
      3,
    );
  });

  it('marks the steps the incident jumped over as skipped, not done', async () => {
    const changed = (from: string, to: string, id: number): TimelineEvent => ({
      id,
      incidentId: 7,
      type: 'status_changed',
      at: '2026-11-23T00:10:00.000Z',
      message: `Status ${from} → ${to}`,
      data: { from, to },
      pinned: false,
    });
    const { container, getAllByText } = await renderInTestApp(
      <StatusStepper
        incident={incidentFixture({ status: 'resolved' })}
        events={[
          {
            id: 1,
            incidentId: 7,
            type: 'declared',
            at: '2026-11-23T00:00:00.000Z',
            message: 'Declared',
            data: { status: 'triggered' },
            pinned: false,
          },
          changed('triggered', 'investigating', 2),
          changed('investigating', 'resolved', 3),
        ]}
      />,
    );
    // triggered, investigating and resolved were visited; the other three were skipped
    expect(container.querySelectorAll('.MuiStepIcon-completed')).toHaveLength(
      3,
    );
    expect(getAllByText('skipped')).toHaveLength(3);
    const labels = [...container.querySelectorAll('.MuiStep-root')].map(
      step => step.textContent,
    );
    // done steps show a tick, skipped ones their number
    expect(labels).toEqual([
      'triggered',
      '2acknowledgedskipped',
      'investigating',
      '4identifiedskipped',
      '5monitoringskipped',
      'resolved',
    ]);
  });

  it('says when an incident left the path', async () => {
    const { getByText } = await renderInTestApp(
      <StatusStepper
        incident={incidentFixture({ status: 'merged', mergedIntoId: 7 })}
      />,
    );
    expect(getByText('Merged into INC-7.')).toBeInTheDocument();
  });
});
