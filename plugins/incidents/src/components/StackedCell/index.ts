export { StackedCell, StackedChips } from './StackedCell';
