import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  compareSeverity,
  Incident,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
// Status icons are aria-hidden along with their children, so text goes beside them.
import { Box, Typography } from '@material-ui/core';
import { severityLabel } from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { Link } from '@backstage/ui';
import { StatusIcon } from '../StatusIcon';

/** Props of {@link IncidentStatusStrip}. */
export type IncidentStatusStripProps = {
  openIncidents: Incident[];
  upstreamIncidents: Incident[];
  severities: SeverityLevel[];
  catalogAvailable: boolean;
};

/** One line that says whether the entity is broken now, and what upstream is. */
export function IncidentStatusStrip(props: IncidentStatusStripProps) {
  const { openIncidents, upstreamIncidents, severities } = props;
  const incidentLink = useIncidentLink();
  const highest = [...openIncidents].sort((a, b) =>
    compareSeverity(severities, a.severity, b.severity),
  )[0];

  return (
    <Box>
      <Typography variant="h6" component="p">
        {highest ? (
          <>
            <StatusIcon status="error" />
            Incident in progress · {severityLabel(severities, highest.severity)}
            {openIncidents.length > 1 &&
              ` (${openIncidents.length} open incidents)`}
          </>
        ) : (
          <>
            <StatusIcon status="ok" />
            Operational
          </>
        )}
      </Typography>
      {upstreamIncidents.map(incident => (
        <Typography key={incident.id} variant="body2" component="div">
          <StatusIcon status="warning" />
          Upstream: <EntityRefLink entityRef={incident.entityRef} /> has{' '}
          <Link href={incidentLink(incident.id)}>{incident.ref}</Link> (
          {severityLabel(severities, incident.severity)}) {incident.title}
        </Typography>
      ))}
      {!props.catalogAvailable && (
        <Typography variant="caption" color="textSecondary">
          The catalog could not be reached; owner, on-call and upstream
          incidents may be missing.
        </Typography>
      )}
    </Box>
  );
}
