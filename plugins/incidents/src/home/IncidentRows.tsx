import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident, SeverityLevel } from '@firebreak/plugin-incidents-common';
import { Box, List, ListItem, Typography } from '@material-ui/core';
import { ReactNode } from 'react';
import { SeverityChip, StatusChip } from '../components/IncidentChips';
import { severityLabel, utc } from '../format';
import { useIncidentLink } from '../hooks/useIncidentLink';

/** Props of {@link IncidentRows}. */
export type IncidentRowsProps = {
  incidents: Incident[];
  severities: SeverityLevel[];
  /** More to say about one incident, shown after its service. */
  detail?: (incident: Incident) => ReactNode;
};

/** Incidents as compact rows for a home card: chips, link, service and detection time. */
export function IncidentRows(props: IncidentRowsProps) {
  const incidentLink = useIncidentLink();
  return (
    <List dense disablePadding>
      {props.incidents.map(incident => (
        <ListItem key={incident.id} disableGutters divider>
          <Box width="100%">
            {/* The chips keep their size; a long title wraps beside them. */}
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <Box display="flex" flexShrink={0} style={{ gap: 8 }}>
                <SeverityChip
                  severity={incident.severity}
                  label={severityLabel(props.severities, incident.severity)}
                />
                <StatusChip status={incident.status} />
              </Box>
              <Box minWidth={0}>
                <Link to={incidentLink(incident.id)}>
                  {incident.ref} · {incident.title}
                </Link>
              </Box>
            </Box>
            <Typography variant="caption" color="textSecondary" component="div">
              <EntityRefLink entityRef={incident.entityRef} hideIcon /> ·
              detected {utc(incident.detectedAt)}
              {props.detail && <> · {props.detail(incident)}</>}
            </Typography>
          </Box>
        </ListItem>
      ))}
    </List>
  );
}
