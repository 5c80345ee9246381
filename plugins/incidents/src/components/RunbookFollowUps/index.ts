export { FollowUpCaption } from './FollowUpCaption';
export { OpenRunbookFollowUps } from './OpenRunbookFollowUps';
export { RunbookReviewCard } from './RunbookReviewCard';
