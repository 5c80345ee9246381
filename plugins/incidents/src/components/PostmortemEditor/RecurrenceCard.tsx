import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { memo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { Link } from '@backstage/ui';
import { WHOLE_LIST_TEXT } from '../layoutStyles';

/** Earlier incidents on the same entity or with the same alert, for the recurrence section. */
export const RecurrenceCard = memo(function RecurrenceCardContent(props: {
  postmortemId: number;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const incidentLink = useIncidentLink();
  const { value, loading, error } = useAsync(
    () => incidentsApi.getPostmortemRecurrence(props.postmortemId),
    [incidentsApi, props.postmortemId],
  );
  return (
    <InfoCard title="Similar earlier incidents">
      {loading && <Progress />}
      {error && (
        <IncidentsErrorPanel
          error={error}
          title="Could not load earlier incidents"
        />
      )}
      {value && value.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No earlier incidents on this entity or with the same alert.
        </Typography>
      )}
      {value && value.length > 0 && (
        <List dense>
          {value.map(incident => (
            <ListItem key={incident.id} disableGutters>
              <ListItemText
                style={WHOLE_LIST_TEXT}
                primary={
                  <Link href={incidentLink(incident.ref)}>
                    {incident.ref} · {incident.title}
                  </Link>
                }
                secondary={`${incident.severity} · ${
                  incident.status
                } · detected ${utc(incident.detectedAt)}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
});
