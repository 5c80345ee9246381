// @ts-check

// Maintenance windows: while one is active on an entity (and, with include_dependents,
// on the entities that depend on it), alerts of the severities it suppresses are stored
// and marked with its id, and open no incident. Ending one early sets ended_at; rows are
// never deleted (they are the audit trail of who silenced what). The notice columns are
// the claims that make the start and end notices once-only across backend instances.
// Timestamps follow 20261123_incidents.js (ISO-8601 UTC text bound by the store).

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maintenance_windows', table => {
    table.comment(
      'Maintenance windows, written by the maintenance window store only',
    );
    table.increments('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of the entity in maintenance');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('The entity owner at creation: told at start and end');
    table.boolean('include_dependents').notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table
      .timestamp('ends_at', { useTz: true })
      .notNullable()
      .comment('The planned end (exclusive), even when ended early');
    table.text('reason').notNullable();
    table
      .text('severities')
      .nullable()
      .comment('JSON array of the severity ids it suppresses; NULL: all');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('ended_at', { useTz: true })
      .nullable()
      .comment('When it was ended early or cancelled; NULL otherwise');
    table.string('ended_by', 255).nullable();
    table.timestamp('start_notified_at', { useTz: true }).nullable();
    table.timestamp('end_notified_at', { useTz: true }).nullable();
    // The ingestion hot path: windows whose planned end is still ahead.
    table.index(['ends_at'], 'maintenance_windows_ends_idx');
    table.index(['entity_ref', 'starts_at'], 'maintenance_windows_entity_idx');
  });
  // What the notice check reads every minute: windows whose end is not yet announced.
  await knex.raw(
    'CREATE INDEX maintenance_windows_notice_idx ON maintenance_windows (starts_at) WHERE end_notified_at IS NULL',
  );
  await knex.schema.alterTable('alerts', table => {
    // No foreign key: windows are never deleted, and on SQLite knex would rebuild the
    // alerts table to add one (dropping its partial dedup index).
    table
      .integer('maintenance_window_id')
      .nullable()
      .comment(
        'The maintenance window the alert fired in; it opened no incident then',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain DROP COLUMN on both engines (see 20261203_incident_started_at.js).
  await knex.raw('ALTER TABLE alerts DROP COLUMN maintenance_window_id');
  await knex.schema.dropTable('maintenance_windows');
};
