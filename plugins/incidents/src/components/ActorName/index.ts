export { ActorName } from './ActorName';
export type { ActorNameProps } from './ActorName';
