import { coreApis } from '@backstage/frontend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { FreshPermissionCache } from '../../__testUtils__/permissions';
import { Postmortem } from '@firebreak/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { incidentFixture, mockIncidentsApi } from '../../testing/fixtures';
import { PostmortemEditorPage } from './PostmortemEditorPage';
import { postmortemFixture } from './testFixtures';

const NOW = new Date('2026-11-30T12:00:00Z');

function renderEditor(
  api: IncidentsApi,
  userEntityRef = 'user:default/alice',
  permissionApi = mockApis.permission(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
        [coreApis.identity, mockApis.identity({ userEntityRef })],
      ]}
    >
      <FreshPermissionCache>
        <Routes>
          <Route
            path="/incidents/:id/postmortem"
            element={<PostmortemEditorPage now={NOW} />}
          />
        </Routes>
      </FreshPermissionCache>
    </TestApiProvider>,
    { routeEntries: ['/incidents/7/postmortem'] },
  );
}

function apiWith(
  postmortem: Postmortem | undefined,
  overrides: Partial<IncidentsApi> = {},
) {
  return mockIncidentsApi({
    getIncident: jest.fn(async () => incidentFixture({ status: 'resolved' })),
    getPostmortemForIncident: jest.fn(async () => postmortem),
    ...overrides,
  });
}

