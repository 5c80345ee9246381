import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  Incident,
  SeverityLevel,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { Box, Grid, Typography } from '@material-ui/core';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import {
  humanDuration,
  humanElapsed,
  severityLabel,
  targetState,
  utc,
} from '../../format';
import { useIncidentsSignal } from '../../hooks/useIncidentsSignal';
import { SeverityChip, StatusChip } from '../IncidentChips';
import { StatusStepper } from './StatusStepper';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { AlertsPanel } from './AlertsPanel';
import { LifecycleControls } from './LifecycleControls';
import { PostmortemPanel } from './PostmortemPanel';
import { EscalationPanel } from './EscalationPanel';
import { RolesPanel } from './RolesPanel';
import { StatusUpdatesPanel } from './StatusUpdatesPanel';
import { TimelinePanel } from './TimelinePanel';
import { StatusIcon } from '../StatusIcon';

/** Props of {@link IncidentPage}. */
export type IncidentPageProps = {
  /** Id or reference; taken from the `:id` route parameter when absent. */
  id?: string;
  /** Fixed "now" for the timers; tests pass one. */
  now?: DateTime;
};

function Timer(props: {
  label: string;
  from: string;
  reachedAt?: string;
  target?: string;
  now: DateTime;
}) {
  const { label, from, reachedAt, target, now } = props;
  const end = reachedAt ? DateTime.fromISO(reachedAt) : now;
  const state = targetState(from, target, end);
  const elapsed = humanElapsed(from, end);
  const targetText = target ? ` (target ${humanDuration(target)})` : '';
  let icon = <StatusIcon status="pending" />;
  if (state === 'breached') icon = <StatusIcon status="error" />;
  else if (reachedAt) icon = <StatusIcon status="ok" />;
  return (
    <Typography variant="body2">
      {icon}
      {label}: {reachedAt ? `took ${elapsed}` : `${elapsed} so far`}
      {targetText}
      {state === 'breached' ? ' — target missed' : ''}
    </Typography>
  );
}

/** The summary given when the incident was last resolved, if it is resolved. */
export function resolutionSummary(
  incident: Incident,
  events: readonly TimelineEvent[] | undefined,
): string | undefined {
  if (incident.status !== 'resolved' || !events) return undefined;
  const resolved = events
    .filter(e => e.type === 'status_changed' && e.data?.to === 'resolved')
    .at(-1);
  const message = resolved?.data?.message;
  return typeof message === 'string' ? message : undefined;
}

function ImpactCard(props: { incident: Incident }) {
  const { impact } = props.incident;
  return (
    <InfoCard title="Impact">
      <StructuredMetadataTable
        // The labels as written: the default start-cases "Users / regions" to "Users Regions".
        options={{ titleFormat: key => key }}
        metadata={{
          'Impact type': impact.impactType ?? 'Not known yet',
          'Reported by': impact.submitterSource ?? '—',
          Customers: impact.customers ?? '—',
          'Users / regions': impact.usersAffected ?? '—',
          'Systems / hosts': impact.systems?.length
            ? impact.systems.join(', ')
            : '—',
        }}
      />
    </InfoCard>
  );
}

/**
 * The least time between two refreshes of the incident page. A refresh reads seven
 * endpoints (incident, timeline, alerts, escalation, status updates, postmortem, its
 * action items), so this keeps an open incident page at about one request per second
 * however many changes a storm signals.
 */
export const INCIDENT_PAGE_REFRESH_INTERVAL_MS = 7_000;

/** One incident: status, transitions, timers, roles, timeline, status updates and impact. */
export function IncidentPage(props: IncidentPageProps) {
  const params = useParams();
  const id = props.id ?? params.id ?? '';
  const incidentsApi = useApi(incidentsApiRef);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey(k => k + 1);
  // The answer of our own last write, shown until the reload catches up.
  const [written, setWritten] = useState<Incident>();

  const { value, loading, error } = useAsyncRetry(async () => {
    const [incident, severities, roles] = await Promise.all([
      incidentsApi.getIncident(id),
      incidentsApi.getSeverities(),
      incidentsApi.listRoles(),
    ]);
    return { incident, severities, roles };
  }, [incidentsApi, id, refreshKey]);

  // The first signal after a quiet spell still refreshes at once.
  useIncidentsSignal(refresh, INCIDENT_PAGE_REFRESH_INTERVAL_MS);
  // Read once for the stepper (visited or skipped steps) and the timeline panel.
  const timeline = useAsyncRetry(
    () => incidentsApi.getTimeline(id),
    [incidentsApi, id, refreshKey],
  );
  const events = timeline.value;

  if (loading && !value) return <Progress />;
  if (error && !value) return <IncidentsErrorPanel error={error} />;
  const { severities, roles } = value!;
  const incident =
    written && written.version > value!.incident.version
      ? written
      : value!.incident;
  const level: SeverityLevel | undefined = severities.find(
    l => l.id === incident.severity,
  );
  const now = props.now ?? DateTime.utc();
  const resolution = resolutionSummary(incident, events);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="h4" component="h1">
            {incident.ref} · {incident.title}
          </Typography>
          <SeverityChip
            severity={incident.severity}
            label={severityLabel(severities, incident.severity)}
          />
          <StatusChip status={incident.status} />
        </Box>
        {incident.description && (
          <Typography variant="body1" paragraph>
            {incident.description}
          </Typography>
        )}
        <Box mt={1}>
          <LifecycleControls
            incident={incident}
            onChanged={updated => {
              setWritten(updated);
              refresh();
            }}
          />
        </Box>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Status">
          <StatusStepper incident={incident} events={events} />
          {resolution && (
            <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
              <strong>Resolution:</strong> {resolution}
            </Typography>
          )}
          <Box mt={2}>
            <Timer
              label="Acknowledge"
              from={incident.detectedAt}
              reachedAt={incident.acknowledgedAt}
              target={level?.acknowledgeWithin}
              now={now}
            />
            <Timer
              label="Resolve"
              from={incident.detectedAt}
              reachedAt={incident.resolvedAt}
              target={level?.resolveWithin}
              now={now}
            />
            <Typography variant="caption" color="textSecondary">
              {incident.startedAt
                ? `Started ${utc(incident.startedAt)} · detected `
                : 'Detected '}
              {utc(incident.detectedAt)}
              {incident.mitigatedAt &&
                ` · mitigated ${utc(incident.mitigatedAt)}`}
            </Typography>
          </Box>
          <EscalationPanel incident={incident} refreshKey={refreshKey} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Affected entities">
          <EntityRefLinks
            entityRefs={[incident.entityRef, ...incident.affectedEntityRefs]}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <StatusUpdatesPanel incident={incident} refreshKey={refreshKey} />
        <Box mt={3}>
          <AlertsPanel incident={incident} refreshKey={refreshKey} />
        </Box>
        <Box mt={3}>
          <TimelinePanel incident={incident} timeline={timeline} />
        </Box>
      </Grid>
      <Grid item xs={12} md={4}>
        <RolesPanel incident={incident} roles={roles} onChanged={refresh} />
        <Box mt={3}>
          <ImpactCard incident={incident} />
        </Box>
        <Box mt={3}>
          <PostmortemPanel incident={incident} refreshKey={refreshKey} />
        </Box>
      </Grid>
    </Grid>
  );
}
