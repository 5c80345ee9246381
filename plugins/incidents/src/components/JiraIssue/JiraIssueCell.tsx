import { useApi } from '@backstage/core-plugin-api';
import { ActionItem } from '@firebreak/plugin-incidents-common';
import { Button, Typography } from '@material-ui/core';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { IncidentsApi, incidentsApiRef } from '../../api';
import { JiraSetup } from '../../api/IncidentsApi';
import { ExternalLink } from '../ExternalLink';

// One `GET /jira` per API instance, not one per row; a failure is asked again next time.
const setups = new WeakMap<IncidentsApi, Promise<JiraSetup>>();
function jiraSetup(api: IncidentsApi): Promise<JiraSetup> {
  let setup = setups.get(api);
  if (!setup) {
    setup = api.getJira().catch(error => {
      setups.delete(api);
      throw error;
    });
    setups.set(api, setup);
  }
  return setup;
}

/**
 * An action item's Jira issue: its key as a link once linked, else *Create Jira issue*
 * when the backend has Jira configured, else nothing.
 */
export function JiraIssueCell(props: { item: ActionItem }) {
  const incidentsApi = useApi(incidentsApiRef);
  const setup = useAsync(() => jiraSetup(incidentsApi), [incidentsApi]);
  const [item, setItem] = useState(props.item);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // The created issue shows at once, before the list is read again.
  const current = item.id === props.item.id && item.jiraKey ? item : props.item;

  if (current.jiraKey && current.jiraUrl) {
    return (
      <ExternalLink
        href={current.jiraUrl}
        variant="body-small"
        aria-label={`Jira issue ${current.jiraKey}${
          current.jiraStatus ? `, ${current.jiraStatus}` : ''
        }`}
      >
        {current.jiraKey}
      </ExternalLink>
    );
  }
  if (!setup.value?.configured) return null;
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setItem(await incidentsApi.createJiraIssue(current.id));
    } catch (e) {
      // The backend's own words ("Jira at … refused …"), not "Request failed with 503".
      const body = (e as { body?: { error?: { message?: string } } }).body;
      setError(body?.error?.message ?? (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="small"
        variant="text"
        disabled={busy}
        onClick={create}
        aria-label={`Create Jira issue for ${current.title}`}
      >
        {busy ? 'Creating…' : 'Create Jira issue'}
      </Button>
      {error && (
        <Typography
          variant="caption"
          color="error"
          role="alert"
          component="div"
        >
          {error}
        </Typography>
      )}
    </>
  );
}
