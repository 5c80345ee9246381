import { useMediaQuery, useTheme } from '@material-ui/core';

/**
 * True below the `md` breakpoint (phones, small tablets). Tables there show each row as
 * one stacked cell instead of columns that would scroll sideways or clip.
 */
export function useNarrowLayout(): boolean {
  return useMediaQuery(useTheme().breakpoints.down('sm'));
}
