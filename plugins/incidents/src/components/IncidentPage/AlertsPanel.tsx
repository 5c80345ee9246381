import {
  CodeSnippet,
  InfoCard,
  Progress,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ALERTS,
  Incident,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { IncidentAlert, incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { ExternalLink } from '../ExternalLink';

/** Props of {@link AlertsPanel}. */
export type AlertsPanelProps = {
  incident: Incident;
  refreshKey: number;
};

const columns: TableColumn<IncidentAlert>[] = [
  { title: 'Alert', field: 'name' },
  { title: 'Count', field: 'count', type: 'numeric' },
  { title: 'First seen', render: a => utc(a.firstSeenAt) },
  { title: 'Last seen', render: a => utc(a.lastSeenAt) },
  {
    title: 'Status',
    render: a =>
      a.status === 'resolved' ? (
        <>
          <StatusOK />
          resolved
        </>
      ) : (
        <>
          <StatusWarning />
          {a.status}
        </>
      ),
  },
  {
    title: 'Runbook',
    render: a =>
      a.runbookUrl ? (
        <ExternalLink href={a.runbookUrl}>Runbook</ExternalLink>
      ) : (
        <>
          <StatusWarning />
          Missing runbook
        </>
      ),
  },
];

/** The alerts that opened or joined the incident, with the runbook of each or how to add one. */
export function AlertsPanel(props: AlertsPanelProps) {
  const { incident, refreshKey } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getIncidentAlerts(incident.id),
    [incidentsApi, incident.id, refreshKey],
  );

  if (loading && !value) {
    return (
      <InfoCard title="Alerts">
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <IncidentsErrorPanel error={error} title="Could not load the alerts" />
    );
  }
  const alerts = value ?? [];
  if (!alerts.length) {
    return (
      <InfoCard title="Alerts">
        <Typography variant="body2">
          No alerts: this incident was declared by hand.
        </Typography>
      </InfoCard>
    );
  }
  const withoutRunbook = alerts.filter(a => !a.runbookUrl && a.snippet);

  return (
    <Box>
      <Table<IncidentAlert>
        title="Alerts"
        columns={columns}
        data={alerts}
        options={{ paging: false, search: false, padding: 'dense' }}
      />
      {withoutRunbook.length > 0 && (
        <Box mt={2}>
          <InfoCard title="Add the missing runbooks">
            <Typography variant="body2" paragraph>
              Add these entries to the <code>{ANNOTATION_ALERTS}</code>{' '}
              annotation in the catalog-info.yaml of{' '}
              <EntityRefLink entityRef={incident.entityRef} />, then fill in the
              runbook URL, so the next alert links its runbook.
            </Typography>
            {withoutRunbook.map(alert => (
              <Box key={alert.id} mb={1}>
                <CodeSnippet
                  language="yaml"
                  text={alert.snippet!}
                  showCopyCodeButton
                />
              </Box>
            ))}
          </InfoCard>
        </Box>
      )}
    </Box>
  );
}
