import {
  EmptyState,
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ActionItemStatus,
  IncidentMetrics,
  NoisyAlert,
  RunbookCoverage,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Grid,
  LinearProgress,
  Table as MuiTable,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import { ReactNode, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef, MetricsQuery } from '../../api';
import { usePageLinks } from '../../hooks/useIncidentLink';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import {
  BreachesChart,
  CountBarsChart,
  ResponseTrendChart,
  SeverityCountsChart,
} from './charts';
import { MetricsFilters, MetricsFilterValues } from './MetricsFilters';
import {
  decimal,
  humanSeconds,
  metricsWindow,
  parseRangeDays,
  percent,
} from './metricsFormat';
import { StatTile } from './StatTile';
import {
  coveragePercent,
  coverageText,
  metricsCoverageCounts,
  Translate,
} from '../AlertsRunbooksCard/runbookCoverage';
import { IncidentsNavBar } from '../IncidentsNavBar';
import { IncidentsPageFrame } from '../IncidentsPageFrame';
import { incidentsTranslationRef } from '../../translation';
import { Link } from '@backstage/ui';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { BREAK_LONG_WORDS } from '../layoutStyles';
import { ExternalLink } from '../ExternalLink';
import { utc } from '../../format';

const ACTION_ITEM_LABELS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

/** The filters as URL query parameters: `range`, `team` and `entity`. */
function useUrlFilters(): [
  MetricsFilterValues,
  (next: MetricsFilterValues) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters: MetricsFilterValues = {
    days: parseRangeDays(params.get('range')),
    team: params.get('team') || undefined,
    entity: params.get('entity') || undefined,
  };
  const setFilters = (next: MetricsFilterValues) => {
    const updated = new URLSearchParams(params);
    updated.set('range', String(next.days));
    for (const key of ['team', 'entity'] as const) {
      const value = next[key];
      if (value) updated.set(key, value);
      else updated.delete(key);
    }
    // Replaced rather than pushed: stepping back should leave the dashboard, not
    // replay every filter change.
    setParams(updated, { replace: true });
  };
  return [filters, setFilters];
}

/** The headline figures: volume, response times and breaches. */
function HeadlineTiles(props: { metrics: IncidentMetrics }) {
  const { overall, breaches, postmortems } = props.metrics;
  const tiles = [
    <StatTile
      label="Incidents"
      value={overall.incidents}
      detail={`${overall.mttr.count} resolved`}
    />,
    <StatTile
      label="MTTA p50"
      value={humanSeconds(overall.mtta.p50Seconds)}
      detail={`p90 ${humanSeconds(
        overall.mtta.p90Seconds,
      )} · mean ${humanSeconds(overall.mtta.meanSeconds)}`}
    />,
    <StatTile
      label="MTTR p50"
      value={humanSeconds(overall.mttr.p50Seconds)}
      detail={`p90 ${humanSeconds(
        overall.mttr.p90Seconds,
      )} · mean ${humanSeconds(overall.mttr.meanSeconds)}`}
    />,
    <StatTile
      label="Acknowledgement breaches"
      value={breaches.acknowledge}
      alert={breaches.acknowledge > 0}
      detail="acknowledged late or not yet"
    />,
    <StatTile
      label="Resolution breaches"
      value={breaches.resolve}
      alert={breaches.resolve > 0}
      detail="resolved late or still open"
    />,
    <StatTile
      label="Postmortems overdue"
      value={postmortems.overdue}
      alert={postmortems.overdue > 0}
      detail={`${postmortems.published} of ${postmortems.required} published`}
    />,
  ];
  return (
    <Grid container spacing={2}>
      {tiles.map((tile, i) => (
        <Grid item xs={12} sm={6} md={4} lg={2} key={i}>
          {tile}
        </Grid>
      ))}
    </Grid>
  );
}

function BreachesTable(props: { metrics: IncidentMetrics }) {
  const target = (seconds?: number) =>
    seconds === undefined ? 'no target' : `target ${humanSeconds(seconds)}`;
  return (
    <MuiTable size="small" aria-label="Breaches by severity">
      <TableHead>
        <TableRow>
          <TableCell>Severity</TableCell>
          <TableCell align="right">Incidents</TableCell>
          <TableCell align="right">Acknowledge</TableCell>
          <TableCell align="right">Resolve</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.metrics.breaches.bySeverity.map(b => (
          <TableRow key={b.severity}>
            <TableCell>{b.severity}</TableCell>
            <TableCell align="right">{b.incidents}</TableCell>
            <TableCell align="right" title={target(b.acknowledgeTargetSeconds)}>
              {b.acknowledgeBreaches}
            </TableCell>
            <TableCell align="right" title={target(b.resolveTargetSeconds)}>
              {b.resolveBreaches}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

function PostmortemsCard(props: { metrics: IncidentMetrics }) {
  const theme = useTheme();
  const p = props.metrics.postmortems;
  return (
    <InfoCard
      title="Postmortem completion"
      subheader={
        p.requiredSeverities.length
          ? `Required at ${p.requiredSeverities.join(', ')}`
          : 'No severity requires a postmortem'
      }
    >
      <CountBarsChart
        data={[
          { name: 'Required', value: p.required },
          { name: 'Started', value: p.started },
          { name: 'Published', value: p.published },
          {
            name: 'On time',
            value: p.publishedOnTime,
            color: theme.palette.success.main,
          },
          {
            name: 'Overdue',
            value: p.overdue,
            color: theme.palette.error.main,
          },
        ]}
      />
      <Typography variant="body2">
        {p.published} of {p.required} published ({percent(p.completionRate)}),{' '}
        {p.publishedOnTime} on time ({percent(p.onTimeRate)}), {p.started}{' '}
        started, {p.overdue} overdue
      </Typography>
    </InfoCard>
  );
}

function ActionItemsCard(props: { metrics: IncidentMetrics }) {
  const theme = useTheme();
  const { t } = useTranslationRef(incidentsTranslationRef);
  const links = usePageLinks();
  const a = props.metrics.actionItems;
  return (
    // Scoped like every figure here to incidents detected in the range and owned by the
    // team filter; the action items page counts every outstanding item by item owner,
    // so the subheader says which population this is.
    <InfoCard
      title="Action items"
      subheader={t('metrics.actionItemsScope')}
      deepLink={{
        title: t('metrics.reviewAllActionItems'),
        link: links.actionItems,
      }}
    >
      <CountBarsChart
        data={[
          ...(Object.keys(ACTION_ITEM_LABELS) as ActionItemStatus[]).map(
            status => ({
              name: ACTION_ITEM_LABELS[status],
              value: a.byStatus[status],
            }),
          ),
          {
            name: 'Overdue',
            value: a.overdue,
            color: theme.palette.error.main,
          },
        ]}
      />
      <Typography variant="body2">
        {a.total} action items:{' '}
        {(Object.keys(ACTION_ITEM_LABELS) as ActionItemStatus[])
          .map(s => `${a.byStatus[s]} ${ACTION_ITEM_LABELS[s].toLowerCase()}`)
          .join(', ')}
        ; {a.overdue} of them overdue, {percent(a.completionRate)} complete
      </Typography>
      <Typography variant="body2">
        {a.openRunbookFollowUps} open runbook follow-up
        {a.openRunbookFollowUps === 1 ? '' : 's'}
      </Typography>
    </InfoCard>
  );
}

const NOISY_COLUMNS: TableColumn<NoisyAlert>[] = [
  { title: 'Alert', field: 'name', cellStyle: BREAK_LONG_WORDS },
  { title: 'Firings', field: 'alerts', type: 'numeric' },
  { title: 'Occurrences', field: 'occurrences', type: 'numeric' },
];

// On a narrow screen the counts go under the name: three sort headers are wider than it.
/** An alert's column when its details sit under its name. */
function alertColumn<T extends { name: string }>(
  detail: (row: T) => ReactNode,
): TableColumn<T> {
  return {
    title: 'Alert',
    field: 'name',
    cellStyle: BREAK_LONG_WORDS,
    render: row => (
      <>
        <Typography variant="body2">{row.name}</Typography>
        <Typography variant="caption" component="div">
          {detail(row)}
        </Typography>
      </>
    ),
  };
}

const NOISY_STACKED: TableColumn<NoisyAlert>[] = [
  alertColumn(a => `${a.alerts} firings · ${a.occurrences} occurrences`),
];

function AlertNoiseCard(props: { metrics: IncidentMetrics }) {
  const n = props.metrics.alertNoise;
  const narrow = useNarrowLayout();
  return (
    <Table<NoisyAlert>
      title="Noisiest alerts"
      subtitle={`${n.alerts} alerts (${n.occurrences} occurrences) across ${
        n.incidentsWithAlerts
      } incidents, ${decimal(n.alertsPerIncident)} per incident`}
      columns={narrow ? NOISY_STACKED : NOISY_COLUMNS}
      data={n.noisiest}
      options={{ paging: false, search: false, padding: 'dense' }}
      emptyContent={<Box p={2}>No alerts fired.</Box>}
    />
  );
}

type MissingRunbook = RunbookCoverage['missing'][number];

const runbookState = (t: Translate, m: MissingRunbook) =>
  m.fallback
    ? t('runbookCoverage.fallbackRunbook')
    : t('runbookCoverage.missingRunbook');

// Entity and runbook state sit under the alert's name: four columns with their sort
// headers are wider than the dashboard's half-width card.
const missingColumns = (t: Translate): TableColumn<MissingRunbook>[] => [
  alertColumn(m => (
    <>
      <EntityRefLink entityRef={m.entityRef} /> · {runbookState(t, m)}
    </>
  )),
  { title: 'Occurrences', field: 'occurrences', type: 'numeric' },
];

type DeadRunbook = RunbookCoverage['dead'][number];

const deadColumns: TableColumn<DeadRunbook>[] = [
  alertColumn(d => (
    <>
      <EntityRefLink entityRef={d.entityRef} /> ·{' '}
      <ExternalLink href={d.runbookUrl}>Runbook</ExternalLink>
      {d.problem ? ` · ${d.problem}` : ''} · checked {utc(d.checkedAt)}
    </>
  )),
];

function RunbookCoverageCard(props: { metrics: IncidentMetrics }) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  const r = props.metrics.runbookCoverage;
  const counts = metricsCoverageCounts(r);
  return (
    <InfoCard title="Runbook coverage">
      <Box display="flex" alignItems="baseline" style={{ gap: 12 }}>
        <Typography variant="h4" component="div">
          {counts ? coveragePercent(counts) : '—'}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {coverageText(t, counts, 'inRange')}
        </Typography>
      </Box>
      <Box my={1}>
        <LinearProgress
          variant="determinate"
          value={counts ? (counts.own / counts.fired) * 100 : 0}
          aria-label="Runbook coverage"
        />
      </Box>
      <Typography
        variant="body2"
        color={r.deadLinks ? 'error' : 'textSecondary'}
      >
        {r.deadLinks} dead runbook link{r.deadLinks === 1 ? '' : 's'}, as the
        scheduled link check last found them
      </Typography>
      {r.dead.length > 0 && (
        <Table<DeadRunbook>
          title="Dead runbook links"
          columns={deadColumns}
          data={r.dead}
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: true,
          }}
        />
      )}
      {r.missing.length > 0 && (
        <Table<MissingRunbook>
          title="Without a runbook of their own"
          columns={missingColumns(t)}
          data={r.missing}
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: true,
          }}
        />
      )}
    </InfoCard>
  );
}

