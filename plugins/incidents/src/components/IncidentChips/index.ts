export {
  PostmortemStatusChip,
  SeverityChip,
  StatusChip,
} from './IncidentChips';
