import { InputError } from '@backstage/errors';
import {
  ActionItem,
  ActionItemPriority,
  ActionItemStatus,
  RunbookFollowUpKind,
  emptyPostmortemSections,
  OUTSTANDING_ACTION_ITEM_STATUSES,
  Page,
  Postmortem,
  PostmortemReviewer,
  PostmortemStatus,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import {
  DbTimestamp,
  whereAfterCursor,
  encodeCursor,
  fromDb,
  fromDbOptional,
  insertedId,
  toDb,
} from '../database/dbUtils';
import { PageRequest } from '../incidents/IncidentStore';
import {
  ActionItemFilter,
  ActionItemPatch,
  JiraIssueLink,
  NewActionItem,
  NewPostmortem,
  PostmortemFilter,
  PostmortemPatch,
  PostmortemStore,
  RecurrenceCandidate,
  PostmortemWriteConditions,
} from './PostmortemStore';

/** Rolls back a reviewer removal that removed nobody. */
class NotReviewer extends Error {}

type PostmortemRow = {
  id: number;
  incident_id: number;
  status: PostmortemStatus;
  sections: string;
  five_whys: string;
  timeline: string;
  due_at: DbTimestamp | null;
  published_at: DbTimestamp | null;
  created_by: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  version: number;
};

type ReviewerRow = {
  postmortem_id: number;
  user_ref: string;
  approved_at: DbTimestamp | null;
};

type ActionItemRow = {
  id: number;
  incident_id: number;
  postmortem_id: number | null;
  title: string;
  description: string;
  owner_ref: string;
  priority: ActionItemPriority;
  due_at: DbTimestamp | null;
  status: ActionItemStatus;
  ticket_url: string | null;
  jira_key: string | null;
  jira_url: string | null;
  jira_status: string | null;
  follow_up_kind: RunbookFollowUpKind | null;
  follow_up_entity_ref: string | null;
  follow_up_alert: string | null;
  follow_up_runbook_url: string | null;
  completion_note: string | null;
  created_by: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  completed_at: DbTimestamp | null;
};

function toActionItem(row: ActionItemRow): ActionItem {
  return {
    id: row.id,
    incidentId: row.incident_id,
    ...(row.postmortem_id !== null && { postmortemId: row.postmortem_id }),
    title: row.title,
    description: row.description,
    ownerRef: row.owner_ref,
    priority: row.priority,
    ...(row.due_at !== null && { dueAt: fromDb(row.due_at) }),
    status: row.status,
    ...(row.ticket_url !== null && { ticketUrl: row.ticket_url }),
    ...(row.jira_key && { jiraKey: row.jira_key }),
    ...(row.jira_url && { jiraUrl: row.jira_url }),
    ...(row.jira_status && { jiraStatus: row.jira_status }),
    ...(row.follow_up_kind && {
      runbookFollowUp: {
        kind: row.follow_up_kind,
        entityRef: row.follow_up_entity_ref ?? '',
        alertName: row.follow_up_alert ?? '',
        ...(row.follow_up_runbook_url && {
          runbookUrl: row.follow_up_runbook_url,
        }),
      },
    }),
    ...(row.completion_note && { completionNote: row.completion_note }),
    createdBy: row.created_by,
    createdAt: fromDb(row.created_at),
    updatedAt: fromDb(row.updated_at),
    ...(row.completed_at !== null && {
      completedAt: fromDb(row.completed_at),
    }),
  };
}

function checkLimit(limit: number) {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InputError(`Invalid page limit: ${limit}`);
  }
}

/** Adds the keyset condition and order of (created_at DESC, id DESC) lists. */
function keyset(query: Knex.QueryBuilder, table: string, page: PageRequest) {
  if (page.cursor !== undefined) {
    whereAfterCursor(
      query,
      { time: `${table}.created_at`, id: `${table}.id` },
      page.cursor,
    );
  }
  // One extra row tells whether there is a next page without a COUNT.
  return query
    .orderBy([
      { column: `${table}.created_at`, order: 'desc' },
      { column: `${table}.id`, order: 'desc' },
    ])
    .limit(page.limit + 1);
}

