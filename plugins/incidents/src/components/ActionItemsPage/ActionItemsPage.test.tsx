import { NotAllowedError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ActionItem } from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { ActionItemListFilter, IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { pinWallClock } from '../../testing/pinWallClock';
import { ActionItemsPage } from './ActionItemsPage';
import { actionItemFixture } from './testFixtures';

// The page tells overdue from due by the wall clock, pinned here for its whole run.
const NOW = DateTime.fromISO('2026-11-23T12:00:00.000Z', { zone: 'utc' });
pinWallClock(NOW.toJSDate());
const daysFromNow = (days: number) => NOW.plus({ days }).toISO()!;

const overdueItem = actionItemFixture({
  id: 1,
  title: 'Add a circuit breaker to the card gateway',
  priority: 'P1',
  dueAt: daysFromNow(-3),
  ownerRef: 'user:default/alice',
});
const newItem = actionItemFixture({
  id: 2,
  incidentId: 9,
  postmortemId: 4,
  title: 'Alert on 5xx rate per region',
  status: 'in_progress',
  dueAt: daysFromNow(10),
  ticketUrl: 'https://tickets.example.com/OPS-12',
});

const catalog = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments', title: 'Payments' },
      spec: { type: 'team', children: [] },
      relations: [
        { type: 'hasMember', targetRef: 'user:default/alice' },
        { type: 'hasMember', targetRef: 'user:default/bob' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'search' },
      spec: { type: 'team', children: [] },
    },
  ],
});

/** Answers like the backend: `overdue: true` only overdue items, `false` none of them. */
function listing(items: ActionItem[]) {
  return jest.fn(async (filter?: ActionItemListFilter) => ({
    items: items.filter(i => {
      const late = !!i.dueAt && Date.parse(i.dueAt) < Date.now();
      if (filter?.overdue === true) return late;
      if (filter?.overdue === false && late) return false;
      return !filter?.statuses || filter.statuses.includes(i.status);
    }),
  }));
}

function renderPage(api: IncidentsApi, path = '/incidents/action-items') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [catalogApiRef, catalog],
      ]}
    >
      <ActionItemsPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

function lastCall(api: jest.Mocked<IncidentsApi>, overdue: boolean) {
  const calls = api.listActionItems.mock.calls.filter(
    ([f]) => !!f?.overdue === overdue,
  );
  return calls[calls.length - 1]?.[0];
}

