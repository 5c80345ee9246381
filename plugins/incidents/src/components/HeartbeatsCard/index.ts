export { HeartbeatsCard } from './HeartbeatsCard';
export type { HeartbeatsCardProps } from './HeartbeatsCard';
