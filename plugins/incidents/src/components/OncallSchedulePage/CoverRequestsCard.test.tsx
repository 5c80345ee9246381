import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { InputError } from '@backstage/errors';
import { CoverRequest } from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { CoverRequestsCard } from './CoverRequestsCard';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const PAYMENTS = 'group:default/payments';

const request = (extra: Partial<CoverRequest>): CoverRequest => ({
  id: 1,
  groupRef: PAYMENTS,
  requesterRef: BOB,
  coverRef: ALICE,
  startsAt: '2027-03-26T08:00:00.000Z',
  endsAt: '2027-03-27T08:00:00.000Z',
  status: 'pending',
  createdAt: '2027-03-20T08:00:00.000Z',
  ...extra,
});

async function renderCard(api: IncidentsApi, groupRef?: string) {
  const onChanged = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <CoverRequestsCard
        groupRef={groupRef}
        userRef={ALICE}
        refreshKey={0}
        onChanged={onChanged}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return onChanged;
}

const zone = Settings.defaultZone;
beforeEach(() => {
  Settings.defaultZone = 'Europe/Berlin';
});
afterEach(() => {
  Settings.defaultZone = zone;
});

describe('CoverRequestsCard', () => {
  it('lets the teammate asked accept or decline, and the asker withdraw', async () => {
    const api = mockIncidentsApi({
      listCoverRequests: jest.fn(async () => [
        request({ id: 1, reason: 'dentist' }),
        request({ id: 2, requesterRef: ALICE, coverRef: CAROL }),
        request({ id: 3, status: 'accepted', overrideId: 4 }),
      ]),
      decideCoverRequest: jest.fn(async () => request({ status: 'accepted' })),
      cancelCoverRequest: jest.fn(async () => request({ status: 'cancelled' })),
    });
    const onChanged = await renderCard(api);
    const list = await screen.findByRole('list', { name: 'Cover requests' });
    const [askedOfMe, mine, decided] = within(list).getAllByRole('listitem');
    expect(askedOfMe).toHaveTextContent(
      'bob asks you to cover paymentsFri 26 Mar, 09:00 → Sat 27 Mar, 09:00 GMT+1dentistWaiting for an answerAcceptDecline',
    );
    expect(mine).toHaveTextContent('You asked carol to cover payments');
    expect(within(decided).getByText('Accepted')).toBeInTheDocument();
    expect(within(decided).queryByRole('button')).not.toBeInTheDocument();
    expect(
      within(mine).queryByRole('button', { name: 'Accept' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(askedOfMe).getByRole('button', { name: 'Accept' }),
    );
    expect(api.decideCoverRequest).toHaveBeenCalledWith(1, 'accept');
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    await userEvent.click(
      within(mine).getByRole('button', { name: 'Withdraw' }),
    );
    expect(api.cancelCoverRequest).toHaveBeenCalledWith(2);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
  });

  it('asks a teammate for cover over a window read in the viewer zone', async () => {
    const api = mockIncidentsApi({
      getOncall: jest.fn(async () => ({
        groupRef: PAYMENTS,
        source: 'rotation' as const,
        escalation: [],
        members: [ALICE, BOB, CAROL],
      })),
      createCoverRequest: jest.fn(async () => request({ id: 9 })),
    });
    const onChanged = await renderCard(api, PAYMENTS);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Ask for cover' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Ask for cover' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Teammate/ }),
    );
    const options = (await screen.findAllByRole('option')).map(
      o => o.textContent,
    );
    // Everyone in the team but the viewer.
    expect(options).toEqual(['bob', 'carol']);
    await userEvent.click(screen.getByRole('option', { name: 'carol' }));
    const from = within(dialog).getByLabelText('From (your time zone)');
    const to = within(dialog).getByLabelText('To (your time zone)');
    await userEvent.clear(from);
    await userEvent.type(from, '2027-03-26T09:00');
    await userEvent.clear(to);
    await userEvent.type(to, '2027-03-29T09:00');
    await userEvent.type(
      within(dialog).getByLabelText('Reason (optional)'),
      'conference',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.createCoverRequest).toHaveBeenCalledWith({
      groupRef: PAYMENTS,
      coverRef: CAROL,
      // 09:00 Berlin: winter time before the change on 28 March, summer time after.
      startsAt: '2027-03-26T08:00:00.000Z',
      endsAt: '2027-03-29T07:00:00.000Z',
      reason: 'conference',
    });
    expect(api.getOncall).toHaveBeenCalledWith({ groupRef: PAYMENTS });
  });

  it("shows the backend's reason when nobody could be asked", async () => {
    const api = mockIncidentsApi({
      getOncall: jest.fn(async () => ({
        groupRef: PAYMENTS,
        source: 'rotation' as const,
        escalation: [],
        members: [ALICE, BOB],
      })),
      createCoverRequest: jest.fn(async () => {
        throw new InputError(
          'Invalid cover request: endsAt must be in the future',
        );
      }),
    });
    const onChanged = await renderCard(api, PAYMENTS);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Ask for cover' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Ask for cover' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Teammate/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'bob' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask' }));
    expect(
      (await within(dialog).findAllByText(/endsAt must be in the future/))[0],
    ).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('offers no ask without a team of the viewer, and says when there are no requests', async () => {
    await renderCard(mockIncidentsApi());
    expect(
      await screen.findByText(
        'Nobody asked you for cover, and you asked nobody.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Ask for cover' }),
    ).not.toBeInTheDocument();
  });
});
