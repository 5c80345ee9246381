// @ts-check

// Alerts from senders (Alertmanager, Events API v2, generic JSON, module sources).
// Timestamps follow 20261123_incidents.js: ISO-8601 UTC text bound by the store.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('alerts', table => {
    table.comment(
      'Alerts as received, deduplicated per (route_key, dedup_key) while open',
    );
    table.increments('id').primary();
    table
      .string('source', 64)
      .notNullable()
      .comment('Alert source id, e.g. alertmanager');
    table.string('dedup_key', 255).notNullable();
    table
      .string('route_key', 255)
      .notNullable()
      .comment(
        "The routed entity ref, or '' for the unrouted inbox (never NULL: NULLs would escape the unique index)",
      );
    table.string('entity_ref', 255).nullable();
    table
      .text('name')
      .notNullable()
      .comment('Alert name as sent, any characters');
    table.text('summary').nullable();
    table.string('source_severity', 64).nullable();
    table.string('severity', 64).nullable().comment('Mapped policy severity');
    table
      .string('status', 16)
      .notNullable()
      .comment('firing, acknowledged or resolved');
    table.text('labels').notNullable().comment('JSON');
    table.text('annotations').notNullable().comment('JSON');
    table.text('source_url').nullable();
    table.text('runbook_url').nullable();
    table
      .string('runbook_from', 16)
      .nullable()
      .comment('table, entity or alert');
    table.integer('count').notNullable().defaultTo(1);
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table
      .integer('incident_id')
      .unsigned()
      .nullable()
      .references('id')
      .inTable('incidents')
      .onDelete('SET NULL');

    table.index(['entity_ref', 'last_seen_at'], 'alerts_entity_seen_idx');
    table.index(['incident_id'], 'alerts_incident_idx');
    table.index(['route_key', 'last_seen_at'], 'alerts_route_seen_idx');
    table.index(['entity_ref', 'name'], 'alerts_entity_name_idx');
  });
  // Dedup while open is the database's job: concurrent identical alerts, even to two
  // backend instances, meet this index and become one row. Same syntax on both engines.
  await knex.raw(
    'CREATE UNIQUE INDEX alerts_open_dedup_idx ON alerts (route_key, dedup_key) WHERE resolved_at IS NULL',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('alerts');
};
