import { Knex } from 'knex';
import { createHash } from 'node:crypto';

/**
 * Serialises "open an incident or join the open one" per entity across every backend
 * instance that shares the database, so two instances receiving distinct alerts for one
 * entity at the same moment cannot both open (and page for) an incident.
 */
export interface EntityGroupLock {
  withLock<T>(entityRef: string, fn: () => Promise<T>): Promise<T>;
}

/** Advisory-lock namespace of Firebreak's entity grouping (an arbitrary constant). */
const LOCK_NAMESPACE = 0x46424731; // "FBG1"

/**
 * Holding a lock pins a pool connection while `fn` uses others; capping the holders per
 * process keeps connections free for the work itself (without the cap, a burst over many
 * entities exhausted the pool and deadlocked).
 */
const MAX_HELD_LOCKS = 2;

/**
 * On PostgreSQL, a transaction-scoped advisory lock keyed by the entity: `fn` runs while
 * the lock is held and its writes are committed before the lock is released, so the next
 * holder sees them. Other databases serve one process (SQLite) and need nothing beyond
 * the ingestion service's in-process queue.
 */
export class DatabaseEntityGroupLock implements EntityGroupLock {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  private constructor(private readonly db: Knex) {}

  static fromKnex(db: Knex): EntityGroupLock {
    const client = String(db.client.config.client);
    if (client !== 'pg' && client !== 'postgres' && client !== 'postgresql') {
      return { withLock: (_entityRef, fn) => fn() };
    }
    return new DatabaseEntityGroupLock(db);
  }

  async withLock<T>(entityRef: string, fn: () => Promise<T>): Promise<T> {
    await this.acquireSlot();
    try {
      return await this.db.transaction(async tx => {
        await tx.raw('SELECT pg_advisory_xact_lock(?, ?)', [
          LOCK_NAMESPACE,
          lockKey(entityRef),
        ]);
        return fn();
      });
    } finally {
      this.releaseSlot();
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.held < MAX_HELD_LOCKS) {
      this.held += 1;
      return;
    }
    await new Promise<void>(resolve => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held -= 1;
  }
}

/** A signed 32-bit key for the entity (collisions only serialise two entities). */
function lockKey(entityRef: string): number {
  return createHash('sha256').update(entityRef).digest().readInt32BE(0);
}
