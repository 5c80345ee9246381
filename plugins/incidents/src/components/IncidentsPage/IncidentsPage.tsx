import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Route, Routes } from 'react-router-dom';
import { IncidentPage } from '../IncidentPage';
import { PostmortemEditorPage } from '../PostmortemEditor';
import { UnroutedAlertsInbox } from '../UnroutedAlerts';
import { incidentsTranslationRef } from '../../translation';
import { IncidentsPageFrame } from '../IncidentsPageFrame';
import { IncidentList } from './IncidentList';

/**
 * The Incidents page: the list at its root, the unrouted alerts inbox at
 * `/alerts/unrouted`, one incident at `/:id` and its postmortem at `/:id/postmortem`.
 * `withHeader` adds a page header for the legacy app; the new frontend system adds its own.
 */
export function IncidentsPage(props: { withHeader?: boolean }) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  return (
    <IncidentsPageFrame withHeader={props.withHeader} title={t('page.title')}>
      <Routes>
        <Route path="/" element={<IncidentList />} />
        <Route path="/alerts/unrouted" element={<UnroutedAlertsInbox />} />
        <Route path="/:id" element={<IncidentPage />} />
        <Route path="/:id/postmortem" element={<PostmortemEditorPage />} />
      </Routes>
    </IncidentsPageFrame>
  );
}
