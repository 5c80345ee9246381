import { Incident } from './types';

/** Statuses a postmortem moves through; see {@link POSTMORTEM_TRANSITIONS}. */
export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;

/** A postmortem status. */
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/**
 * The postmortem state machine: a draft goes to review; a review goes back to draft
 * (approvals are then cleared) or is published. Published is final.
 */
export const POSTMORTEM_TRANSITIONS: Readonly<
  Record<PostmortemStatus, readonly PostmortemStatus[]>
> = {
  draft: ['in_review'],
  in_review: ['draft', 'published'],
  published: [],
};

/** Whether a postmortem in `from` may move to `to`. */
export function canTransitionPostmortem(
  from: PostmortemStatus,
  to: PostmortemStatus,
): boolean {
  return (POSTMORTEM_TRANSITIONS[from] ?? []).includes(to);
}

/** The Markdown sections of a postmortem, in the order the document shows them. */
export const POSTMORTEM_SECTIONS = [
  { key: 'summary', title: 'Summary' },
  { key: 'impact', title: 'Impact' },
  { key: 'leadup', title: 'Leadup' },
  { key: 'fault', title: 'Fault' },
  { key: 'detection', title: 'Detection' },
  { key: 'response', title: 'Response' },
  { key: 'recovery', title: 'Recovery' },
  { key: 'rootCause', title: 'Root cause' },
  { key: 'contributingFactors', title: 'Contributing factors' },
  { key: 'lessonsWentWell', title: 'What went well' },
  { key: 'lessonsWentWrong', title: 'What went wrong' },
  { key: 'lessonsGotLucky', title: 'Where we got lucky' },
  { key: 'backlogCheck', title: 'Backlog check' },
  { key: 'recurrence', title: 'Recurrence' },
  { key: 'correctiveActions', title: 'Corrective actions' },
] as const;

/** The key of a postmortem section. */
export type PostmortemSectionKey = (typeof POSTMORTEM_SECTIONS)[number]['key'];

/** Section texts (Markdown); a new postmortem has them all empty. */
export type PostmortemSections = Record<PostmortemSectionKey, string>;

/** An empty set of sections. */
export function emptyPostmortemSections(): PostmortemSections {
  return Object.fromEntries(
    POSTMORTEM_SECTIONS.map(s => [s.key, '']),
  ) as PostmortemSections;
}

/** One step of the five whys. */
export type FiveWhy = { question: string; answer: string };

/** A timeline entry copied from the incident when the postmortem was created. */
export type PostmortemTimelineEntry = {
  at: string;
  type: string;
  message: string;
  actorRef?: string;
  pinned: boolean;
};

/** A reviewer of a postmortem and, once given, their approval. */
export type PostmortemReviewer = {
  userRef: string;
  approvedAt?: string;
};

/** A postmortem as the API returns it (one per incident). Timestamps are ISO-8601 UTC. */
export type Postmortem = {
  id: number;
  incidentId: number;
  status: PostmortemStatus;
  sections: PostmortemSections;
  fiveWhys: FiveWhy[];
  /** Imported from the incident: pinned entries first, each group oldest first. */
  timeline: PostmortemTimelineEntry[];
  reviewers: PostmortemReviewer[];
  dueAt?: string;
  publishedAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; send it back to refuse stale writes (409). */
  version: number;
};

/** Statuses of an action item; `open` and `in_progress` count as outstanding. */
export const ACTION_ITEM_STATUSES = [
  'open',
  'in_progress',
  'done',
  'wont_do',
] as const;

/** An action item status. */
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** Statuses that still need work (and can be overdue). */
export const OUTSTANDING_ACTION_ITEM_STATUSES: readonly ActionItemStatus[] = [
  'open',
  'in_progress',
];

/**
 * Action item priorities, most urgent first. P1–P4 rather than high/medium/low so they
 * read like the incident severities they usually follow from.
 */
export const ACTION_ITEM_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** An action item priority. */
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];

/**
 * Kinds of runbook follow-up: `add_runbook` closes itself once the entity's
 * `firebreak.dev/alerts` table gives the alert a runbook; `update_runbook` carries the
 * runbook to change and is closed by a person.
 */
export const RUNBOOK_FOLLOW_UP_KINDS = [
  'add_runbook',
  'update_runbook',
] as const;

