// @ts-check

// Public status updates pushed to Atlassian Statuspage. `incident_statuspage_incidents`
// is one row per incident: the Statuspage incident it maps to, what was last sent
// (stage and component states) and its delivery state. A public status update or a
// resolution bumps `wanted_seq`; a sender claims the row under a lease (as the Slack
// messages do), pushes and stores `synced_seq`, so two instances never create two
// Statuspage incidents and an outage of Statuspage only delays the push.
// `incident_statuspage_updates` records each status update that was pushed, by its id,
// so none is sent twice and none is skipped, whatever order concurrent posts commit in.
// Timestamps follow 20261123_incidents.js.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_statuspage_incidents', table => {
    table.comment(
      'Statuspage incidents of incidents, written by the Statuspage push store only',
    );
    table
      .integer('incident_id')
      .unsigned()
      .primary()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .integer('wanted_seq')
      .notNullable()
      .defaultTo(0)
      .comment('Bumped by every public status update and resolution');
    table
      .integer('synced_seq')
      .notNullable()
      .defaultTo(0)
      .comment('The wanted_seq Statuspage was last brought up to');
    table
      .string('statuspage_incident_id', 64)
      .nullable()
      .comment(
        'Id of the Statuspage incident, as Statuspage answered the POST',
      );
    table
      .string('pushed_stage', 16)
      .nullable()
      .comment(
        'investigating, identified, monitoring or resolved, as last sent',
      );
    table
      .text('pushed_components')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON map of Statuspage component id to the state last sent');
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .timestamp('next_attempt_at', { useTz: true })
      .notNullable()
      .comment('Not tried again before this instant');
    table.string('lease_token', 64).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table
      .timestamp('abandoned_at', { useTz: true })
      .nullable()
      .comment('Set when the sender gave up; the next change tries again');
    table
      .string('reported_error', 255)
      .nullable()
      .comment(
        'Failure already written to the timeline, so it is written once',
      );
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(
      ['abandoned_at', 'next_attempt_at'],
      'incident_statuspage_due_idx',
    );
  });

  await knex.schema.createTable('incident_statuspage_updates', table => {
    table.comment(
      'Status updates pushed to Statuspage, written by the Statuspage push store only',
    );
    table
      .integer('status_update_id')
      .unsigned()
      .primary()
      .references('id')
      .inTable('incident_status_updates')
      .onDelete('CASCADE');
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('incident_id')
      .inTable('incident_statuspage_incidents')
      .onDelete('CASCADE');
    table
      .string('statuspage_update_id', 64)
      .nullable()
      .comment('Id of the incident update Statuspage made of it');
    table.timestamp('pushed_at', { useTz: true }).notNullable();
    table.index(['incident_id'], 'incident_statuspage_updates_incident_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The pushes reference the incidents table of this file: they go first.
  await knex.schema.dropTable('incident_statuspage_updates');
  await knex.schema.dropTable('incident_statuspage_incidents');
};
