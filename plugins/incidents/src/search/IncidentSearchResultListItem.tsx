import { Link } from '@backstage/core-components';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import {
  INCIDENT_STATUSES,
  IncidentSearchDocument,
  IncidentStatus,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  ListItemIcon,
  ListItemText,
  makeStyles,
  Typography,
} from '@material-ui/core';
import { ReactNode } from 'react';
import {
  PostmortemStatusChip,
  SeverityChip,
  StatusChip,
} from '../components/IncidentChips';

const useStyles = makeStyles(theme => ({
  item: { display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** Props of {@link IncidentSearchResultListItem}. */
export type IncidentSearchResultListItemProps = {
  /** The search document (an {@link IncidentSearchDocument}); nothing renders without one. */
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
  /** Lines of text shown before it is cut off; default 3. */
  lineClamp?: number;
};

/**
 * One incident in search results: its reference and title linking to the incident,
 * severity and status chips, the entity and postmortem status, and the matching text
 * with the search terms highlighted.
 */
export function IncidentSearchResultListItem(
  props: IncidentSearchResultListItemProps,
) {
  const { highlight, icon, lineClamp = 3 } = props;
  const classes = useStyles();
  if (!props.result) return null;
  // Fields beyond title, text and location may be missing from an older index.
  const result: Partial<IncidentSearchDocument> & SearchDocument = props.result;

  const highlighted = (field: 'title' | 'text', fallback: string) =>
    highlight?.fields?.[field] ? (
      <HighlightedSearchResultText
        text={fromFirstMatch(highlight.fields[field], highlight.preTag)}
        preTag={highlight.preTag}
        postTag={highlight.postTag}
      />
    ) : (
      fallback
    );
  const status = isStatus(result.status) ? result.status : undefined;

  return (
    <>
      {icon && <ListItemIcon>{icon}</ListItemIcon>}
      <div className={classes.item}>
        <ListItemText
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link noTrack to={result.location}>
              {result.ref && `${result.ref} `}
              {highlighted('title', result.title)}
            </Link>
          }
          secondary={
            <Typography
              component="span"
              style={{
                display: '-webkit-box',
                WebkitBoxOrient: 'vertical',
                WebkitLineClamp: lineClamp,
                overflow: 'hidden',
              }}
              color="textSecondary"
              variant="body2"
            >
              {highlighted('text', result.text)}
            </Typography>
          }
        />
        <Box className={classes.chips}>
          {result.severity && <SeverityChip severity={result.severity} />}
          {status && <StatusChip status={status} />}
          {result.postmortemStatus && (
            <PostmortemStatusChip status={result.postmortemStatus} />
          )}
          {result.entityRef && (
            <Typography variant="caption" color="textSecondary">
              {result.entityRef}
            </Typography>
          )}
        </Box>
      </div>
    </>
  );
}

// Documents come from an index another version may have written; show only what fits.
function isStatus(value: unknown): value is IncidentStatus {
  return (INCIDENT_STATUSES as readonly unknown[]).includes(value);
}

/** Characters of context kept before the first match. */
const LEAD = 80;

/**
 * The text from shortly before its first match, so the match shows within the clamped
 * lines (a root cause sits deep in an incident's text). Nothing before the first
 * pre-tag is markup, so cutting there leaves the tags whole.
 */
function fromFirstMatch(text: string, preTag: string): string {
  const first = text.indexOf(preTag);
  if (first <= LEAD) return text;
  const start = text.indexOf(' ', first - LEAD) + 1;
  return `…${text.slice(start > 0 && start <= first ? start : first)}`;
}
