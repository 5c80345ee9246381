import { Content, Header, Page, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button } from '@material-ui/core';
import { useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { useIncidentsSignal } from '../../hooks/useIncidentsSignal';
import { IncidentPage } from '../IncidentPage';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { IncidentsTable } from '../IncidentsTable';
import { PostmortemEditorPage } from '../PostmortemEditor';
import { UnroutedAlertsInbox } from '../UnroutedAlerts';

const PAGE_SIZE = 50;

/** All incidents the user may see, newest first, a page at a time. */
export function IncidentList() {
  const incidentsApi = useApi(incidentsApiRef);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [page, severities] = await Promise.all([
      incidentsApi.listIncidents({ limit: PAGE_SIZE, cursor }),
      incidentsApi.getSeverities(),
    ]);
    return { page, severities };
  }, [incidentsApi, cursor]);
  useIncidentsSignal(retry);

  if (loading && !value) return <Progress />;
  if (error && !value) return <IncidentsErrorPanel error={error} />;
  const { page, severities } = value!;
  return (
    <>
      <IncidentsTable
        title="All incidents"
        incidents={page.items}
        severities={severities}
        emptyContent={<Box p={2}>No incidents.</Box>}
      />
      <Box mt={2} display="flex" style={{ gap: 8 }}>
        <Button
          disabled={cursors.length < 2}
          onClick={() => setCursors(c => c.slice(0, -1))}
        >
          Previous page
        </Button>
        <Button
          disabled={!page.nextCursor}
          onClick={() => setCursors(c => [...c, page.nextCursor])}
        >
          Next page
        </Button>
      </Box>
    </>
  );
}

/**
 * The Incidents page: the list at its root, the unrouted alerts inbox at
 * `/alerts/unrouted`, one incident at `/:id` and its postmortem at `/:id/postmortem`.
 * `withHeader` adds a page header for the legacy app; the new frontend system adds its own.
 */
export function IncidentsPage(props: { withHeader?: boolean }) {
  const routes = (
    <Routes>
      <Route path="/" element={<IncidentList />} />
      <Route path="/alerts/unrouted" element={<UnroutedAlertsInbox />} />
      <Route path="/:id" element={<IncidentPage />} />
      <Route path="/:id/postmortem" element={<PostmortemEditorPage />} />
    </Routes>
  );
  if (!props.withHeader) return <Content>{routes}</Content>;
  return (
    <Page themeId="tool">
      <Header title="Incidents" subtitle="Firebreak incident management" />
      <Content>{routes}</Content>
    </Page>
  );
}
