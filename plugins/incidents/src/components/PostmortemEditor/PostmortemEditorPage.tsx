import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { Incident, Postmortem } from '@firebreak/plugin-incidents-common';
import { Box, Button, Typography } from '@material-ui/core';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { isConflict } from './editorRules';
import { PostmortemEditor } from './PostmortemEditor';

/** Props of {@link PostmortemEditorPage}. */
export type PostmortemEditorPageProps = {
  /** Incident id or reference; taken from the `:id` route parameter when absent. */
  id?: string;
  /** Fixed "now" for overdue checks; tests pass one. */
  now?: Date;
};

function StartPostmortem(props: {
  incident: Incident;
  onStarted: (postmortem: Postmortem) => void;
  onReload: () => void;
}) {
  const { incident } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const incidentLink = useIncidentLink();
  const canStart = useCanUpdateIncident(incident.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onStarted(await incidentsApi.createPostmortem(incident.id));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <EmptyState
        missing="content"
        title={`${incident.ref} has no postmortem yet`}
        description={`Start one for "${incident.title}": the incident timeline is imported and the due date follows the severity policy.`}
        action={
          <Box display="flex" style={{ gap: 8 }}>
            <Button
              variant="contained"
              color="primary"
              disabled={busy || !canStart.allowed}
              onClick={start}
            >
              Start postmortem
            </Button>
            <Button component={RouterLink} to={incidentLink(incident.ref)}>
              Back to {incident.ref}
            </Button>
          </Box>
        }
      />
      {!canStart.loading && !canStart.allowed && (
        <Typography variant="body2" color="textSecondary">
          The permission policy does not allow you to update {incident.ref}, so
          you cannot start its postmortem.
        </Typography>
      )}
      {error && isConflict(error) && (
        <Box>
          <Typography variant="body2">
            Someone else has already started this postmortem.
          </Typography>
          <Button variant="outlined" onClick={props.onReload}>
            Open it
          </Button>
        </Box>
      )}
      {error && !isConflict(error) && (
        <IncidentsErrorPanel error={error} title="Postmortem not started" />
      )}
    </>
  );
}

/** The postmortem editor of the incident in the route (`/:id/postmortem`). */
export function PostmortemEditorPage(props: PostmortemEditorPageProps) {
  const params = useParams();
  const id = props.id ?? params.id ?? '';
  const incidentsApi = useApi(incidentsApiRef);
  const identityApi = useApi(coreApis.identity);
  const [started, setStarted] = useState<Postmortem>();

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [incident, postmortem] = await Promise.all([
      incidentsApi.getIncident(id),
      incidentsApi.getPostmortemForIncident(id),
    ]);
    return { incident, postmortem };
  }, [incidentsApi, id]);
  // Approving needs to know who is signed in; the editor works without it.
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );

  if (loading && !value) return <Progress />;
  if (error && !value) {
    return (
      <IncidentsErrorPanel
        error={error}
        title="Could not load the postmortem"
      />
    );
  }
  const { incident } = value!;
  const postmortem =
    started &&
    (!value!.postmortem || started.version > value!.postmortem.version)
      ? started
      : value!.postmortem;

  if (!postmortem) {
    return (
      <StartPostmortem
        incident={incident}
        onStarted={setStarted}
        onReload={retry}
      />
    );
  }
  return (
    <PostmortemEditor
      incident={incident}
      postmortem={postmortem}
      userRef={identity.value?.userEntityRef}
      onReload={retry}
      now={props.now}
    />
  );
}
