// @ts-check

// One row per on-call shift whose "you are on call" notice went out: the claim that
// makes the scheduled handoff notices once-only across runs and backend instances.
// Timestamps follow 20261123_incidents.js (ISO-8601 UTC text bound by the store).

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('oncall_handoff_notices', table => {
    table.comment(
      'Handoff notices sent, written by the handoff notice store only',
    );
    table.string('group_ref', 255).notNullable();
    table.string('user_ref', 255).notNullable();
    table.timestamp('shift_start', { useTz: true }).notNullable();
    table.timestamp('notified_at', { useTz: true }).notNullable();
    table.primary(['group_ref', 'user_ref', 'shift_start']);
    table.index(['notified_at'], 'oncall_handoff_notices_notified_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('oncall_handoff_notices');
};
