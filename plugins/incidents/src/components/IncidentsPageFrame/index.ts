export { IncidentsPageFrame } from './IncidentsPageFrame';
export type { IncidentsPageFrameProps } from './IncidentsPageFrame';
