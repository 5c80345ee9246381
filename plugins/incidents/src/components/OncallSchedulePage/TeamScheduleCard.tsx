import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ANNOTATION_ONCALL } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef, OncallSchedule, ScheduledShift } from '../../api';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { StackedCell, StackedChips } from '../StackedCell';
import {
  clockChange,
  shiftLength,
  stretchLength,
  viewerRange,
  viewerTime,
  viewerZone,
} from './scheduleFormat';

/** Names stay on one line in the wide table; the stacked rows wrap as they need. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function Person(props: { entityRef?: string }) {
  return props.entityRef ? (
    <span style={NO_WRAP}>
      <EntityRefLink entityRef={props.entityRef} defaultKind="user" />
    </span>
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      Nobody
    </Typography>
  );
}

/** The chips of a stretch: the viewer's own, cover by override, a clock change. */
function Notes(props: { shift: ScheduledShift; userRef?: string }) {
  const { shift, userRef } = props;
  const change = clockChange(shift.start, shift.end);
  return (
    <StackedChips>
      {shift.userRef === userRef && (
        <Chip size="small" color="primary" label="You" />
      )}
      {shift.overrideId !== undefined && (
        <Chip size="small" variant="outlined" label="Override" />
      )}
      {change && <Chip size="small" variant="outlined" label={change} />}
    </StackedChips>
  );
}

function When(props: { shift: ScheduledShift }) {
  const { shift } = props;
  return (
    <>
      <Typography variant="body2" component="div">
        {viewerRange(shift.start, shift.end)}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        {stretchLength(shift.start, shift.end)}
      </Typography>
    </>
  );
}

function ScheduleTable(props: { shifts: ScheduledShift[]; userRef?: string }) {
  const narrow = useNarrowLayout();
  if (narrow) {
    return (
      <Table size="small" aria-label="Shifts">
        <TableBody>
          {props.shifts.map(shift => (
            <TableRow key={shift.start}>
              <TableCell>
                <StackedCell>
                  <When shift={shift} />
                  <Typography variant="body2" component="div">
                    Primary: <Person entityRef={shift.userRef} />
                  </Typography>
                  <Typography variant="body2" component="div">
                    Secondary: <Person entityRef={shift.secondaryRef} />
                  </Typography>
                  <Notes shift={shift} userRef={props.userRef} />
                </StackedCell>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }
  return (
    <Table size="small" aria-label="Shifts">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell style={NO_WRAP}>Primary</TableCell>
          <TableCell style={NO_WRAP}>Secondary</TableCell>
          <TableCell>Notes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.shifts.map(shift => (
          <TableRow key={shift.start}>
            <TableCell>
              <When shift={shift} />
            </TableCell>
            <TableCell>
              <Person entityRef={shift.userRef} />
            </TableCell>
            <TableCell>
              <Person entityRef={shift.secondaryRef} />
            </TableCell>
            <TableCell>
              <Notes shift={shift} userRef={props.userRef} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ScheduleBody(props: { schedule: OncallSchedule; userRef?: string }) {
  const { schedule } = props;
  if (!schedule.catalogAvailable && !schedule.snapshotAt) {
    return (
      <Typography variant="body2" color="error">
        The catalog could not be read, so this team&apos;s rotation is not known
        right now. Overrides still apply to paging; try again shortly.
      </Typography>
    );
  }
  if (!schedule.timezone) {
    return (
      <Typography variant="body2">
        This team has no rotation, so every member is on call. Add one with the{' '}
        <code>{ANNOTATION_ONCALL}</code> annotation on the group.
      </Typography>
    );
  }
  return (
    <>
      {schedule.snapshotAt && (
        <Typography variant="body2" color="error" paragraph>
          The catalog could not be read: this is the rotation as it was at{' '}
          {viewerTime(schedule.snapshotAt)}.
        </Typography>
      )}
      <Typography variant="body2" color="textSecondary" paragraph>
        Times in your time zone, {viewerZone()}. The rotation hands over every{' '}
        {shiftLength(schedule.shift ?? '')}, counted in {schedule.timezone}.
      </Typography>
      <ScheduleTable shifts={schedule.shifts} userRef={props.userRef} />
      {schedule.truncated && (
        <Typography variant="caption" color="textSecondary">
          More shifts than can be listed fall in this window; pick a later start
          to see the rest.
        </Typography>
      )}
    </>
  );
}

/** A team's shifts over [from, to): primary, secondary, overrides, clock changes. */
export function TeamScheduleCard(props: {
  groupRef: string;
  from: string;
  to: string;
  userRef?: string;
  /** Changes when the schedule may have changed (a cover request was accepted). */
  refreshKey?: number;
  /** Controls above the table: the team picker and the window's navigation. */
  action?: React.ReactNode;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const { groupRef, from, to } = props;
  const state = useAsync(
    () => incidentsApi.getOncallSchedule({ groupRef, from, to }),
    [incidentsApi, groupRef, from, to, props.refreshKey],
  );
  return (
    <InfoCard
      title={
        <>
          Schedule of <EntityRefLink entityRef={groupRef} defaultKind="group" />
        </>
      }
      subheader={`${viewerTime(from)} to ${viewerTime(to)}`}
    >
      <Box mb={2}>{props.action}</Box>
      {state.error && (
        <IncidentsErrorPanel
          error={state.error}
          title="Could not load the schedule"
        />
      )}
      {state.loading && <Progress />}
      {state.value && !state.loading && (
        <ScheduleBody schedule={state.value} userRef={props.userRef} />
      )}
    </InfoCard>
  );
}
