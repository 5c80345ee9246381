/**
 * Style for a `ListItemText` read whole: dense list items ellipsize in the Backstage
 * theme, which cuts timeline entries and status updates off at the card's edge.
 */
export const WHOLE_LIST_TEXT = {
  whiteSpace: 'normal',
  overflowWrap: 'anywhere',
} as const;
