import { Chip } from '@material-ui/core';
import {
  IncidentStatus,
  isOpenStatus,
  PostmortemStatus,
} from '@firebreak/plugin-incidents-common';

/** A severity id as a chip; the first two levels of the policy stand out. */
export function SeverityChip(props: { severity: string; label?: string }) {
  const urgent = /^P[12]$/i.test(props.severity);
  return (
    <Chip
      size="small"
      label={props.label ?? props.severity}
      color={urgent ? 'secondary' : 'default'}
    />
  );
}

/** An incident status as a chip; open statuses are filled, closed ones outlined. */
export function StatusChip(props: { status: IncidentStatus }) {
  return (
    <Chip
      size="small"
      label={props.status}
      variant={isOpenStatus(props.status) ? 'default' : 'outlined'}
      color={props.status === 'triggered' ? 'secondary' : 'primary'}
    />
  );
}

const POSTMORTEM_STATUS_LABELS: Record<PostmortemStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
};

/** A postmortem status as a chip; without a status it reads "Not started". */
export function PostmortemStatusChip(props: { status?: PostmortemStatus }) {
  if (!props.status) {
    return <Chip size="small" variant="outlined" label="Not started" />;
  }
  return (
    <Chip
      size="small"
      label={POSTMORTEM_STATUS_LABELS[props.status]}
      color={props.status === 'published' ? 'primary' : 'default'}
    />
  );
}
