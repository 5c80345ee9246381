import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { IncidentSyncRows } from '../database/incidentSyncRows';

/** Attempts at one change before a sender gives up on it (until the next change). */
const DEFAULT_SYNC_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 15 * 60_000;

/**
 * What to do after a failed attempt: give up when the failure is permanent or this was
 * the last attempt, else wait 30 s doubling per attempt up to 15 min, or as long as the
 * other side asked (Retry-After), whichever is longer.
 */
function retryPlan(options: {
  attempts: number;
  maxAttempts: number;
  permanent: boolean;
  retryAfterMs?: number;
  now: Date;
}): { abandon: boolean; nextAttemptAt: Date } {
  const delay = Math.max(
    Math.min(
      FIRST_RETRY_MS * 2 ** Math.max(0, options.attempts - 1),
      MAX_RETRY_MS,
    ),
    options.retryAfterMs ?? 0,
  );
  return {
    abandon: options.permanent || options.attempts >= options.maxAttempts,
    nextAttemptAt: new Date(options.now.getTime() + delay),
  };
}

/** A failed attempt as a sender classified it. */
export type SyncFailure = {
  code: string;
  /** Retrying cannot help (a token, scope or id must be fixed first). */
  permanent: boolean;
  /** The other side's Retry-After, in ms. */
  retryAfterMs?: number;
  /** One line for logs and the timeline. */
  detail: string;
};

/**
 * After a failed attempt at a claimed row: plans the next attempt or gives up, writes
 * the one timeline entry of a new failure through `report` when giving up, records the
 * outcome on the row and logs it.
 */
async function recordFailedAttempt(options: {
  row: {
    incidentId: number;
    leaseToken: string;
    attempts: number;
    reportedError?: string;
  };
  failure: SyncFailure;
  /** What the sender was doing, for people. */
  step: string;
  now: Date;
  maxAttempts: number;
  store: {
    markFailed(
      incidentId: number,
      leaseToken: string,
      outcome: Parameters<IncidentSyncRows['markFailed']>[2],
    ): Promise<boolean>;
  };
  /** Writes the timeline entry; returns the failure code once written. */
  report: () => Promise<string | undefined>;
  logger: LoggerService;
  /** What was not delivered, e.g. `Slack message of INC-12`. */
  what: string;
}): Promise<'abandoned' | 'retrying'> {
  const { row, failure, step, now } = options;
  const { abandon, nextAttemptAt } = retryPlan({
    attempts: row.attempts,
    maxAttempts: options.maxAttempts,
    permanent: failure.permanent,
    retryAfterMs: failure.retryAfterMs,
    now,
  });
  let reportedError: string | undefined;
  if (abandon && row.reportedError !== failure.code) {
    reportedError = await options.report();
  }
  await options.store.markFailed(row.incidentId, row.leaseToken, {
    now,
    nextAttemptAt,
    error: `${step}: ${failure.detail}`,
    abandon,
    reportedError,
  });
  if (abandon) {
    options.logger.error(
      `Gave up on the ${options.what} after ${row.attempts} attempts: ${step}: ${failure.detail}`,
    );
    return 'abandoned';
  }
  options.logger.warn(
    `${options.what} not delivered (attempt ${row.attempts}), will retry: ${step}: ${failure.detail}`,
  );
  return 'retrying';
}

/** What one run of a sender did. */
export type SyncRunResult = {
  synced: number;
  retrying: number;
  abandoned: number;
};

/** A row a sender claimed: which change it covers, and its retry state. */
export interface ClaimedSyncRow {
  incidentId: number;
  /** The change count this sync covers; stored as synced when it succeeds. */
  seq: number;
  /** Attempts since the last success or change after giving up, this one included. */
  attempts: number;
  /** A failure already written to the incident's timeline. */
  reportedError?: string;
  /** Proves the claim when the sender reports back. */
  leaseToken: string;
}

/**
 * The delivery queue side of a sender's store: claim changed rows under a lease, then
 * report success or the failed attempt. Each feature's store adds its own progress.
 */
