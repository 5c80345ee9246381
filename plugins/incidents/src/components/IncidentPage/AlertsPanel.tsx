import {
  CodeSnippet,
  InfoCard,
  Progress,
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
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { FIT_CONTENT_COLUMN } from '../layoutStyles';
import { ExternalLink } from '../ExternalLink';
import { StatusIcon } from '../StatusIcon';
import { StackedCell } from '../StackedCell';

/** Props of {@link AlertsPanel}. */
export type AlertsPanelProps = {
  incident: Incident;
  refreshKey: number;
};

function AlertStatus({ alert }: { alert: IncidentAlert }) {
  return alert.status === 'resolved' ? (
    <>
      <StatusIcon status="ok" />
      resolved
    </>
  ) : (
    <>
      <StatusIcon status="warning" />
      {alert.status}
    </>
  );
}

function AlertRunbook({ alert }: { alert: IncidentAlert }) {
  return alert.runbookUrl ? (
    // the entity's catch-all runbook is said to be one, not passed off as the alert's own
    <ExternalLink href={alert.runbookUrl}>
      {alert.runbookFrom === 'entity' ? 'Fallback runbook' : 'Runbook'}
    </ExternalLink>
  ) : (
    <>
      <StatusIcon status="warning" />
      Missing runbook
    </>
  );
}

/** A time as its date over its hour, each whole: the narrow column breaks between them. */
function SeenAt({ iso }: { iso: string }) {
  const [date, ...time] = utc(iso).split(' ');
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{date}</span>{' '}
      <span style={{ whiteSpace: 'nowrap' }}>{time.join(' ')}</span>
    </>
  );
}

function firedTimes(count: number) {
  return count === 1 ? 'fired once' : `fired ${count} times`;
}

// Alert names are single long words: they wrap at spaces only, the count goes under the
// name and the status fits its content, so the table fits a two-thirds card at 1440 px.
const columns: TableColumn<IncidentAlert>[] = [
  {
    title: 'Alert',
    field: 'name',
    cellStyle: { wordBreak: 'normal' },
    render: a => (
      <>
        {a.name}
        <Typography variant="caption" color="textSecondary" component="div">
          {firedTimes(a.count)}
        </Typography>
      </>
    ),
  },
  { title: 'First seen', render: a => <SeenAt iso={a.firstSeenAt} /> },
  { title: 'Last seen', render: a => <SeenAt iso={a.lastSeenAt} /> },
  {
    title: 'Status',
    ...FIT_CONTENT_COLUMN,
    render: a => <AlertStatus alert={a} />,
  },
  {
    title: 'Runbook',
    cellStyle: { wordBreak: 'normal' },
    render: a => <AlertRunbook alert={a} />,
  },
];

// On a narrow screen an alert is one stacked cell, so the table never scrolls sideways.
const stackedColumns: TableColumn<IncidentAlert>[] = [
  {
    title: 'Alert',
    field: 'name',
    render: a => (
      <StackedCell>
        <Typography variant="body2">
          {a.name} · {firedTimes(a.count)}
        </Typography>
        <Typography variant="body2" component="div">
          <AlertStatus alert={a} /> · <AlertRunbook alert={a} />
        </Typography>
        <Typography variant="caption" color="textSecondary">
          First seen {utc(a.firstSeenAt)} · last seen {utc(a.lastSeenAt)}
        </Typography>
      </StackedCell>
    ),
  },
];

/** The alerts that opened or joined the incident, with the runbook of each or how to add one. */
export function AlertsPanel(props: AlertsPanelProps) {
  const { incident, refreshKey } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const narrow = useNarrowLayout();
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
        columns={narrow ? stackedColumns : columns}
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
