import {
  ClaimedSyncRow,
  IncidentSyncStore,
} from '../notifications/IncidentSyncLoop';
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
export interface ClaimedSlackMessage
  extends SlackMessageProgress,
    ClaimedSyncRow {}

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
export interface SlackMessageStore
  extends IncidentSyncStore<ClaimedSlackMessage> {
  /** Notes that the incident changed: its message needs bringing up to date. */
  markChanged(incidentId: number): Promise<void>;
  /** Saves what a sync has done so far. False when the lease was lost. */
  saveProgress(
    incidentId: number,
    leaseToken: string,
    progress: Partial<SlackMessageProgress>,
  ): Promise<boolean>;
  get(incidentId: number): Promise<SlackMessageEntry | undefined>;
}
