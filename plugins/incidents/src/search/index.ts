export { IncidentSearchResultListItem } from './IncidentSearchResultListItem';
export type { IncidentSearchResultListItemProps } from './IncidentSearchResultListItem';
export { isIncidentSearchResult } from './isIncidentSearchResult';
