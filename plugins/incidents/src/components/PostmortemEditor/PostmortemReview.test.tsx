import { ConflictError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { findCard } from '../../__testUtils__/cards';
import { apiWith, renderEditor } from '../../__testUtils__/postmortemEditor';
import { postmortemFixture } from './testFixtures';

describe('PostmortemEditorPage review flow', () => {
  it('needs a reviewer before it can be submitted for review', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const draft = postmortemFixture();
    const withReviewer = postmortemFixture({
      reviewers: [{ userRef: 'user:default/bob' }],
      version: 5,
    });
    const api = apiWith(draft, {
      addPostmortemReviewer: jest.fn(async () => withReviewer),
      transitionPostmortem: jest.fn(async () => ({
        ...withReviewer,
        status: 'in_review' as const,
        version: 6,
      })),
    });
    await renderEditor(api);
    const review = within(await findCard('Review'));

    const submit = await review.findByRole('button', {
      name: 'Submit for review',
    });
    expect(submit).toBeDisabled();
    expect(
      screen.getByText('Submit for review: Add at least one reviewer first.'),
    ).toBeInTheDocument();

    await user.type(
      review.getByRole('textbox', { name: 'Reviewer' }),
      'user:default/bob',
    );
    await user.click(review.getByRole('button', { name: 'Add reviewer' }));
    expect(api.addPostmortemReviewer).toHaveBeenCalledWith(
      3,
      'user:default/bob',
    );
    await waitFor(() =>
      expect(
        review.getByRole('button', { name: 'Submit for review' }),
      ).toBeEnabled(),
    );

    await user.click(review.getByRole('button', { name: 'Submit for review' }));
    expect(api.transitionPostmortem).toHaveBeenCalledWith(3, 'in_review', {
      version: 5,
    });
    expect(await screen.findByText('In review')).toBeInTheDocument();
    expect(
      review.queryByRole('button', { name: 'Submit for review' }),
    ).not.toBeInTheDocument();
  });

  it('removes a reviewer', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(
      postmortemFixture({ reviewers: [{ userRef: 'user:default/bob' }] }),
      {
        removePostmortemReviewer: jest.fn(async () =>
          postmortemFixture({ version: 5 }),
        ),
      },
    );
    await renderEditor(api);
    const review = within(await findCard('Review'));
    await user.click(
      await review.findByRole('button', {
        name: 'Remove reviewer user:default/bob',
      }),
    );
    expect(api.removePostmortemReviewer).toHaveBeenCalledWith(
      3,
      'user:default/bob',
    );
    expect(await screen.findByText('No reviewers yet.')).toBeInTheDocument();
  });

  it('lets a reviewer approve, and publishes once everyone approved', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const inReview = postmortemFixture({
      status: 'in_review',
      reviewers: [{ userRef: 'user:default/alice' }],
    });
    const approved = {
      ...inReview,
      reviewers: [
        { userRef: 'user:default/alice', approvedAt: '2026-11-24T10:00:00Z' },
      ],
      version: 5,
    };
    const api = apiWith(inReview, {
      approvePostmortem: jest.fn(async () => approved),
      transitionPostmortem: jest.fn(async () => ({
        ...approved,
        status: 'published' as const,
        publishedAt: '2026-11-24T11:00:00Z',
        version: 6,
      })),
    });
    await renderEditor(api);
    const review = within(await findCard('Review'));

    expect(
      await review.findByRole('button', { name: 'Publish' }),
    ).toBeDisabled();
    expect(
      screen.getByText('Publish: Waiting for 1 reviewer approval.'),
    ).toBeInTheDocument();
    await user.click(review.getByRole('button', { name: 'Approve' }));
    expect(api.approvePostmortem).toHaveBeenCalledWith(3);

    await waitFor(() =>
      expect(review.getByRole('button', { name: 'Publish' })).toBeEnabled(),
    );
    expect(review.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByText('Approve: You have approved.')).toBeInTheDocument();

    await user.click(review.getByRole('button', { name: 'Publish' }));
    expect(api.transitionPostmortem).toHaveBeenCalledWith(3, 'published', {
      version: 5,
    });
    expect(
      await screen.findByText(/a published postmortem can no longer change/),
    ).toBeInTheDocument();
    expect(
      review.queryByRole('textbox', { name: 'Summary' }),
    ).not.toBeInTheDocument();
  });

  it('does not offer approval to someone who is not a reviewer', async () => {
    await renderEditor(
      apiWith(
        postmortemFixture({
          status: 'in_review',
          reviewers: [{ userRef: 'user:default/bob' }],
        }),
      ),
      'user:default/carol',
    );
    const review = within(await findCard('Review'));
    expect(
      await review.findByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(
      screen.getByText('Approve: Only reviewers can approve.'),
    ).toBeInTheDocument();
    expect(review.getByRole('button', { name: 'Back to draft' })).toBeEnabled();
  });

  it('says why a move was refused', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(
      postmortemFixture({
        status: 'in_review',
        reviewers: [{ userRef: 'user:default/bob' }],
      }),
      {
        transitionPostmortem: jest.fn(async () => {
          throw new ConflictError('stale version');
        }),
      },
    );
    await renderEditor(api);
    const review = within(await findCard('Review'));
    await user.click(
      await review.findByRole('button', { name: 'Back to draft' }),
    );
    expect(
      await screen.findByText(/changed by someone else — reload/),
    ).toBeInTheDocument();
  });

  it('shows a published postmortem read-only', async () => {
    const published = postmortemFixture({
      status: 'published',
      publishedAt: '2026-11-24T11:00:00Z',
      reviewers: [
        { userRef: 'user:default/bob', approvedAt: '2026-11-24T10:00:00Z' },
      ],
      sections: {
        ...postmortemFixture().sections,
        summary: 'Checkout **failed** for 20 minutes.',
      },
      fiveWhys: [{ question: 'Why?', answer: 'Expired certificate' }],
      timeline: [
        {
          at: '2026-11-23T00:00:00Z',
          type: 'status',
          message: 'Declared',
          pinned: false,
        },
      ],
    });
    await renderEditor(apiWith(published));

    expect(await screen.findByText('failed')).toBeInTheDocument();
    expect(screen.getAllByText('Published').length).toBeGreaterThan(0);
    expect(
      screen.queryAllByRole('textbox', { name: /Summary|Reviewer/ }),
    ).toHaveLength(0);
    expect(screen.getByRole('textbox', { name: 'Why 1' })).toBeDisabled();
    for (const name of [
      'Save all changes',
      'Save Summary',
      'Add reviewer',
      'Submit for review',
      'Publish',
      'Back to draft',
      'Add why',
      'Insert timeline into Response',
    ]) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(
      screen.queryByRole('button', {
        name: 'Remove reviewer user:default/bob',
      }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByLabelText('Postmortem due date'),
    ).not.toBeInTheDocument();
  });
});
