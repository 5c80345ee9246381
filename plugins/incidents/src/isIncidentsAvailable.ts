import { Entity } from '@backstage/catalog-model';

const KINDS_WITH_INCIDENTS = ['component', 'system', 'resource', 'api'];

/**
 * Whether an entity gets the Incidents tab and cards: every service-like kind does,
 * annotated or not, because an unannotated entity's tab teaches what to add.
 * Shared by the legacy exports and the new frontend system's blueprint filters.
 */
export function isIncidentsAvailable(entity: Entity): boolean {
  return KINDS_WITH_INCIDENTS.includes(entity.kind.toLocaleLowerCase('en-US'));
}
