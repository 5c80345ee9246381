import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ActionItem,
  ActionItemPriority,
  ActionItemStatus,
  canTransitionPostmortem,
  OUTSTANDING_ACTION_ITEM_STATUSES,
  emptyPostmortemSections,
  findSeverity,
  FiveWhy,
  Incident,
  Page,
  Postmortem,
  POSTMORTEM_SECTIONS,
  POSTMORTEM_STATUSES,
  POSTMORTEM_TRANSITIONS,
  PostmortemSections,
  PostmortemStatus,
  PostmortemTimelineEntry,
  renderPostmortemMarkdown,
  RUNBOOK_FOLLOW_UP_KINDS,
  RunbookFollowUp,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import { normaliseEntityRef, parseInstant } from '../validation/inputs';
import { IncidentStore, PageRequest } from '../incidents/IncidentStore';
import { Actor } from '../incidents/types';
import {
  ActionItemFilter,
  ActionItemPatch,
  JiraIssueLink,
  NewActionItem,
  PostmortemFilter,
  PostmortemStore,
  RecurrenceCandidate,
} from './PostmortemStore';

/** Who creates postmortems that the severity policy requires. */
export const SYSTEM_ACTOR = 'plugin:incidents';

const DEFAULT_DUE_WITHIN = 'P5D';
const RECURRENCE_LIMIT = 10;
/** Earlier incidents ranked for recurrence: the newest that share the entity or an alert. */
const RECURRENCE_CANDIDATES = 100;
const MAX_SECTION_LENGTH = 50_000;
const MAX_FIVE_WHYS = 20;
/** What `kind` filters action items by: a plain task or a runbook follow-up. */
const ACTION_ITEM_KINDS = ['task', ...RUNBOOK_FOLLOW_UP_KINDS] as const;

/** Changes to a postmortem's content; `sections` may be partial. */
export type UpdatePostmortemInput = {
  sections?: Partial<PostmortemSections>;
  fiveWhys?: FiveWhy[];
  /** ISO-8601 instant, or null to clear. */
  dueAt?: string | null;
};

/** Input of {@link PostmortemService.createActionItem}. */
export type CreateActionItemInput = {
  incidentId: number;
  postmortemId?: number;
  title: string;
  description?: string;
  ownerRef: string;
  priority?: string;
  dueAt?: string;
  ticketUrl?: string;
};

/** Changes to an action item; null clears an optional field. */
export type UpdateActionItemInput = {
  title?: string;
  description?: string;
  ownerRef?: string;
  priority?: string;
  dueAt?: string | null;
  status?: string;
  ticketUrl?: string | null;
};

/** Filters of {@link PostmortemService.listActionItems}, as callers give them. */
export type ActionItemQuery = {
  ownerRefs?: string[];
  entityRefs?: string[];
  statuses?: string[];
  priorities?: string[];
  incidentId?: number;
  postmortemId?: number;
  overdue?: boolean;
  incidentOwnerRefs?: string[];
  /** `task`, `add_runbook` or `update_runbook`. */
  kinds?: string[];
  followUpEntityRefs?: string[];
};

/**
 * The postmortem rules: one per incident (created on demand, or when a severity that
 * requires one resolves), its due date from the policy, the imported timeline, the
 * review flow draft → in review → published with reviewer approvals, optimistic
 * versions, recurrence suggestions, and the action items that follow from it.
 */
export class PostmortemService {
  private readonly store: PostmortemStore;
  private readonly incidents: Pick<
    IncidentStore,
    'getIncident' | 'getIncidents' | 'listTimeline'
  >;
  private readonly severities: SeverityLevel[];
  private readonly clock: () => Date;

  constructor(options: {
    store: PostmortemStore;
    incidents: Pick<
      IncidentStore,
      'getIncident' | 'getIncidents' | 'listTimeline'
    >;
    severities: SeverityLevel[];
    clock?: () => Date;
  }) {
    this.store = options.store;
    this.incidents = options.incidents;
    this.severities = options.severities;
    this.clock = options.clock ?? (() => new Date());
  }

  async getIncident(incidentId: number): Promise<Incident> {
    const incident = await this.incidents.getIncident(incidentId);
    if (!incident) throw new NotFoundError(`No incident INC-${incidentId}`);
    return incident;
  }

