import { NotAllowedError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockIncidentsApi } from '../testing/fixtures';
import { MyOncallShiftsContent, startsIn } from './MyOncallShiftsWidget';
import { ALICE, PAYMENTS, renderWidget } from './__testUtils__/renderWidget';

describe('startsIn', () => {
  it.each([
    ['2026-11-26T09:10:00Z', 'in 2 days, 21 hr'],
    ['2026-12-14T12:00:00Z', 'in 21 days'],
    ['2026-11-23T14:30:00Z', 'in 2 hr, 30 min'],
    ['2026-11-24T08:00:00Z', 'in 20 hr'],
    ['2026-11-23T12:00:20Z', 'in 1 min'],
  ])('%s is %s', (iso, text) => {
    expect(startsIn(iso, '2026-11-23T12:00:00Z')).toBe(text);
  });
});

describe('MyOncallShiftsContent', () => {
  it('shows the shift in force with its end, and the next one, per team', async () => {
    const api = mockIncidentsApi({
      getMyOncallShifts: jest.fn(async () => ({
        userRef: ALICE,
        at: '2026-11-23T12:00:00.000Z',
        catalogAvailable: true,
        items: [
          {
            groupRef: PAYMENTS,
            current: {
              userRef: ALICE,
              start: '2026-11-23T09:00:00.000Z',
              end: '2026-11-26T09:00:00.000Z',
            },
            next: {
              userRef: ALICE,
              start: '2026-12-14T09:00:00.000Z',
              end: '2026-12-21T09:00:00.000Z',
            },
          },
          {
            groupRef: 'group:default/storefront',
            next: {
              userRef: ALICE,
              start: '2026-11-24T08:00:00.000Z',
              end: '2026-11-25T08:00:00.000Z',
              overrideId: 4,
            },
          },
        ],
      })),
    });
    await renderWidget(<MyOncallShiftsContent />, api);
    const [payments, storefront] = await screen.findAllByRole('listitem');
    expect(
      within(payments).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(within(payments).getByText('On call now')).toBeInTheDocument();
    expect(
      within(payments).getByText(
        'until 2026-11-26 09:00 UTC (in 2 days, 21 hr)',
      ),
    ).toBeInTheDocument();
    expect(
      within(payments).getByText(
        '2026-12-14 09:00 UTC to 2026-12-21 09:00 UTC (in 20 days, 21 hr)',
      ),
    ).toBeInTheDocument();
    expect(within(storefront).queryByText('On call now')).toBeNull();
    expect(
      within(storefront).getByText(
        '2026-11-24 08:00 UTC to 2026-11-25 08:00 UTC (in 20 hr)',
      ),
    ).toBeInTheDocument();
    expect(
      within(storefront).getByText('(covering by override)'),
    ).toBeInTheDocument();
  });

  it('says when there is no shift, and when the catalog was down', async () => {
    const api = mockIncidentsApi({
      getMyOncallShifts: jest.fn(async () => ({
        userRef: ALICE,
        at: '2026-11-23T12:00:00.000Z',
        catalogAvailable: false,
        items: [],
      })),
    });
    await renderWidget(<MyOncallShiftsContent />, api);
    expect(
      await screen.findByText(/You have no on-call shifts coming up/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The catalog could not be read/),
    ).toBeInTheDocument();
  });

  it('hands out the calendar feed links to copy, and revokes them', async () => {
    const user = userEvent.setup({ delay: null });
    const base =
      'https://backstage.example.com/api/incidents/oncall-calendar/tok';
    const api = mockIncidentsApi({
      issueCalendarFeed: jest.fn(async () => ({
        shifts: `${base}/shifts.ics`,
        teams: { [PAYMENTS]: `${base}/groups/default/payments/shifts.ics` },
      })),
    });
    await renderWidget(<MyOncallShiftsContent />, api);
    await user.click(
      await screen.findByRole('button', { name: 'Add to my calendar' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Calendar feeds',
    });
    expect(api.issueCalendarFeed).toHaveBeenCalledTimes(1);
    expect(
      await within(dialog).findByText(`${base}/shifts.ics`),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(`${base}/groups/default/payments/shifts.ics`),
    ).toBeInTheDocument();
    expect(
      within(dialog).getAllByRole('button', { name: 'Copy the link' }),
    ).toHaveLength(2);

    await user.click(
      within(dialog).getByRole('button', { name: 'Revoke links' }),
    );
    expect(api.revokeCalendarFeed).toHaveBeenCalledTimes(1);
    expect(
      await within(dialog).findByText(/Your calendar links are revoked/),
    ).toBeInTheDocument();
    expect(within(dialog).queryByText(`${base}/shifts.ics`)).toBeNull();
  });

  it('explains a refusal instead of showing a stack', async () => {
    const api = mockIncidentsApi({
      getMyOncallShifts: jest.fn(async () => {
        throw new NotAllowedError('not allowed to read incidents');
      }),
    });
    await renderWidget(<MyOncallShiftsContent />, api);
    expect(
      await screen.findByText(/Could not load your on-call shifts/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('not allowed to read incidents'),
    ).toBeInTheDocument();
  });
});
