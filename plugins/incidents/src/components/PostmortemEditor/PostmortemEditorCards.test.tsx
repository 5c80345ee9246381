import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { incidentFixture } from '../../testing/fixtures';
import { findCard } from '../../__testUtils__/cards';
import { apiWith, renderEditor } from '../../__testUtils__/postmortemEditor';
import { postmortemFixture } from './testFixtures';

describe('PostmortemEditorPage cards', () => {
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
    const card = within(await findCard('Five whys'));
    await user.click(card.getByRole('button', { name: 'Add why' }));
    await user.click(card.getByLabelText('Why 2'));
    await user.paste('Why expired?');
    await user.click(card.getByLabelText('Answer 2'));
    await user.paste('Manual');
    await user.click(card.getByRole('button', { name: 'Save five whys' }));
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

    await user.click(card.getByRole('button', { name: 'Remove why 1' }));
    await user.click(card.getByRole('button', { name: 'Save five whys' }));
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
});
