import { Content, Header, Page } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { IncidentPage } from '../IncidentPage';
import { PostmortemEditorPage } from '../PostmortemEditor';
import { UnroutedAlertsInbox } from '../UnroutedAlerts';
import { IncidentList } from './IncidentList';

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