describe('PostmortemEditorPage', () => {
  it('shows every section and saves only the edited one with the loaded version', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const loaded = postmortemFixture({
      sections: {
        ...postmortemFixture().sections,
        impact: 'Card payments failed for 20 minutes.',
      },
    });
    const api = apiWith(loaded, {
      updatePostmortem: jest.fn(async (_id, request) => ({
        ...loaded,
        sections: { ...loaded.sections, ...request.sections },
        version: 5,
      })),
    });
    await renderEditor(api);

    expect(
      await screen.findByRole('heading', { name: 'Recurrence' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Impact' })).toHaveValue(
      'Card payments failed for 20 minutes.',
    );
    expect(
      screen.getByRole('link', { name: 'INC-7 · Checkout failing' }),
    ).toHaveAttribute('href', '/incidents/INC-7');
    expect(
      screen.getByText('Overdue since 2026-11-28 00:00 UTC'),
    ).toBeInTheDocument();
    expect(api.getPostmortemForIncident).toHaveBeenCalledWith('7');

    await user.click(screen.getByRole('textbox', { name: 'Summary' }));
    await user.paste('Failed.');
    expect(screen.getByText('unsaved')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save Summary' }));

    await waitFor(() =>
      expect(api.updatePostmortem).toHaveBeenCalledWith(3, {
        sections: { summary: 'Failed.' },
        version: 4,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('unsaved')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('All sections saved.')).toBeInTheDocument();
  });

  it('shows readers who may not change the incident the postmortem without editors', async () => {
    const api = apiWith(postmortemFixture());
    await renderEditor(
      api,
      'user:default/alice',
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Recurrence' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Save Summary' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByRole('textbox', { name: 'Summary' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Add action item' }),
    ).toBeNull();
  });

  it('previews a section as Markdown', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    await renderEditor(apiWith(postmortemFixture()));
    await user.click(await screen.findByRole('textbox', { name: 'Fault' }));
    await user.paste('**Expired** certificate');
    const faultTabs = screen.getByRole('tablist', { name: 'Fault mode' });
    await user.click(within(faultTabs).getByRole('tab', { name: 'Preview' }));
    expect((await screen.findByText('Expired')).tagName).toBe('STRONG');
    expect(
      screen.queryByRole('textbox', { name: 'Fault' }),
    ).not.toBeInTheDocument();
  });

  it('keeps the typed text and asks to reload when someone else saved first', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const loaded = postmortemFixture();
    const api = apiWith(loaded, {
      updatePostmortem: jest.fn(async () => {
        throw new ConflictError('stale version');
      }),
    });
    await renderEditor(api);
    await user.click(await screen.findByRole('textbox', { name: 'Summary' }));
    await user.paste('Mine');
    await user.click(screen.getByRole('button', { name: 'Save all changes' }));

    expect(
      await screen.findByText(/changed by someone else — reload/),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Summary' })).toHaveValue(
      'Mine',
    );
    expect(screen.getByText('unsaved')).toBeInTheDocument();

    // After the reload the text is still there, against the newer version.
    (api.getPostmortemForIncident as jest.Mock).mockResolvedValue({
      ...loaded,
      version: 9,
    });
    (api.updatePostmortem as jest.Mock).mockResolvedValue({
      ...loaded,
      version: 10,
    });
    await user.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() =>
      expect(api.getPostmortemForIncident).toHaveBeenCalledTimes(2),
    );
    expect(screen.getByRole('textbox', { name: 'Summary' })).toHaveValue(
      'Mine',
    );
    await user.click(screen.getByRole('button', { name: 'Save Summary' }));
    await waitFor(() =>
      expect(api.updatePostmortem).toHaveBeenLastCalledWith(3, {
        sections: { summary: 'Mine' },
        version: 9,
      }),
    );
  });

  it('starts a postmortem when the incident has none', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(undefined, {
      createPostmortem: jest.fn(async () => postmortemFixture()),
    });
    await renderEditor(api);
    expect(
      await screen.findByText('INC-7 has no postmortem yet'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start postmortem' }));
    expect(api.createPostmortem).toHaveBeenCalledWith(7);
    expect(
      await screen.findByRole('textbox', { name: 'Summary' }),
    ).toBeInTheDocument();
  });

  it('explains why a postmortem could not be started', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(undefined, {
      createPostmortem: jest.fn(async () => {
        throw new NotAllowedError('Only the owners may start a postmortem');
      }),
    });
    await renderEditor(api);
    await user.click(
      await screen.findByRole('button', { name: 'Start postmortem' }),
    );
    expect(
      await screen.findByText('Only the owners may start a postmortem'),
    ).toBeInTheDocument();
  });

  it('offers to open a postmortem someone else started meanwhile', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(undefined, {
      createPostmortem: jest.fn(async () => {
        throw new ConflictError('already has a postmortem');
      }),
    });
    await renderEditor(api);
    await user.click(
      await screen.findByRole('button', { name: 'Start postmortem' }),
    );
    expect(
      await screen.findByText(
        'Someone else has already started this postmortem.',
      ),
    ).toBeInTheDocument();
    (api.getPostmortemForIncident as jest.Mock).mockResolvedValue(
      postmortemFixture(),
    );
    await user.click(screen.getByRole('button', { name: 'Open it' }));
    expect(
      await screen.findByRole('textbox', { name: 'Summary' }),
    ).toBeInTheDocument();
  });

  it('inserts the imported timeline into a section', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    await renderEditor(
      apiWith(
        postmortemFixture({
          timeline: [
            {
              at: '2026-11-23T00:05:00Z',
              type: 'note',
              message: 'Rolled back the deploy',
              actorRef: 'user:default/bob',
              pinned: true,
            },
            {
              at: '2026-11-23T00:00:00Z',
              type: 'status',
              message: 'Declared',
              pinned: false,
            },
          ],
        }),
      ),
    );
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const entries = within(timeline).getAllByRole('listitem');
    expect(entries[0]).toHaveTextContent('Rolled back the deploy');
    expect(within(entries[0]).getByTitle('Pinned')).toBeInTheDocument();
    expect(within(entries[1]).queryByTitle('Pinned')).not.toBeInTheDocument();
    expect(entries[0]).toHaveTextContent('2026-11-23 00:05 UTC');
    await user.click(
      screen.getByRole('button', { name: 'Insert timeline into Response' }),
    );
    expect(screen.getByRole('textbox', { name: 'Response' })).toHaveValue(
      '- 2026-11-23 00:05 UTC — Rolled back the deploy (user:default/bob)\n' +
        '- 2026-11-23 00:00 UTC — Declared',
    );
    expect(screen.getByText('unsaved')).toBeInTheDocument();
  });

  it('edits and saves the five whys', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const loaded = postmortemFixture({
      fiveWhys: [{ question: 'Why did checkout fail?', answer: 'TLS error' }],
    });
    const api = apiWith(loaded, {
      updatePostmortem: jest.fn(async (_id, request) => ({
        ...loaded,
        fiveWhys: request.fiveWhys!,
        version: 5,
      })),
    });
    await renderEditor(api);
    await user.click(await screen.findByRole('button', { name: 'Add why' }));
    await user.click(screen.getByRole('textbox', { name: 'Why 2' }));
    await user.paste('Why expired?');
    await user.click(screen.getByRole('textbox', { name: 'Answer 2' }));
    await user.paste('Manual');
    await user.click(screen.getByRole('button', { name: 'Save five whys' }));
    await waitFor(() =>
      expect(api.updatePostmortem).toHaveBeenCalledWith(3, {
        fiveWhys: [
          { question: 'Why did checkout fail?', answer: 'TLS error' },
          {
            question: 'Why expired?',
            answer: 'Manual',
          },
        ],
        version: 4,
      }),
    );

    await user.click(screen.getByRole('button', { name: 'Remove why 1' }));
    await user.click(screen.getByRole('button', { name: 'Save five whys' }));
    await waitFor(() =>
      expect(api.updatePostmortem).toHaveBeenLastCalledWith(3, {
        fiveWhys: [
          {
            question: 'Why expired?',
            answer: 'Manual',
          },
        ],
        version: 5,
      }),
    );
  });

  it('saves a new due date', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const loaded = postmortemFixture();
    const api = apiWith(loaded, {
      updatePostmortem: jest.fn(async () => ({
        ...loaded,
        dueAt: '2026-12-04T00:00:00Z',
        version: 5,
      })),
    });
    await renderEditor(api);
    const due = await screen.findByLabelText('Postmortem due date');
    expect(due).toHaveValue('2026-11-28');
    await user.clear(due);
    await user.type(due, '2026-12-04');
    await user.tab();
    await waitFor(() =>
      expect(api.updatePostmortem).toHaveBeenCalledWith(3, {
        dueAt: '2026-12-04T00:00:00Z',
        version: 4,
      }),
    );
    expect(
      await screen.findByText('Due 2026-12-04 00:00 UTC'),
    ).toBeInTheDocument();
  });

  it('links earlier incidents on the same entity or alert', async () => {
    const api = apiWith(postmortemFixture(), {
      getPostmortemRecurrence: jest.fn(async () => [
        incidentFixture({
          id: 2,
          title: 'Checkout slow',
          status: 'resolved',
          severity: 'P2',
          detectedAt: '2026-10-01T08:00:00Z',
        }),
      ]),
    });
    await renderEditor(api);
    expect(
      await screen.findByRole('link', { name: 'INC-2 · Checkout slow' }),
    ).toHaveAttribute('href', '/incidents/INC-2');
    expect(
      screen.getByText('P2 · resolved · detected 2026-10-01 08:00 UTC'),
    ).toBeInTheDocument();
    expect(api.getPostmortemRecurrence).toHaveBeenCalledWith(3);
  });

  it('shows why the incident could not be loaded', async () => {
    await renderEditor(
      apiWith(undefined, {
        getIncident: jest.fn(async () => {
          throw new NotFoundError('No incident INC-7');
        }),
      }),
    );
    expect(
      (await screen.findAllByText(/No incident INC-7/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('button', { name: 'Start postmortem' }),
    ).not.toBeInTheDocument();
  });
});
