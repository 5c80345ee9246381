export {
  PostmortemStatusChip,
  SeverityChip,
  severityColor,
  StatusChip,
} from './IncidentChips';
