import { Box } from '@material-ui/core';
import { ReactNode } from 'react';
import { BREAK_LONG_WORDS } from '../layoutStyles';

/**
 * A table row shown as one cell on a narrow screen: its lines under each other, long
 * words broken rather than widening the table.
 */
export function StackedCell(props: { children: ReactNode }) {
  return <Box style={BREAK_LONG_WORDS}>{props.children}</Box>;
}

/** The chips of a {@link StackedCell}, on one line that wraps. */
export function StackedChips(props: { children: ReactNode }) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      my={0.5}
      style={{ gap: 8 }}
    >
      {props.children}
    </Box>
  );
}
