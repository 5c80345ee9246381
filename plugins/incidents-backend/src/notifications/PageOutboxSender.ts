import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import {
  PageChannel,
  PageDelivery,
  PageNotice,
  PageOutbox,
} from './PageOutbox';

/** Delivers one page on the given channels (implemented by the IncidentNotifier). */
export interface PageDeliverer {
  deliverPage(
    notice: PageNotice,
    options: { channels: PageChannel[] },
  ): Promise<PageDelivery>;
}

/** What one run of the sender did. */
export type PageOutboxRunResult = {
  delivered: number;
  retrying: number;
  abandoned: number;
};

const ALL_CHANNELS: PageChannel[] = ['backstage', 'slack'];
const DEFAULT_LEASE_MS = 2 * 60_000;
const DEFAULT_BATCH_SIZE = 50;
const DEFAULT_MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 15 * 60_000;

/**
 * Delivers the pages in the outbox, at least once. It claims a batch under a lease, so
 * several instances can run it side by side; a sender that dies mid-delivery leaves its
 * pages leased until the lease runs out and another sender takes them again. A repeat
 * reaches nobody twice in Backstage notifications because every page carries a stable
 * scope, and channels that already delivered are not retried.
 */
export class PageOutboxSender {
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly clock: () => Date;
  private readonly newLeaseToken: () => string;

  constructor(
    private readonly deps: {
      outbox: PageOutbox;
      deliverer: PageDeliverer;
      logger: LoggerService;
      clock?: () => Date;
      leaseMs?: number;
      batchSize?: number;
      maxAttempts?: number;
      newLeaseToken?: () => string;
    },
  ) {
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
    this.maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.clock = deps.clock ?? (() => new Date());
    this.newLeaseToken = deps.newLeaseToken ?? randomUUID;
  }

  /**
   * Delivers every page that is due now, batch by batch; with `keys`, only those pages
   * (what a request just queued, so it does not wait for anybody else's backlog).
   */
  async run(options: { keys?: string[] } = {}): Promise<PageOutboxRunResult> {
    const result: PageOutboxRunResult = {
      delivered: 0,
      retrying: 0,
      abandoned: 0,
    };
    for (;;) {
      const pages = await this.deps.outbox.claim({
        now: this.clock(),
        leaseMs: this.leaseMs,
        limit: this.batchSize,
        leaseToken: this.newLeaseToken(),
        keys: options.keys,
      });
      for (const page of pages) {
        const owed = ALL_CHANNELS.filter(c => !page.doneChannels.includes(c));
        let failed: PageChannel[];
        let error: string;
        try {
          ({ failed } = await this.deps.deliverer.deliverPage(page.notice, {
            channels: owed,
          }));
          error = failed.length ? `Failed on ${failed.join(', ')}` : '';
        } catch (e) {
          failed = owed;
          error = String(e);
        }
        const done = ALL_CHANNELS.filter(c => !failed.includes(c));
        const now = this.clock();
        if (!failed.length) {
          await this.deps.outbox.markDelivered(
            page.id,
            page.leaseToken,
            now,
            done,
          );
          result.delivered++;
          continue;
        }
        const abandon = page.attempts >= this.maxAttempts;
        await this.deps.outbox.markFailed(page.id, page.leaseToken, {
          now,
          nextAttemptAt: new Date(
            now.getTime() + this.retryDelay(page.attempts),
          ),
          doneChannels: done,
          error,
          abandon,
        });
        if (abandon) {
          result.abandoned++;
          this.deps.logger.error(
            `Gave up on page ${page.key} after ${page.attempts} attempts: ${error}`,
          );
        } else {
          result.retrying++;
          this.deps.logger.warn(
            `Page ${page.key} not delivered (attempt ${page.attempts}), will retry: ${error}`,
          );
        }
      }
      // Only an empty claim means nothing is left: a short batch may just mean another
      // sender won some of the same candidates, with more due behind them.
      if (!pages.length) return result;
    }
  }

  private retryDelay(attempts: number): number {
    return Math.min(
      FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1),
      MAX_RETRY_MS,
    );
  }
}
