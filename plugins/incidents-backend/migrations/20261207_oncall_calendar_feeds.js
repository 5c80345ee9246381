// @ts-check

// Secret calendar feed tokens, one per user: calendar clients cannot sign in, so the
// feed URL carries the token. Only its SHA-256 is kept; issuing a new one replaces the
// old, and revoking deletes it. Timestamps follow 20261123_incidents.js.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('oncall_calendar_feeds', table => {
    table.comment(
      'Calendar feed tokens, written by the calendar feed store only',
    );
    table.string('user_ref', 255).primary().comment('Full lower-case user ref');
    table
      .string('token_hash', 64)
      .notNullable()
      .unique({ indexName: 'oncall_calendar_feeds_token_unique' })
      .comment('Hex SHA-256 of the token in the feed URL');
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('oncall_calendar_feeds');
};
