export { incidentsApiRef } from './IncidentsApi';
export type { IncidentsApi } from './IncidentsApi';
export { IncidentsClient } from './IncidentsClient';
export type {
  ActionItemListFilter,
  DeclareIncidentRequest,
  IncidentAlert,
  IncidentListFilter,
  OncallQuery,
  OncallResponse,
  OncallShift,
  PostmortemListFilter,
  PostStatusUpdateRequest,
  StatusUpdateList,
  TransitionOptions,
  UpdateIncidentRequest,
} from './types';