/** Every chart and table of one metrics answer. */
function MetricsOverview(props: {
  metrics: IncidentMetrics;
  severities?: readonly SeverityLevel[];
}) {
  const { metrics, severities } = props;
  if (metrics.overall.incidents === 0) {
    return (
      <EmptyState
        missing="data"
        title="No incidents in this range"
        description="Nothing was detected for these filters. Try a longer range or clear the team and entity filters."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <HeadlineTiles metrics={metrics} />
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            {metrics.mttd.count
              ? `Time to detect p50 ${humanSeconds(
                  metrics.mttd.p50Seconds,
                )} · p90 ${humanSeconds(
                  metrics.mttd.p90Seconds,
                )} · mean ${humanSeconds(metrics.mttd.meanSeconds)}, over ${
                  metrics.mttd.count
                } incidents whose start is known`
              : 'Time to detect: no incident in this range knows when its problem started'}
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Mean time to acknowledge">
          <ResponseTrendChart metrics={metrics} measure="mtta" />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Mean time to resolve">
          <ResponseTrendChart metrics={metrics} measure="mttr" />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Incidents by severity">
          <SeverityCountsChart metrics={metrics} severities={severities} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Target breaches">
          <BreachesChart metrics={metrics} height={200} />
          <BreachesTable metrics={metrics} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <PostmortemsCard metrics={metrics} />
      </Grid>
      <Grid item xs={12} md={6}>
        <ActionItemsCard metrics={metrics} />
      </Grid>
      <Grid item xs={12} md={6}>
        <AlertNoiseCard metrics={metrics} />
      </Grid>
      <Grid item xs={12} md={6}>
        <RunbookCoverageCard metrics={metrics} />
      </Grid>
    </Grid>
  );
}

/** The dashboard under the filters; the filters live in the URL. */
function MetricsDashboard() {
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const links = usePageLinks();
  const [filters, setFilters] = useUrlFilters();
  const { days, team, entity } = filters;
  // Fixed per range rather than per render, so a re-render does not re-query.
  const range = useMemo(() => metricsWindow(days), [days]);
  const query: MetricsQuery = useMemo(
    () => ({
      ...range,
      ...(team && { ownerRefs: [team] }),
      ...(entity && { entityRef: entity }),
    }),
    [range, team, entity],
  );
  const { value, loading, error } = useAsync(
    () => incidentsApi.getMetrics(query),
    [incidentsApi, query],
  );
  // Only colours and order depend on the policy; the dashboard does without it.
  const { value: severities } = useAsync(
    () => incidentsApi.getSeverities().catch(() => []),
    [incidentsApi],
  );

  let body;
  if (error) body = <IncidentsErrorPanel error={error} />;
  else if (!value) body = <Progress />;
  else body = <MetricsOverview metrics={value} severities={severities} />;

  return (
    <>
      <MetricsFilters value={filters} onChange={setFilters} />
      {loading && value && <LinearProgress aria-label="Updating metrics" />}
      {body}
      <Box mt={2}>
        <Typography variant="caption" color="textSecondary">
          Incidents detected since {range.from.slice(0, 10)} (UTC), declined and
          merged ones left out.{' '}
          <Link href={links.incidents}>{t('metrics.allIncidents')}</Link>
        </Typography>
      </Box>
    </>
  );
}

/**
 * The incident metrics dashboard across services.
 * `withHeader` adds a page header for the legacy app; the new frontend system adds its own.
 */
export function MetricsDashboardPage(props: { withHeader?: boolean }) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  return (
    <IncidentsPageFrame
      withHeader={props.withHeader}
      title={t('metricsPage.title')}
    >
      <IncidentsNavBar current="metrics" />
      <MetricsDashboard />
    </IncidentsPageFrame>
  );
}
