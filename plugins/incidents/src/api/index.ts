export { incidentsApiRef } from './IncidentsApi';
export type { IncidentsApi } from './IncidentsApi';
export { IncidentsClient } from './IncidentsClient';
export type {
  DeclareIncidentRequest,
  IncidentListFilter,
  OncallQuery,
  OncallResponse,
  OncallShift,
  PostStatusUpdateRequest,
  StatusUpdateList,
  TransitionOptions,
  UpdateIncidentRequest,
} from './types';
