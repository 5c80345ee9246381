/** What Slack holds of one incident, as far as the sender got. */
export interface SlackMessageProgress {
  /** Channel id of the team message, as Slack answered `chat.postMessage`. */
  channelId?: string;
  /** `ts` of the team message; thread replies go to it. */
  messageTs?: string;
  /** Hash of the message as last posted or updated. */
  messageHash?: string;
  /** Id of the last timeline entry posted to the thread (0: none). */
  threadCursor: number;
  incidentChannelId?: string;
  incidentChannelName?: string;
  /** Whether the incident channel's link was posted to the team thread. */
  incidentChannelAnnounced: boolean;
  /** User refs invited to (or found not invitable to) the incident channel. */
  invitedRefs: string[];
}

/** An incident whose Slack message a sender has claimed to bring up to date. */
export interface ClaimedSlackMessage extends SlackMessageProgress {
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

/** A row as it stands, for inspection. */
export interface SlackMessageEntry extends SlackMessageProgress {
  incidentId: number;
  wantedSeq: number;
  syncedSeq: number;
  attempts: number;
  lastError?: string;
  abandonedAt?: string;
  reportedError?: string;
}

/**
 * The Slack message of each incident and its delivery queue: a change marks the
 * incident's row, a sender claims marked rows under a lease (safe across instances),
 * saves its progress step by step and reports success or failure.
 */
export interface SlackMessageStore {
  /** Notes that the incident changed: its message needs bringing up to date. */
  markChanged(incidentId: number): Promise<void>;
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
  }): Promise<ClaimedSlackMessage[]>;
  /** Saves what a sync has done so far. False when the lease was lost. */
  saveProgress(
    incidentId: number,
    leaseToken: string,
    progress: Partial<SlackMessageProgress>,
  ): Promise<boolean>;
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
    outcome: {
      now: Date;
      nextAttemptAt: Date;
      error: string;
      abandon: boolean;
      /** The failure now written to the timeline, if one was. */
      reportedError?: string;
    },
  ): Promise<boolean>;
  get(incidentId: number): Promise<SlackMessageEntry | undefined>;
}
