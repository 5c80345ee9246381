import {
  ActionItem,
  ActionItemPriority,
  ActionItemStatus,
  FiveWhy,
  Page,
  Postmortem,
  PostmortemSections,
  PostmortemStatus,
  PostmortemTimelineEntry,
  RunbookFollowUp,
  RunbookFollowUpKind,
} from '@firebreak/plugin-incidents-common';
import { PageRequest } from '../incidents/IncidentStore';

/** What the service stores when a postmortem is created. */
export type NewPostmortem = {
  incidentId: number;
  sections: PostmortemSections;
  timeline: PostmortemTimelineEntry[];
  dueAt?: Date;
  createdBy: string;
};

/** Fields the service may change on a postmortem; omitted fields stay as they are. */
export type PostmortemPatch = {
  status?: PostmortemStatus;
  sections?: PostmortemSections;
  fiveWhys?: FiveWhy[];
  dueAt?: Date | null;
  publishedAt?: Date | null;
};

/** Filters for listing postmortems; every given filter must match. */
export type PostmortemFilter = {
  statuses?: PostmortemStatus[];
  /** The incident's owner is one of these (also how permission conditions narrow lists). */
  ownerRefs?: string[];
  /** Not published and due before this instant. */
  overdueAt?: Date;
  /** Postmortems of these incidents. */
  incidentIds?: number[];
};

/** An earlier incident that may be the same problem, and what it shares with this one. */
export type RecurrenceCandidate = {
  id: number;
  title: string;
  sameEntity: boolean;
  sharesAlert: boolean;
};

/** Extra conditions a write re-checks in the database, beside the version. */
export type PostmortemWriteConditions = {
  /** The stored status must be this one. */
  status?: PostmortemStatus;
  /** It has at least one reviewer and every reviewer has approved. */
  allApproved?: boolean;
};

/** What the service stores when an action item is created. */
export type NewActionItem = {
  incidentId: number;
  postmortemId?: number;
  title: string;
  description: string;
  ownerRef: string;
  priority: ActionItemPriority;
  dueAt?: Date;
  ticketUrl?: string;
  /** Set when the item is a runbook follow-up. */
  runbookFollowUp?: RunbookFollowUp;
  createdBy: string;
};

/** Fields the service may change on an action item; omitted fields stay as they are. */
export type ActionItemPatch = {
  title?: string;
  description?: string;
  ownerRef?: string;
  priority?: ActionItemPriority;
  dueAt?: Date | null;
  status?: ActionItemStatus;
  ticketUrl?: string | null;
  postmortemId?: number | null;
  completedAt?: Date | null;
  /** The linked Jira issue's status name as last seen. */
  jiraStatus?: string;
  /** How Firebreak closed it. */
  completionNote?: string;
};

/** The Jira issue an action item was turned into. */
export type JiraIssueLink = {
  key: string;
  url: string;
  status?: string;
};

/** Filters for listing action items; every given filter must match. */
export type ActionItemFilter = {
  /** Owned by one of these user or group refs (a person, or a team's refs). */
  ownerRefs?: string[];
  /** The incident's primary or an affected entity is one of these. */
  entityRefs?: string[];
  statuses?: ActionItemStatus[];
  priorities?: ActionItemPriority[];
  incidentId?: number;
  postmortemId?: number;
  /** Outstanding (open or in progress) and due before this instant. */
  overdueAt?: Date;
  /** Not overdue at this instant: done, won't do, without a due date, or not yet due. */
  notOverdueAt?: Date;
  /** The incident's owner is one of these (permission conditions). */
  incidentOwnerRefs?: string[];
  /** Of these kinds; `task` is an item that is not a runbook follow-up. */
  kinds?: Array<RunbookFollowUpKind | 'task'>;
  /** Runbook follow-ups about one of these entities. */
  followUpEntityRefs?: string[];
  /** Runbook follow-ups about this alert name. */
  followUpAlert?: string;
};

/**
 * Persistence of postmortems, their reviewers and action items. SQL only; the rules
 * live in the PostmortemService.
 */
export interface PostmortemStore {
  /** Runs `fn` in one database transaction; the store passed to `fn` uses it. */
  transaction<T>(fn: (store: PostmortemStore) => Promise<T>): Promise<T>;

