import { Alert, Page } from '@firebreak/plugin-incidents-common';

/** A firing alert to store (or to count as a repeat of the open one with its key). */
export type NewAlert = {
  source: string;
  dedupKey: string;
  /** Routed entity, or undefined for the unrouted inbox. */
  entityRef?: string;
  name: string;
  summary?: string;
  sourceSeverity?: string;
  severity?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  sourceUrl?: string;
  runbookUrl?: string;
  runbookFrom?: Alert['runbookFrom'];
  /**
   * The active maintenance window that holds it back from incidents, when it is new; a
   * repeat keeps the mark its open alert got when it first fired.
   */
  maintenanceWindowId?: number;
};

/** Filters for listing alerts; every given one must match. */
export type AlertFilter = {
  entityRefs?: string[];
  incidentId?: number;
  /** Only alerts that matched no entity. */
  unrouted?: boolean;
  /** Only alerts not yet resolved. */
  open?: boolean;
  /**
   * Only alerts linked to an incident owned by one of these (an empty list matches
   * nothing): the read scope of a caller limited to their teams.
   */
  incidentOwnerRefs?: string[];
};

/** Fired-alert statistics per alert name of one entity. */
export type FiredAlertStats = {
  name: string;
  count: number;
  lastFiredAt: string;
  openNow: boolean;
  /** The summary, source and runbook of the latest firing under the name. */
  summary?: string;
  sourceUrl?: string;
  runbookUrl?: string;
  runbookFrom?: Alert['runbookFrom'];
};

/** Persistence of alerts. SQL only; the ingestion rules live in AlertIngestionService. */
export interface AlertStore {
  /**
   * Stores a firing alert, or (when an open alert with the same route and dedup key
   * exists) bumps its count and last-seen time, in one statement that the database's
   * unique index over open alerts makes safe under concurrency. `created` tells which.
   */
  upsertFiring(
    alert: NewAlert,
    now: Date,
  ): Promise<{ alert: Alert; created: boolean }>;
  /** One alert by id. */
  getAlert(alertId: number): Promise<Alert | undefined>;
  /** Marks the open alerts of a source with this key acknowledged; returns them. */
  acknowledge(source: string, dedupKey: string, now: Date): Promise<Alert[]>;
  /** Resolves the open alerts of a source with this key; returns them. */
  resolve(source: string, dedupKey: string, now: Date): Promise<Alert[]>;
  /** How many alerts of the incident are still open. */
  countOpenAlerts(incidentId: number): Promise<number>;
  /** Newest first by last-seen time, keyset-paginated. */
  listAlerts(
    filter: AlertFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<Alert>>;
  /** Per alert name of an entity, since `since`. */
  firedStats(entityRef: string, since: Date): Promise<FiredAlertStats[]>;
}
