export { PostmortemsCard } from './PostmortemsCard';
export type { PostmortemsCardProps } from './PostmortemsCard';
