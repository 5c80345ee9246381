export { CalendarFeedButton } from './CalendarFeedButton';
