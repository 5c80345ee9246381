import { MaintenanceWindowState } from '@firebreak/plugin-incidents-common';

/** A maintenance window as stored (ISO-8601 UTC instants); its state depends on "now". */
export type MaintenanceWindowRecord = {
  id: number;
  /** Full lower-case entity ref. */
  entityRef: string;
  ownerRef?: string;
  includeDependents: boolean;
  startsAt: string;
  endsAt: string;
  reason: string;
  /** Severity ids it suppresses; undefined: all. */
  severities?: string[];
  createdBy: string;
  createdAt: string;
  endedAt?: string;
  endedBy?: string;
  startNotifiedAt?: string;
  endNotifiedAt?: string;
};

/** A window to store, already validated by the service. */
export type NewMaintenanceWindow = Pick<
  MaintenanceWindowRecord,
  | 'entityRef'
  | 'ownerRef'
  | 'includeDependents'
  | 'startsAt'
  | 'endsAt'
  | 'reason'
  | 'severities'
  | 'createdBy'
  | 'createdAt'
>;

/** Which windows to list; every given filter must match. */
export type MaintenanceWindowFilter = {
  entityRef?: string;
  /** As of `at`. */
  state?: MaintenanceWindowState;
  /** Only windows of entities owned by one of these (empty matches nothing). */
  ownerRefs?: string[];
  at: Date;
  limit: number;
};

/** The one writer of the `maintenance_windows` table. */
export interface MaintenanceWindowStore {
  create(window: NewMaintenanceWindow): Promise<MaintenanceWindowRecord>;
  get(id: number): Promise<MaintenanceWindowRecord | undefined>;
  /** Newest start first. */
  list(filter: MaintenanceWindowFilter): Promise<MaintenanceWindowRecord[]>;
  /** Windows in force at `at`: started, planned end ahead, not ended early. */
  listActive(at: Date): Promise<MaintenanceWindowRecord[]>;
  /** How many windows of the entity have not ended at `at` (active or scheduled). */
  countOpen(entityRef: string, at: Date): Promise<number>;
  /**
   * Ends a window that has not ended by `at`; true when this call ended it, false when
   * it had ended already (or does not exist).
   */
  end(id: number, at: Date, by: string): Promise<boolean>;
  /**
   * Windows whose notices are due at `at`: `starting`, in force and not yet announced;
   * `ending`, announced as started, ended (as planned or early) and not yet announced.
   */
  listNoticesDue(at: Date): Promise<{
    starting: MaintenanceWindowRecord[];
    ending: MaintenanceWindowRecord[];
  }>;
  /** Claims a window's start notice: true for the one caller that should send it. */
  claimStartNotice(id: number, at: Date): Promise<boolean>;
  /** Claims a window's end notice (after its start notice): true for the one sender. */
  claimEndNotice(id: number, at: Date): Promise<boolean>;
}
