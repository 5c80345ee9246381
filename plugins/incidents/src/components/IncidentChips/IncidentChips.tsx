import { Chip } from '@material-ui/core';
import { Theme, useTheme } from '@material-ui/core/styles';
import {
  IncidentStatus,
  isOpenStatus,
  PostmortemStatus,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';

/**
 * The colour of a severity, shared by the chips and the charts so that a P1 bar and a
 * P1 badge look alike: alarming for the first two levels of the policy, calmer for the
 * rest in policy order, grey outside the policy. Without the policy, `P<n>` ids are
 * ranked by their number.
 */
export function severityColor(
  theme: Theme,
  severity: string,
  severities: readonly SeverityLevel[] = [],
): string {
  const byRank = [
    theme.palette.error.main,
    theme.palette.warning.main,
    '#fbc02d',
    theme.palette.info.main,
  ];
  const index = severities.findIndex(level => level.id === severity);
  const rank =
    index === -1 ? Number(/^P(\d)$/i.exec(severity)?.[1]) - 1 : index;
  return byRank[rank] ?? theme.palette.grey[500];
}

/** A severity id as a chip, in the colour the charts give the severity. */
export function SeverityChip(props: {
  severity: string;
  label?: string;
  /** The policy, for the colour of severities not named `P<n>`. */
  severities?: readonly SeverityLevel[];
}) {
  const theme = useTheme();
  const background = severityColor(theme, props.severity, props.severities);
  return (
    <Chip
      size="small"
      label={props.label ?? props.severity}
      style={{
        backgroundColor: background,
        color: theme.palette.getContrastText(background),
      }}
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
