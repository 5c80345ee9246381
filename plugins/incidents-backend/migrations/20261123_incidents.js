// @ts-check

// Timestamps: columns are timestamptz on PostgreSQL. The store always binds ISO-8601 UTC
// strings with milliseconds (never knex.fn.now()), so SQLite holds the same fixed-width
// text, which sorts and compares chronologically. That is why no timestamp column here
// has a database default: a CURRENT_TIMESTAMP value would not compare correctly on SQLite.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incidents', table => {
    table.comment('Incidents; everything else hangs off incidents.id');
    table.increments('id').primary();
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.string('status', 32).notNullable();
    table.string('severity', 64).notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Primary entity; also present in incident_entities');
    table.string('owner_ref', 255).nullable();
    table.string('source', 255).notNullable();
    table.text('impact').notNullable().comment('JSON IncidentImpact');
    table.text('links').notNullable().comment('JSON IncidentLink[]');
    table.string('created_by', 255).notNullable();
    table.timestamp('detected_at', { useTz: true }).notNullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.timestamp('mitigated_at', { useTz: true }).nullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table
      .integer('merged_into_id')
      .unsigned()
      .nullable()
      .references('id')
      .inTable('incidents')
      .onDelete('SET NULL');
    table.integer('escalation_level').notNullable().defaultTo(0);
    table.timestamp('last_reminder_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Optimistic concurrency token, bumped on every change');

    table.index(['status', 'detected_at'], 'incidents_status_detected_idx');
    // Keyset pagination orders by (detected_at DESC, id DESC).
    table.index(['detected_at', 'id'], 'incidents_detected_id_idx');
    table.index(['owner_ref', 'status'], 'incidents_owner_status_idx');
  });

  await knex.schema.createTable('incident_entities', table => {
    table.comment(
      'Primary and affected entities of an incident, for filtering by entity',
    );
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.boolean('is_primary').notNullable().defaultTo(false);
    table.primary(['incident_id', 'entity_ref']);
    table.index(['entity_ref', 'incident_id'], 'incident_entities_entity_idx');
  });

  await knex.schema.createTable('incident_roles', table => {
    table.comment('People holding incident roles (several per role allowed)');
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('role', 255).notNullable();
    table.string('user_ref', 255).notNullable();
    table.timestamp('assigned_at', { useTz: true }).notNullable();
    table.string('assigned_by', 255).notNullable();
    table.primary(['incident_id', 'role', 'user_ref']);
  });

  await knex.schema.createTable('incident_timeline', table => {
    table.comment('Timeline entries of incidents');
    table.increments('id').primary();
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('type', 64).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor_ref', 255).nullable();
    table.text('message').notNullable();
    table.text('data').nullable().comment('JSON object');
    table.boolean('pinned').notNullable().defaultTo(false);
    table.index(['incident_id', 'at'], 'incident_timeline_incident_at_idx');
  });

  await knex.schema.createTable('incident_status_updates', table => {
    table.comment('Status updates posted to stakeholders');
    table.increments('id').primary();
    table
      .integer('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('status', 32).notNullable();
    table.text('message').notNullable();
    table.string('posted_by', 255).notNullable();
    table.timestamp('posted_at', { useTz: true }).notNullable();
    table.index(
      ['incident_id', 'posted_at'],
      'incident_status_updates_incident_posted_idx',
    );
  });

  await knex.schema.createTable('oncall_overrides', table => {
    table.comment(
      'On-call overrides: user_ref covers group_ref in [starts_at, ends_at)',
    );
    table.increments('id').primary();
    table.string('group_ref', 255).notNullable();
    table.string('user_ref', 255).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.text('reason').nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['group_ref', 'starts_at'],
      'oncall_overrides_group_starts_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Children first: SQLite runs with foreign keys on.
  await knex.schema.dropTable('oncall_overrides');
  await knex.schema.dropTable('incident_status_updates');
  await knex.schema.dropTable('incident_timeline');
  await knex.schema.dropTable('incident_roles');
  await knex.schema.dropTable('incident_entities');
  await knex.schema.dropTable('incidents');
};
