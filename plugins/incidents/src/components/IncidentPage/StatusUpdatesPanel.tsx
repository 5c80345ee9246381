import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Incident,
  renderStatusUpdate,
  statusUpdateTemplateFor,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  List,
  ListItem,
  ListItemText,
  TextField,
  Typography,
} from '@material-ui/core';
import { FormEvent, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ActorName } from '../ActorName';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { incidentsTranslationRef } from '../../translation';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { WHOLE_LIST_TEXT } from '../layoutStyles';

/** Props of {@link StatusUpdatesPanel}. */
export type StatusUpdatesPanelProps = {
  incident: Incident;
  refreshKey: number;
};

/** Compose a status update from the current status's template, and see past ones. */
export function StatusUpdatesPanel(props: StatusUpdatesPanelProps) {
  const { incident, refreshKey } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const permission = useCanUpdateIncident(incident.id);
  const [message, setMessage] = useState('');
  // Internal unless the responder chooses otherwise, update by update.
  const [publish, setPublish] = useState(false);
  const [posting, setPosting] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => incidentsApi.listStatusUpdates(incident.id),
    [incidentsApi, incident.id, refreshKey],
  );

  const variables = value?.variables;
  // Fill the composer once per status, since each status has its own template; reloads
  // after a post must not bring back the text just posted.
  const filledFor = useRef<string>();
  useEffect(() => {
    if (variables && filledFor.current !== incident.status) {
      filledFor.current = incident.status;
      setMessage(
        renderStatusUpdate(statusUpdateTemplateFor(incident.status), variables),
      );
    }
  }, [variables, incident.status]);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    setPosting(true);
    setActionError(undefined);
    try {
      await incidentsApi.postStatusUpdate(incident.id, {
        message: message.trim(),
        ...(publish && { public: true }),
      });
      setMessage('');
      setPublish(false);
      retry();
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setPosting(false);
    }
  };

  return (
    <InfoCard title="Status updates">
      {loading && !value && <Progress />}
      {error && !value && <IncidentsErrorPanel error={error} />}
      {value && (
        <>
          {!permission.loading && !permission.allowed && (
            <Box mb={2}>
              <Typography variant="body2" color="textSecondary">
                {t('statusUpdates.notAllowed')}
              </Typography>
            </Box>
          )}
          {permission.allowed && (
            <form onSubmit={post}>
              <TextField
                id="incident-status-update"
                label="Status update"
                value={message}
                onChange={e => setMessage(e.target.value)}
                multiline
                minRows={3}
                fullWidth
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={publish}
                    onChange={e => setPublish(e.target.checked)}
                    color="primary"
                  />
                }
                label="Publish on the public status page"
              />
              <Box mt={1} mb={2}>
                <Button
                  type="submit"
                  color="primary"
                  variant="contained"
                  disabled={posting || !message.trim()}
                >
                  {publish ? 'Post public status update' : 'Post status update'}
                </Button>
              </Box>
            </form>
          )}
          {actionError && <IncidentsErrorPanel error={actionError} />}
          {value.items.length === 0 ? (
            <Box>No status updates posted yet.</Box>
          ) : (
            <List dense aria-label="Past status updates">
              {value.items.map(update => (
                <ListItem key={update.id}>
                  <ListItemText
                    // Whole, with the poster's line breaks: an update is read, not skimmed.
                    style={WHOLE_LIST_TEXT}
                    primaryTypographyProps={{
                      style: { whiteSpace: 'pre-wrap' },
                    }}
                    primary={update.message}
                    secondary={
                      <>
                        {utc(update.postedAt)} · {update.status} ·{' '}
                        <ActorName actorRef={update.postedBy} />
                        {update.public ? ' · public' : ' · internal'}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </>
      )}
    </InfoCard>
  );
}
