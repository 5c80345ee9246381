/** Long words (alert names, URLs) break anywhere rather than widen their box. */
export const BREAK_LONG_WORDS = { overflowWrap: 'anywhere' } as const;

/**
 * Style for a `ListItemText` read whole: dense list items ellipsize in the Backstage
 * theme, which cuts timeline entries and status updates off at the card's edge.
 */
export const WHOLE_LIST_TEXT = {
  whiteSpace: 'normal',
  ...BREAK_LONG_WORDS,
} as const;

/**
 * A table column as wide as its content, on one line. Columns without a width share
 * the rest, so titles and names get the room instead of an equal share that broke
 * their words.
 */
export const FIT_CONTENT_COLUMN = {
  width: '1%',
  cellStyle: { whiteSpace: 'nowrap' },
  headerStyle: { whiteSpace: 'nowrap' },
} as const;
