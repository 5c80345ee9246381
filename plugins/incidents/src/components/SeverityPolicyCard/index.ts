export { SeverityPolicyCard } from './SeverityPolicyCard';