function toPage<T extends { createdAt: string; id: number }>(
  items: T[],
  limit: number,
): Page<T> {
  if (items.length <= limit) return { items };
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept,
    nextCursor: encodeCursor({ d: last.createdAt, i: last.id }),
  };
}

/** {@link PostmortemStore} on the plugin's Knex database (PostgreSQL or SQLite). */
export class DatabasePostmortemStore implements PostmortemStore {
  /** A store on an already migrated database (see `migrateDatabase`). */
  static fromKnex(
    knex: Knex,
    options: { clock?: () => Date } = {},
  ): DatabasePostmortemStore {
    return new DatabasePostmortemStore(
      knex,
      options.clock ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly db: Knex | Knex.Transaction,
    // Row timestamps the store stamps itself come from the services' clock.
    private readonly clock: () => Date,
  ) {}

  async transaction<T>(fn: (store: PostmortemStore) => Promise<T>): Promise<T> {
    return this.inTransaction(fn);
  }

  private async inTransaction<T>(
    fn: (store: DatabasePostmortemStore) => Promise<T>,
  ): Promise<T> {
    // Reuse an enclosing transaction: SQLite has a single connection.
    if ((this.db as Knex.Transaction).isTransaction) {
      return fn(this);
    }
    return this.db.transaction(trx =>
      fn(new DatabasePostmortemStore(trx, this.clock)),
    );
  }

  async createPostmortem(
    postmortem: NewPostmortem,
  ): Promise<Postmortem | undefined> {
    const now = toDb(this.clock());
    // The unique index on incident_id decides between concurrent creators.
    const result = await this.db('postmortems')
      .insert({
        incident_id: postmortem.incidentId,
        status: 'draft',
        sections: JSON.stringify(postmortem.sections),
        five_whys: JSON.stringify([]),
        timeline: JSON.stringify(postmortem.timeline),
        due_at: postmortem.dueAt ? toDb(postmortem.dueAt) : null,
        created_by: postmortem.createdBy,
        created_at: now,
        updated_at: now,
      })
      .onConflict('incident_id')
      .ignore()
      .returning('id');
    if (!result.length) return undefined;
    return this.getPostmortem(insertedId(result));
  }

  async getPostmortem(id: number): Promise<Postmortem | undefined> {
    const rows: PostmortemRow[] = await this.db('postmortems').where({ id });
    return (await this.hydrate(rows))[0];
  }

  async getPostmortemByIncident(
    incidentId: number,
  ): Promise<Postmortem | undefined> {
    const rows: PostmortemRow[] = await this.db('postmortems').where({
      incident_id: incidentId,
    });
    return (await this.hydrate(rows))[0];
  }

  async updatePostmortem(
    id: number,
    expectedVersion: number,
    patch: PostmortemPatch,
    conditions: PostmortemWriteConditions = {},
  ): Promise<Postmortem | undefined> {
    const fields: Record<string, unknown> = {};
    if (patch.status !== undefined) fields.status = patch.status;
    if (patch.sections !== undefined) {
      fields.sections = JSON.stringify(patch.sections);
    }
    if (patch.fiveWhys !== undefined) {
      fields.five_whys = JSON.stringify(patch.fiveWhys);
    }
    if (patch.dueAt !== undefined) {
      fields.due_at = patch.dueAt === null ? null : toDb(patch.dueAt);
    }
    if (patch.publishedAt !== undefined) {
      fields.published_at =
        patch.publishedAt === null ? null : toDb(patch.publishedAt);
    }
    // Version check and bump in one statement: of two writers holding the same
    // version, only the first changes anything.
    const query = this.db('postmortems').where({
      id,
      version: expectedVersion,
    });
    if (conditions.status) query.where({ status: conditions.status });
    if (conditions.allApproved) {
      // Re-checked in the statement itself, not trusted from the caller's earlier read.
      query
        .whereExists(
          this.db('postmortem_reviewers')
            .select(this.db.raw('1'))
            .where({ postmortem_id: id }),
        )
        .whereNotExists(
          this.db('postmortem_reviewers')
            .select(this.db.raw('1'))
            .where({ postmortem_id: id })
            .whereNull('approved_at'),
        );
    }
    const changed = await query.update({
      ...fields,
      version: expectedVersion + 1,
      updated_at: toDb(this.clock()),
    });
    return changed === 0 ? undefined : this.getPostmortem(id);
  }

  async listPostmortems(
    filter: PostmortemFilter,
    page: PageRequest,
  ): Promise<Page<Postmortem>> {
    checkLimit(page.limit);
    const query = this.db('postmortems').select('postmortems.*');
    if (filter.statuses) query.whereIn('postmortems.status', filter.statuses);
    if (filter.incidentIds) {
      query.whereIn('postmortems.incident_id', filter.incidentIds);
    }
    if (filter.ownerRefs) {
      query.whereIn(
        'postmortems.incident_id',
        this.db('incidents')
          .select('id')
          .whereIn('owner_ref', filter.ownerRefs),
      );
    }
    if (filter.overdueAt) {
      query
        .whereNot('postmortems.status', 'published')
        .where('postmortems.due_at', '<', toDb(filter.overdueAt));
    }
    const rows: PostmortemRow[] = await keyset(query, 'postmortems', page);
    return toPage(await this.hydrate(rows), page.limit);
  }

  async addReviewer(postmortemId: number, userRef: string): Promise<boolean> {
    return this.inTransaction(async store => {
      const tx = store.db;
      // The postmortem row first: it is the lock every review write takes, in the same
      // order, so review writes serialise and cannot deadlock.
      if (!(await store.bumpUnpublished(postmortemId))) return false;
      await tx('postmortem_reviewers')
        .insert({ postmortem_id: postmortemId, user_ref: userRef })
        .onConflict(['postmortem_id', 'user_ref'])
        .ignore();
      return true;
    });
  }

  async removeReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<'removed' | 'not_reviewer' | 'published'> {
    return this.inTransaction(async store => {
      const tx = store.db;
      if (!(await store.bumpUnpublished(postmortemId))) return 'published';
      const deleted = await tx('postmortem_reviewers')
        .where({ postmortem_id: postmortemId, user_ref: userRef })
        .delete();
      if (deleted === 0) {
        // Nothing changed, so the version bump must not stand either.
        throw new NotReviewer();
      }
      return 'removed' as const;
    }).catch(error => {
      if (error instanceof NotReviewer) return 'not_reviewer' as const;
      throw error;
    });
  }

  async approve(postmortemId: number, userRef: string, at: Date) {
    return this.inTransaction(async store => {
      const tx = store.db;
      // Takes the postmortem's row lock and re-checks the status under it: a move back
      // to draft that committed first makes this match nothing; one that comes later
      // waits for this transaction and then clears the approval.
      const inReview = await tx('postmortems')
        .where({ id: postmortemId, status: 'in_review' })
        .update({ updated_at: toDb(this.clock()) });
      if (inReview === 0) return false;
      const changed = await tx('postmortem_reviewers')
        .where({ postmortem_id: postmortemId, user_ref: userRef })
        .update({ approved_at: toDb(at) });
      return changed > 0;
    });
  }

  /** Bumps the version of an unpublished postmortem; false when published or missing. */
  private async bumpUnpublished(postmortemId: number): Promise<boolean> {
    const changed = await this.db('postmortems')
      .where({ id: postmortemId })
      .whereNot({ status: 'published' })
      .update({
        version: this.db.raw('version + 1'),
        updated_at: toDb(this.clock()),
      });
    return changed === 1;
  }

  async clearApprovals(postmortemId: number): Promise<void> {
    await this.db('postmortem_reviewers')
      .where({ postmortem_id: postmortemId })
      .update({ approved_at: null });
  }

  async findRecurrenceCandidates(options: {
    excludeId: number;
    before: Date;
    entityRef: string;
    alertNames: string[];
    limit: number;
  }): Promise<RecurrenceCandidate[]> {
    const withAlert = () =>
      this.db('alerts')
        .select('incident_id')
        .whereNotNull('incident_id')
        .whereIn('name', options.alertNames);
    const query = this.db('incidents')
      .select('id', 'title', 'entity_ref')
      .whereNot('id', options.excludeId)
      .where('detected_at', '<', toDb(options.before))
      .where(q => {
        q.where('entity_ref', options.entityRef);
        if (options.alertNames.length) q.orWhereIn('id', withAlert());
      })
      .orderBy([
        { column: 'detected_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.alertNames.length) {
      // A builder binding renders as a parenthesised subquery with its own bindings.
      query.select(
        this.db.raw(
          'CASE WHEN incidents.id IN ? THEN 1 ELSE 0 END AS shares_alert',
          [withAlert()],
        ),
      );
    }
    const rows: Array<{
      id: number;
      title: string;
      entity_ref: string;
      shares_alert?: number | string;
    }> = await query;
    return rows.map(row => ({
      id: row.id,
      title: row.title,
      sameEntity: row.entity_ref === options.entityRef,
      sharesAlert: Number(row.shares_alert ?? 0) === 1,
    }));
  }

  async getAlertNames(incidentId: number): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.db('alerts')
      .distinct('name')
      .where({ incident_id: incidentId })
      .orderBy('name');
    return rows.map(r => r.name);
  }

  async createActionItem(item: NewActionItem): Promise<ActionItem> {
    const now = toDb(this.clock());
    const [row] = await this.db('action_items')
      .insert({
        incident_id: item.incidentId,
        postmortem_id: item.postmortemId ?? null,
        title: item.title,
        description: item.description,
        owner_ref: item.ownerRef,
        priority: item.priority,
        due_at: item.dueAt ? toDb(item.dueAt) : null,
        status: 'open',
        ticket_url: item.ticketUrl ?? null,
        follow_up_kind: item.runbookFollowUp?.kind ?? null,
        follow_up_entity_ref: item.runbookFollowUp?.entityRef ?? null,
        follow_up_alert: item.runbookFollowUp?.alertName ?? null,
        follow_up_runbook_url: item.runbookFollowUp?.runbookUrl ?? null,
        created_by: item.createdBy,
        created_at: now,
        updated_at: now,
      })
      .returning('*');
    return toActionItem(row);
  }

  async getActionItem(id: number): Promise<ActionItem | undefined> {
    const row: ActionItemRow | undefined = await this.db('action_items')
      .where({ id })
      .first();
    return row ? toActionItem(row) : undefined;
  }

  async updateActionItem(
    id: number,
    patch: ActionItemPatch,
    onlyIfStatus?: readonly ActionItemStatus[],
  ): Promise<ActionItem | undefined> {
    const fields: Record<string, unknown> = {};
    const set = (column: string, value: unknown) => {
      if (value !== undefined) fields[column] = value;
    };
    const setDate = (column: string, value: Date | null | undefined) => {
      if (value !== undefined) {
        fields[column] = value === null ? null : toDb(value);
      }
    };
    set('title', patch.title);
    set('description', patch.description);
    set('owner_ref', patch.ownerRef);
    set('priority', patch.priority);
    set('status', patch.status);
    set('ticket_url', patch.ticketUrl);
    set('postmortem_id', patch.postmortemId);
    set('jira_status', patch.jiraStatus);
    set('completion_note', patch.completionNote);
    setDate('due_at', patch.dueAt);
    setDate('completed_at', patch.completedAt);
    const query = this.db('action_items').where({ id });
    if (onlyIfStatus) query.whereIn('status', onlyIfStatus);
    const [row] = await query
      .update({ ...fields, updated_at: toDb(this.clock()) })
      .returning('*');
    return row ? toActionItem(row) : undefined;
  }

  async claimJiraIssue(
    id: number,
    now: Date,
    staleBefore: Date,
  ): Promise<boolean> {
    // Conditional UPDATE, atomic per row: of two racing creators one matches, and the
    // other re-checks after the winner's write and no longer does. A claim older than
    // `staleBefore` (its creator crashed) may be taken over.
    const changed = await this.db('action_items')
      .where({ id })
      .whereNull('jira_key')
      .andWhere(q =>
        q
          .whereNull('jira_claimed_at')
          .orWhere('jira_claimed_at', '<', toDb(staleBefore)),
      )
      .update({ jira_claimed_at: toDb(now) });
    return changed === 1;
  }

  async releaseJiraClaim(id: number): Promise<void> {
    await this.db('action_items')
      .where({ id })
      .whereNull('jira_key')
      .update({ jira_claimed_at: null });
  }

  async linkJiraIssue(
    id: number,
    link: JiraIssueLink,
  ): Promise<ActionItem | undefined> {
    const [row] = await this.db('action_items')
      .where({ id })
      .update({
        jira_key: link.key,
        jira_url: link.url,
        jira_status: link.status ?? null,
        jira_claimed_at: null,
        updated_at: toDb(this.clock()),
      })
      .returning('*');
    return row ? toActionItem(row) : undefined;
  }

  async listOutstandingJiraItems(options: {
    afterId: number;
    limit: number;
  }): Promise<ActionItem[]> {
    const rows: ActionItemRow[] = await this.db('action_items')
      .whereIn('status', OUTSTANDING_ACTION_ITEM_STATUSES)
      .whereNotNull('jira_key')
      .where('id', '>', options.afterId)
      .orderBy('id')
      .limit(options.limit);
    return rows.map(toActionItem);
  }

  async listActionItems(
    filter: ActionItemFilter,
    page: PageRequest,
  ): Promise<Page<ActionItem>> {
    checkLimit(page.limit);
    const query = this.db('action_items').select('action_items.*');
    if (filter.ownerRefs) {
      query.whereIn('action_items.owner_ref', filter.ownerRefs);
    }
    if (filter.statuses) query.whereIn('action_items.status', filter.statuses);
    if (filter.priorities) {
      query.whereIn('action_items.priority', filter.priorities);
    }
    if (filter.incidentId !== undefined) {
      query.where('action_items.incident_id', filter.incidentId);
    }
    if (filter.postmortemId !== undefined) {
      query.where('action_items.postmortem_id', filter.postmortemId);
    }
    if (filter.entityRefs) {
      query.whereIn(
        'action_items.incident_id',
        this.db('incident_entities')
          .select('incident_id')
          .whereIn('entity_ref', filter.entityRefs),
      );
    }
    if (filter.incidentOwnerRefs) {
      query.whereIn(
        'action_items.incident_id',
        this.db('incidents')
          .select('id')
          .whereIn('owner_ref', filter.incidentOwnerRefs),
      );
    }
    if (filter.kinds) {
      const kinds = filter.kinds;
      const followUps = kinds.filter(k => k !== 'task');
      query.where(q => {
        if (followUps.length)
          q.whereIn('action_items.follow_up_kind', followUps);
        if (kinds.includes('task'))
          q.orWhereNull('action_items.follow_up_kind');
        // No kinds at all matches nothing rather than everything.
        if (!kinds.length) q.whereRaw('1 = 0');
      });
    }
    if (filter.followUpEntityRefs) {
      query.whereIn(
        'action_items.follow_up_entity_ref',
        filter.followUpEntityRefs,
      );
    }
    if (filter.followUpAlert !== undefined) {
      query.where('action_items.follow_up_alert', filter.followUpAlert);
    }
    if (filter.overdueAt) {
      query
        .whereIn('action_items.status', OUTSTANDING_ACTION_ITEM_STATUSES)
        .where('action_items.due_at', '<', toDb(filter.overdueAt));
    }
    if (filter.notOverdueAt) {
      const at = toDb(filter.notOverdueAt);
      // IS NOT NULL keeps items without a due date: NOT (… AND NULL < at) would be NULL.
      query.whereNot(q =>
        q
          .whereIn('action_items.status', OUTSTANDING_ACTION_ITEM_STATUSES)
          .whereNotNull('action_items.due_at')
          .where('action_items.due_at', '<', at),
      );
    }
    const rows: ActionItemRow[] = await keyset(query, 'action_items', page);
    return toPage(rows.map(toActionItem), page.limit);
  }

  async listPostmortemsToRemind(options: {
    dueBefore: Date;
    notRemindedSince: Date;
    limit: number;
  }): Promise<Postmortem[]> {
    const rows: PostmortemRow[] = await this.db('postmortems')
      .whereNot('status', 'published')
      .where('due_at', '<', toDb(options.dueBefore))
      .where(q =>
        q
          .whereNull('last_reminded_at')
          .orWhere('last_reminded_at', '<', toDb(options.notRemindedSince)),
      )
      .orderBy(['due_at', 'id'])
      .limit(options.limit);
    return this.hydrate(rows);
  }

  async listActionItemsToRemind(options: {
    dueBefore: Date;
    notRemindedSince: Date;
    limit: number;
  }): Promise<ActionItem[]> {
    const rows: ActionItemRow[] = await this.db('action_items')
      .whereIn('status', OUTSTANDING_ACTION_ITEM_STATUSES)
      .where('due_at', '<', toDb(options.dueBefore))
      .where(q =>
        q
          .whereNull('last_reminded_at')
          .orWhere('last_reminded_at', '<', toDb(options.notRemindedSince)),
      )
      .orderBy(['due_at', 'id'])
      .limit(options.limit);
    return rows.map(toActionItem);
  }

  async claimPostmortemReminder(id: number, notBefore: Date, now: Date) {
    return this.claim('postmortems', id, notBefore, now);
  }

  async claimActionItemReminder(id: number, notBefore: Date, now: Date) {
    return this.claim('action_items', id, notBefore, now);
  }

  private async claim(
    table: string,
    id: number,
    notBefore: Date,
    now: Date,
  ): Promise<boolean> {
    // A conditional UPDATE is atomic per row: concurrent claimers queue on the row lock
    // and re-check the condition, which the winner's last_reminded_at no longer meets.
    // Leaves version and updated_at alone so a reminder never makes an edit stale.
    const changed = await this.db(table)
      .where({ id })
      .andWhere(q =>
        q
          .whereNull('last_reminded_at')
          .orWhere('last_reminded_at', '<', toDb(notBefore)),
      )
      .update({ last_reminded_at: toDb(now) });
    return changed === 1;
  }

  private async hydrate(rows: PostmortemRow[]): Promise<Postmortem[]> {
    if (!rows.length) return [];
    const reviewers = new Map<number, PostmortemReviewer[]>();
    const reviewerRows: ReviewerRow[] = await this.db('postmortem_reviewers')
      .whereIn(
        'postmortem_id',
        rows.map(r => r.id),
      )
      .orderBy(['postmortem_id', 'user_ref']);
    for (const r of reviewerRows) {
      const list = reviewers.get(r.postmortem_id) ?? [];
      const approvedAt = fromDbOptional(r.approved_at);
      list.push({ userRef: r.user_ref, ...(approvedAt && { approvedAt }) });
      reviewers.set(r.postmortem_id, list);
    }
    return rows.map(row => {
      const dueAt = fromDbOptional(row.due_at);
      const publishedAt = fromDbOptional(row.published_at);
      return {
        id: row.id,
        incidentId: row.incident_id,
        status: row.status,
        // Sections added to the document later read back as empty, not missing.
        sections: { ...emptyPostmortemSections(), ...JSON.parse(row.sections) },
        fiveWhys: JSON.parse(row.five_whys),
        timeline: JSON.parse(row.timeline),
        reviewers: reviewers.get(row.id) ?? [],
        ...(dueAt && { dueAt }),
        ...(publishedAt && { publishedAt }),
        createdBy: row.created_by,
        createdAt: fromDb(row.created_at),
        updatedAt: fromDb(row.updated_at),
        version: row.version,
      };
    });
  }
}