describe('ActionItemsPage', () => {
  it('lists overdue items first, asked for with overdue: true', async () => {
    const api = mockIncidentsApi({
      listActionItems: listing([overdueItem, newItem]),
    });
    await renderPage(api);

    expect(await screen.findByText(overdueItem.title)).toBeInTheDocument();
    expect(screen.getByText(newItem.title)).toBeInTheDocument();
    const headings = screen
      .getAllByRole('heading')
      .map(h => h.textContent)
      .filter(t => t === 'Overdue' || t === 'Open and in progress');
    expect(headings).toEqual(['Overdue', 'Open and in progress']);
    expect(screen.getByText('3 days overdue')).toBeInTheDocument();
    // The overdue item is not repeated among the other outstanding items.
    expect(screen.getAllByText(overdueItem.title)).toHaveLength(1);
    expect(api.listActionItems).toHaveBeenCalledWith({
      statuses: ['open', 'in_progress'],
      overdue: true,
      limit: 50,
    });
    expect(api.listActionItems).toHaveBeenCalledWith({
      statuses: ['open', 'in_progress'],
      overdue: false,
      limit: 50,
    });
    expect(
      screen.getByText('1 overdue · 1 open · 1 in progress'),
    ).toBeInTheDocument();
    // Done and won't do are not part of the default review.
    expect(
      screen.queryByRole('heading', { name: "Done and won't do" }),
    ).not.toBeInTheDocument();
  });

  it('says so when nothing is overdue, and counts beyond the first page', async () => {
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async (filter?: ActionItemListFilter) =>
        filter?.overdue
          ? { items: [] }
          : { items: [newItem], nextCursor: 'page-2' },
      ),
    });
    await renderPage(api);
    expect(
      await screen.findByText(/No overdue action items/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('0 overdue · 0+ open · 1+ in progress'),
    ).toBeInTheDocument();

    const user = userEvent.setup({ delay: null });
    await user.click(
      screen.getByRole('button', { name: 'Next page of open and in progress' }),
    );
    await waitFor(() =>
      expect(api.listActionItems).toHaveBeenCalledWith({
        statuses: ['open', 'in_progress'],
        overdue: false,
        limit: 50,
        cursor: 'page-2',
      }),
    );
  });

  it('asks for the team and its members when a team is chosen', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({ listActionItems: listing([]) });
    await renderPage(api);
    const team = screen.getByRole('combobox', { name: 'Team' });
    await waitFor(() =>
      expect(
        within(team).getByRole('option', { name: 'Payments' }),
      ).toBeInTheDocument(),
    );
    await user.selectOptions(team, 'Payments');

    const owners = [
      'group:default/payments',
      'user:default/alice',
      'user:default/bob',
    ];
    await waitFor(() =>
      expect(lastCall(api, true)).toEqual({
        ownerRefs: owners,
        statuses: ['open', 'in_progress'],
        overdue: true,
        limit: 50,
      }),
    );
    expect(lastCall(api, false)).toEqual({
      ownerRefs: owners,
      statuses: ['open', 'in_progress'],
      overdue: false,
      limit: 50,
    });
    // No request went out for the bare group before its members were known.
    const askedOwners = api.listActionItems.mock.calls
      .map(([filter]) => filter?.ownerRefs)
      .filter(Boolean);
    expect(new Set(askedOwners.map(o => JSON.stringify(o)))).toEqual(
      new Set([JSON.stringify(owners)]),
    );
  });

  it('reads the filters from a shared link and narrows a team to one owner', async () => {
    const api = mockIncidentsApi({ listActionItems: listing([]) });
    await renderPage(
      api,
      '/incidents/action-items?team=group%3Adefault%2Fpayments&owner=user%3Adefault%2Fbob&entity=component%3Adefault%2Fpayments-api&priority=P2&status=open',
    );
    await waitFor(() =>
      expect(lastCall(api, true)).toEqual({
        ownerRefs: ['user:default/bob'],
        entityRefs: ['component:default/payments-api'],
        priorities: ['P2'],
        statuses: ['open'],
        overdue: true,
        limit: 50,
      }),
    );
    expect(screen.getByRole('combobox', { name: 'Team' })).toHaveValue(
      'group:default/payments',
    );
    expect(screen.getByRole('textbox', { name: 'Owner' })).toHaveValue(
      'user:default/bob',
    );
    expect(
      screen.getByRole('checkbox', { name: 'In progress' }),
    ).not.toBeChecked();
  });

  it('passes the priority and status filters to the API', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({ listActionItems: listing([]) });
    await renderPage(api);
    await screen.findByText(/No overdue action items/);

    await user.click(screen.getByRole('checkbox', { name: 'P1' }));
    await user.click(screen.getByRole('checkbox', { name: 'P2' }));
    await user.click(screen.getByRole('checkbox', { name: 'Done' }));
    await user.click(screen.getByRole('checkbox', { name: 'In progress' }));

    await waitFor(() =>
      expect(api.listActionItems).toHaveBeenCalledWith({
        priorities: ['P1', 'P2'],
        statuses: ['done'],
        limit: 50,
      }),
    );
    expect(lastCall(api, true)).toEqual({
      priorities: ['P1', 'P2'],
      statuses: ['open'],
      overdue: true,
      limit: 50,
    });
    expect(
      await screen.findByRole('heading', { name: "Done and won't do" }),
    ).toBeInTheDocument();
  });

  it('sets the status of the selected items and reports the ones refused', async () => {
    const user = userEvent.setup({ delay: null });
    const third = actionItemFixture({ id: 3, title: 'Document the failover' });
    const api = mockIncidentsApi({
      listActionItems: listing([overdueItem, newItem, third]),
      updateActionItem: jest.fn(async (id: number) => {
        if (id === 2) {
          throw new NotAllowedError('You may not change items of payments');
        }
        return actionItemFixture({ id, status: 'done' });
      }),
    });
    await renderPage(api);
    await screen.findByText(overdueItem.title);

    expect(screen.getByRole('button', { name: 'Set status' })).toBeDisabled();
    await user.click(
      screen.getByRole('checkbox', { name: 'Select all open and in progress' }),
    );
    await user.click(
      screen.getByRole('checkbox', { name: `Select ${overdueItem.title}` }),
    );
    expect(screen.getByText('3 selected')).toBeInTheDocument();
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'New status' }),
      "Won't do",
    );
    const listed = api.listActionItems.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Set status' }));

    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText("Set 2 of 3 action items to Won't do."),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText(
        `${newItem.title}: You may not change items of payments`,
      ),
    ).toBeInTheDocument();
    expect(api.updateActionItem).toHaveBeenCalledTimes(3);
    for (const id of [1, 2, 3]) {
      expect(api.updateActionItem).toHaveBeenCalledWith(id, {
        status: 'wont_do',
      });
    }
    // The list is reloaded, and the refused item stays selected for another try.
    await waitFor(() =>
      expect(api.listActionItems.mock.calls.length).toBeGreaterThan(listed),
    );
    expect(screen.getByText('1 selected')).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: `Select ${newItem.title}` }),
    ).toBeChecked();
  });

  it('links each item to its incident, postmortem, owner and ticket', async () => {
    const api = mockIncidentsApi({
      listActionItems: listing([overdueItem, newItem]),
    });
    await renderPage(api);
    expect(await screen.findByRole('link', { name: 'INC-9' })).toHaveAttribute(
      'href',
      '/incidents/9',
    );
    expect(screen.getByRole('link', { name: 'INC-7' })).toHaveAttribute(
      'href',
      '/incidents/7',
    );
    expect(
      screen.getByRole('link', { name: 'Postmortem of INC-9' }),
    ).toHaveAttribute('href', '/incidents/9/postmortem');
    expect(screen.getByRole('link', { name: /^Ticket/ })).toHaveAttribute(
      'href',
      'https://tickets.example.com/OPS-12',
    );
    expect(screen.getByRole('link', { name: 'alice' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
  });

  it('shows a failed request', async () => {
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async () => {
        throw new NotAllowedError('Not allowed to read action items');
      }),
    });
    await renderPage(api);
    expect(
      (await screen.findAllByText('Not allowed to read action items')).length,
    ).toBeGreaterThan(0);
  });
});
