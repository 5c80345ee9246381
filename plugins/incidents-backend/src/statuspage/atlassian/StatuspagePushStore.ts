import {
  ClaimedSyncRow,
  IncidentSyncStore,
} from '../../notifications/IncidentSyncLoop';
import { PublicStage } from '../StatusPageService';
import { StatuspageComponentStatus } from './StatuspageClient';

/** What Statuspage holds of one incident, as far as the sender got. */
export interface StatuspagePushProgress {
  /** Id of the Statuspage incident, as Statuspage answered its creation. */
  statuspageIncidentId?: string;
  /** The stage last sent. */
  pushedStage?: PublicStage;
  /** Statuspage component id → the state last sent, of the components now affected. */
  pushedComponents: Record<string, StatuspageComponentStatus>;
}

/** A status update that reached Statuspage. */
export interface PushedStatusUpdate {
  statusUpdateId: number;
  /** Id of the incident update Statuspage made of it, when it said. */
  statuspageUpdateId?: string;
  pushedAt: Date;
}

/** An incident whose Statuspage incident a sender has claimed to bring up to date. */
export interface ClaimedStatuspagePush
  extends StatuspagePushProgress,
    ClaimedSyncRow {
  /** Status updates already pushed, by id. */
  pushedUpdateIds: number[];
}

/** A row as it stands, for inspection. */
export interface StatuspagePushEntry extends StatuspagePushProgress {
  incidentId: number;
  wantedSeq: number;
  syncedSeq: number;
  attempts: number;
  lastError?: string;
  abandonedAt?: string;
  reportedError?: string;
  /** Oldest first. */
  pushedUpdates: Array<{
    statusUpdateId: number;
    statuspageUpdateId?: string;
    pushedAt: string;
  }>;
}

/**
 * The Statuspage incident of each incident and its push queue: a public status update
 * or a resolution marks the incident's row, a sender claims marked rows under a lease
 * (safe across instances), saves each push as it lands and reports success or failure.
 */
export interface StatuspagePushStore
  extends IncidentSyncStore<ClaimedStatuspagePush> {
  /**
   * Notes that the incident has something to push. With `onlyIfTracked`, only an
   * incident that already has a row (a status update was posted) is marked: a
   * resolution alone never starts a Statuspage incident.
   */
  markChanged(
    incidentId: number,
    options?: { onlyIfTracked?: boolean },
  ): Promise<void>;
  /**
   * Saves what a push did, and the status update it carried, together, extending the
   * lease to `leaseUntil`. False when the lease was lost (nothing is saved then).
   */
  saveProgress(
    incidentId: number,
    leaseToken: string,
    progress: Partial<StatuspagePushProgress>,
    options: { leaseUntil: Date; pushed?: PushedStatusUpdate },
  ): Promise<boolean>;
  get(incidentId: number): Promise<StatuspagePushEntry | undefined>;
}
