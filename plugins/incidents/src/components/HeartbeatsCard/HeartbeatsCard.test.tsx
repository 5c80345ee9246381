import { mockBreakpoint } from '@backstage/core-components/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { HeartbeatStatus } from '@firebreak/plugin-incidents-common';
import { screen } from '@testing-library/react';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { HeartbeatsCard } from './HeartbeatsCard';

const entityRef = 'component:default/payments-api';

const heartbeats: HeartbeatStatus[] = [
  {
    name: 'settlement-export',
    interval: 'P1D',
    grace: 'PT2H',
    description: 'The nightly export to the ledger',
    state: 'ok',
    lastPingAt: '2026-11-23T02:00:00.000Z',
    dueBy: '2026-11-24T04:00:00.000Z',
  },
  {
    name: 'watchdog',
    interval: 'PT5M',
    grace: 'PT5M',
    state: 'missed',
    lastPingAt: '2026-11-23T01:00:00.000Z',
    missedAt: '2026-11-23T01:11:00.000Z',
  },
  {
    name: 'reindex',
    interval: 'PT1H30M',
    grace: 'PT5M',
    state: 'waiting',
    dueBy: '2026-11-23T03:35:00.000Z',
  },
];

function renderCard(api: IncidentsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <HeartbeatsCard entityRef={entityRef} />
    </TestApiProvider>,
  );
}

describe('HeartbeatsCard', () => {
  // Every media query answers as on a desktop again, as jsdom has no screen of its own
  afterEach(() => mockBreakpoint({ matches: false }));

  it('shows each heartbeat with when it is expected and its state', async () => {
    mockBreakpoint({ matches: false });
    const api = mockIncidentsApi({
      listHeartbeats: jest.fn(async () => heartbeats),
    });
    await renderCard(api);
    const row = (name: string) =>
      screen.getByText(name).closest('tr')!.textContent;
    expect(await screen.findByText('settlement-export')).toBeInTheDocument();
    expect(api.listHeartbeats).toHaveBeenCalledWith(entityRef);
    expect(row('settlement-export')).toBe(
      [
        'settlement-export',
        'The nightly export to the ledger',
        'every 1 day, grace 2 hours',
        '2026-11-23 02:00 UTC',
        'on time, next due by 2026-11-24 04:00 UTC',
      ].join(''),
    );
    expect(row('watchdog')).toContain('missed since 2026-11-23 01:11 UTC');
    expect(row('reindex')).toContain(
      'every 1 hour, 30 minutes, grace 5 minutes',
    );
    expect(row('reindex')).toContain('never');
    expect(row('reindex')).toContain(
      'no ping yet, due by 2026-11-23 03:35 UTC',
    );
  });

  it('stacks each heartbeat into one cell on a phone', async () => {
    mockBreakpoint({ matches: true });
    await renderCard(
      mockIncidentsApi({ listHeartbeats: jest.fn(async () => heartbeats) }),
    );
    const cell = (await screen.findByText('watchdog')).closest('td')!;
    expect(cell.textContent).toContain('missed since 2026-11-23 01:11 UTC');
    expect(cell.textContent).toContain('every 5 minutes, grace 5 minutes');
    expect(screen.getAllByRole('columnheader')).toHaveLength(1);
  });

  it('says when the annotation holds no readable heartbeat', async () => {
    await renderCard(mockIncidentsApi());
    expect(
      await screen.findByText(/declares no heartbeat that could be read/),
    ).toBeInTheDocument();
  });
});
