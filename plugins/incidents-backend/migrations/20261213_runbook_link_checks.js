// @ts-check

// The last result of the scheduled runbook link check, one row per URL the catalog
// names as a runbook. Rows of URLs the catalog no longer names are removed by the check.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('runbook_link_checks', table => {
    table.comment(
      'Runbook link check results, written by the runbook link store only',
    );
    table.string('url', 2048).primary();
    table.string('state', 16).notNullable().comment('ok or dead');
    table.integer('status_code').nullable();
    table.string('problem', 500).nullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runbook_link_checks');
};
