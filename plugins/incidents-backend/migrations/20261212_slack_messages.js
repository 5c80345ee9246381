// @ts-check

// The Slack message of each incident: where it was posted (channel and thread `ts`),
// the incident channel opened for it, and its delivery state. A change to the incident
// bumps `wanted_seq`; a sender claims the row under a lease (as the page outbox does),
// brings Slack up to date and stores `synced_seq`, so several instances never post the
// same message twice and a Slack outage only delays messages. `thread_cursor` is the
// last timeline entry posted to the thread: replies are read from the timeline, so
// none is lost while Slack is down. Timestamps follow 20261123_incidents.js.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_slack_messages', table => {
    table.comment(
      'Slack messages of incidents, written by the Slack message store only',
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
      .comment('Bumped by every change of the incident');
    table
      .integer('synced_seq')
      .notNullable()
      .defaultTo(0)
      .comment('The wanted_seq Slack was last brought up to');
    table
      .string('channel_id', 32)
      .nullable()
      .comment('Team channel the message was posted to, as Slack answered');
    table
      .string('message_ts', 32)
      .nullable()
      .comment('ts of the message: the thread replies go to');
    table
      .string('message_hash', 64)
      .nullable()
      .comment('Hash of the message as last posted, to skip needless updates');
    table
      .integer('thread_cursor')
      .notNullable()
      .defaultTo(0)
      .comment('Id of the last timeline entry posted to the thread');
    table.string('incident_channel_id', 32).nullable();
    table.string('incident_channel_name', 80).nullable();
    table
      .boolean('incident_channel_announced')
      .notNullable()
      .defaultTo(false)
      .comment('Whether its link was posted to the team thread');
    table
      .text('invited_refs')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of user refs invited to the incident channel');
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
    table.index(['abandoned_at', 'next_attempt_at'], 'incident_slack_due_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_slack_messages');
};
