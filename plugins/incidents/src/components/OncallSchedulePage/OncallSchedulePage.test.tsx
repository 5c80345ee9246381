import { coreApis } from '@backstage/frontend-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import { IncidentsApi, incidentsApiRef, OncallSchedule } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { pinWallClock } from '../../testing/pinWallClock';
import { OncallSchedulePage } from './OncallSchedulePage';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const DANA = 'user:default/dana';
const PAYMENTS = 'group:default/payments';
const STOREFRONT = 'group:default/storefront';

// The page opens its window at the wall clock when no `from` is given.
pinWallClock(new Date('2027-03-24T10:15:30.000Z'));

const group = (name: string, title: string, oncall?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    title,
    ...(oncall && { annotations: { 'firebreak.dev/oncall': oncall } }),
  },
  spec: { type: 'team', children: [] },
});

const catalog = catalogApiMock({
  entities: [
    group('payments', 'Payments', 'rotation: [user:alice]'),
    group('storefront', 'Storefront', 'rotation: [user:bob]'),
    group('platform', 'Platform'),
  ],
});

/** A daily 09:00 Berlin rotation through the week summer time starts (28 March 2027). */
const dstWeek: OncallSchedule = {
  groupRef: STOREFRONT,
  timezone: 'Europe/Berlin',
  shift: 'P1D',
  from: '2027-03-21T23:00:00.000Z',
  to: '2027-04-18T22:00:00.000Z',
  truncated: false,
  catalogAvailable: true,
  shifts: [
    {
      userRef: BOB,
      secondaryRef: ALICE,
      start: '2027-03-27T08:00:00.000Z',
      end: '2027-03-28T07:00:00.000Z',
    },
    {
      userRef: DANA,
      secondaryRef: ALICE,
      start: '2027-03-28T07:00:00.000Z',
      end: '2027-03-29T07:00:00.000Z',
      overrideId: 7,
    },
    {
      userRef: ALICE,
      secondaryRef: BOB,
      start: '2027-03-29T07:00:00.000Z',
      end: '2027-03-30T07:00:00.000Z',
    },
  ],
};

function renderPage(api: IncidentsApi, path = '/incidents/oncall') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [catalogApiRef, catalog],
        [
          coreApis.identity,
          mockApis.identity({
            userEntityRef: ALICE,
            ownershipEntityRefs: [ALICE, STOREFRONT],
          }),
        ],
      ]}
    >
      <OncallSchedulePage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const zone = Settings.defaultZone;
beforeEach(() => {
  Settings.defaultZone = 'Europe/Berlin';
});
afterEach(() => {
  Settings.defaultZone = zone;
});

