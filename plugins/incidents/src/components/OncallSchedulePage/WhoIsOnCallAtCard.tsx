import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { DateTime } from 'luxon';
import { FormEvent, useState } from 'react';
import { incidentsApiRef, OncallResponse } from '../../api';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { instantOfLocalInput, viewerTime } from './scheduleFormat';

function Line(props: { label: string; entityRef?: string }) {
  return (
    <Typography variant="body2" component="div">
      {props.label}:{' '}
      {props.entityRef ? (
        <EntityRefLink entityRef={props.entityRef} defaultKind="user" />
      ) : (
        'nobody'
      )}
    </Typography>
  );
}

/** "Who is on call at …": any instant, in the viewer's zone, for one team. */
export function WhoIsOnCallAtCard(props: { groupRef: string }) {
  const incidentsApi = useApi(incidentsApiRef);
  const [value, setValue] = useState(() =>
    DateTime.local().toFormat("yyyy-MM-dd'T'HH:mm"),
  );
  const [answer, setAnswer] = useState<OncallResponse>();
  const [error, setError] = useState<Error>();
  const at = instantOfLocalInput(value);

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    if (!at) return;
    setError(undefined);
    try {
      setAnswer(await incidentsApi.getOncall({ groupRef: props.groupRef, at }));
    } catch (e) {
      setAnswer(undefined);
      setError(e as Error);
    }
  };

  return (
    <InfoCard title="Who is on call at…">
      <form onSubmit={ask} aria-label="Who is on call at">
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 8 }}
        >
          <TextField
            id="oncall-schedule-at"
            label="Date and time (your time zone)"
            type="datetime-local"
            value={value}
            onChange={e => setValue(e.target.value)}
            InputLabelProps={{ shrink: true }}
            error={!at}
            helperText={at ? undefined : 'Pick a date and a time'}
          />
          <Button type="submit" variant="outlined" disabled={!at}>
            Look up
          </Button>
        </Box>
      </form>
      {error && (
        <Box mt={2}>
          <IncidentsErrorPanel error={error} title="Could not look it up" />
        </Box>
      )}
      {answer && (
        <Box mt={2} role="status" aria-label="On call then">
          {answer.source === 'rotation' ? (
            <>
              <Line label="Primary" entityRef={answer.primary} />
              <Line label="Secondary" entityRef={answer.secondary} />
              {answer.shiftStart && answer.shiftEnd && (
                <Typography variant="caption" color="textSecondary">
                  Shift {viewerTime(answer.shiftStart)} →{' '}
                  {viewerTime(answer.shiftEnd)}
                </Typography>
              )}
              {answer.override && (
                <Typography variant="body2" component="div">
                  By override
                  {answer.override.reason ? `: ${answer.override.reason}` : ''}
                </Typography>
              )}
            </>
          ) : (
            <Typography variant="body2">
              No rotation: every member of the team is on call.
            </Typography>
          )}
        </Box>
      )}
    </InfoCard>
  );
}
