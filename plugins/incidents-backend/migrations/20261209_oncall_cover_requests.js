// @ts-check

// "Cover me": a member asks a teammate to take their on-call for a while; accepting
// turns the request into an on-call override (override_id). A request is decided once:
// the accept, decline and cancel updates are conditional on status 'pending', so two
// backend instances (or a double click) cannot accept it twice. Timestamps follow
// 20261123_incidents.js.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('oncall_cover_requests', table => {
    table.comment('Cover requests, written by the cover request store only');
    table.increments('id').primary();
    table.string('group_ref', 255).notNullable();
    table.string('requester_ref', 255).notNullable();
    table.string('cover_ref', 255).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.text('reason').nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, accepted, declined or cancelled');
    table
      .integer('override_id')
      .nullable()
      .comment('The oncall_overrides row an acceptance created');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.index(['requester_ref'], 'oncall_cover_requests_requester_idx');
    table.index(['cover_ref'], 'oncall_cover_requests_cover_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('oncall_cover_requests');
};