/** A kind of runbook follow-up. */
export type RunbookFollowUpKind = (typeof RUNBOOK_FOLLOW_UP_KINDS)[number];

/** What a runbook follow-up is about: one alert of one entity. */
export type RunbookFollowUp = {
  kind: RunbookFollowUpKind;
  entityRef: string;
  alertName: string;
  /** The runbook to update (`update_runbook`). */
  runbookUrl?: string;
};

/** A follow-up task from an incident, usually from its postmortem. */
export type ActionItem = {
  id: number;
  incidentId: number;
  postmortemId?: number;
  title: string;
  description: string;
  /** A user or group entity ref. */
  ownerRef: string;
  priority: ActionItemPriority;
  dueAt?: string;
  status: ActionItemStatus;
  ticketUrl?: string;
  /** Key of the Jira issue made for it, e.g. `PAY-12`. */
  jiraKey?: string;
  /** The Jira issue's page, `<jira>/browse/<key>`. */
  jiraUrl?: string;
  /** The Jira issue's status when Firebreak last looked, e.g. `In Progress`. */
  jiraStatus?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** When it went to `done` or `wont_do`. */
  completedAt?: string;
  /** Set on runbook follow-ups: the entity and alert whose runbook is missing or stale. */
  runbookFollowUp?: RunbookFollowUp;
  /** How it was closed when Firebreak closed it, e.g. the runbook the catalog gained. */
  completionNote?: string;
};

/** Whether an action item is past its due date and still outstanding at `now`. */
export function isActionItemOverdue(item: ActionItem, now: Date): boolean {
  return (
    !!item.dueAt &&
    OUTSTANDING_ACTION_ITEM_STATUSES.includes(item.status) &&
    Date.parse(item.dueAt) < now.getTime()
  );
}

const STATUS_LABELS: Record<PostmortemStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
};

/** Keeps a single-line value from breaking a Markdown table row. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/**
 * The postmortem as one Markdown document: header facts, every section (empty ones
 * marked), the five whys and the imported timeline.
 */
export function renderPostmortemMarkdown(
  postmortem: Postmortem,
  incident: Incident,
): string {
  const lines: string[] = [];
  lines.push(`# Postmortem: ${incident.ref} ${incident.title}`, '');
  const facts: Array<[string, string | undefined]> = [
    ['Status', STATUS_LABELS[postmortem.status]],
    ['Severity', incident.severity],
    ['Entity', incident.entityRef],
    ['Owner', incident.ownerRef],
    ['Started', incident.startedAt],
    ['Detected', incident.detectedAt],
    ['Resolved', incident.resolvedAt],
    ['Due', postmortem.dueAt],
    ['Published', postmortem.publishedAt],
    [
      'Reviewers',
      postmortem.reviewers.length
        ? postmortem.reviewers
            .map(r => `${r.userRef}${r.approvedAt ? ' (approved)' : ''}`)
            .join(', ')
        : undefined,
    ],
  ];
  for (const [label, value] of facts) {
    if (value) lines.push(`- **${label}:** ${value}`);
  }
  lines.push('');

  const section = (title: string, body: string) => {
    lines.push(`## ${title}`, '', body.trim() || '_Not written yet._', '');
  };
  for (const { key, title } of POSTMORTEM_SECTIONS.slice(0, 7)) {
    section(title, postmortem.sections[key]);
  }

  lines.push('## Timeline', '');
  if (postmortem.timeline.length) {
    lines.push('| Time (UTC) | Pinned | Event | By |', '|---|---|---|---|');
    for (const entry of postmortem.timeline) {
      lines.push(
        `| ${entry.at} | ${entry.pinned ? '📌' : ''} | ${cell(
          entry.message,
        )} | ${cell(entry.actorRef ?? '')} |`,
      );
    }
  } else {
    lines.push('_No timeline entries._');
  }
  lines.push('');

  lines.push('## Five whys', '');
  if (postmortem.fiveWhys.length) {
    postmortem.fiveWhys.forEach((why, index) => {
      lines.push(`${index + 1}. **${cell(why.question)}** ${cell(why.answer)}`);
    });
  } else {
    lines.push('_Not written yet._');
  }
  lines.push('');

  for (const { key, title } of POSTMORTEM_SECTIONS.slice(7)) {
    section(title, postmortem.sections[key]);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