describe('OncallSchedulePage', () => {
  it("shows the viewer's team in their zone, 09:00 on both sides of the clock change", async () => {
    const api = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => dstWeek),
    });
    await renderPage(api, '/incidents/oncall?from=2027-03-22');

    const table = await screen.findByRole('table', { name: 'Shifts' });
    // The viewer's team (Storefront), from midnight Berlin of the day asked, 4 weeks.
    expect(api.getOncallSchedule).toHaveBeenCalledWith({
      groupRef: STOREFRONT,
      from: '2027-03-21T23:00:00.000Z',
      to: '2027-04-18T22:00:00.000Z',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual([
      'Sat 27 Mar, 09:00 GMT+1 → Sun 28 Mar, 09:00 GMT+223 hr',
      'Sun 28 Mar, 09:00 → Mon 29 Mar, 09:00 GMT+21 day',
      'Mon 29 Mar, 09:00 → Tue 30 Mar, 09:00 GMT+21 day',
    ]);
    expect(
      within(rows[0]).getByText('Clocks go forward 1 hr (GMT+1 → GMT+2)'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('Override')).toBeInTheDocument();
    expect(within(rows[2]).getByText('You')).toBeInTheDocument();
    expect(within(rows[0]).queryByText('You')).not.toBeInTheDocument();
    expect(within(rows[1]).getByRole('link', { name: 'dana' })).toHaveAttribute(
      'href',
      '/catalog/default/user/dana',
    );
    expect(
      screen.getByText(
        'Times in your time zone, Europe/Berlin. The rotation hands over every 1 day, counted in Europe/Berlin.',
      ),
    ).toBeInTheDocument();
  });

  it('opens at the wall clock, and moves the window four weeks at a time', async () => {
    const api = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => dstWeek),
    });
    await renderPage(api, `/incidents/oncall?group=${PAYMENTS}`);
    await screen.findByRole('table', { name: 'Shifts' });
    // Four weeks of the viewer's calendar: 11:15 Berlin on both ends, across the change.
    expect(api.getOncallSchedule).toHaveBeenLastCalledWith({
      groupRef: PAYMENTS,
      from: '2027-03-24T10:15:00.000Z',
      to: '2027-04-21T09:15:00.000Z',
    });
    expect(screen.getByRole('button', { name: 'Now' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    await waitFor(() =>
      expect(api.getOncallSchedule).toHaveBeenLastCalledWith({
        groupRef: PAYMENTS,
        // 21 April in Berlin (summer time) starts at 22:00 UTC the day before.
        from: '2027-04-20T22:00:00.000Z',
        to: '2027-05-18T22:00:00.000Z',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Now' }));
    await waitFor(() =>
      expect(api.getOncallSchedule).toHaveBeenLastCalledWith({
        groupRef: PAYMENTS,
        from: '2027-03-24T10:15:00.000Z',
        to: '2027-04-21T09:15:00.000Z',
      }),
    );
  });

  it('offers only the teams with a rotation, and switches team', async () => {
    const api = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => dstWeek),
    });
    await renderPage(api);
    await screen.findByRole('table', { name: 'Shifts' });
    await userEvent.click(screen.getByRole('button', { name: /Team/ }));
    const options = screen.getAllByRole('option').map(o => o.textContent);
    expect(options).toEqual(['Payments', 'Storefront']);
    await userEvent.click(screen.getByRole('option', { name: 'Payments' }));
    await waitFor(() =>
      expect(api.getOncallSchedule).toHaveBeenLastCalledWith(
        expect.objectContaining({ groupRef: PAYMENTS }),
      ),
    );
  });

  it('says so for a team without rotation and when the catalog is down', async () => {
    const api = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => ({
        ...dstWeek,
        timezone: undefined,
        shift: undefined,
        shifts: [],
      })),
    });
    await renderPage(api);
    expect(
      await screen.findByText(/This team has no rotation/),
    ).toBeInTheDocument();

    const down = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => ({
        ...dstWeek,
        shifts: [],
        catalogAvailable: false,
      })),
    });
    await renderPage(down);
    expect(
      await screen.findByText(/The catalog could not be read/),
    ).toBeInTheDocument();
  });

  it('answers who is on call at the instant typed, read in the viewer zone', async () => {
    const api = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => dstWeek),
      getOncall: jest.fn(async () => ({
        groupRef: STOREFRONT,
        source: 'rotation' as const,
        primary: DANA,
        secondary: ALICE,
        escalation: [],
        members: [],
        shiftStart: '2027-03-28T07:00:00.000Z',
        shiftEnd: '2027-03-29T07:00:00.000Z',
        override: {
          id: 7,
          groupRef: STOREFRONT,
          userRef: DANA,
          startsAt: '2027-03-28T07:00:00.000Z',
          endsAt: '2027-03-29T07:00:00.000Z',
          reason: 'bob at a wedding',
          createdBy: BOB,
          createdAt: '2027-03-01T00:00:00.000Z',
        },
      })),
    });
    await renderPage(api);
    const input = await screen.findByLabelText(
      'Date and time (your time zone)',
    );
    expect(input).toHaveValue('2027-03-24T11:15');
    await userEvent.clear(input);
    await userEvent.type(input, '2027-03-28T10:30');
    await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
    const answer = await screen.findByRole('status', { name: 'On call then' });
    expect(api.getOncall).toHaveBeenCalledWith({
      groupRef: STOREFRONT,
      at: '2027-03-28T08:30:00.000Z',
    });
    expect(answer).toHaveTextContent(
      'Primary: danaSecondary: aliceShift Sun 28 Mar, 09:00 GMT+2 → Mon 29 Mar, 09:00 GMT+2By override: bob at a wedding',
    );
  });

  it("lists the viewer's own shifts across teams, soonest first", async () => {
    const api = mockIncidentsApi({
      getOncallSchedule: jest.fn(async () => dstWeek),
      getMyOncallShifts: jest.fn(async () => ({
        userRef: ALICE,
        at: '2027-03-24T10:15:30.000Z',
        catalogAvailable: true,
        items: [
          {
            groupRef: PAYMENTS,
            upcoming: [
              {
                userRef: ALICE,
                start: '2027-04-05T07:00:00.000Z',
                end: '2027-04-12T07:00:00.000Z',
              },
            ],
          },
          {
            groupRef: STOREFRONT,
            upcoming: [
              {
                userRef: ALICE,
                start: '2027-03-24T08:00:00.000Z',
                end: '2027-03-25T08:00:00.000Z',
              },
            ],
          },
        ],
      })),
    });
    await renderPage(api);
    const list = await screen.findByRole('list', { name: 'My shifts' });
    expect(api.getMyOncallShifts).toHaveBeenCalledWith({
      until: '2027-04-21T09:15:00.000Z',
    });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => within(i).getByRole('link').textContent)).toEqual([
      'storefront',
      'payments',
    ]);
    expect(within(items[0]).getByText('On call now')).toBeInTheDocument();
    expect(within(items[1]).queryByText('On call now')).not.toBeInTheDocument();
    expect(items[1]).toHaveTextContent(
      'Mon 5 Apr, 09:00 → Mon 12 Apr, 09:00 GMT+2',
    );
  });
});
