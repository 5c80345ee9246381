import { coreApis } from '@backstage/frontend-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { OPEN_STATUSES } from '@firebreak/plugin-incidents-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { IncidentListFilter, IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { IncidentList } from './IncidentList';
import { SEARCH_DEBOUNCE_MS } from './IncidentFilters';
import { SAVED_VIEWS_KEY } from './useSavedViews';

/** Shows the query string, so tests can check that filters land in the URL. */
function LocationProbe() {
  return <div data-testid="search">{useLocation().search}</div>;
}

const groups = ['payments', 'sre', 'search'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

async function renderList(
  options: {
    api?: jest.Mocked<IncidentsApi>;
    url?: string;
    storage?: ReturnType<typeof mockApis.storage>;
  } = {},
) {
  const api = options.api ?? mockIncidentsApi();
  const storage = options.storage ?? mockApis.storage();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [
          coreApis.identity,
          mockApis.identity({
            userEntityRef: 'user:default/alice',
            ownershipEntityRefs: [
              'user:default/alice',
              'group:default/payments',
              'group:default/sre',
            ],
          }),
        ],
        [coreApis.storage, storage],
        [catalogApiRef, catalogApiMock({ entities: groups })],
      ]}
    >
      <IncidentList />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [options.url ?? '/'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  await screen.findByText('Checkout failing');
  return { api, storage };
}

function lastListCall(api: jest.Mocked<IncidentsApi>): IncidentListFilter {
  const calls = api.listIncidents.mock.calls;
  return calls[calls.length - 1][0] ?? {};
}

function withIncident(overrides = {}) {
  return mockIncidentsApi({
    listIncidents: jest.fn(async () => ({
      items: [incidentFixture()],
      ...overrides,
    })),
  });
}

describe('IncidentList', () => {
  it('lists open incidents by default, most severe and oldest first, with service and owner', async () => {
    const { api } = await renderList({ api: withIncident() });
    expect(api.listIncidents).toHaveBeenCalledTimes(1);
    const row = screen.getByText('Checkout failing').closest('tr')!;
    const hrefs = within(row)
      .getAllByRole('link')
      .map(a => a.getAttribute('href'));
    expect(hrefs).toContain('/catalog/default/component/payments-api');
    expect(hrefs).toContain('/catalog/default/group/payments');
    expect(
      screen.getByRole('columnheader', { name: 'Service' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Owner' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Sort Severity, then oldest/ }),
    ).toBeInTheDocument();
    expect(lastListCall(api)).toEqual({
      statuses: [...OPEN_STATUSES],
      sort: 'severity',
      limit: 50,
      cursor: undefined,
    });
    expect(screen.getByText('INC-7')).toBeInTheDocument();
  });

  it('reads every filter from the URL query', async () => {
    const { api } = await renderList({
      api: withIncident(),
      url: '/?status=all&severity=P2&severity=P1&owner=group:default/payments&entity=component:default/api&q=checkout&from=2026-11-01&to=2026-11-22',
    });
    expect(lastListCall(api)).toEqual({
      severities: ['P1', 'P2'],
      ownerRefs: ['group:default/payments'],
      entityRefs: ['component:default/api'],
      q: 'checkout',
      from: '2026-11-01T00:00:00.000Z',
      // The "to" day is included, so the exclusive bound is the next midnight.
      to: '2026-11-23T00:00:00.000Z',
      sort: 'severity',
      limit: 50,
      cursor: undefined,
    });
    expect(screen.getByLabelText('Search')).toHaveValue('checkout');
    expect(screen.getByLabelText('Entity')).toHaveValue(
      'component:default/api',
    );
  });

  it('writes a changed filter to the URL and starts again at the first page', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderList({
      api: withIncident({ nextCursor: 'page-2' }),
    });

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastListCall(api).cursor).toBe('page-2'));

    await user.type(screen.getByLabelText('Search'), 'database{Enter}');
    await waitFor(() => expect(lastListCall(api).q).toBe('database'));
    expect(lastListCall(api).cursor).toBeUndefined();
    expect(screen.getByTestId('search')).toHaveTextContent('?q=database');

    await user.click(screen.getByRole('button', { name: 'Status Open' }));
    await user.click(await screen.findByRole('option', { name: 'resolved' }));
    await waitFor(() =>
      expect(lastListCall(api).statuses).toEqual(['resolved']),
    );
    expect(lastListCall(api).q).toBe('database');
    expect(screen.getByTestId('search')).toHaveTextContent(
      '?status=resolved&q=database',
    );
  });

  it('applies the search once typing pauses, in one request', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      const { api } = await renderList({ api: withIncident() });
      const calls = api.listIncidents.mock.calls.length;
      await user.type(screen.getByLabelText('Search'), 'data');
      // Still typing: nothing sent yet.
      expect(api.listIncidents).toHaveBeenCalledTimes(calls);
      act(() => {
        jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      });
      await waitFor(() => expect(lastListCall(api).q).toBe('data'));
      expect(api.listIncidents).toHaveBeenCalledTimes(calls + 1);
      expect(screen.getByTestId('search')).toHaveTextContent('?q=data');
    } finally {
      jest.useRealTimers();
    }
  });

  it('sorts newest first on request, kept in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderList({ api: withIncident() });
    await user.click(
      screen.getByRole('button', { name: /Sort Severity, then oldest/ }),
    );
    await user.click(
      await screen.findByRole('option', { name: 'Newest first' }),
    );
    await waitFor(() => expect(lastListCall(api).sort).toBe('detected'));
    expect(screen.getByTestId('search')).toHaveTextContent('?sort=detected');
  });

  it('filters by severity from the policy', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderList({ api: withIncident() });
    await user.click(screen.getByRole('button', { name: 'Severity Any' }));
    const listbox = await screen.findByRole('listbox');
    await user.click(within(listbox).getByRole('option', { name: /^P1/ }));
    await user.click(within(listbox).getByRole('option', { name: /^P3/ }));
    await waitFor(() =>
      expect(lastListCall(api).severities).toEqual(['P1', 'P3']),
    );
    expect(screen.getByTestId('search')).toHaveTextContent(
      '?severity=P1&severity=P3',
    );
  });

  it('offers the catalog groups as owner teams', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderList({ api: withIncident() });
    await user.click(screen.getByLabelText('Owner team'));
    await user.click(
      await screen.findByRole('option', { name: 'group:default/search' }),
    );
    await waitFor(() =>
      expect(lastListCall(api).ownerRefs).toEqual(['group:default/search']),
    );
    expect(screen.getByTestId('search')).toHaveTextContent(
      `?owner=${encodeURIComponent('group:default/search')}`,
    );
  });

  it('"Mine" asks for incidents the signed-in user takes part in', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderList({ api: withIncident() });
    await user.click(screen.getByRole('tab', { name: 'Mine' }));
    await waitFor(() =>
      expect(lastListCall(api).participantRefs).toEqual(['user:default/alice']),
    );
    expect(lastListCall(api).ownerRefs).toBeUndefined();
    expect(screen.getByRole('tab', { name: 'Mine' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByTestId('search')).toHaveTextContent('?view=mine');
  });

  it('"My teams" asks for incidents owned by the groups of the signed-in user', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = await renderList({ api: withIncident() });
    await user.click(screen.getByRole('tab', { name: 'My teams' }));
    await waitFor(() =>
      expect(lastListCall(api).ownerRefs).toEqual([
        'group:default/payments',
        'group:default/sre',
      ]),
    );
    expect(lastListCall(api).participantRefs).toBeUndefined();
    expect(screen.getByTestId('search')).toHaveTextContent('?view=teams');
  });

  it('saves the current filters as a view and applies it again when picked', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, storage } = await renderList({
      api: withIncident(),
      url: '/?view=mine&severity=P1',
    });

    await user.click(screen.getByRole('button', { name: 'Save view…' }));
    await user.type(screen.getByLabelText('View name'), 'My P1s');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const bucket = storage.forBucket('incidents');
    await waitFor(() =>
      expect(bucket.snapshot(SAVED_VIEWS_KEY).value).toEqual([
        { name: 'My P1s', query: 'view=mine&severity=P1' },
      ]),
    );
    expect(screen.getByRole('tab', { name: 'My P1s' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    await user.click(screen.getByRole('tab', { name: 'All' }));
    await waitFor(() => expect(lastListCall(api).severities).toBeUndefined());
    expect(lastListCall(api).participantRefs).toBeUndefined();

    await user.click(screen.getByRole('tab', { name: 'My P1s' }));
    await waitFor(() =>
      expect(lastListCall(api)).toEqual({
        statuses: [...OPEN_STATUSES],
        severities: ['P1'],
        participantRefs: ['user:default/alice'],
        sort: 'severity',
        limit: 50,
        cursor: undefined,
      }),
    );
    expect(screen.getByTestId('search')).toHaveTextContent(
      '?view=mine&severity=P1',
    );
  });

  it('shows views saved earlier and deletes them', async () => {
    const user = userEvent.setup({ delay: null });
    const storage = mockApis.storage();
    await storage
      .forBucket('incidents')
      .set(SAVED_VIEWS_KEY, [
        { name: 'Resolved P2', query: 'status=resolved&severity=P2' },
      ]);
    const { api } = await renderList({ api: withIncident(), storage });

    await user.click(screen.getByRole('tab', { name: 'Resolved P2' }));
    await waitFor(() =>
      expect(lastListCall(api).statuses).toEqual(['resolved']),
    );
    expect(lastListCall(api).severities).toEqual(['P2']);

    await user.click(
      screen.getByRole('button', { name: 'Delete view “Resolved P2”' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('tab', { name: 'Resolved P2' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      storage.forBucket('incidents').snapshot(SAVED_VIEWS_KEY).value,
    ).toEqual([]);
  });

  it('links to the other pages and counts open unrouted alerts', async () => {
    const api = withIncident();
    api.listAlerts.mockResolvedValue({
      items: Array.from({ length: 50 }, () => ({} as any)),
      nextCursor: 'more',
    });
    await renderList({ api });
    expect(
      await screen.findByRole('tab', { name: 'Unrouted alerts (50+)' }),
    ).toHaveAttribute('href', '/incidents/alerts/unrouted');
    expect(api.listAlerts).toHaveBeenCalledWith({
      unrouted: true,
      open: true,
      limit: 50,
    });
    expect(screen.getByRole('tab', { name: 'Action items' })).toHaveAttribute(
      'href',
      '/incidents/action-items',
    );
    expect(screen.getByRole('tab', { name: 'Metrics' })).toHaveAttribute(
      'href',
      '/incidents/metrics',
    );
  });

  it('shows a failed list with the filters still usable', async () => {
    const api = mockIncidentsApi({
      listIncidents: jest.fn(async () => {
        throw new Error('backend down');
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [incidentsApiRef, api],
          [coreApis.identity, mockApis.identity()],
          [coreApis.storage, mockApis.storage()],
        ]}
      >
        <IncidentList />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
    expect(screen.getByLabelText('Search')).toBeInTheDocument();
  });
});
