export { JiraIssueCell } from './JiraIssueCell';
