// @ts-check

// When the problem behind an incident started, next to when it was detected, so time to
// detect (started → detected) can be measured. Nullable: a person declaring an incident
// may not know, and an alert sender may not say. Existing rows stay NULL rather than
// copying detected_at: nobody recorded when their problems started, and a copy would
// report a time to detect of zero for every past incident, dragging MTTD towards zero.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('incidents', table => {
    table
      .timestamp('started_at', { useTz: true })
      .nullable()
      .comment(
        'When the problem started (alert sender time, never after detected_at); NULL when unknown',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain DROP COLUMN on both engines (SQLite has it since 3.35). Knex's dropColumn on
  // SQLite copies and drops the table instead, and dropping `incidents` cascades to
  // every row that references it (postmortems, action items).
  await knex.raw('ALTER TABLE incidents DROP COLUMN started_at');
};