  async get(id: number): Promise<Postmortem> {
    const postmortem = await this.store.getPostmortem(id);
    if (!postmortem) throw new NotFoundError(`No postmortem ${id}`);
    return postmortem;
  }

  async getForIncident(incidentId: number): Promise<Postmortem> {
    await this.getIncident(incidentId);
    const postmortem = await this.store.getPostmortemByIncident(incidentId);
    if (!postmortem) {
      throw new NotFoundError(`INC-${incidentId} has no postmortem yet`);
    }
    return postmortem;
  }

  /** Starts the incident's postmortem; 409 when it already has one. */
  async create(incidentId: number, actor: Actor): Promise<Postmortem> {
    const incident = await this.getIncident(incidentId);
    const created = await this.start(incident, actor);
    if (!created) {
      throw new ConflictError(`INC-${incidentId} already has a postmortem`);
    }
    return created;
  }

  /**
   * Called after an incident resolves: starts its postmortem when the severity policy
   * requires one and none exists (reopened and re-resolved incidents keep theirs).
   */
  async onIncidentResolved(
    incident: Incident,
  ): Promise<Postmortem | undefined> {
    const severity = findSeverity(this.severities, incident.severity);
    if (!severity?.postmortemRequired) return undefined;
    return this.start(incident, SYSTEM_ACTOR);
  }

  async update(
    id: number,
    input: UpdatePostmortemInput,
    expectedVersion?: number,
  ): Promise<Postmortem> {
    const current = await this.get(id);
    this.checkVersion(current, expectedVersion);
    if (current.status === 'published') {
      throw new ConflictError(
        `Postmortem ${id} is published; it can no longer be edited`,
      );
    }
    const sections = { ...current.sections };
    for (const [key, value] of Object.entries(input.sections ?? {})) {
      if (!POSTMORTEM_SECTIONS.some(s => s.key === key)) {
        throw new InputError(`Unknown postmortem section '${key}'`);
      }
      if (typeof value !== 'string' || value.length > MAX_SECTION_LENGTH) {
        throw new InputError(
          `sections.${key} must be text of at most ${MAX_SECTION_LENGTH} characters`,
        );
      }
      sections[key as keyof PostmortemSections] = value;
    }
    const fiveWhys = input.fiveWhys && checkFiveWhys(input.fiveWhys);
    let dueAt: Date | null | undefined;
    if (input.dueAt !== undefined) {
      dueAt = input.dueAt === null ? null : parseInstant(input.dueAt, 'dueAt');
    }
    return this.write(current, {
      sections: input.sections ? sections : undefined,
      fiveWhys,
      dueAt,
    });
  }

