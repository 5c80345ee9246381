import { EmptyState, Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ANNOTATION_ONCALL } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { useOncallTeams } from '../../hooks/useOncallTeams';
import { TeamChoice } from '../../hooks/useTeams';
import { incidentsTranslationRef } from '../../translation';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { IncidentsNavBar } from '../IncidentsNavBar';
import { IncidentsPageFrame } from '../IncidentsPageFrame';
import { CoverRequestsCard } from './CoverRequestsCard';
import { MyShiftsCard } from './MyShiftsCard';
import { windowStart } from './scheduleFormat';
import { TeamScheduleCard } from './TeamScheduleCard';
import { WhoIsOnCallAtCard } from './WhoIsOnCallAtCard';

/** How much of the schedule one screen shows, and how far Earlier / Later move. */
export const WINDOW_DAYS = 28;

const DATE = 'yyyy-MM-dd';

/** The signed-in user's ref and the teams Backstage resolved for them at sign-in. */
function useViewer() {
  const identityApi = useApi(identityApiRef);
  return useAsync(() => identityApi.getBackstageIdentity(), [identityApi])
    .value;
}

/** The team shown: the `group` parameter, else the viewer's first team, else the first. */
function chooseTeam(
  teams: TeamChoice[],
  asked: string | null,
  ownership: string[],
): string | undefined {
  if (asked) return asked;
  return (teams.find(t => ownership.includes(t.ref)) ?? teams[0])?.ref;
}

function WindowControls(props: {
  teams: TeamChoice[];
  groupRef: string;
  from: DateTime;
  dated: boolean;
  onChange: (next: { group?: string; from?: string | null }) => void;
}) {
  const { teams, groupRef, from, onChange } = props;
  const known = teams.some(t => t.ref === groupRef);
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
      <TextField
        id="oncall-schedule-team"
        select
        label="Team"
        value={groupRef}
        onChange={e => onChange({ group: e.target.value })}
        style={{ minWidth: 180 }}
      >
        {!known && <MenuItem value={groupRef}>{groupRef}</MenuItem>}
        {teams.map(t => (
          <MenuItem key={t.ref} value={t.ref}>
            {t.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="oncall-schedule-from"
        label="From"
        type="date"
        value={from.toFormat(DATE)}
        onChange={e => onChange({ from: e.target.value || null })}
        InputLabelProps={{ shrink: true }}
      />
      {/* One unit, so the three wrap together on a phone. */}
      <Box display="flex" role="group" aria-label="Move the window">
        <Button
          onClick={() =>
            onChange({ from: from.minus({ days: WINDOW_DAYS }).toFormat(DATE) })
          }
        >
          Earlier
        </Button>
        <Button
          disabled={!props.dated}
          onClick={() => onChange({ from: null })}
        >
          Now
        </Button>
        <Button
          onClick={() =>
            onChange({ from: from.plus({ days: WINDOW_DAYS }).toFormat(DATE) })
          }
        >
          Later
        </Button>
      </Box>
    </Box>
  );
}

/**
 * The on-call page: a team's schedule (primary, secondary, overrides) for four weeks
 * in the viewer's time zone, "who is on call at …" for any instant, cover requests,
 * and the viewer's own shifts. The team (`group`) and the first day (`from`, yyyy-MM-dd) live in the
 * query string, so a link from a team's on-call card opens its schedule.
 */
export function OncallSchedule() {
  const [searchParams, setSearchParams] = useSearchParams();
  const { teams, error } = useOncallTeams();
  const viewer = useViewer();
  // Fixed when the page opens: a window starting "now" at every render would refetch.
  const [openedAt] = useState(() => DateTime.local().startOf('minute'));
  // Bumped when a cover request changes who is on call, so the lists reload.
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey(k => k + 1);
  const dated = windowStart(searchParams.get('from'));
  const from = dated ?? openedAt;
  const to = from.plus({ days: WINDOW_DAYS });

  if (error) {
    return <IncidentsErrorPanel error={error} title="Could not list teams" />;
  }
  if (!teams || !viewer) return <Progress />;
  const groupRef = chooseTeam(
    teams,
    searchParams.get('group'),
    viewer.ownershipEntityRefs,
  );

  const onChange = (next: { group?: string; from?: string | null }) => {
    const params = new URLSearchParams(searchParams);
    if (next.group) params.set('group', next.group);
    if (next.from === null) params.delete('from');
    else if (next.from) params.set('from', next.from);
    setSearchParams(params, { replace: true });
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        {groupRef ? (
          <TeamScheduleCard
            groupRef={groupRef}
            from={from.toUTC().toISO()!}
            to={to.toUTC().toISO()!}
            userRef={viewer.userEntityRef}
            refreshKey={refreshKey}
            action={
              <WindowControls
                teams={teams}
                groupRef={groupRef}
                from={from}
                dated={!!dated}
                onChange={onChange}
              />
            }
          />
        ) : (
          <EmptyState
            missing="data"
            title="No team has a rotation yet"
            description={
              <Typography variant="body2" component="span">
                Add a <code>{ANNOTATION_ONCALL}</code> annotation to a Group in
                the catalog (rotation, start, shift) and its schedule shows
                here.
              </Typography>
            }
          />
        )}
      </Grid>
      <Grid item xs={12} md={4}>
        {groupRef && (
          <Box mb={3}>
            <WhoIsOnCallAtCard key={groupRef} groupRef={groupRef} />
          </Box>
        )}
        <Box mb={3}>
          <CoverRequestsCard
            groupRef={
              groupRef && viewer.ownershipEntityRefs.includes(groupRef)
                ? groupRef
                : undefined
            }
            userRef={viewer.userEntityRef}
            refreshKey={refreshKey}
            onChanged={refresh}
          />
        </Box>
        <MyShiftsCard
          until={openedAt.plus({ days: WINDOW_DAYS }).toUTC().toISO()!}
          refreshKey={refreshKey}
        />
      </Grid>
    </Grid>
  );
}

/** The on-call page in the Incidents area, with its tabs. */
export function OncallSchedulePage(props: { withHeader?: boolean }) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  return (
    <IncidentsPageFrame
      withHeader={props.withHeader}
      title={t('oncallPage.title')}
    >
      <IncidentsNavBar current="oncall" />
      <OncallSchedule />
    </IncidentsPageFrame>
  );
}
