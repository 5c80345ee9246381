/** `incidents.alerts.backpressure`: how much ingestion may run and wait at once. */
export type BackpressureSettings = {
  /** Ingest requests processed at once; more wait their turn. */
  maxConcurrent: number;
  /** Requests that may wait; one more is answered 503 at once. */
  maxQueued: number;
  /** How long a request may wait for its turn before it is answered 503. */
  maxWaitMs: number;
};

/** Ingestion is behind: answer 503 with `Retry-After`; nothing of the request was stored. */
export class IngestionOverloadedError extends Error {
  readonly name = 'ServiceUnavailableError';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

type Waiter = {
  start: () => void;
  timer?: ReturnType<typeof setTimeout>;
};

/** The longest Retry-After given, in seconds: senders back off further on their own. */
const MAX_RETRY_AFTER_S = 30;

/**
 * Admission to alert ingestion: at most `maxConcurrent` requests are processed at once
 * and up to `maxQueued` wait, first come first served. A request beyond that, or one that
 * waited `maxWaitMs`, is refused with {@link IngestionOverloadedError} before anything
 * is stored, so the sender retries later (Alertmanager and Events API senders retry a
 * 503). This keeps the latency of what is admitted bounded instead of letting every
 * request slow down together, and keeps memory bounded: at most
 * `maxConcurrent + maxQueued` parsed bodies are held.
 */
export class IngestionAdmission {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly settings: BackpressureSettings) {}

  /** Requests processed and waiting now. */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.length };
  }

  /** Runs `fn` when admitted; refuses at once when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.admit();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private admit(): Promise<void> {
    const { maxConcurrent, maxQueued, maxWaitMs } = this.settings;
    if (this.running < maxConcurrent && this.queue.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    if (this.queue.length >= maxQueued) {
      return Promise.reject(
        this.overloaded(`${this.queue.length} ingest requests are waiting`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          this.running++;
          resolve();
        },
      };
      waiter.timer = setTimeout(() => {
        const index = this.queue.indexOf(waiter);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(
          this.overloaded(
            `the request waited ${Math.round(maxWaitMs / 1000)} s for its turn`,
          ),
        );
      }, maxWaitMs);
      this.queue.push(waiter);
    });
  }

  private release() {
    this.running--;
    const next = this.queue.shift();
    if (next) next.start();
  }

  private overloaded(why: string): IngestionOverloadedError {
    // Roughly how many turns of the running batch the queue holds, as seconds.
    const retryAfter = Math.min(
      MAX_RETRY_AFTER_S,
      Math.max(1, Math.ceil(this.queue.length / this.settings.maxConcurrent)),
    );
    return new IngestionOverloadedError(
      `Alert ingestion is behind (${why}); nothing was stored, retry after ${retryAfter} s`,
      retryAfter,
    );
  }
}
