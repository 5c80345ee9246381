import { coreApis } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AlertRunbookReview } from '@firebreak/plugin-incidents-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { actionItemFixture } from '../PostmortemEditor/testFixtures';
import { RunbookReviewCard } from './RunbookReviewCard';
import { FollowUpCaption } from './FollowUpCaption';
import { OpenRunbookFollowUps } from './OpenRunbookFollowUps';

const API = 'component:default/payments-api';

const reviews: AlertRunbookReview[] = [
  {
    entityRef: API,
    alertName: 'HighErrorRate',
    runbook: 'none',
    suggestedKind: 'add_runbook',
  },
  {
    entityRef: API,
    alertName: 'DiskFull',
    runbook: 'own',
    runbookUrl: 'https://wiki.example.com/disk',
    linkHealth: {
      state: 'dead',
      statusCode: 404,
      problem: '404 Not Found',
      checkedAt: '2026-12-01T09:00:00.000Z',
    },
    suggestedKind: 'update_runbook',
  },
  {
    entityRef: API,
    alertName: 'LatencyHigh',
    runbook: 'fallback',
    runbookUrl: 'https://wiki.example.com/payments',
    suggestedKind: 'add_runbook',
    followUp: { id: 12, kind: 'add_runbook', status: 'open' },
  },
];

function renderCard(
  api: IncidentsApi,
  onCreated = jest.fn(),
  permissionApi = mockApis.permission(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
        [coreApis.identity, mockApis.identity()],
      ]}
    >
      <FreshPermissionCache>
        <RunbookReviewCard incidentId={7} onCreated={onCreated} />
      </FreshPermissionCache>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('RunbookReviewCard', () => {
  it('shows each alert’s runbook state and makes the suggested follow-up', async () => {
    const created = actionItemFixture({ id: 13 });
    const api = mockIncidentsApi({
      getRunbookReview: jest.fn(async () => reviews),
      createRunbookFollowUp: jest.fn(async () => created),
    });
    const onCreated = jest.fn();
    await renderCard(api, onCreated);

    expect(await screen.findByText('No runbook')).toBeInTheDocument();
    expect(screen.getByText('Only the fallback runbook')).toBeInTheDocument();
    expect(
      screen.getByText(/Dead link: 404 Not Found, checked/),
    ).toBeInTheDocument();
    expect(screen.getByText('Follow-up #12: open')).toBeInTheDocument();
    // LatencyHigh already has its follow-up: no second button.
    expect(
      screen.queryByRole('button', { name: /for LatencyHigh/ }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Update runbook follow-up for DiskFull',
      }),
    );
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect(api.createRunbookFollowUp).toHaveBeenCalledWith(7, {
      entityRef: API,
      alertName: 'DiskFull',
      kind: 'update_runbook',
    });
    // Read again, so the new follow-up replaces the button.
    expect(api.getRunbookReview).toHaveBeenCalledTimes(2);
  });

  it('offers no follow-ups to callers who may not change the incident', async () => {
    const api = mockIncidentsApi({
      getRunbookReview: jest.fn(async () => reviews),
    });
    await renderCard(
      api,
      jest.fn(),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    );
    expect(await screen.findByText('No runbook')).toBeInTheDocument();
    expect(screen.queryAllByRole('button')).toEqual([]);
  });
});

describe('FollowUpCaption', () => {
  it('says what the follow-up is about and how Firebreak closed it', async () => {
    await renderInTestApp(
      <FollowUpCaption
        item={actionItemFixture({
          status: 'done',
          runbookFollowUp: {
            kind: 'add_runbook',
            entityRef: API,
            alertName: 'HighErrorRate',
          },
          completionNote:
            'Closed by Firebreak: component:default/payments-api now has a runbook for HighErrorRate (https://wiki.example.com/5xx)',
        })}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      screen.getByText(
        /Runbook follow-up · add a runbook for HighErrorRate on/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Closed by Firebreak:/)).toBeInTheDocument();
  });

  it('is empty for a plain action item', async () => {
    const { container } = await renderInTestApp(
      <FollowUpCaption item={actionItemFixture()} />,
    );
    expect(container.textContent).toBe('');
  });
});

describe('OpenRunbookFollowUps', () => {
  it("lists the entity's open runbook follow-ups, linked to their postmortems", async () => {
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async () => ({
        items: [
          actionItemFixture({
            id: 21,
            incidentId: 7,
            title: 'Add a runbook for HighErrorRate on payments-api',
            runbookFollowUp: {
              kind: 'add_runbook',
              entityRef: API,
              alertName: 'HighErrorRate',
            },
          }),
        ],
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[incidentsApiRef, api]]}>
        <OpenRunbookFollowUps entityRef={API} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Open runbook follow-ups (1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'Add a runbook for HighErrorRate on payments-api',
      }),
    ).toHaveAttribute('href', expect.stringContaining('7'));
    expect(api.listActionItems).toHaveBeenCalledWith({
      kinds: ['add_runbook', 'update_runbook'],
      followUpEntityRefs: [API],
      statuses: ['open', 'in_progress'],
      limit: 20,
    });
  });

  it('shows nothing when none is open', async () => {
    const api = mockIncidentsApi();
    const { container } = await renderInTestApp(
      <TestApiProvider apis={[[incidentsApiRef, api]]}>
        <OpenRunbookFollowUps entityRef={API} />
      </TestApiProvider>,
    );
    await waitFor(() => expect(api.listActionItems).toHaveBeenCalled());
    expect(container.textContent).toBe('');
  });
});
