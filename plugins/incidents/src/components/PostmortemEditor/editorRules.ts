import {
  canTransitionPostmortem,
  Postmortem,
  PostmortemStatus,
  PostmortemTimelineEntry,
} from '@firebreak/plugin-incidents-common';
import { DateTime } from 'luxon';
import { utc } from '../../format';

type MaybeResponseError = Error & {
  statusCode?: number;
  cause?: { name?: string };
};

/** Whether a write was refused because someone else changed the record first (409). */
export function isConflict(error: Error): boolean {
  const e = error as MaybeResponseError;
  return (
    e.statusCode === 409 ||
    e.name === 'ConflictError' ||
    e.cause?.name === 'ConflictError'
  );
}

/** A move the review card offers, and why it cannot be made now (`undefined` when it can). */
export type PostmortemMove = {
  to: PostmortemStatus;
  label: string;
  blockedBy?: string;
};

/**
 * The status moves of a postmortem with the reason each is refused. The backend enforces
 * the same rules; checking here first lets the buttons explain themselves instead of
 * answering 409 after the click.
 */
export function postmortemMoves(postmortem: Postmortem): PostmortemMove[] {
  const { status, reviewers } = postmortem;
  const wrongStatus = (to: PostmortemStatus) =>
    canTransitionPostmortem(status, to)
      ? undefined
      : `Not possible from ${status.replace('_', ' ')}.`;
  const pending = reviewers.filter(r => !r.approvedAt).length;
  return [
    {
      to: 'in_review',
      label: 'Submit for review',
      blockedBy:
        wrongStatus('in_review') ??
        (reviewers.length === 0
          ? 'Add at least one reviewer first.'
          : undefined),
    },
    {
      to: 'published',
      label: 'Publish',
      blockedBy:
        wrongStatus('published') ??
        (pending > 0
          ? `Waiting for ${pending} reviewer approval${pending > 1 ? 's' : ''}.`
          : undefined),
    },
    {
      to: 'draft',
      label: 'Back to draft',
      blockedBy: wrongStatus('draft'),
    },
  ];
}

/** Why the signed-in user cannot approve, or `undefined` when they can. */
export function approvalBlockedBy(
  postmortem: Postmortem,
  userRef: string | undefined,
): string | undefined {
  if (postmortem.status !== 'in_review') {
    return 'Approvals are given while the postmortem is in review.';
  }
  const reviewer = postmortem.reviewers.find(r => r.userRef === userRef);
  if (!reviewer) return 'Only reviewers can approve.';
  if (reviewer.approvedAt) return 'You have approved.';
  return undefined;
}

/** The timeline as a Markdown list, ready to paste into a section. */
export function timelineMarkdown(entries: PostmortemTimelineEntry[]): string {
  return entries
    .map(entry => {
      const by = entry.actorRef ? ` (${entry.actorRef})` : '';
      const message = entry.message.replace(/\r?\n/g, ' ');
      return `- ${utc(entry.at)} — ${message}${by}`;
    })
    .join('\n');
}

/** The `yyyy-mm-dd` a date input shows for an ISO instant, in UTC. */
export function toDateInput(iso?: string): string {
  if (!iso) return '';
  return DateTime.fromISO(iso).toUTC().toISODate() ?? '';
}

/** The UTC midnight ISO instant of a date input's value; `undefined` for an empty input. */
export function fromDateInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = DateTime.fromISO(value, { zone: 'utc' });
  return date.isValid
    ? date.toISO({ suppressMilliseconds: true }) ?? undefined
    : undefined;
}

/** Whether a not yet published postmortem is past its due date at `now`. */
export function isPostmortemOverdue(
  postmortem: Postmortem,
  now: Date,
): boolean {
  return (
    postmortem.status !== 'published' &&
    !!postmortem.dueAt &&
    Date.parse(postmortem.dueAt) < now.getTime()
  );
}
