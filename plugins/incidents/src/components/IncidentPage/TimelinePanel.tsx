import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Incident, TimelineEvent } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  TextField,
} from '@material-ui/core';
import PinIcon from '@material-ui/icons/Bookmark';
import UnpinnedIcon from '@material-ui/icons/BookmarkBorder';
import { FormEvent, useState } from 'react';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { ActorName } from '../ActorName';
import { EntityText } from '../EntityText';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { WHOLE_LIST_TEXT } from '../layoutStyles';

/** Props of {@link TimelinePanel}. */
export type TimelinePanelProps = {
  incident: Incident;
  /**
   * The incident's timeline as the page loaded it (the page's status stepper reads it
   * too, so it is read once per refresh), and how to read it again after a change here.
   */
  timeline: {
    value?: TimelineEvent[];
    loading: boolean;
    error?: Error;
    retry: () => void;
  };
};

function EventLine(props: {
  event: TimelineEvent;
  onPin: (pinned: boolean) => void;
  canPin: boolean;
}) {
  const { event } = props;
  return (
    <ListItem>
      <ListItemText
        style={WHOLE_LIST_TEXT}
        primary={<EntityText text={event.message} />}
        secondary={
          <>
            {utc(event.at)} · {event.type.replace(/_/g, ' ')}
            {event.actorRef && (
              <>
                {' · '}
                <ActorName actorRef={event.actorRef} />
              </>
            )}
          </>
        }
      />
      <ListItemSecondaryAction>
        <IconButton
          edge="end"
          aria-label={event.pinned ? 'Unpin' : 'Pin'}
          aria-pressed={event.pinned}
          disabled={!props.canPin}
          onClick={() => props.onPin(!event.pinned)}
        >
          {event.pinned ? <PinIcon color="primary" /> : <UnpinnedIcon />}
        </IconButton>
      </ListItemSecondaryAction>
    </ListItem>
  );
}

/** The incident's timeline, pinned entries first; notes can be added and entries pinned. */
export function TimelinePanel(props: TimelinePanelProps) {
  const { incident } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const canUpdate = useCanUpdateIncident(incident.id);
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<Error>();
  const { value, loading, error, retry } = props.timeline;

  const run = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
      retry();
    } catch (e) {
      setActionError(e as Error);
    }
  };

  const addNote = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      await incidentsApi.addNote(incident.id, note.trim());
      setNote('');
    });
  };

  const events = value ?? [];
  const pinned = events.filter(e => e.pinned);
  const pin = (e: TimelineEvent) => (to: boolean) =>
    run(() => incidentsApi.pinTimelineEvent(incident.id, e.id, to));

  return (
    <InfoCard title="Timeline">
      {canUpdate.allowed && (
        <form onSubmit={addNote}>
          <Box display="flex" alignItems="flex-end" style={{ gap: 8 }}>
            <TextField
              id="incident-note"
              label="Note"
              value={note}
              onChange={e => setNote(e.target.value)}
              fullWidth
              multiline
              maxRows={6}
            />
            <Button type="submit" variant="outlined" disabled={!note.trim()}>
              Add note
            </Button>
          </Box>
        </form>
      )}
      {actionError && <IncidentsErrorPanel error={actionError} />}
      {loading && !value && <Progress />}
      {error && !value && <IncidentsErrorPanel error={error} />}
      {pinned.length > 0 && (
        <List dense subheader={<li>Pinned</li>} aria-label="Pinned entries">
          {pinned.map(e => (
            <EventLine
              key={`pinned-${e.id}`}
              event={e}
              onPin={pin(e)}
              canPin={canUpdate.allowed}
            />
          ))}
        </List>
      )}
      {value && (
        <List dense aria-label="Timeline entries">
          {events.map(e => (
            <EventLine
              key={e.id}
              event={e}
              onPin={pin(e)}
              canPin={canUpdate.allowed}
            />
          ))}
        </List>
      )}
    </InfoCard>
  );
}
