import { Box, Paper, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

/**
 * One headline figure with its label and a line of context. The label names the
 * figure for assistive technology, so `getByRole('group', { name })` finds it. The tile
 * fills its grid cell, so tiles in a row are as tall as the tallest.
 */
export function StatTile(props: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  /** Draws attention to a figure that needs action, e.g. breaches. */
  alert?: boolean;
}) {
  const { label, value, detail, alert } = props;
  return (
    <Paper
      variant="outlined"
      role="group"
      aria-label={label}
      style={{ height: '100%', boxSizing: 'border-box' }}
    >
      <Box p={2}>
        <Typography variant="overline" color="textSecondary" component="div">
          {label}
        </Typography>
        <Typography
          variant="h4"
          component="div"
          color={alert ? 'error' : 'textPrimary'}
        >
          {value}
        </Typography>
        {detail && (
          <Typography variant="body2" color="textSecondary" component="div">
            {detail}
          </Typography>
        )}
      </Box>
    </Paper>
  );
}
