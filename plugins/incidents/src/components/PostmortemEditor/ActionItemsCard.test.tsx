import { coreApis } from '@backstage/frontend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import { mockBreakpoint } from '@backstage/core-components/testUtils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { ActionItemsCard } from './ActionItemsCard';
import { actionItemFixture } from './testFixtures';

const NOW = new Date('2026-11-30T12:00:00Z');

function renderCard(api: IncidentsApi, permissionApi = mockApis.permission()) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
        [coreApis.identity, mockApis.identity()],
      ]}
    >
      <FreshPermissionCache>
        <ActionItemsCard incidentId={7} postmortemId={3} now={NOW} />
      </FreshPermissionCache>
    </TestApiProvider>,
    // Owners are shown by name, linked to their catalog page
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ActionItemsCard', () => {
  // Every media query answers as on a desktop again, as jsdom has no screen of its own
  afterEach(() => mockBreakpoint({ matches: false }));

  it('shows each item as a block of headed fields on a narrow screen', async () => {
    mockBreakpoint({ matches: true });
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async () => ({
        items: [actionItemFixture()],
      })),
    });
    await renderCard(api);
    const list = await screen.findByRole('list', { name: 'Action items' });
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    const item = within(list).getByRole('listitem');
    const title = actionItemFixture().title;
    expect(within(item).getByText('Due (UTC)')).toBeInTheDocument();
    expect(
      within(item).getByRole('textbox', { name: `Title of ${title}` }),
    ).toHaveValue(title);
    expect(
      within(item).getByRole('combobox', { name: `Status of ${title}` }),
    ).toBeInTheDocument();
  });

  it('adds an action item to the incident and postmortem', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = mockIncidentsApi({
      createActionItem: jest.fn(async () => actionItemFixture()),
    });
    await renderCard(api);
    expect(await screen.findByText('No action items yet.')).toBeInTheDocument();
    expect(api.listActionItems).toHaveBeenCalledWith({
      postmortemId: 3,
      limit: 200,
    });

    const add = screen.getByRole('button', { name: 'Add action item' });
    expect(add).toBeDisabled();
    // Text arrives by paste, as one input each: typed character by character, every
    // key re-rendered the card, most of this test's time on a loaded machine.
    const fill = async (field: HTMLElement, text: string) => {
      await user.click(field);
      await user.paste(text);
    };
    await fill(
      screen.getByRole('textbox', { name: 'Action item title' }),
      'Automate certificate renewal',
    );
    await fill(
      screen.getByRole('textbox', { name: 'Owner' }),
      'group:default/platform',
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Priority' }),
      'P1',
    );
    await user.type(
      screen.getByLabelText('Action item due date'),
      '2026-12-15',
    );
    await fill(
      screen.getByRole('textbox', { name: 'Ticket URL' }),
      'https://jira.example.com/OPS-1',
    );
    await user.click(add);

    await waitFor(() =>
      expect(api.createActionItem).toHaveBeenCalledWith({
        incidentId: 7,
        postmortemId: 3,
        title: 'Automate certificate renewal',
        ownerRef: 'group:default/platform',
        priority: 'P1',
        dueAt: '2026-12-15T00:00:00Z',
        ticketUrl: 'https://jira.example.com/OPS-1',
      }),
    );
    await waitFor(() => expect(api.listActionItems).toHaveBeenCalledTimes(2));
    expect(
      screen.getByRole('textbox', { name: 'Action item title' }),
    ).toHaveValue('');
  });

  it('changes an item in place and marks overdue items', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const item = actionItemFixture({ dueAt: '2026-11-29T00:00:00Z' });
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async () => ({ items: [item] })),
      updateActionItem: jest.fn(async (_id, request) => ({
        ...item,
        ...(request as object),
        updatedAt: '2026-11-30T12:00:00Z',
      })),
    });
    await renderCard(api);
    const table = await screen.findByRole('table', { name: 'Action items' });
    expect(within(table).getByText('Overdue')).toBeInTheDocument();
    // the owner field holds the ref to edit; beside it, who that is
    expect(
      within(table).getByRole('link', { name: /payments/ }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');

    await user.selectOptions(
      within(table).getByRole('combobox', {
        name: 'Status of Alert on card declines',
      }),
      'done',
    );
    await waitFor(() =>
      expect(api.updateActionItem).toHaveBeenCalledWith(11, { status: 'done' }),
    );
    await waitFor(() =>
      expect(within(table).queryByText('Overdue')).not.toBeInTheDocument(),
    );

    const owner = within(table).getByRole('textbox', {
      name: 'Owner of Alert on card declines',
    });
    await user.clear(owner);
    await user.type(owner, 'user:default/bob');
    await user.tab();
    await waitFor(() =>
      expect(api.updateActionItem).toHaveBeenLastCalledWith(11, {
        ownerRef: 'user:default/bob',
      }),
    );
  });

  it('shows a refused change', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = mockIncidentsApi({
      listActionItems: jest.fn(async () => ({ items: [actionItemFixture()] })),
      updateActionItem: jest.fn(async () => {
        throw new InputError('ticketUrl must be a URL');
      }),
    });
    await renderCard(api);
    const ticket = await screen.findByRole('textbox', {
      name: 'Ticket of Alert on card declines',
    });
    await user.type(ticket, 'not a url');
    await user.tab();
    expect(
      (await screen.findAllByText(/ticketUrl must be a URL/)).length,
    ).toBeGreaterThan(0);
  });

  it('offers no new action item form to readers who may not change the incident', async () => {
    await renderCard(
      mockIncidentsApi(),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    );
    expect(
      await screen.findByText(
        /does not allow you to add or change action items/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add action item' }),
    ).toBeNull();
  });
});
