/** One heartbeat's state (ISO-8601 UTC instants). */
export interface HeartbeatState {
  entityRef: string;
  name: string;
  declaredAt: string;
  lastPingAt?: string;
  /** When its missed alert was raised; absent while pings keep coming. */
  missedAt?: string;
}

/** The one writer of the `heartbeats` table. */
export interface HeartbeatStore {
  /** Records a ping, which ends a missed spell. */
  recordPing(entityRef: string, name: string, at: Date): Promise<void>;
  /** Makes a row for each heartbeat not seen before, due from `at`. */
  ensureDeclared(
    heartbeats: Array<{ entityRef: string; name: string }>,
    at: Date,
  ): Promise<void>;
  list(entityRefs: string[]): Promise<HeartbeatState[]>;
  /** Every heartbeat with a row, declared or not. */
  listAll(): Promise<HeartbeatState[]>;
  /** Removes a heartbeat's row; a later declaration starts afresh. */
  forget(entityRef: string, name: string): Promise<void>;
  /**
   * Marks a heartbeat missed at `at`, only if it is not missed already and has not
   * pinged since it was read as `seen`: true for the one caller that raises the alert.
   */
  claimMissed(seen: HeartbeatState, at: Date): Promise<boolean>;
  /** Whether the missed spell that began at `missedAt` still lasts. */
  isMissedSince(
    entityRef: string,
    name: string,
    missedAt: Date,
  ): Promise<boolean>;
}
