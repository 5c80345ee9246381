import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import { NotAllowedError } from '@backstage/errors';
import {
  ActionItem,
  emptyPostmortemSections,
  Postmortem,
} from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { PostmortemPanel } from './PostmortemPanel';

const postmortem: Postmortem = {
  id: 3,
  incidentId: 7,
  status: 'in_review',
  sections: emptyPostmortemSections(),
  fiveWhys: [],
  timeline: [],
  reviewers: [],
  dueAt: '2026-11-28T00:00:00Z',
  createdBy: 'user:default/alice',
  createdAt: '2026-11-23T02:00:00Z',
  updatedAt: '2026-11-23T02:00:00Z',
  version: 1,
};

function item(id: number, status: ActionItem['status']): ActionItem {
  return {
    id,
    incidentId: 7,
    postmortemId: 3,
    title: `Item ${id}`,
    description: '',
    ownerRef: 'group:default/payments',
    priority: 'P2',
    status,
    createdBy: 'user:default/alice',
    createdAt: '2026-11-23T02:00:00Z',
    updatedAt: '2026-11-23T02:00:00Z',
  };
}

function renderPanel(api: IncidentsApi, permissionApi = mockApis.permission()) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <FreshPermissionCache>
        <PostmortemPanel incident={incidentFixture()} refreshKey={0} />
      </FreshPermissionCache>
    </TestApiProvider>,
  );
}

describe('PostmortemPanel', () => {
  it('shows the postmortem status, due date and action item progress', async () => {
    const api = mockIncidentsApi({
      getPostmortemForIncident: jest.fn(async () => postmortem),
      listActionItems: jest.fn(async () => ({
        items: [item(1, 'done'), item(2, 'open'), item(3, 'in_progress')],
      })),
    });
    await renderPanel(api);
    expect(await screen.findByText('In review')).toBeInTheDocument();
    expect(screen.getByText('Due 2026-11-28 00:00 UTC')).toBeInTheDocument();
    expect(screen.getByText('Action items: 1 / 3 done')).toBeInTheDocument();
    expect(api.getPostmortemForIncident).toHaveBeenCalledWith(7);
    expect(api.listActionItems).toHaveBeenCalledWith({
      incidentId: 7,
      limit: 200,
    });
  });

  it('leads to the postmortem editor', async () => {
    const api = mockIncidentsApi({
      getPostmortemForIncident: jest.fn(async () => postmortem),
    });
    await renderPanel(api);
    // A MUI button rendered as a router link keeps the button role.
    expect(
      await screen.findByRole('button', { name: 'Open postmortem' }),
    ).toHaveAttribute('href', '/incidents/INC-7/postmortem');
    expect(
      screen.queryByRole('button', { name: 'Start postmortem' }),
    ).not.toBeInTheDocument();
  });

  it('shows the postmortem document in a quick view', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockIncidentsApi({
      getPostmortemForIncident: jest.fn(async () => postmortem),
      getPostmortemMarkdown: jest.fn(
        async () =>
          '# Postmortem: INC-7 Checkout failing\n\n## Summary\n\nCard payments failed.',
      ),
    });
    await renderPanel(api);
    await user.click(await screen.findByRole('button', { name: 'Quick view' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByRole('heading', {
        name: 'Postmortem: INC-7 Checkout failing',
      }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Card payments failed.'),
    ).toBeInTheDocument();
    expect(api.getPostmortemMarkdown).toHaveBeenCalledWith(3);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('says when there is no postmortem yet and offers to start one', async () => {
    await renderPanel(mockIncidentsApi());
    expect(await screen.findByText(/No postmortem yet/)).toBeInTheDocument();
    expect(screen.queryByText(/Action items:/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Open postmortem' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Quick view' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Start postmortem' }),
    ).toHaveAttribute('href', '/incidents/INC-7/postmortem');
  });

  it('offers starting a postmortem only to those who may change the incident', async () => {
    await renderPanel(
      mockIncidentsApi(),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    );
    expect(
      await screen.findByText(/You may not start its postmortem/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Start postmortem' }),
    ).toBeNull();
  });

  it('explains a refusal', async () => {
    await renderPanel(
      mockIncidentsApi({
        getPostmortemForIncident: jest.fn(async () => {
          throw new NotAllowedError('Not allowed to read postmortems');
        }),
      }),
    );
    expect(
      await screen.findByText('Not allowed to read postmortems'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No postmortem yet/)).not.toBeInTheDocument();
  });
});
