import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { mockBreakpoint } from '@backstage/core-components/testUtils';
import { incidentFixture } from '../../testing/fixtures';
import { IncidentsTable } from './IncidentsTable';

const NOW = DateTime.fromISO('2026-11-23T01:00:00Z');
const PAYMENTS = 'component:default/payments-api';

function renderTable(props: Partial<Parameters<typeof IncidentsTable>[0]>) {
  return renderInTestApp(
    <IncidentsTable
      title="Open incidents"
      incidents={[incidentFixture()]}
      now={NOW}
      {...props}
    />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const headers = () =>
  screen.getAllByRole('columnheader').map(h => h.textContent?.trim());

describe('IncidentsTable', () => {
  // Every media query answers as on a desktop again, as jsdom has no screen of its own
  afterEach(() => mockBreakpoint({ matches: false }));

  it('shows service and owner columns in a list across entities', async () => {
    mockBreakpoint({ matches: false });
    await renderTable({});
    await screen.findByText('Checkout failing');
    expect(headers()).toEqual([
      'Ref',
      'Title',
      'Service',
      'Owner',
      'Severity',
      'Status',
      'Age / target',
      'Commander',
    ]);
  });

  it("leaves out service and owner on the entity's own tab while every incident is its own", async () => {
    mockBreakpoint({ matches: false });
    await renderTable({ entityRef: PAYMENTS });
    await screen.findByText('Checkout failing');
    expect(headers()).not.toContain('Service');
    expect(headers()).not.toContain('Owner');
  });

  it("keeps service and owner on the entity's tab when an incident is on another entity", async () => {
    mockBreakpoint({ matches: false });
    await renderTable({
      entityRef: PAYMENTS,
      incidents: [
        incidentFixture(),
        incidentFixture({
          id: 8,
          title: 'Ledger lagging',
          entityRef: 'component:default/ledger',
        }),
      ],
    });
    await screen.findByText('Ledger lagging');
    expect(headers()).toContain('Service');
    expect(headers()).toContain('Owner');
  });

  it('stacks each incident into one cell on a narrow screen', async () => {
    mockBreakpoint({ matches: true });
    await renderTable({
      incidents: [
        incidentFixture({
          roles: [
            {
              role: 'commander',
              userRef: 'user:default/alice',
              assignedAt: '2026-11-23T00:05:00Z',
              assignedBy: 'user:default/alice',
            },
          ],
        }),
      ],
    });
    expect(await screen.findByText(/Checkout failing/)).toBeInTheDocument();
    expect(headers()).toEqual(['Incident']);
    const row = screen.getByText(/Checkout failing/).closest('tr')!;
    expect(
      within(row).getByRole('link', { name: 'INC-7' }),
    ).toBeInTheDocument();
    expect(within(row).getByText('investigating')).toBeInTheDocument();
    expect(within(row).getByText(/1 hr/)).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: /alice/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
  });
});
