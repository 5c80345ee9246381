import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  EscalationState,
  EscalationStateLevel,
  Incident,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { humanDuration, utc } from '../../format';
import { StatusIcon } from '../StatusIcon';

/** The one-line summary of where escalation stands. */
function summary(escalation: EscalationState): string {
  const of = `${escalation.level} of ${escalation.levels.length} levels fired`;
  switch (escalation.state) {
    case 'escalating':
      return `Escalating: ${of}`;
    case 'acknowledged':
      return `Escalation stopped by the acknowledgement (${of})`;
    case 'closed':
      return `Escalation stopped: the incident is closed (${of})`;
    case 'exhausted':
      return `Every escalation level fired (${escalation.levels.length})`;
    default:
      return 'No escalation is defined for this severity and team';
  }
}

function Level(props: { level: EscalationStateLevel; next: boolean }) {
  const { level, next } = props;
  let status: 'ok' | 'pending' | undefined;
  if (level.fired) status = 'ok';
  else if (next) status = 'pending';
  return (
    <Box
      component="li"
      display="flex"
      flexWrap="wrap"
      alignItems="baseline"
      style={{ gap: 6 }}
    >
      {status && <StatusIcon status={status} />}
      <Typography variant="body2" component="span">
        Level {level.level} · {humanDuration(level.after)} after{' '}
        {level.level === 1 ? 'the first page' : `level ${level.level - 1}`} ·{' '}
        {level.fired ? 'fired' : `${next ? 'next, ' : ''}at ${utc(level.at)}`}
        {' → '}
      </Typography>
      {level.targets.length ? (
        <EntityRefLinks entityRefs={level.targets} defaultKind="user" />
      ) : (
        <Typography variant="body2" component="span" color="textSecondary">
          the owner team (nobody fills this level now)
        </Typography>
      )}
    </Box>
  );
}

/**
 * Where the incident stands in its owner team's escalation policy: which levels fired,
 * when the next one fires and whom it pages. Reloads with the page.
 */
export function EscalationPanel(props: {
  incident: Incident;
  refreshKey: number;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const { incident, refreshKey } = props;
  const { value } = useAsync(
    () => incidentsApi.getIncidentEscalation(incident.id),
    // The version changes with every acknowledgement or status change.
    [incidentsApi, incident.id, incident.version, refreshKey],
  );
  // Escalation is a side view: a failure to read it must not cost the page.
  if (!value) return null;
  const nextLevel = value.next?.level;
  return (
    <Box mt={2} role="region" aria-label="Escalation">
      <Typography variant="subtitle2" component="h3">
        {summary(value)}
      </Typography>
      {value.levels.length > 0 && (
        <Box component="ol" m={0} pl={0} style={{ listStyle: 'none' }}>
          {value.levels.map(level => (
            <Level
              key={level.level}
              level={level}
              next={level.level === nextLevel}
            />
          ))}
        </Box>
      )}
    </Box>
  );
}