export interface IncidentSyncStore<Row extends ClaimedSyncRow> {
  /**
   * Claims up to `limit` changed rows that are due and not leased (or whose lease ran
   * out) until `now + leaseMs`; each row goes to one claimer per lease.
   */
  claim(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    leaseToken: string;
    incidentIds?: number[];
  }): Promise<Row[]>;
  /** Marks the claimed changes done. False when the lease was lost. */
  markSynced(
    incidentId: number,
    leaseToken: string,
    seq: number,
    now: Date,
  ): Promise<boolean>;
  /**
   * Releases a claimed row for another attempt at `nextAttemptAt`, or gives it up
   * (until the next change) when `abandon` is set. False when the lease was lost.
   */
  markFailed(
    incidentId: number,
    leaseToken: string,
    outcome: Parameters<IncidentSyncRows['markFailed']>[2],
  ): Promise<boolean>;
}

const DEFAULT_LEASE_MS = 2 * 60_000;
const BATCH_SIZE = 25;

/**
 * The delivery loop of a sender that keeps incidents in step with an outside system
 * (Slack, Statuspage): claims due rows under a lease, syncs each, records success or
 * the failed attempt, and runs one incident right after its change without making the
 * change wait. What differs per system is `sync`, how an error reads and what the
 * timeline says.
 */
export class IncidentSyncLoop<Row extends ClaimedSyncRow> {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly options: {
      store: IncidentSyncStore<Row>;
      /** Brings the outside system up to date with the row's incident; throws on failure. */
      sync(row: Row): Promise<void>;
      /** How a thrown error reads: the failure and the step that failed. */
      failureOf(error: unknown): { failure: SyncFailure; step: string };
      /** Writes the one timeline entry of a failure; its code once written. */
      report(
        row: Row,
        step: string,
        failure: SyncFailure,
      ): Promise<string | undefined>;
      /** What a row delivers, for logs, e.g. `Slack message of INC-12`. */
      what(row: Row): string;
      logger: LoggerService;
      clock: () => Date;
      leaseMs?: number;
      maxAttempts?: number;
      newLeaseToken?: () => string;
    },
  ) {}

  /** How long a claim lasts; a long sync extends it as it goes. */
  get leaseMs(): number {
    return this.options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Syncs every marked incident that is due (or only `incidentIds`). */
  async run(options: { incidentIds?: number[] } = {}): Promise<SyncRunResult> {
    const result: SyncRunResult = { synced: 0, retrying: 0, abandoned: 0 };
    const newLeaseToken = this.options.newLeaseToken ?? randomUUID;
    for (;;) {
      const rows = await this.options.store.claim({
        now: this.options.clock(),
        leaseMs: this.leaseMs,
        limit: BATCH_SIZE,
        leaseToken: newLeaseToken(),
        incidentIds: options.incidentIds,
      });
      if (!rows.length) return result;
      for (const row of rows) {
        result[await this.syncOne(row)]++;
      }
    }
  }

  /** Syncs one incident now, without waiting (the caller's request must not). */
  start(incidentId: number, onError: (error: unknown) => void): void {
    const sending = this.run({ incidentIds: [incidentId] }).catch(onError);
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Resolves when the runs started right after changes have finished (for shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) {
      await Promise.all([...this.inFlight]);
    }
  }

  private async syncOne(row: Row): Promise<keyof SyncRunResult> {
    const { store, clock } = this.options;
    try {
      await this.options.sync(row);
      await store.markSynced(row.incidentId, row.leaseToken, row.seq, clock());
      return 'synced';
    } catch (error) {
      const { failure, step } = this.options.failureOf(error);
      return recordFailedAttempt({
        row,
        failure,
        step,
        now: clock(),
        maxAttempts: this.options.maxAttempts ?? DEFAULT_SYNC_ATTEMPTS,
        store,
        report: () => this.options.report(row, step, failure),
        logger: this.options.logger,
        what: this.options.what(row),
      });
    }
  }
}
