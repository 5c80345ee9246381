import { Knex } from 'knex';
import { escapeLike, toDb } from '../database/dbUtils';
import { IncidentFilter } from './IncidentStore';

/** Narrows a query on `incidents` to the filter; the same SQL on both engines. */
export function applyIncidentFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: IncidentFilter,
): void {
  // An empty list matches nothing (knex renders `1 = 0`), which is what a permission
  // condition with no allowed ids needs.
  if (filter.ids) {
    query.whereIn('incidents.id', filter.ids);
  }
  if (filter.statuses) {
    query.whereIn('incidents.status', filter.statuses);
  }
  if (filter.severities) {
    query.whereIn('incidents.severity', filter.severities);
  }
  if (filter.ownerRefs) {
    query.whereIn('incidents.owner_ref', filter.ownerRefs);
  }
  if (filter.entityRefs) {
    query.whereIn(
      'incidents.id',
      db('incident_entities')
        .select('incident_id')
        .whereIn('entity_ref', filter.entityRefs),
    );
  }
  if (filter.participantRefs) {
    const refs = filter.participantRefs;
    // A subquery rather than a join keeps one row per incident for the keyset order
    // and for COUNT, on both engines.
    query.where(q =>
      q
        .whereIn(
          'incidents.id',
          db('incident_roles').select('incident_id').whereIn('user_ref', refs),
        )
        .orWhereIn('incidents.created_by', refs),
    );
  }
  if (filter.roleHolderRefs) {
    query.whereIn(
      'incidents.id',
      db('incident_roles')
        .select('incident_id')
        .whereIn('user_ref', filter.roleHolderRefs),
    );
  }
  if (filter.from) {
    query.where('incidents.detected_at', '>=', toDb(filter.from));
  }
  if (filter.to) {
    query.where('incidents.detected_at', '<', toDb(filter.to));
  }
  const text = filter.text?.trim();
  if (text) {
    // LIKE is case-sensitive on PostgreSQL and ASCII-case-insensitive on SQLite;
    // lowering both sides gives the same answer on both.
    const pattern = `%${escapeLike(text.toLowerCase())}%`;
    query.where(q =>
      q
        .whereRaw('LOWER(incidents.title) LIKE ? ESCAPE ?', [pattern, '\\'])
        .orWhereRaw('LOWER(incidents.description) LIKE ? ESCAPE ?', [
          pattern,
          '\\',
        ])
        .orWhereRaw(
          "('inc-' || CAST(incidents.id AS VARCHAR(20))) LIKE ? ESCAPE ?",
          [pattern, '\\'],
        ),
    );
  }
}
