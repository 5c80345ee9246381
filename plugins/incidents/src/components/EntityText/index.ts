export { EntityText } from './EntityText';
export type { EntityTextProps } from './EntityText';
