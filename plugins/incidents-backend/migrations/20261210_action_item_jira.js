// @ts-check

// The Jira issue an action item was turned into: its key, browse URL and the status
// Firebreak last saw, plus a claim so two requests racing to create the issue make one.
// All nullable: most items have no issue. No index: the sync reads outstanding items,
// which the (status, due_at) index already narrows, and an index would have to be
// dropped before the column on SQLite.

const COLUMNS = ['jira_key', 'jira_url', 'jira_status', 'jira_claimed_at'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('action_items', table => {
    table
      .string('jira_key', 255)
      .nullable()
      .comment('Key of the linked Jira issue, e.g. PAY-12');
    table.text('jira_url').nullable().comment('<jira baseUrl>/browse/<key>');
    table
      .string('jira_status', 255)
      .nullable()
      .comment("The Jira issue's status name when last synced");
    table
      .timestamp('jira_claimed_at', { useTz: true })
      .nullable()
      .comment('Set while one request creates the Jira issue; NULL otherwise');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain DROP COLUMN on both engines (SQLite has it since 3.35): knex's dropColumn on
  // SQLite rebuilds the table instead (see 20261203_incident_started_at.js).
  for (const column of COLUMNS) {
    await knex.raw(`ALTER TABLE action_items DROP COLUMN ${column}`);
  }
};
