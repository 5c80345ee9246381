export { OncallCard } from './OncallCard';
export type { OncallCardProps } from './OncallCard';
