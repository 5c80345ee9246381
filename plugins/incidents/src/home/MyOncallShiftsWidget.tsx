import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Chip, List, ListItem, Typography } from '@material-ui/core';
import { DateTime, Duration } from 'luxon';
import { incidentsApiRef, OncallShift } from '../api';
import { CalendarFeedButton } from '../components/CalendarFeedButton';
import { utc } from '../format';
import { usePageLinks } from '../hooks/useIncidentLink';
import { useWidgetData } from './useWidgetData';
import { WidgetBody, WidgetEmpty } from './WidgetBody';

/**
 * "in 2 days, 21 hr": the two largest units from the instant the backend answered for,
 * so the text matches the data; minutes matter only within the hour.
 */
export function startsIn(iso: string, at: string): string {
  const left = DateTime.fromISO(iso)
    .diff(DateTime.fromISO(at))
    .shiftTo('days', 'hours', 'minutes');
  const units =
    left.days >= 1
      ? { days: left.days, hours: Math.floor(left.hours) }
      : {
          hours: left.hours,
          // "in 0 min" would read as now; a shift that near is a minute away.
          minutes: Math.max(left.hours >= 1 ? 0 : 1, Math.floor(left.minutes)),
        };
  const parts = Object.fromEntries(
    Object.entries(units).filter(([, value]) => value > 0),
  );
  return `in ${Duration.fromObject(parts).toHuman({ unitDisplay: 'short' })}`;
}

function ShiftLine(props: {
  label: string;
  text: string;
  shift: OncallShift;
  now?: boolean;
}) {
  return (
    <Box display="flex" alignItems="center" mt={0.5} style={{ gap: 8 }}>
      <Chip
        size="small"
        label={props.label}
        color={props.now ? 'primary' : 'default'}
        style={{ flexShrink: 0 }}
      />
      <Typography variant="body2" component="span" style={{ minWidth: 0 }}>
        {props.text}
      </Typography>
      {props.shift.overrideId !== undefined && (
        <Typography variant="caption" color="textSecondary" component="span">
          (covering by override)
        </Typography>
      )}
    </Box>
  );
}

/**
 * Home page widget: where the signed-in user is on call now, until when, and their next
 * shift, in each of their teams with a rotation.
 */
export function MyOncallShiftsContent() {
  const incidentsApi = useApi(incidentsApiRef);
  const links = usePageLinks();
  const state = useWidgetData(
    () => incidentsApi.getMyOncallShifts(),
    [incidentsApi],
  );
  return (
    <WidgetBody state={state} errorTitle="Could not load your on-call shifts">
      {({ items, at, catalogAvailable }) => (
        <>
          {!catalogAvailable && (
            <Typography variant="body2" color="error" paragraph>
              The catalog could not be read, so some teams may be missing.
            </Typography>
          )}
          {items.length === 0 ? (
            <WidgetEmpty>
              You have no on-call shifts coming up in your teams&apos;
              rotations.
            </WidgetEmpty>
          ) : (
            <List dense disablePadding>
              {items.map(team => (
                <ListItem key={team.groupRef} disableGutters divider>
                  <Box width="100%">
                    <Typography variant="subtitle2" component="div">
                      <EntityRefLink
                        entityRef={team.groupRef}
                        defaultKind="group"
                      />
                    </Typography>
                    {team.current && (
                      <ShiftLine
                        now
                        label="On call now"
                        shift={team.current}
                        text={`until ${utc(team.current.end)} (${startsIn(
                          team.current.end,
                          at,
                        )})`}
                      />
                    )}
                    {team.next && (
                      <ShiftLine
                        label="Next shift"
                        shift={team.next}
                        text={`${utc(team.next.start)} to ${utc(
                          team.next.end,
                        )} (${startsIn(team.next.start, at)})`}
                      />
                    )}
                  </Box>
                </ListItem>
              ))}
            </List>
          )}
          <Box
            mt={1}
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 16 }}
          >
            <CalendarFeedButton />
            <Link to={links.oncall}>All my shifts and schedules</Link>
          </Box>
        </>
      )}
    </WidgetBody>
  );
}
