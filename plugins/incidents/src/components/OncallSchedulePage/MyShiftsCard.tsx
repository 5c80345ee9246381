import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Chip, List, ListItem, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef, MyOncallShifts, ScheduledShift } from '../../api';
import { CalendarFeedButton } from '../CalendarFeedButton';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { WHOLE_LIST_TEXT } from '../layoutStyles';
import { stretchLength, viewerRange, viewerTime } from './scheduleFormat';

type MyShift = ScheduledShift & { groupRef: string };

/** Every stretch of the user's across teams, soonest first. */
function flatten(answer: MyOncallShifts): MyShift[] {
  return answer.items
    .flatMap(team =>
      (team.upcoming ?? []).map(s => ({ ...s, groupRef: team.groupRef })),
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** My shifts: the signed-in user's stretches as primary up to `until`, every team. */
export function MyShiftsCard(props: { until: string; refreshKey?: number }) {
  const incidentsApi = useApi(incidentsApiRef);
  const { until } = props;
  const state = useAsync(
    () => incidentsApi.getMyOncallShifts({ until }),
    [incidentsApi, until, props.refreshKey],
  );
  const shifts = state.value && flatten(state.value);
  const now = state.value ? Date.parse(state.value.at) : 0;
  return (
    <InfoCard title="My shifts" subheader={`Until ${viewerTime(until)}`}>
      {state.error && (
        <IncidentsErrorPanel
          error={state.error}
          title="Could not load your shifts"
        />
      )}
      {state.loading && <Progress />}
      {state.value && !state.value.catalogAvailable && (
        <Typography variant="body2" color="error" paragraph>
          The catalog could not be read, so some teams may be missing.
        </Typography>
      )}
      {shifts && shifts.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          You have no shifts in your teams&apos; rotations in this time.
        </Typography>
      )}
      {shifts && shifts.length > 0 && (
        <List dense disablePadding aria-label="My shifts">
          {shifts.map(shift => (
            <ListItem
              key={`${shift.groupRef} ${shift.start}`}
              disableGutters
              divider
            >
              <Box width="100%" style={WHOLE_LIST_TEXT}>
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <EntityRefLink
                    entityRef={shift.groupRef}
                    defaultKind="group"
                  />
                  {Date.parse(shift.start) <= now && (
                    <Chip size="small" color="primary" label="On call now" />
                  )}
                  {shift.overrideId !== undefined && (
                    <Chip size="small" variant="outlined" label="Override" />
                  )}
                </Box>
                <Typography variant="body2" component="div">
                  {viewerRange(shift.start, shift.end)}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {stretchLength(shift.start, shift.end)}
                </Typography>
              </Box>
            </ListItem>
          ))}
        </List>
      )}
      <Box mt={1}>
        <CalendarFeedButton />
      </Box>
    </InfoCard>
  );
}
