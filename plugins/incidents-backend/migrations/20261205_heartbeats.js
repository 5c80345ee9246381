// @ts-check

// Heartbeats (dead-man switches) declared in firebreak.dev/heartbeats: when each last
// pinged, and whether its missed alert is raised. The declaration itself stays in the
// catalog; a row is made when the check first sees it or on the first ping. Timestamps
// follow 20261123_incidents.js (ISO-8601 UTC text bound by the store, no defaults).

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('heartbeats', table => {
    table.comment('Heartbeat state, written by the heartbeat store only');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of the declaring entity');
    table.string('name', 63).notNullable().comment('As declared');
    table
      .timestamp('declared_at', { useTz: true })
      .notNullable()
      .comment('First seen; a heartbeat that never pinged is due from here');
    table.timestamp('last_ping_at', { useTz: true }).nullable();
    table
      .timestamp('missed_at', { useTz: true })
      .nullable()
      .comment(
        'When its missed alert was raised; null while pings keep coming',
      );
    table.primary(['entity_ref', 'name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('heartbeats');
};
