// @ts-check

// Postmortems (one per incident), their reviewers, and action items.
// Timestamps follow 20261123_incidents.js: ISO-8601 UTC text bound by the store, no
// database defaults. Action item priorities are P1..P4 (most urgent first), the same
// vocabulary as incident severities.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('postmortems', table => {
    table.comment('Postmortems; at most one per incident');
    table.increments('id').primary();
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .unique({ indexName: 'postmortems_incident_unique' })
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .string('status', 16)
      .notNullable()
      .comment('draft, in_review or published');
    table
      .text('sections')
      .notNullable()
      .comment('JSON object of Markdown strings, keyed by section');
    table
      .text('five_whys')
      .notNullable()
      .comment('JSON array of { question, answer }');
    table
      .text('timeline')
      .notNullable()
      .comment('JSON array of timeline entries imported from the incident');
    table.timestamp('due_at', { useTz: true }).nullable();
    table.timestamp('published_at', { useTz: true }).nullable();
    table.timestamp('last_reminded_at', { useTz: true }).nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Optimistic concurrency token, bumped on every change');
    table.index(['status', 'due_at'], 'postmortems_status_due_idx');
    table.index(['created_at', 'id'], 'postmortems_created_id_idx');
  });

  await knex.schema.createTable('postmortem_reviewers', table => {
    table.comment('Reviewers of postmortems and their approvals');
    table
      .integer('postmortem_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('postmortems')
      .onDelete('CASCADE');
    table.string('user_ref', 255).notNullable();
    table.timestamp('approved_at', { useTz: true }).nullable();
    table.primary(['postmortem_id', 'user_ref']);
  });

  await knex.schema.createTable('action_items', table => {
    table.comment('Follow-up tasks of incidents and their postmortems');
    table.increments('id').primary();
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .integer('postmortem_id')
      .unsigned()
      .nullable()
      .references('id')
      .inTable('postmortems')
      .onDelete('SET NULL');
    table.text('title').notNullable();
    table.text('description').notNullable();
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('User or group entity ref');
    table.string('priority', 8).notNullable().comment('P1, P2, P3 or P4');
    table.timestamp('due_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('open, in_progress, done or wont_do');
    table.text('ticket_url').nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.timestamp('last_reminded_at', { useTz: true }).nullable();
    table.index(['owner_ref', 'status'], 'action_items_owner_status_idx');
    table.index(['status', 'due_at'], 'action_items_status_due_idx');
    table.index(['incident_id'], 'action_items_incident_idx');
    table.index(['created_at', 'id'], 'action_items_created_id_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Children first: SQLite runs with foreign keys on.
  await knex.schema.dropTable('action_items');
  await knex.schema.dropTable('postmortem_reviewers');
  await knex.schema.dropTable('postmortems');
};
