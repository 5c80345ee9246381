import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { mockApis } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiWith, renderEditor } from '../../__testUtils__/postmortemEditor';
import { postmortemFixture } from './testFixtures';

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
