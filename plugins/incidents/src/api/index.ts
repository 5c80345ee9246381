export { incidentsApiRef } from './IncidentsApi';
export type { IncidentsApi } from './IncidentsApi';
export { IncidentsClient } from './IncidentsClient';
export type {
  ActionItemListFilter,
  CalendarFeedUrls,
  AlertListFilter,
  CreateActionItemRequest,
  DeclaredIncident,
  DeclareIncidentRequest,
  IncidentAlert,
  IncidentListFilter,
  MetricsQuery,
  MyOncallShifts,
  OncallSchedule,
  ScheduledShift,
  MyTeamShifts,
  OncallQuery,
  OncallResponse,
  OncallShift,
  PostmortemListFilter,
  PostStatusUpdateRequest,
  StatusUpdateList,
  TransitionOptions,
  UpdateActionItemRequest,
  UpdateIncidentRequest,
  UpdatePostmortemRequest,
} from './types';
