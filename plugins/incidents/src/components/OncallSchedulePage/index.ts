export { OncallSchedulePage } from './OncallSchedulePage';
