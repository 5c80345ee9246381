import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { Knex } from 'knex';
import { DatabaseAlertStore } from '../alerts/DatabaseAlertStore';
import { DatabaseCatalogSnapshotStore } from '../catalog/DatabaseCatalogSnapshotStore';
import { DatabaseMaintenanceWindowStore } from '../maintenance/DatabaseMaintenanceWindowStore';
import { DatabaseOncallOverrideStore } from '../oncall/DatabaseOncallOverrideStore';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabasePageOutbox } from '../notifications/DatabasePageOutbox';
import { DatabasePostmortemStore } from '../postmortems/DatabasePostmortemStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const directory = resolvePackagePath(
  '@firebreak/plugin-incidents-backend',
  'migrations',
);
const migrationFiles = fs
  .readdirSync(directory)
  .filter(name => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'))
  .sort();

type Rows = Record<string, Array<Record<string, unknown>>>;

/**
 * What the test knows about particular migrations. Files without an entry still get
 * the generic checks (tables come and go symmetrically, existing rows survive).
 */
const knownMigrations: Record<
  string,
  {
    /** Tables the migration creates. */
    tables: string[];
    /** Indexes (by name) the migration creates. */
    indexes: string[];
    /** Writes rows right after the migration ran. */
    seed(knex: Knex): Promise<void>;
  }
> = {
  '20261123_incidents.js': {
    tables: [
      'incidents',
      'incident_entities',
      'incident_roles',
      'incident_timeline',
      'incident_status_updates',
      'oncall_overrides',
    ],
    indexes: [
      'incidents_status_detected_idx',
      'incidents_detected_id_idx',
      'incidents_owner_status_idx',
      'incident_entities_entity_idx',
      'incident_timeline_incident_at_idx',
      'incident_status_updates_incident_posted_idx',
      'oncall_overrides_group_starts_idx',
    ],
    async seed(knex) {
      // Written the way the store writes: ISO-8601 UTC strings, JSON text.
      const [{ id }] = await knex('incidents')
        .insert({
          title: 'Seeded',
          description: 'Seeded by the migrations test',
          status: 'investigating',
          severity: 'P2',
          entity_ref: 'component:default/a',
          owner_ref: 'group:default/x',
          source: 'manual',
          impact: JSON.stringify({ customers: 'ACME' }),
          links: JSON.stringify([]),
          created_by: 'user:default/alice',
          detected_at: '2026-01-05T09:00:00.000Z',
          created_at: '2026-01-05T09:01:00.000Z',
          updated_at: '2026-01-05T09:01:00.000Z',
        })
        .returning('id');
      await knex('incident_entities').insert([
        {
          incident_id: id,
          entity_ref: 'component:default/a',
          is_primary: true,
        },
        {
          incident_id: id,
          entity_ref: 'component:default/b',
          is_primary: false,
        },
      ]);
      await knex('incident_roles').insert({
        incident_id: id,
        role: 'commander',
        user_ref: 'user:default/alice',
        assigned_at: '2026-01-05T09:01:00.000Z',
        assigned_by: 'user:default/alice',
      });
      await knex('incident_timeline').insert({
        incident_id: id,
        type: 'declared',
        at: '2026-01-05T09:01:00.000Z',
        message: 'Declared',
      });
      await knex('incident_status_updates').insert({
        incident_id: id,
        status: 'investigating',
        message: 'Looking',
        posted_by: 'user:default/alice',
        posted_at: '2026-01-05T09:02:00.000Z',
      });
      await knex('oncall_overrides').insert({
        group_ref: 'group:default/x',
        user_ref: 'user:default/bob',
        starts_at: '2026-01-05T00:00:00.000Z',
        ends_at: '2026-01-06T00:00:00.000Z',
        created_by: 'user:default/bob',
        created_at: '2026-01-04T12:00:00.000Z',
      });
    },
  },
  '20261125_postmortems.js': {
    tables: ['postmortems', 'postmortem_reviewers', 'action_items'],
    indexes: [
      'postmortems_incident_unique',
      'postmortems_status_due_idx',
      'postmortems_created_id_idx',
      'action_items_owner_status_idx',
      'action_items_status_due_idx',
      'action_items_incident_idx',
      'action_items_created_id_idx',
    ],
    async seed(knex) {
      const [{ id: incidentId }] = await knex('incidents')
        .where({ title: 'Seeded' })
        .select('id');
      const [{ id }] = await knex('postmortems')
        .insert({
          incident_id: incidentId,
          status: 'in_review',
          sections: JSON.stringify({ summary: 'Seeded summary' }),
          five_whys: JSON.stringify([{ question: 'Why?', answer: 'Because' }]),
          timeline: JSON.stringify([]),
          due_at: '2026-01-10T09:00:00.000Z',
          created_by: 'user:default/alice',
          created_at: '2026-01-05T10:00:00.000Z',
          updated_at: '2026-01-05T10:00:00.000Z',
        })
        .returning('id');
      await knex('postmortem_reviewers').insert({
        postmortem_id: id,
        user_ref: 'user:default/bob',
      });
      await knex('action_items').insert({
        incident_id: incidentId,
        postmortem_id: id,
        title: 'Seeded item',
        description: '',
        owner_ref: 'group:default/x',
        priority: 'P2',
        status: 'open',
        due_at: '2026-01-20T09:00:00.000Z',
        created_by: 'user:default/alice',
        created_at: '2026-01-05T10:00:00.000Z',
        updated_at: '2026-01-05T10:00:00.000Z',
      });
    },
  },
  '20261204_catalog_snapshots.js': {
    tables: ['catalog_snapshots'],
    indexes: ['catalog_snapshots_name_idx', 'catalog_snapshots_refreshed_idx'],
    async seed(knex) {
      // Written the way the gateway's store writes: lower-case keys, JSON members.
      await knex('catalog_snapshots').insert([
        {
          entity_ref: 'component:default/a',
          kind: 'component',
          namespace: 'default',
          name: 'a',
          name_key: 'a',
          owner_ref: 'group:default/x',
          alert_match: 'service=a',
          alerts:
            '- alert: HighErrorRate\n  runbook: https://wiki.example.com/a\n',
          members: JSON.stringify([]),
          refreshed_at: '2026-01-05T09:00:00.000Z',
        },
        {
          entity_ref: 'group:default/x',
          kind: 'group',
          namespace: 'default',
          name: 'x',
          name_key: 'x',
          oncall: 'rotation: [user:bob]',
          members: JSON.stringify(['user:default/bob']),
          refreshed_at: '2026-01-05T09:00:00.000Z',
        },
      ]);
    },
  },
  '20261202_page_outbox.js': {
    tables: ['incident_page_outbox'],
    indexes: [
      'incident_page_outbox_key_unique',
      'incident_page_outbox_pending_idx',
    ],
    async seed(knex) {
      const [{ id }] = await knex('incidents')
        .where({ title: 'Seeded' })
        .select('id');
      await knex('incident_page_outbox').insert({
        incident_id: id,
        page_key: `incident:${id}:escalation:1`,
        kind: 'escalated',
        notice: JSON.stringify({ kind: 'escalated', level: 1 }),
        done_channels: '[]',
        attempts: 0,
        next_attempt_at: '2026-01-05T09:05:00.000Z',
        created_at: '2026-01-05T09:05:00.000Z',
      });
    },
  },
  '20261203_incident_started_at.js': {
    tables: [],
    indexes: [],
    async seed(knex) {
      // Existing incidents keep an unknown start: a copy of detected_at would report a
      // time to detect of zero for each of them.
      const existing = await knex('incidents')
        .where({ title: 'Seeded' })
        .first();
      if (existing.started_at !== null) {
        throw new Error(
          `existing incident got started_at ${existing.started_at}`,
        );
      }
      await knex('incidents')
        .where({ title: 'Seeded' })
        .update({ started_at: '2026-01-05T08:55:00.000Z' });
    },
  },
  '20261208_maintenance_windows.js': {
    tables: ['maintenance_windows'],
    indexes: [
      'maintenance_windows_ends_idx',
      'maintenance_windows_entity_idx',
      'maintenance_windows_notice_idx',
    ],
    async seed(knex) {
      // Written the way the maintenance store writes: lower-case refs, JSON severities.
      const [{ id }] = await knex('maintenance_windows')
        .insert({
          entity_ref: 'component:default/a',
          owner_ref: 'group:default/x',
          include_dependents: true,
          starts_at: '2026-01-05T09:00:00.000Z',
          ends_at: '2026-01-05T11:00:00.000Z',
          reason: 'Database upgrade',
          severities: JSON.stringify(['P3', 'P4']),
          created_by: 'user:default/alice',
          created_at: '2026-01-05T08:59:00.000Z',
        })
        .returning('id');
      // An alert that fired during it, as ingestion stores one: marked, no incident.
      await knex('alerts').insert({
        source: 'alertmanager',
        dedup_key: 'seeded-maintenance',
        route_key: 'component:default/a',
        entity_ref: 'component:default/a',
        name: 'DiskFull',
        severity: 'P3',
        status: 'firing',
        labels: '{}',
        annotations: '{}',
        count: 1,
        first_seen_at: '2026-01-05T09:30:00.000Z',
        last_seen_at: '2026-01-05T09:30:00.000Z',
        maintenance_window_id: id,
      });
    },
  },
};

async function listTables(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.config.client === 'pg'
      ? await knex('pg_tables')
          .select({ name: 'tablename' })
          .whereRaw('schemaname = current_schema()')
      : await knex('sqlite_master')
          .select('name')
          .where({ type: 'table' })
          .andWhereNot('name', 'like', 'sqlite_%');
  return rows
    .map(r => r.name)
    .filter(name => !name.startsWith('knex_migrations'))
    .sort();
}

async function listIndexes(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.config.client === 'pg'
      ? await knex('pg_indexes')
          .select({ name: 'indexname' })
          .whereRaw('schemaname = current_schema()')
      : await knex('sqlite_master').select('name').where({ type: 'index' });
  return rows.map(r => r.name);
}

async function snapshot(knex: Knex): Promise<Rows> {
  const rows: Rows = {};
  for (const table of await listTables(knex)) {
    rows[table] = await knex(table).select();
  }
  return rows;
}

async function expectRowsSurvived(knex: Knex, before: Rows) {
  const tables = await listTables(knex);
  for (const [table, rows] of Object.entries(before)) {
    if (!tables.includes(table)) {
      continue;
    }
    const after = await knex(table).select();
    // Later migrations may add columns, a down drops the ones its up added: the values
    // of the columns that are still there must be.
    const columns = new Set(Object.keys(after[0] ?? rows[0] ?? {}));
    expect({ table, rows: after }).toEqual({
      table,
      rows: expect.arrayContaining(
        rows.map(row =>
          expect.objectContaining(
            Object.fromEntries(
              Object.entries(row).filter(([column]) => columns.has(column)),
            ),
          ),
        ),
      ),
    });
  }
}

it('finds migration files to test', () => {
  expect(migrationFiles.length).toBeGreaterThan(0);
  expect(migrationFiles).toContain('20261123_incidents.js');
});

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('steps up and down one file at a time, keeping data', async () => {
    const knex = await databases.init(databaseId);
    const tablesBefore: string[][] = [];
    let seeded = 0;

    for (const [index, file] of migrationFiles.entries()) {
      const tables = await listTables(knex);
      const rows = await snapshot(knex);
      tablesBefore.push(tables);

      await knex.migrate.up({ directory });

      const applied: Array<{ name: string }> = await knex('knex_migrations')
        .select('name')
        .orderBy('id');
      expect(applied.map(m => m.name)).toEqual(
        migrationFiles.slice(0, index + 1),
      );
      await expectRowsSurvived(knex, rows);

      const known = knownMigrations[file];
      // Unknown files may only add tables; known ones add exactly what they declare.
      const after = await listTables(knex);
      const added = after.filter(table => !tables.includes(table));
      expect(after).toEqual(expect.arrayContaining(tables));
      expect(added).toEqual(known ? [...known.tables].sort() : added);
      expect(await listIndexes(knex)).toEqual(
        expect.arrayContaining(known?.indexes ?? []),
      );
      if (known) {
        await known.seed(knex);
        seeded++;
      }
    }
    expect(seeded).toBeGreaterThan(0);

    // Rows written against older schemas read back through the store at the latest one.
    const store = DatabaseIncidentStore.fromKnex(knex);
    const [{ id }] = await knex('incidents')
      .where({ title: 'Seeded' })
      .select('id');
    expect(await store.getIncident(id)).toMatchObject({
      ref: `INC-${id}`,
      title: 'Seeded',
      affectedEntityRefs: ['component:default/b'],
      impact: { customers: 'ACME' },
      startedAt: '2026-01-05T08:55:00.000Z',
      detectedAt: '2026-01-05T09:00:00.000Z',
      createdAt: '2026-01-05T09:01:00.000Z',
      roles: [
        {
          role: 'commander',
          userRef: 'user:default/alice',
          assignedAt: '2026-01-05T09:01:00.000Z',
          assignedBy: 'user:default/alice',
        },
      ],
    });
    expect(await store.listTimeline(id)).toHaveLength(1);
    expect(await store.listStatusUpdates(id)).toHaveLength(1);
    expect(
      await DatabaseOncallOverrideStore.fromKnex(knex).listOncallOverrides({
        groupRefs: ['group:default/x'],
      }),
    ).toHaveLength(1);
    const postmortems = DatabasePostmortemStore.fromKnex(knex);
    expect(await postmortems.getPostmortemByIncident(id)).toMatchObject({
      status: 'in_review',
      sections: { summary: 'Seeded summary', impact: '' },
      fiveWhys: [{ question: 'Why?', answer: 'Because' }],
      reviewers: [{ userRef: 'user:default/bob' }],
      dueAt: '2026-01-10T09:00:00.000Z',
    });
    expect(
      (await postmortems.listActionItems({ incidentId: id }, { limit: 10 }))
        .items,
    ).toMatchObject([
      { title: 'Seeded item', dueAt: '2026-01-20T09:00:00.000Z' },
    ]);
    const catalogSnapshots = DatabaseCatalogSnapshotStore.fromKnex(knex);
    expect(await catalogSnapshots.getSnapshot('group:default/x')).toEqual({
      entityRef: 'group:default/x',
      kind: 'group',
      namespace: 'default',
      name: 'x',
      oncall: 'rotation: [user:bob]',
      members: ['user:default/bob'],
      refreshedAt: '2026-01-05T09:00:00.000Z',
    });
    expect(
      (await catalogSnapshots.listSnapshotsWithAlertMatch()).map(
        s => s.entityRef,
      ),
    ).toEqual(['component:default/a']);
    expect(
      await DatabasePageOutbox.fromKnex(knex).listForIncident(id),
    ).toMatchObject([
      {
        key: `incident:${id}:escalation:1`,
        kind: 'escalated',
        attempts: 0,
        deliveredAt: undefined,
      },
    ]);
    const [window] = await DatabaseMaintenanceWindowStore.fromKnex(knex).list({
      entityRef: 'component:default/a',
      at: new Date('2026-01-05T10:00:00.000Z'),
      limit: 10,
    });
    expect(window).toMatchObject({
      includeDependents: true,
      severities: ['P3', 'P4'],
      startsAt: '2026-01-05T09:00:00.000Z',
      endsAt: '2026-01-05T11:00:00.000Z',
    });
    expect(
      (
        await DatabaseAlertStore.fromKnex(knex).listAlerts(
          { entityRefs: ['component:default/a'] },
          { limit: 10 },
        )
      ).items,
    ).toMatchObject([{ name: 'DiskFull', maintenanceWindowId: window.id }]);
    const tablesAtLatest = await listTables(knex);

    for (let index = migrationFiles.length - 1; index >= 0; index--) {
      const rows = await snapshot(knex);
      await knex.migrate.down({ directory });
      expect(await listTables(knex)).toEqual(tablesBefore[index]);
      await expectRowsSurvived(knex, rows);
    }
    expect(await listTables(knex)).toEqual([]);

    // A clean down leaves nothing behind (e.g. index names) that would break a re-run.
    await knex.migrate.latest({ directory });
    expect(await listTables(knex)).toEqual(tablesAtLatest);
  });
});