  /**
   * Moves the postmortem along draft → in review → published. Review needs a reviewer;
   * publishing needs every reviewer's approval; back to draft clears approvals.
   */
  async transition(
    id: number,
    to: PostmortemStatus,
    expectedVersion?: number,
  ): Promise<Postmortem> {
    if (!POSTMORTEM_STATUSES.includes(to)) {
      throw new InputError(
        `Unknown postmortem status '${to}'; expected one of ${POSTMORTEM_STATUSES.join(
          ', ',
        )}`,
      );
    }
    const current = await this.get(id);
    this.checkVersion(current, expectedVersion);
    if (!canTransitionPostmortem(current.status, to)) {
      const allowed = POSTMORTEM_TRANSITIONS[current.status];
      throw new ConflictError(
        `Cannot move postmortem ${id} from ${
          current.status
        } to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
      );
    }
    if (to === 'in_review' && current.reviewers.length === 0) {
      throw new ConflictError(
        'Add at least one reviewer before sending the postmortem to review',
      );
    }
    if (to === 'published') {
      const pending = current.reviewers.filter(r => !r.approvedAt);
      if (pending.length) {
        throw new ConflictError(
          `Cannot publish before every reviewer approves; waiting for ${pending
            .map(r => r.userRef)
            .join(', ')}`,
        );
      }
    }
    return this.store.transaction(async store => {
      // The checks above read outside this transaction; the write re-checks them in the
      // database (version, status, and for publishing every approval), and reviewer
      // changes bump the version, so a decision on a stale read is refused with 409.
      // The postmortem row is written before its reviewers: approvals lock in the same
      // order, so the two cannot deadlock.
      const written = await store.updatePostmortem(
        id,
        current.version,
        {
          status: to,
          publishedAt: to === 'published' ? this.clock() : undefined,
        },
        { status: current.status, allApproved: to === 'published' },
      );
      if (!written) throw staleError(id);
      if (to === 'draft') {
        await store.clearApprovals(id);
        return (await store.getPostmortem(id))!;
      }
      return written;
    });
  }

  async addReviewer(id: number, userRef: string): Promise<Postmortem> {
    const user = normaliseUserRef(userRef, 'userRef');
    const current = await this.get(id);
    if (current.status === 'published') {
      throw new ConflictError(`Postmortem ${id} is already published`);
    }
    if (!(await this.store.addReviewer(id, user))) {
      throw new ConflictError(`Postmortem ${id} is already published`);
    }
    return this.get(id);
  }

  async removeReviewer(id: number, userRef: string): Promise<Postmortem> {
    const user = normaliseUserRef(userRef, 'userRef');
    const current = await this.get(id);
    if (current.status === 'published') {
      throw new ConflictError(`Postmortem ${id} is already published`);
    }
    const removed = await this.store.removeReviewer(id, user);
    if (removed === 'published') {
      throw new ConflictError(`Postmortem ${id} is already published`);
    }
    if (removed === 'not_reviewer') {
      throw new NotFoundError(`${user} is not a reviewer of postmortem ${id}`);
    }
    return this.get(id);
  }

  /** Records the caller's approval; only reviewers of a postmortem in review may. */
  async approve(id: number, actor: Actor): Promise<Postmortem> {
    const current = await this.get(id);
    if (!current.reviewers.some(r => r.userRef === actor)) {
      throw new NotAllowedError(
        `Only reviewers can approve postmortem ${id}; ${actor} is not one`,
      );
    }
    if (current.status !== 'in_review') {
      throw new ConflictError(
        `Postmortem ${id} is ${current.status}; approvals are given in review`,
      );
    }
    // Status and reviewer were read above; the store re-checks both under the row lock.
    if (!(await this.store.approve(id, actor, this.clock()))) {
      throw new ConflictError(
        `Postmortem ${id} changed before the approval was recorded (no longer in review, or ${actor} is no longer a reviewer); reload and try again`,
      );
    }
    return this.get(id);
  }

  async markdown(id: number): Promise<string> {
    const postmortem = await this.get(id);
    const incident = await this.getIncident(postmortem.incidentId);
    return renderPostmortemMarkdown(postmortem, incident);
  }

  /**
   * Earlier incidents that may be the same problem again: on the same entity, or with an
   * alert of the same name. Newest first, at most ten.
   */
  /**
   * Earlier incidents like this postmortem's. A caller limited to some owners (`scope`)
   * gets only those owners' incidents: the others are not theirs to read.
   */
  async recurrence(
    id: number,
    scope: { ownerRefs?: string[] } = {},
  ): Promise<Incident[]> {
    const postmortem = await this.get(id);
    const incident = await this.getIncident(postmortem.incidentId);
    const candidates = await this.store.findRecurrenceCandidates({
      excludeId: incident.id,
      before: new Date(incident.detectedAt),
      entityRef: incident.entityRef,
      alertNames: await this.store.getAlertNames(incident.id),
      limit: RECURRENCE_CANDIDATES,
    });
    // Most alike first: the same entity and alert, then a like title; ties stay newest
    // first (the sort is stable).
    const words = titleWords(incident.title);
    const score = (c: RecurrenceCandidate) =>
      (c.sameEntity ? 2 : 0) +
      (c.sharesAlert ? 2 : 0) +
      2 * overlap(words, titleWords(c.title));
    const ids = [...candidates]
      .sort((a, b) => score(b) - score(a))
      .slice(0, RECURRENCE_LIMIT)
      .map(c => c.id);
    const byId = new Map(
      (await this.incidents.getIncidents(ids)).map(i => [i.id, i]),
    );
    const related = ids.flatMap(relatedId => byId.get(relatedId) ?? []);
    const allowed = scope.ownerRefs;
    return allowed
      ? related.filter(i => !!i.ownerRef && allowed.includes(i.ownerRef))
      : related;
  }

  async list(
    filter: {
      statuses?: string[];
      ownerRefs?: string[];
      overdue?: boolean;
      incidentIds?: number[];
    },
    page: PageRequest,
  ): Promise<Page<Postmortem>> {
    const storeFilter: PostmortemFilter = {
      incidentIds: filter.incidentIds,
      statuses: filter.statuses?.map(s =>
        oneOf(s, POSTMORTEM_STATUSES, 'status'),
      ),
      ownerRefs: filter.ownerRefs?.map(ref =>
        normaliseRef(ref, 'ownerRef', 'group'),
      ),
      overdueAt: filter.overdue ? this.clock() : undefined,
    };
    return this.store.listPostmortems(storeFilter, page);
  }

  async getActionItem(id: number): Promise<ActionItem> {
    const item = await this.store.getActionItem(id);
    if (!item) throw new NotFoundError(`No action item ${id}`);
    return item;
  }

  async createActionItem(
    input: CreateActionItemInput,
    actor: Actor,
  ): Promise<ActionItem> {
    await this.getIncident(input.incidentId);
    if (input.postmortemId !== undefined) {
      await this.requirePostmortemOf(input.postmortemId, input.incidentId);
    }
    return this.store.createActionItem({
      incidentId: input.incidentId,
      postmortemId: input.postmortemId,
      title: requireText(input.title, 'title', 300),
      description: optionalText(input.description, 'description', 20_000),
      ownerRef: normaliseOwnerRef(input.ownerRef, 'ownerRef'),
      priority: input.priority
        ? oneOf(input.priority, ACTION_ITEM_PRIORITIES, 'priority')
        : 'P3',
      dueAt: input.dueAt ? parseInstant(input.dueAt, 'dueAt') : undefined,
      ticketUrl: input.ticketUrl ? parseTicketUrl(input.ticketUrl) : undefined,
      createdBy: actor,
    });
  }

  /**
   * Stores a runbook follow-up the runbooks feature composed (its title, owner and
   * alert already decided there), on the incident's postmortem when it has one.
   */
  async createRunbookFollowUp(
    item: Omit<NewActionItem, 'postmortemId' | 'createdBy' | 'priority'> & {
      runbookFollowUp: RunbookFollowUp;
    },
    actor: Actor,
  ): Promise<ActionItem> {
    const postmortem = await this.store.getPostmortemByIncident(
      item.incidentId,
    );
    return this.store.createActionItem({
      ...item,
      postmortemId: postmortem?.id,
      priority: 'P3',
      createdBy: actor,
    });
  }

  /**
   * Closes an outstanding item as done on Firebreak's own finding, saying why in
   * `note`. Only while it is still outstanding, so of two instances (or an instance and
   * a person) one closes it; `undefined` when this call did not.
   */
  async completeOnFinding(
    id: number,
    note: string,
  ): Promise<ActionItem | undefined> {
    return this.store.updateActionItem(
      id,
      { status: 'done', completedAt: this.clock(), completionNote: note },
      OUTSTANDING_ACTION_ITEM_STATUSES,
    );
  }

  async updateActionItem(
    id: number,
    input: UpdateActionItemInput,
  ): Promise<ActionItem> {
    const current = await this.getActionItem(id);
    const patch: ActionItemPatch = {};
    if (input.title !== undefined) {
      patch.title = requireText(input.title, 'title', 300);
    }
    if (input.description !== undefined) {
      patch.description = optionalText(
        input.description,
        'description',
        20_000,
      );
    }
    if (input.ownerRef !== undefined) {
      patch.ownerRef = normaliseOwnerRef(input.ownerRef, 'ownerRef');
    }
    if (input.priority !== undefined) {
      patch.priority = oneOf(
        input.priority,
        ACTION_ITEM_PRIORITIES,
        'priority',
      );
    }
    if (input.dueAt !== undefined) {
      patch.dueAt =
        input.dueAt === null ? null : parseInstant(input.dueAt, 'dueAt');
    }
    if (input.ticketUrl !== undefined) {
      patch.ticketUrl =
        input.ticketUrl === null ? null : parseTicketUrl(input.ticketUrl);
    }
    if (input.status !== undefined) {
      const status = oneOf(input.status, ACTION_ITEM_STATUSES, 'status');
      patch.status = status;
      const finished = (s: ActionItemStatus) => s === 'done' || s === 'wont_do';
      if (finished(status) && !finished(current.status)) {
        patch.completedAt = this.clock();
      } else if (!finished(status)) {
        patch.completedAt = null;
      }
    }
    const updated = await this.store.updateActionItem(id, patch);
    if (!updated) throw new NotFoundError(`No action item ${id}`);
    return updated;
  }

  /**
   * Claims the creation of the item's Jira issue for this caller (exactly one of
   * racing callers wins). A claim older than `staleAfterMs` counts as abandoned.
   */
  async claimJiraIssue(id: number, staleAfterMs: number): Promise<boolean> {
    const now = this.clock();
    return this.store.claimJiraIssue(
      id,
      now,
      new Date(now.getTime() - staleAfterMs),
    );
  }

  /** Gives up a claim after the Jira issue could not be created. */
  async releaseJiraClaim(id: number): Promise<void> {
    await this.store.releaseJiraClaim(id);
  }

  /** Stores the Jira issue made for the item. */
  async linkJiraIssue(id: number, link: JiraIssueLink): Promise<ActionItem> {
    const item = await this.store.linkJiraIssue(id, link);
    if (!item) throw new NotFoundError(`No action item ${id}`);
    return item;
  }

  /** Outstanding items with a Jira issue, by id, after `afterId`. */
  async listOutstandingJiraItems(options: {
    afterId: number;
    limit: number;
  }): Promise<ActionItem[]> {
    return this.store.listOutstandingJiraItems(options);
  }

  /**
   * Records the status the item's Jira issue has now. `done`: the item becomes done as a
   * status change like any other (completedAt stamped), only while still outstanding,
   * so of two syncs (or a sync and a person) only one completes it; `completed` says
   * whether this call did.
   */
  async recordJiraStatus(
    item: ActionItem,
    jiraStatus: string,
    done: boolean,
  ): Promise<{ item?: ActionItem; completed: boolean }> {
    if (done && OUTSTANDING_ACTION_ITEM_STATUSES.includes(item.status)) {
      const completed = await this.store.updateActionItem(
        item.id,
        { status: 'done', completedAt: this.clock(), jiraStatus },
        OUTSTANDING_ACTION_ITEM_STATUSES,
      );
      if (completed) return { item: completed, completed: true };
    }
    if (item.jiraStatus === jiraStatus) return { item, completed: false };
    const updated = await this.store.updateActionItem(item.id, { jiraStatus });
    return { item: updated, completed: false };
  }

  async listActionItems(
    query: ActionItemQuery,
    page: PageRequest,
  ): Promise<Page<ActionItem>> {
    const filter: ActionItemFilter = {
      ownerRefs: query.ownerRefs?.map(ref =>
        normaliseOwnerRef(ref, 'ownerRef'),
      ),
      entityRefs: query.entityRefs?.map(ref =>
        normaliseRef(ref, 'entityRef', 'component'),
      ),
      statuses: query.statuses?.map(s =>
        oneOf(s, ACTION_ITEM_STATUSES, 'status'),
      ),
      priorities: query.priorities?.map(p =>
        oneOf(p, ACTION_ITEM_PRIORITIES, 'priority'),
      ) as ActionItemPriority[] | undefined,
      incidentId: query.incidentId,
      postmortemId: query.postmortemId,
      overdueAt: query.overdue === true ? this.clock() : undefined,
      notOverdueAt: query.overdue === false ? this.clock() : undefined,
      incidentOwnerRefs: query.incidentOwnerRefs,
      kinds: query.kinds?.map(k => oneOf(k, ACTION_ITEM_KINDS, 'kind')),
      followUpEntityRefs: query.followUpEntityRefs?.map(ref =>
        normaliseRef(ref, 'followUpEntityRef', 'component'),
      ),
    };
    return this.store.listActionItems(filter, page);
  }

  private async start(
    incident: Incident,
    actor: Actor,
  ): Promise<Postmortem | undefined> {
    const severity = findSeverity(this.severities, incident.severity);
    const dueWithin = Duration.fromISO(
      severity?.postmortemDueWithin ?? DEFAULT_DUE_WITHIN,
    );
    const from = incident.resolvedAt
      ? new Date(incident.resolvedAt)
      : this.clock();
    const events = await this.incidents.listTimeline(incident.id);
    const entry = (e: (typeof events)[number]): PostmortemTimelineEntry => ({
      at: e.at,
      type: e.type,
      message: e.message,
      ...(e.actorRef && { actorRef: e.actorRef }),
      pinned: e.pinned,
    });
    // In time order, as it happened; pinned entries keep their flag for the editor to
    // mark the story in brief.
    const timeline = events.map(entry);
    return this.store.createPostmortem({
      incidentId: incident.id,
      sections: emptyPostmortemSections(),
      timeline,
      dueAt: new Date(from.getTime() + dueWithin.toMillis()),
      createdBy: actor,
    });
  }

  private async requirePostmortemOf(postmortemId: number, incidentId: number) {
    const postmortem = await this.store.getPostmortem(postmortemId);
    if (!postmortem || postmortem.incidentId !== incidentId) {
      throw new InputError(
        `postmortemId ${postmortemId} is not the postmortem of INC-${incidentId}`,
      );
    }
  }

  private checkVersion(current: Postmortem, expectedVersion?: number) {
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new ConflictError(
        `Postmortem ${current.id} has changed (version ${current.version}, you sent ${expectedVersion}); reload and try again`,
      );
    }
  }

  private async write(
    current: Postmortem,
    patch: Parameters<PostmortemStore['updatePostmortem']>[2],
  ): Promise<Postmortem> {
    const written = await this.store.updatePostmortem(
      current.id,
      current.version,
      patch,
    );
    if (!written) throw staleError(current.id);
    return written;
  }
}

function staleError(id: number) {
  return new ConflictError(
    `Postmortem ${id} changed while saving; reload and try again`,
  );
}

function checkFiveWhys(fiveWhys: FiveWhy[]): FiveWhy[] {
  if (!Array.isArray(fiveWhys) || fiveWhys.length > MAX_FIVE_WHYS) {
    throw new InputError(`fiveWhys must be a list of at most ${MAX_FIVE_WHYS}`);
  }
  return fiveWhys.map((why, index) => {
    if (typeof why?.question !== 'string' || typeof why?.answer !== 'string') {
      throw new InputError(`fiveWhys[${index}] needs a question and an answer`);
    }
    return { question: why.question, answer: why.answer };
  });
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  field: string,
): T {
  if (!allowed.includes(value as T)) {
    throw new InputError(
      `Unknown ${field} '${value}'; expected one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

function normaliseRef(ref: string, field: string, defaultKind: string) {
  return normaliseEntityRef(ref, field, defaultKind);
}

/** A user or group ref in full form; bare names are users. */
export function normaliseOwnerRef(ref: string, field: string): string {
  const full = normaliseRef(ref, field, 'user');
  if (!/^(user|group):/.test(full)) {
    throw new InputError(
      `${field} '${ref}' must be a user or group, e.g. group:default/payments`,
    );
  }
  return full;
}

function normaliseUserRef(ref: string, field: string): string {
  const full = normaliseRef(ref, field, 'user');
  if (!full.startsWith('user:')) {
    throw new InputError(
      `${field} '${ref}' must be a user entity ref, e.g. user:default/alice`,
    );
  }
  return full;
}

function parseTicketUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`ticketUrl '${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('ticketUrl must be an http(s) URL');
  }
  return url.toString();
}

function requireText(value: string | undefined, field: string, max: number) {
  const text = value?.trim();
  if (!text) throw new InputError(`${field} must not be empty`);
  if (text.length > max) {
    throw new InputError(`${field} must be at most ${max} characters`);
  }
  return text;
}

function optionalText(value: string | undefined, field: string, max: number) {
  if (value === undefined) return '';
  if (value.length > max) {
    throw new InputError(`${field} must be at most ${max} characters`);
  }
  return value.trim();
}

/** The lower-cased words of a title, for comparing titles. */
function titleWords(title: string): Set<string> {
  return new Set(
    title.toLocaleLowerCase('en-US').match(/[\p{L}\p{N}]+/gu) ?? [],
  );
}

/** Shared words over all words of both (Jaccard), 0 to 1. */
function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const all = a.size + b.size - shared;
  return all === 0 ? 0 : shared / all;
}
