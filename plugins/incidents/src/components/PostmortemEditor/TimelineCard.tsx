import { InfoCard } from '@backstage/core-components';
import {
  POSTMORTEM_SECTIONS,
  PostmortemSectionKey,
  PostmortemTimelineEntry,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import PinIcon from '@material-ui/icons/Bookmark';
import { memo, useId, useState } from 'react';
import { utc } from '../../format';
import { ActorName } from '../ActorName';
import { EntityText } from '../EntityText';
import { timelineMarkdown } from './editorRules';
import { WHOLE_LIST_TEXT } from '../layoutStyles';

/** Props of {@link TimelineCard}. */
export type TimelineCardProps = {
  timeline: PostmortemTimelineEntry[];
  readOnly: boolean;
  /** Appends the timeline, as a Markdown list, to a section's unsaved text. */
  onInsert: (key: PostmortemSectionKey, markdown: string) => void;
};

/**
 * The incident timeline imported when the postmortem started, in the backend's order
 * (in time order, pinned entries marked), with a way to paste it into a section as a starting point.
 */
export const TimelineCard = memo(function TimelineCardContent(
  props: TimelineCardProps,
) {
  const { timeline, readOnly, onInsert } = props;
  const id = useId();
  const [target, setTarget] = useState<PostmortemSectionKey>('response');
  const title =
    POSTMORTEM_SECTIONS.find(s => s.key === target)?.title ?? target;
  return (
    <InfoCard title="Timeline">
      {timeline.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No timeline entries were imported from the incident.
        </Typography>
      ) : (
        <List dense aria-label="Timeline">
          {timeline.map((entry, index) => (
            <ListItem key={`${entry.at}-${index}`} disableGutters>
              <ListItemText
                style={WHOLE_LIST_TEXT}
                primary={
                  <>
                    {entry.pinned && (
                      <PinIcon
                        fontSize="inherit"
                        color="primary"
                        titleAccess="Pinned"
                        style={{ verticalAlign: 'middle', marginRight: 4 }}
                      />
                    )}
                    <EntityText text={entry.message} />
                  </>
                }
                secondary={
                  <>
                    {utc(entry.at)}
                    {entry.actorRef && (
                      <>
                        {' · '}
                        <ActorName actorRef={entry.actorRef} />
                      </>
                    )}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {!readOnly && timeline.length > 0 && (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
          mt={1}
        >
          <TextField
            select
            id={id}
            label="Insert into section"
            value={target}
            onChange={e => setTarget(e.target.value as PostmortemSectionKey)}
            size="small"
            variant="outlined"
          >
            {POSTMORTEM_SECTIONS.map(s => (
              <MenuItem key={s.key} value={s.key}>
                {s.title}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="outlined"
            size="small"
            onClick={() => onInsert(target, timelineMarkdown(timeline))}
          >
            {`Insert timeline into ${title}`}
          </Button>
        </Box>
      )}
    </InfoCard>
  );
});
