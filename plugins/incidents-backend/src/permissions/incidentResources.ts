import { Incident } from '@firebreak/plugin-incidents-common';

/** Ids are PostgreSQL `integer` (int4) columns; larger numbers fail the query there. */
const MAX_INCIDENT_ID = 2147483647;

/**
 * Loads the incidents the permission framework asks about (`getResources` of the
 * incident resource type). The framework pairs the answer with `resourceRefs` by
 * position, so the result has one entry per ref, `undefined` for refs that are no
 * incident id or name no stored incident; a shorter list would pair decisions with the
 * wrong incidents. Refs that are not ids never reach the database (a NaN fails
 * PostgreSQL's query).
 */
export async function loadIncidentResources(
  resourceRefs: readonly string[],
  getIncidents: (ids: number[]) => Promise<Incident[]>,
): Promise<Array<Incident | undefined>> {
  const ids = resourceRefs.map(parseResourceId);
  const found = await getIncidents([
    ...new Set(ids.filter((id): id is number => id !== undefined)),
  ]);
  const byId = new Map(found.map(incident => [incident.id, incident]));
  return ids.map(id => (id === undefined ? undefined : byId.get(id)));
}

function parseResourceId(ref: string): number | undefined {
  if (!/^[0-9]{1,10}$/.test(ref)) return undefined;
  const id = Number(ref);
  return id >= 1 && id <= MAX_INCIDENT_ID ? id : undefined;
}
