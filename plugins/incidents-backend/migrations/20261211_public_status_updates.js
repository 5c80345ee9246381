// @ts-check

// Status updates a responder marks public are shown on the public status page; the
// others stay internal. Existing updates were written as internal ones.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('incident_status_updates', table => {
    table
      .boolean('public')
      .notNullable()
      .defaultTo(false)
      .comment('Shown on the public status page');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('incident_status_updates', table => {
    table.dropColumn('public');
  });
};
