import {
  Incident,
  OncallNow,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { StoreTransaction } from '../database/transaction';

/** The ways a page reaches people. */
export type PageChannel = 'backstage' | 'slack';

/** What one delivery attempt achieved: the channels that failed and are still owed. */
export interface PageDelivery {
  failed: PageChannel[];
}

/** What the notifier needs to render a page, as it stood when the page was queued. */
export type PageNotice =
  | {
      kind: 'declared';
      incident: Incident;
      severity: SeverityLevel;
      oncall?: OncallNow;
      ownerRef?: string;
    }
  | {
      kind: 'escalated';
      incident: Incident;
      severity: SeverityLevel;
      recipients: string[];
      level: number;
    }
  | {
      kind: 'reminder';
      incident: Incident;
      recipients: string[];
      /** ISO-8601 instant the status update became due. */
      overdueSince: string;
    };

/** A page to queue. */
export interface NewPage {
  /**
   * Names this page for good, e.g. `incident:7:escalation:2`: queueing the same key again
   * is a no-op, so a retried transaction cannot page twice.
   */
  key: string;
  notice: PageNotice;
}

/** A queued page a sender has claimed. */
export interface ClaimedPage {
  id: number;
  key: string;
  incidentId: number;
  notice: PageNotice;
  /** Channels that already delivered it in an earlier attempt. */
  doneChannels: PageChannel[];
  /** Attempts so far, this one included. */
  attempts: number;
  /** Proves the claim when the sender reports back. */
  leaseToken: string;
}

/** A queued page as it stands, for inspection. */
export interface OutboxEntry {
  key: string;
  incidentId: number;
  kind: PageNotice['kind'];
  attempts: number;
  doneChannels: PageChannel[];
  deliveredAt?: string;
  abandonedAt?: string;
  lastError?: string;
}

/**
 * The page outbox: pages are queued in the transaction of the change that causes them
 * and delivered later, at least once, by a sender that claims them under a lease.
 */
export interface PageOutbox {
  /** Queues pages; with `tx` they commit or roll back with the caller's other writes. */
  enqueue(pages: NewPage[], tx?: StoreTransaction): Promise<void>;
  /**
   * Claims up to `limit` pages that are due and not leased (or whose lease ran out)
   * until `now + leaseMs`. Safe to call from several instances at once: each page goes
   * to one claimer per lease.
   */
  claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    /** Only these pages (e.g. the ones a request just queued). */
    keys?: string[];
  }): Promise<ClaimedPage[]>;
  /** Marks a claimed page delivered. False when the lease was lost to another sender. */
  markDelivered(
    id: number,
    leaseToken: string,
    now: Date,
    doneChannels: PageChannel[],
  ): Promise<boolean>;
  /**
   * Releases a claimed page for another attempt at `nextAttemptAt`, or gives it up when
   * `abandon` is set. False when the lease was lost to another sender.
   */
  markFailed(
    id: number,
    leaseToken: string,
    outcome: {
      now: Date;
      nextAttemptAt: Date;
      doneChannels: PageChannel[];
      error: string;
      abandon: boolean;
    },
  ): Promise<boolean>;
  /** The queued pages of an incident, oldest first. */
  listForIncident(incidentId: number): Promise<OutboxEntry[]>;
}
