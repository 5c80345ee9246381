/**
 * What the last successful catalog read said about one entity: just what routing and
 * paging need while the catalog is down. Annotation values are kept as written.
 */
export interface CatalogSnapshot {
  /** Full ref as the catalog spells it, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** Lower-case kind. */
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** Full ref of the owner. */
  ownerRef?: string;
  /** `firebreak.dev/alert-match`. */
  alertMatch?: string;
  /** `firebreak.dev/alerts`, the alert → runbook table. */
  alerts?: string;
  /** `firebreak.dev/runbook`. */
  runbook?: string;
  /** `firebreak.dev/oncall` of a group: rotation and escalation. */
  oncall?: string;
  /** Full user refs of a group's members. */
  members: string[];
  /** When the catalog last said this (ISO-8601 UTC). */
  refreshedAt: string;
}

/** A snapshot row to write; the store stamps it with the refresh time. */
export type NewCatalogSnapshot = Omit<CatalogSnapshot, 'refreshedAt'>;

/**
 * The persisted last-known catalog snapshot. The catalog gateway is its only writer;
 * writes are idempotent upserts, so several instances may refresh it at once.
 */
export interface CatalogSnapshotStore {
  /** Inserts or replaces the rows of these entities, stamped `at`. */
  upsertSnapshots(snapshots: NewCatalogSnapshot[], at: Date): Promise<void>;
  /** Forgets an entity the catalog no longer has. */
  deleteSnapshot(entityRef: string): Promise<void>;
  /** Forgets entities of these kinds not refreshed since `before`; returns how many. */
  deleteSnapshotsRefreshedBefore(
    before: Date,
    kinds: string[],
  ): Promise<number>;
  /** The row of an entity (ref compared case-insensitively). */
  getSnapshot(entityRef: string): Promise<CatalogSnapshot | undefined>;
  /** Rows whose name equals `name` case-insensitively. */
  findSnapshotsByName(name: string): Promise<CatalogSnapshot[]>;
  /** Rows with a `firebreak.dev/alert-match` selector. */
  listSnapshotsWithAlertMatch(): Promise<CatalogSnapshot[]>;
}
