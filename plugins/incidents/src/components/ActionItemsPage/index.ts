export { ActionItemsPage } from './ActionItemsPage';
