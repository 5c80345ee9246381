export { EntityIncidentsCard } from './EntityIncidentsCard';
export { EntityOncallCard } from './EntityOncallCard';
export { EntityRunbooksCard } from './EntityRunbooksCard';
