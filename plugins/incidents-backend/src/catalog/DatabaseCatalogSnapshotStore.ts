import { stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { DbTimestamp, fromDb, toDb } from '../database/dbUtils';
import {
  CatalogSnapshot,
  CatalogSnapshotStore,
  NewCatalogSnapshot,
} from './CatalogSnapshotStore';

const TABLE = 'catalog_snapshots';
/** Rows per insert statement, well below either engine's bound-parameter limit. */
const BATCH = 200;

interface SnapshotRow {
  entity_ref: string;
  kind: string;
  namespace: string;
  name: string;
  name_key: string;
  title: string | null;
  owner_ref: string | null;
  alert_match: string | null;
  alerts: string | null;
  runbook: string | null;
  oncall: string | null;
  members: string;
  refreshed_at: DbTimestamp;
}

function key(text: string): string {
  return text.toLocaleLowerCase('en-US');
}

function toRow(snapshot: NewCatalogSnapshot, at: string): SnapshotRow {
  return {
    entity_ref: key(snapshot.entityRef),
    kind: key(snapshot.kind),
    namespace: snapshot.namespace,
    name: snapshot.name,
    name_key: key(snapshot.name),
    title: snapshot.title ?? null,
    owner_ref: snapshot.ownerRef ?? null,
    alert_match: snapshot.alertMatch ?? null,
    alerts: snapshot.alerts ?? null,
    runbook: snapshot.runbook ?? null,
    oncall: snapshot.oncall ?? null,
    members: JSON.stringify(snapshot.members),
    refreshed_at: at,
  };
}

function fromRow(row: SnapshotRow): CatalogSnapshot {
  let members: string[] = [];
  try {
    const parsed = JSON.parse(row.members);
    if (Array.isArray(parsed)) {
      members = parsed.filter((m): m is string => typeof m === 'string');
    }
  } catch {
    // Only this store writes the column; an unreadable value means no members known.
  }
  return {
    entityRef: stringifyEntityRef(row),
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    ...(row.title !== null && { title: row.title }),
    ...(row.owner_ref !== null && { ownerRef: row.owner_ref }),
    ...(row.alert_match !== null && { alertMatch: row.alert_match }),
    ...(row.alerts !== null && { alerts: row.alerts }),
    ...(row.runbook !== null && { runbook: row.runbook }),
    ...(row.oncall !== null && { oncall: row.oncall }),
    members,
    refreshedAt: fromDb(row.refreshed_at),
  };
}

/** {@link CatalogSnapshotStore} on the plugin's Knex database (migrated by the plugin). */
export class DatabaseCatalogSnapshotStore implements CatalogSnapshotStore {
  /** A store on an already migrated database. */
  static fromKnex(db: Knex): DatabaseCatalogSnapshotStore {
    return new DatabaseCatalogSnapshotStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async upsertSnapshots(
    snapshots: NewCatalogSnapshot[],
    at: Date,
  ): Promise<void> {
    const stamp = toDb(at);
    // One row per ref: a statement may not upsert the same key twice on PostgreSQL.
    const rows = [
      ...new Map(
        snapshots.map(s => [key(s.entityRef), toRow(s, stamp)]),
      ).values(),
    ];
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(TABLE)
        .insert(rows.slice(i, i + BATCH))
        .onConflict('entity_ref')
        .merge();
    }
  }

  async deleteSnapshot(entityRef: string): Promise<void> {
    await this.db(TABLE)
      .where({ entity_ref: key(entityRef) })
      .delete();
  }

  async deleteSnapshotsRefreshedBefore(
    before: Date,
    kinds: string[],
  ): Promise<number> {
    return this.db(TABLE)
      .where('refreshed_at', '<', toDb(before))
      .whereIn('kind', kinds.map(key))
      .delete();
  }

  async getSnapshot(entityRef: string): Promise<CatalogSnapshot | undefined> {
    const row = await this.db<SnapshotRow>(TABLE)
      .where({ entity_ref: key(entityRef) })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async findSnapshotsByName(name: string): Promise<CatalogSnapshot[]> {
    const rows = await this.db<SnapshotRow>(TABLE)
      .where({ name_key: key(name) })
      .orderBy('entity_ref');
    return rows.map(fromRow);
  }

  async listSnapshotsWithAlertMatch(): Promise<CatalogSnapshot[]> {
    const rows = await this.db<SnapshotRow>(TABLE)
      .whereNotNull('alert_match')
      .orderBy('entity_ref');
    return rows.map(fromRow);
  }
}
