// @ts-check

// Runbook follow-ups are action items about one alert of one entity: add its missing
// runbook (closed by Firebreak once the catalog has it) or update a stale one (closed by
// a person). A plain task leaves these NULL. `completion_note` says how Firebreak closed
// an item. No index: the scheduled check reads outstanding items, which the
// (status, due_at) index already narrows, and an index would have to be dropped before
// the column on SQLite.

const COLUMNS = [
  'follow_up_kind',
  'follow_up_entity_ref',
  'follow_up_alert',
  'follow_up_runbook_url',
  'completion_note',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('action_items', table => {
    table
      .string('follow_up_kind', 16)
      .nullable()
      .comment('add_runbook or update_runbook; NULL for a plain task');
    table
      .string('follow_up_entity_ref', 255)
      .nullable()
      .comment('The entity whose alert table the follow-up is about');
    table
      .text('follow_up_alert')
      .nullable()
      .comment('The alert name the runbook is for');
    table
      .text('follow_up_runbook_url')
      .nullable()
      .comment('The runbook to update (update_runbook)');
    table
      .text('completion_note')
      .nullable()
      .comment(
        'How Firebreak closed the item, e.g. the runbook the catalog gained',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain DROP COLUMN on both engines (see 20261210_action_item_jira.js).
  for (const column of COLUMNS) {
    await knex.raw(`ALTER TABLE action_items DROP COLUMN ${column}`);
  }
};
