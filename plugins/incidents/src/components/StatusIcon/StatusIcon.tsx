import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { Box } from '@material-ui/core';

const ICONS = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
};

/** Props of {@link StatusIcon}. */
export type StatusIconProps = { status: keyof typeof ICONS };

/**
 * A Backstage status icon that stays in the line of the text beside it. The core
 * components' status is a flex block, which put every icon on a line of its own above
 * its text. The icon hides itself from screen readers, so the text says the status.
 */
export function StatusIcon(props: StatusIconProps) {
  const Icon = ICONS[props.status];
  return (
    <Box
      component="span"
      display="inline-flex"
      style={{ verticalAlign: 'text-bottom' }}
    >
      <Icon />
    </Box>
  );
}