  /** Returns `undefined` when the incident already has a postmortem. */
  createPostmortem(postmortem: NewPostmortem): Promise<Postmortem | undefined>;
  getPostmortem(id: number): Promise<Postmortem | undefined>;
  getPostmortemByIncident(incidentId: number): Promise<Postmortem | undefined>;
  /**
   * Applies `patch` when the stored version equals `expectedVersion` (and `conditions`
   * hold), bumping the version. Returns `undefined` when they did not.
   */
  updatePostmortem(
    id: number,
    expectedVersion: number,
    patch: PostmortemPatch,
    conditions?: PostmortemWriteConditions,
  ): Promise<Postmortem | undefined>;
  /** Newest first, keyset pagination on (createdAt, id). */
  listPostmortems(
    filter: PostmortemFilter,
    page: PageRequest,
  ): Promise<Page<Postmortem>>;

  /**
   * Adds a reviewer to an unpublished postmortem and bumps its version, so a publish
   * computed before the change is refused. Returns `false` (and changes nothing) when
   * the postmortem is published or missing; no-op when already a reviewer.
   */
  addReviewer(postmortemId: number, userRef: string): Promise<boolean>;
  /**
   * Removes a reviewer of an unpublished postmortem and bumps its version. Returns
   * `'removed'`, `'not_reviewer'`, or `'published'` when the postmortem is published or
   * missing.
   */
  removeReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<'removed' | 'not_reviewer' | 'published'>;
  /**
   * Records `userRef`'s approval while the postmortem is in review, checked under the
   * postmortem's row lock so it cannot land after a move back to draft. Returns whether
   * it was recorded (false: not in review, or not a reviewer).
   */
  approve(postmortemId: number, userRef: string, at: Date): Promise<boolean>;
  clearApprovals(postmortemId: number): Promise<void>;

  /**
   * Up to `limit` earlier incidents (detected before `before`) on `entityRef`, or that
   * had an alert with one of `alertNames`, newest first, with what they share.
   */
  findRecurrenceCandidates(options: {
    excludeId: number;
    before: Date;
    entityRef: string;
    alertNames: string[];
    limit: number;
  }): Promise<RecurrenceCandidate[]>;
  /** Distinct names of the alerts linked to an incident. */
  getAlertNames(incidentId: number): Promise<string[]>;

  createActionItem(item: NewActionItem): Promise<ActionItem>;
  getActionItem(id: number): Promise<ActionItem | undefined>;
  /**
   * Applies `patch`; with `onlyIfStatus`, only while the stored status is one of those
   * (checked in the statement, so of two writers only the first changes it).
   */
  updateActionItem(
    id: number,
    patch: ActionItemPatch,
    onlyIfStatus?: readonly ActionItemStatus[],
  ): Promise<ActionItem | undefined>;
  /**
   * Claims the creation of an item's Jira issue at `now`: succeeds for exactly one
   * caller while the item has no issue and no claim made at or after `staleBefore`.
   */
  claimJiraIssue(id: number, now: Date, staleBefore: Date): Promise<boolean>;
  /** Gives up a claim whose issue was not created. */
  releaseJiraClaim(id: number): Promise<void>;
  /** Stores the created issue on the item and ends the claim. */
  linkJiraIssue(
    id: number,
    link: JiraIssueLink,
  ): Promise<ActionItem | undefined>;
  /** Outstanding items with a Jira issue and an id above `afterId`, by id. */
  listOutstandingJiraItems(options: {
    afterId: number;
    limit: number;
  }): Promise<ActionItem[]>;
  /** Newest first, keyset pagination on (createdAt, id). */
  listActionItems(
    filter: ActionItemFilter,
    page: PageRequest,
  ): Promise<Page<ActionItem>>;

  /** Unpublished postmortems due before `dueBefore`, not reminded since `notRemindedSince`. */
  listPostmortemsToRemind(options: {
    dueBefore: Date;
    notRemindedSince: Date;
    limit: number;
  }): Promise<Postmortem[]>;
  /** Outstanding action items due before `dueBefore`, not reminded since `notRemindedSince`. */
  listActionItemsToRemind(options: {
    dueBefore: Date;
    notRemindedSince: Date;
    limit: number;
  }): Promise<ActionItem[]>;
  /**
   * Atomically records a reminder at `now` unless one was recorded at or after
   * `notBefore`. Returns whether this caller should send it (exactly one caller wins).
   */
  claimPostmortemReminder(
    id: number,
    notBefore: Date,
    now: Date,
  ): Promise<boolean>;
  /** Like {@link PostmortemStore.claimPostmortemReminder}, for an action item. */
  claimActionItemReminder(
    id: number,
    notBefore: Date,
    now: Date,
  ): Promise<boolean>;
}
