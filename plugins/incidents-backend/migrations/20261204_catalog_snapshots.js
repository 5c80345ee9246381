// @ts-check

// The last known catalog answer per entity, so alerts are still routed and the on-call
// still paged while the catalog is down. Only what routing and paging need is kept; the
// annotation values are stored as written and parsed again when read, with the same
// parsers as a live read. Timestamps follow 20261123_incidents.js (ISO-8601 UTC text
// bound by the store, no database defaults).

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('catalog_snapshots', table => {
    table.comment(
      'Last known catalog data per entity, written by the catalog gateway only',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .comment('Full ref, e.g. component:default/payments-api');
    table.string('kind', 64).notNullable().comment('Lower-case kind');
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable().comment('As the catalog spells it');
    table
      .string('name_key', 255)
      .notNullable()
      .comment('Lower-case name, for routing labels matched to entity names');
    table.text('title').nullable();
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('Full ref of the owner (ownedBy, else spec.owner)');
    table
      .text('alert_match')
      .nullable()
      .comment('firebreak.dev/alert-match as written');
    table
      .text('alerts')
      .nullable()
      .comment('firebreak.dev/alerts (the alert to runbook table) as written');
    table.text('runbook').nullable().comment('firebreak.dev/runbook');
    table
      .text('oncall')
      .nullable()
      .comment('firebreak.dev/oncall of a group (rotation, escalation)');
    table
      .text('members')
      .notNullable()
      .comment('JSON array of the full user refs of a group (hasMember)');
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
    table.index(['name_key'], 'catalog_snapshots_name_idx');
    table.index(['refreshed_at'], 'catalog_snapshots_refreshed_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('catalog_snapshots');
};
