import { LoggerService } from '@backstage/backend-plugin-api';
import { Incident } from '@firebreak/plugin-incidents-common';
import { IncidentStore } from '../incidents/IncidentStore';
import { PostmortemStore } from './PostmortemStore';

/** One reminder to send; `link` is app-relative. */
export type PostmortemNotice = {
  recipients: string[];
  title: string;
  description: string;
  link: string;
  /** Identifies the reminder so a notification replaces the previous one of its kind. */
  scope: string;
};

/** How reminders reach people (the plugin wires it to Backstage notifications). */
export interface PostmortemNotify {
  (notice: PostmortemNotice): Promise<void>;
}

/** What one run sent. */
export type PostmortemReminderResult = {
  postmortems: number;
  actionItems: number;
};

const DAY_MS = 24 * 3600_000;
const BATCH = 200;

/**
 * The scheduled chaser: overdue postmortems remind the incident's commanders and owner
 * team, action items due within a day (or overdue) remind their owner. Each reminder is
 * claimed in the database first (one per item per day), so two runs, or two backend
 * instances running at once, send it once.
 */
export class PostmortemReminder {
  constructor(
    private readonly deps: {
      store: PostmortemStore;
      incidents: Pick<IncidentStore, 'getIncidents'>;
      notify: PostmortemNotify;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  async run(): Promise<PostmortemReminderResult> {
    const now = this.deps.clock?.() ?? new Date();
    const notRemindedSince = new Date(now.getTime() - DAY_MS);
    const result: PostmortemReminderResult = { postmortems: 0, actionItems: 0 };

    const postmortems = await this.deps.store.listPostmortemsToRemind({
      dueBefore: now,
      notRemindedSince,
      limit: BATCH,
    });
    const incidents = await this.incidentsById(
      postmortems.map(p => p.incidentId),
    );
    for (const postmortem of postmortems) {
      const incident = incidents.get(postmortem.incidentId);
      if (!incident) continue;
      const recipients = [
        ...new Set([
          ...incident.roles
            .filter(r => r.role === 'commander')
            .map(r => r.userRef),
          ...(incident.ownerRef ? [incident.ownerRef] : []),
        ]),
      ];
      if (!recipients.length) continue;
      if (
        !(await this.deps.store.claimPostmortemReminder(
          postmortem.id,
          notRemindedSince,
          now,
        ))
      ) {
        continue;
      }
      await this.send({
        recipients,
        title: `Postmortem of ${incident.ref} is overdue`,
        description: `The postmortem of ${incident.ref} (${incident.title}) was due ${postmortem.dueAt} and is still ${postmortem.status}.`,
        link: `/incidents/${incident.id}/postmortem`,
        scope: `postmortem-overdue:${postmortem.id}`,
      });
      result.postmortems++;
    }

    const items = await this.deps.store.listActionItemsToRemind({
      dueBefore: new Date(now.getTime() + DAY_MS),
      notRemindedSince,
      limit: BATCH,
    });
    for (const item of items) {
      if (
        !(await this.deps.store.claimActionItemReminder(
          item.id,
          notRemindedSince,
          now,
        ))
      ) {
        continue;
      }
      const overdue = Date.parse(item.dueAt!) < now.getTime();
      await this.send({
        recipients: [item.ownerRef],
        title: `Action item ${overdue ? 'overdue' : 'due soon'}: ${item.title}`,
        description: `${item.priority} action item from INC-${
          item.incidentId
        } ${overdue ? 'was' : 'is'} due ${item.dueAt}.`,
        link: `/incidents/${item.incidentId}/postmortem`,
        scope: `action-item-due:${item.id}`,
      });
      result.actionItems++;
    }
    return result;
  }

  private async incidentsById(ids: number[]): Promise<Map<number, Incident>> {
    const incidents = await this.deps.incidents.getIncidents(ids);
    return new Map(incidents.map(i => [i.id, i]));
  }

  private async send(notice: PostmortemNotice) {
    // One failed notification must not stop the rest; the claim already counts it sent,
    // which is the lesser evil next to reminding everyone twice.
    try {
      await this.deps.notify(notice);
    } catch (error) {
      this.deps.logger.error(
        `Could not send reminder ${notice.scope}: ${error}`,
      );
    }
  }
}
