import {
  findSeverity,
  Incident,
  isOpenStatus,
  OncallNow,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { StoreTransaction } from '../database/transaction';
import { PageOutbox } from '../notifications/PageOutbox';
import { pageRecipients } from '../oncall/pageRecipients';
import { IncidentStore } from './IncidentStore';
import { IncidentChangePublisher, IncidentOncall } from './types';

/** Where the incident rules queue pages: written in the transaction of the change. */
export type IncidentPaging = Pick<PageOutbox, 'enqueue'>;

/** The on-call answer a raise into a paging level pages, when that level pages. */
export type OncallForRaise =
  | Awaited<ReturnType<IncidentOncall['getOncallForEntity']>>
  | undefined;

/** One escalation step, as {@link IncidentPager.recordEscalation} takes it. */
export interface EscalationStep {
  incidentId: number;
  /** The level the escalator read; the step moves it one up. */
  fromLevel: number;
  severity: SeverityLevel;
  recipients: string[];
  message: string;
  at: Date;
}

/** One status-update reminder, as {@link IncidentPager.recordReminder} takes it. */
export interface ReminderStep {
  incidentId: number;
  /** Start of the reminder period; one reminder per period. */
  periodStart: Date;
  overdueSince: Date;
  recipients: string[];
  message: string;
  at: Date;
}

/**
 * Who is paged, and when: the pages of declarations and raises into a paging level, the
 * escalation steps and status-update reminders. Every page is queued in the outbox in
 * the transaction of the change that causes it, with a stable key, so it is delivered
 * at least once and never for a change that did not commit.
 */
export class IncidentPager {
  private readonly store: IncidentStore;
  private readonly severities: SeverityLevel[];
  private readonly oncall: IncidentOncall;
  private readonly publisher: IncidentChangePublisher;
  private readonly clock: () => Date;
  private readonly pages?: IncidentPaging;
  private readonly onPagesQueued?: (keys: string[]) => Promise<void>;

  constructor(options: {
    store: IncidentStore;
    severities: SeverityLevel[];
    oncall: IncidentOncall;
    publisher: IncidentChangePublisher;
    clock: () => Date;
    pages?: IncidentPaging;
    onPagesQueued?: (keys: string[]) => Promise<void>;
  }) {
    this.store = options.store;
    this.severities = options.severities;
    this.oncall = options.oncall;
    this.publisher = options.publisher;
    this.clock = options.clock;
    this.pages = options.pages;
    this.onPagesQueued = options.onPagesQueued;
  }

  /** Hands the keys of pages that just committed to immediate delivery. */
  async pagesQueued(keys: string[]): Promise<void> {
    if (keys.length) await this.onPagesQueued?.(keys);
  }

  /**
   * The on-call to page when an incident is raised to `severity`, looked up before the
   * raise's transaction so no catalog call holds it open; undefined when that level
   * does not page.
   */
  async oncallForRaise(entityRef: string, severity?: string) {
    const level = severity
      ? findSeverity(this.severities, severity)
      : undefined;
    return level?.pages
      ? await this.oncall.getOncallForEntity(entityRef)
      : undefined;
  }

  /**
   * Queues the page of an open incident raised into a paging level, as declaring it
   * there would, in the raise's own transaction (a crash cannot keep the raise and lose
   * the page). Returns the page's key, or undefined when the change pages nobody.
   */
  async queueRaisePage(
    store: IncidentStore,
    tx: StoreTransaction,
    before: Incident,
    after: Incident,
    entityOncall: OncallForRaise,
  ): Promise<string | undefined> {
    if (before.severity === after.severity) return undefined;
    const severity = findSeverity(this.severities, after.severity);
    if (!severity) return undefined;
    const wasPaging =
      findSeverity(this.severities, before.severity)?.pages ?? false;
    if (!severity.pages || wasPaging || !isOpenStatus(after.status)) {
      return undefined;
    }
    // Per version: raising it again after a downgrade pages again.
    const key = `incident:${after.id}:raised:${after.version}`;
    await this.queueDeclaredPage(store, tx, {
      incident: after,
      severity,
      ownerRef: after.ownerRef,
      oncall: entityOncall?.oncall,
      snapshotAt: entityOncall?.snapshotAt,
      key,
    });
    return key;
  }

  /**
   * One escalation step for the escalator: claims it (only while the incident is still
   * open and unacknowledged, whatever the escalator read earlier), writes its timeline
   * entry and queues its page in one transaction, then publishes the change. Returns
   * false when the step was not claimed: someone else took it, or it is no longer due.
   */
  async recordEscalation(step: EscalationStep): Promise<boolean> {
    const incident = await this.store.transaction(async (store, tx) => {
      if (!(await store.claimEscalation(step.incidentId, step.fromLevel))) {
        return undefined;
      }
      const level = step.fromLevel + 1;
      await store.addTimelineEvent({
        incidentId: step.incidentId,
        type: 'escalated',
        at: step.at,
        message: step.message,
        data: { level, recipients: step.recipients },
      });
      const current = (await store.getIncident(step.incidentId))!;
      await this.pages?.enqueue(
        [
          {
            key: `incident:${current.id}:escalation:${level}`,
            notice: {
              kind: 'escalated',
              incident: current,
              severity: step.severity,
              recipients: step.recipients,
              level,
            },
          },
        ],
        tx,
      );
      return current;
    });
    if (!incident) return false;
    await this.publisher.publish('timeline_changed', incident);
    await this.onPagesQueued?.([
      `incident:${incident.id}:escalation:${step.fromLevel + 1}`,
    ]);
    return true;
  }

  /**
   * One status-update reminder for the escalator: claims it for its period (only while
   * the incident is open), writes its timeline entry and queues the reminder in one
   * transaction, then publishes the change. Returns false when it was not claimed.
   */
  async recordReminder(step: ReminderStep): Promise<boolean> {
    const key = `incident:${
      step.incidentId
    }:reminder:${step.periodStart.toISOString()}`;
    const incident = await this.store.transaction(async (store, tx) => {
      if (
        !(await store.claimReminder(step.incidentId, step.periodStart, step.at))
      ) {
        return undefined;
      }
      await store.addTimelineEvent({
        incidentId: step.incidentId,
        type: 'reminder',
        at: step.at,
        message: step.message,
        data: {
          overdueSince: step.overdueSince.toISOString(),
          recipients: step.recipients,
        },
      });
      const current = (await store.getIncident(step.incidentId))!;
      await this.pages?.enqueue(
        [
          {
            key,
            notice: {
              kind: 'reminder',
              incident: current,
              recipients: step.recipients,
              overdueSince: step.overdueSince.toISOString(),
            },
          },
        ],
        tx,
      );
      return current;
    });
    if (!incident) return false;
    await this.publisher.publish('timeline_changed', incident);
    await this.onPagesQueued?.([key]);
    return true;
  }

  /** Queues the declaration notice and, for paging levels, records who was paged. */
  async queueDeclaredPage(
    store: IncidentStore,
    tx: StoreTransaction,
    page: {
      incident: Incident;
      severity: SeverityLevel;
      ownerRef?: string;
      oncall?: OncallNow;
      /** When owner and on-call came from the catalog snapshot: its time. */
      snapshotAt?: string;
      key: string;
    },
  ) {
    const { incident, severity, ownerRef, oncall, snapshotAt } = page;
    await this.pages?.enqueue(
      [
        {
          key: page.key,
          notice: { kind: 'declared', incident, severity, oncall, ownerRef },
        },
      ],
      tx,
    );
    if (severity.pages) {
      const paged = pageRecipients(oncall, ownerRef ?? incident.ownerRef);
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: incident.id,
        type: 'paged',
        message: paged.length
          ? `Paged ${paged.join(', ')} (${
              severity.id
            } pages the on-call)${snapshotNote(snapshotAt)}`
          : `Nobody to page: no on-call or owner known for ${incident.entityRef}`,
        data: {
          recipients: paged,
          ...(snapshotAt && { snapshotAt }),
        },
      });
    }
  }
}

/** Says on the timeline when the owner and on-call came from the catalog snapshot. */
function snapshotNote(snapshotAt: string | undefined): string {
  return snapshotAt
    ? `; catalog unavailable, owner and on-call from the last known catalog snapshot of ${snapshotAt}`
    : '';
}
