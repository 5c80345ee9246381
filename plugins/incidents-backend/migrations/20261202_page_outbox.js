// @ts-check

// Pages waiting to be delivered. A page is written in the same transaction as the
// change that causes it (declaring a paging incident, an escalation step, a reminder),
// so a crash can neither leave the change without its page nor send a page for a change
// that rolled back. A scheduled sender delivers the rows at least once; `page_key` makes
// enqueueing idempotent and `scope` lets Backstage notifications collapse a repeat.
// Timestamps follow 20261123_incidents.js: ISO-8601 UTC text bound by the store.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_page_outbox', table => {
    table.comment('Pages waiting for, or done with, delivery');
    table.increments('id').primary();
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .string('page_key', 255)
      .notNullable()
      .unique({ indexName: 'incident_page_outbox_key_unique' })
      .comment('One row per page, e.g. incident:7:escalation:2');
    table
      .string('kind', 32)
      .notNullable()
      .comment('declared, escalated or reminder');
    table
      .text('notice')
      .notNullable()
      .comment('JSON of what the notifier needs to render the page');
    table
      .text('done_channels')
      .notNullable()
      .comment('JSON array of channels that already delivered it');
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .timestamp('next_attempt_at', { useTz: true })
      .notNullable()
      .comment('Not tried again before this instant');
    table
      .string('lease_token', 64)
      .nullable()
      .comment('Set by the sender that claimed the row');
    table
      .timestamp('lease_until', { useTz: true })
      .nullable()
      .comment('Another sender may claim the row after this instant');
    table.text('last_error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('delivered_at', { useTz: true }).nullable();
    table
      .timestamp('abandoned_at', { useTz: true })
      .nullable()
      .comment('Set when the sender gave up after too many attempts');
    table.index(
      ['delivered_at', 'abandoned_at', 'next_attempt_at'],
      'incident_page_outbox_pending_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_page_outbox');
};
