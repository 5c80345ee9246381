import { SearchResult } from '@backstage/plugin-search-common';
import { INCIDENT_SEARCH_TYPE } from '@firebreak/plugin-incidents-common';

/** Whether a search result is an incident: the predicate of both result list items. */
export function isIncidentSearchResult(result: SearchResult): boolean {
  return result.type === INCIDENT_SEARCH_TYPE;
}
