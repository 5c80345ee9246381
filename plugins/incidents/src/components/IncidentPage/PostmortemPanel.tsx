import {
  InfoCard,
  MarkdownContent,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Incident } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { usePostmortemLink } from '../../hooks/useIncidentLink';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { incidentsTranslationRef } from '../../translation';
import { PostmortemStatusChip } from '../IncidentChips';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';

/** The backend's largest page; more action items than this on one incident are not expected. */
const ACTION_ITEMS_LIMIT = 200;

/**
 * The postmortem document, rendered from the backend's Markdown export: a quick read
 * without leaving the incident page. Editing happens in the postmortem editor.
 */
function PostmortemDialog(props: {
  postmortemId: number;
  onClose: () => void;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getPostmortemMarkdown(props.postmortemId),
    [incidentsApi, props.postmortemId],
  );
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>Postmortem</DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {error && (
          <IncidentsErrorPanel
            error={error}
            title="Could not load the postmortem"
          />
        )}
        {value && <MarkdownContent content={value} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Props of {@link PostmortemPanel}. */
export type PostmortemPanelProps = {
  incident: Incident;
  refreshKey: number;
};

/**
 * The incident's postmortem at a glance (status, due date, progress on action items),
 * leading to the postmortem editor, which also offers to start one.
 */
export function PostmortemPanel(props: PostmortemPanelProps) {
  const { incident, refreshKey } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [open, setOpen] = useState(false);
  const postmortemLink = usePostmortemLink();
  const { t } = useTranslationRef(incidentsTranslationRef);
  const canUpdate = useCanUpdateIncident(incident.id);
  const { value, loading, error } = useAsync(async () => {
    const [postmortem, items] = await Promise.all([
      incidentsApi.getPostmortemForIncident(incident.id),
      incidentsApi.listActionItems({
        incidentId: incident.id,
        limit: ACTION_ITEMS_LIMIT,
      }),
    ]);
    return { postmortem, items: items.items };
  }, [incidentsApi, incident.id, refreshKey]);

  if (loading && !value) {
    return (
      <InfoCard title="Postmortem">
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <IncidentsErrorPanel
        error={error}
        title="Could not load the postmortem"
      />
    );
  }
  const { postmortem, items } = value!;
  const done = items.filter(i => i.status === 'done').length;

  return (
    <InfoCard title="Postmortem">
      {postmortem ? (
        <>
          <PostmortemStatusChip status={postmortem.status} />
          <Typography variant="body2">
            {postmortem.publishedAt
              ? `Published ${utc(postmortem.publishedAt)}`
              : `Due ${utc(postmortem.dueAt)}`}
          </Typography>
          <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 8 }}>
            <Button
              variant="contained"
              color="primary"
              size="small"
              component={RouterLink}
              to={postmortemLink(incident.ref)}
            >
              Open postmortem
            </Button>
            <Button
              variant="outlined"
              size="small"
              onClick={() => setOpen(true)}
            >
              Quick view
            </Button>
          </Box>
          {open && (
            <PostmortemDialog
              postmortemId={postmortem.id}
              onClose={() => setOpen(false)}
            />
          )}
        </>
      ) : (
        <>
          <Typography variant="body2">
            No postmortem yet. Severities that require one get it when the
            incident resolves.
          </Typography>
          <Box mt={1}>
            {canUpdate.allowed ? (
              <Button
                variant="outlined"
                color="primary"
                size="small"
                component={RouterLink}
                to={postmortemLink(incident.ref)}
              >
                Start postmortem
              </Button>
            ) : (
              !canUpdate.loading && (
                <Typography variant="body2" color="textSecondary">
                  {t('postmortemPanel.startNotAllowed')}
                </Typography>
              )
            )}
          </Box>
        </>
      )}
      {items.length > 0 && (
        <Typography variant="body2">
          Action items: {done} / {items.length} done
        </Typography>
      )}
    </InfoCard>
  );
}
