import {
  IncidentMetrics,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { cloneElement, ReactElement, ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { bucketLabel, bucketStarts, humanSeconds } from './metricsFormat';

const useStyles = makeStyles({
  // Keeps a chart's figures available to screen readers (and tests) without repeating
  // them on screen.
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/**
 * Severity colours: the first two levels in the alarming colours SeverityChip gives
 * them, the rest calmer in policy order, and severities outside the policy grey.
 */
export function severityColor(
  theme: Theme,
  severity: string,
  severities: readonly SeverityLevel[] = [],
): string {
  const byRank = [
    theme.palette.error.main,
    theme.palette.warning.main,
    '#fbc02d',
    theme.palette.info.main,
    theme.palette.grey[500],
  ];
  const index = severities.findIndex(level => level.id === severity);
  const rank =
    index === -1 ? Number(/^P(\d)$/i.exec(severity)?.[1]) - 1 : index;
  return byRank[rank] ?? theme.palette.grey[500];
}

/**
 * Sizes a chart to its box. jsdom (and very old browsers) has no ResizeObserver, which
 * ResponsiveContainer needs; there the chart gets a fixed width instead of none at all.
 */
export function ChartBox(props: { height: number; children: ReactElement }) {
  const { height, children } = props;
  if (typeof ResizeObserver === 'undefined') {
    return cloneElement(children, { width: 640, height });
  }
  return (
    <ResponsiveContainer width="100%" height={height}>
      {children}
    </ResponsiveContainer>
  );
}

/**
 * A chart with its figures as a table that only assistive technology sees, so the
 * numbers are never locked inside an SVG.
 */
export function ChartFigure(props: {
  label: string;
  columns: string[];
  rows: ReactNode[][];
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <Box component="figure" m={0} aria-label={props.label}>
      {props.children}
      <table className={classes.visuallyHidden} aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map(column => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}

/** A compact axis tick for durations: `45s`, `12m`, `3.5h`, `2.1d`. */
function shortSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)}h`;
  return `${+(seconds / 86_400).toFixed(1)}d`;
}

/**
 * Mean time to acknowledge or to resolve per bucket. Buckets where nothing was
 * acknowledged (or resolved) are gaps, not zeros: a zero would read as instant.
 */
export function ResponseTrendChart(props: {
  metrics: IncidentMetrics;
  measure: 'mtta' | 'mttr';
  height?: number;
}) {
  const { metrics, measure, height = 220 } = props;
  const theme = useTheme();
  const key = measure === 'mtta' ? 'mttaMeanSeconds' : 'mttrMeanSeconds';
  const name = measure === 'mtta' ? 'MTTA' : 'MTTR';
  const byBucket = new Map(
    metrics.responseTimesOverTime.map(b => [b.bucketStart, b]),
  );
  const data = bucketStarts(metrics.from, metrics.to, metrics.bucket).map(
    bucketStart => ({
      bucketStart,
      seconds: byBucket.get(bucketStart)?.[key] ?? null,
      incidents: byBucket.get(bucketStart)?.incidents ?? 0,
    }),
  );
  const measured = data.filter(d => d.seconds !== null);
  return (
    <ChartFigure
      label={`${name} per ${metrics.bucket}`}
      columns={[
        metrics.bucket === 'week' ? 'Week of' : 'Day',
        name,
        'Incidents',
      ]}
      rows={measured.map(d => [
        d.bucketStart,
        humanSeconds(d.seconds ?? undefined),
        d.incidents,
      ])}
    >
      {measured.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Nothing was {measure === 'mtta' ? 'acknowledged' : 'resolved'} in this
          range.
        </Typography>
      ) : (
        <ChartBox height={height}>
          <LineChart data={data} margin={{ top: 8, right: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucketStart" tickFormatter={bucketLabel} />
            <YAxis tickFormatter={shortSeconds} width={48} />
            <Tooltip
              labelFormatter={label => bucketLabel(String(label))}
              formatter={(value: number) => [humanSeconds(value), name]}
            />
            <Line
              type="monotone"
              dataKey="seconds"
              name={name}
              stroke={
                measure === 'mtta'
                  ? theme.palette.primary.main
                  : theme.palette.secondary.main
              }
              strokeWidth={2}
              dot={measured.length < 60}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ChartBox>
      )}
    </ChartFigure>
  );
}

/** Incidents per bucket, stacked by severity, most severe at the bottom. */
export function SeverityCountsChart(props: {
  metrics: IncidentMetrics;
  severities?: readonly SeverityLevel[];
  height?: number;
  /** Hides axes, grid and legend for a sparkline-sized chart. */
  compact?: boolean;
}) {
  const { metrics, severities = [], height = 260, compact } = props;
  const theme = useTheme();
  const seen = new Set(metrics.countsOverTime.map(c => c.severity));
  const order = [
    ...severities.map(s => s.id).filter(id => seen.has(id)),
    ...[...seen].filter(id => !severities.some(s => s.id === id)).sort(),
  ];
  const rows = new Map<string, Record<string, number | string>>(
    bucketStarts(metrics.from, metrics.to, metrics.bucket).map(start => [
      start,
      { bucketStart: start },
    ]),
  );
  for (const count of metrics.countsOverTime) {
    const row = rows.get(count.bucketStart) ?? {
      bucketStart: count.bucketStart,
    };
    row[count.severity] = count.count;
    rows.set(count.bucketStart, row);
  }
  const data = [...rows.values()];
  return (
    <ChartFigure
      label={`Incidents by severity per ${metrics.bucket}`}
      columns={[metrics.bucket === 'week' ? 'Week of' : 'Day', ...order]}
      rows={data
        .filter(row => order.some(id => row[id]))
        .map(row => [
          String(row.bucketStart),
          ...order.map(id => row[id] ?? 0),
        ])}
    >
      {order.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No incidents in this range.
        </Typography>
      ) : (
        <ChartBox height={height}>
          <BarChart data={data} margin={{ top: 8, right: 16, left: 0 }}>
            {!compact && <CartesianGrid strokeDasharray="3 3" />}
            <XAxis
              dataKey="bucketStart"
              tickFormatter={bucketLabel}
              hide={compact}
            />
            <YAxis allowDecimals={false} width={32} hide={compact} />
            <Tooltip labelFormatter={label => bucketLabel(String(label))} />
            {!compact && <Legend />}
            {order.map(id => (
              <Bar
                key={id}
                dataKey={id}
                name={id}
                stackId="severity"
                fill={severityColor(theme, id, severities)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ChartBox>
      )}
    </ChartFigure>
  );
}

/** Acknowledgement and resolution breaches side by side for each severity. */
export function BreachesChart(props: {
  metrics: IncidentMetrics;
  height?: number;
}) {
  const { metrics, height = 260 } = props;
  const theme = useTheme();
  const data = metrics.breaches.bySeverity.map(b => ({
    severity: b.severity,
    Acknowledge: b.acknowledgeBreaches,
    Resolve: b.resolveBreaches,
  }));
  return (
    <ChartBox height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="severity" />
        <YAxis allowDecimals={false} width={32} />
        <Tooltip />
        <Legend />
        <Bar
          dataKey="Acknowledge"
          fill={theme.palette.warning.main}
          isAnimationActive={false}
        />
        <Bar
          dataKey="Resolve"
          fill={theme.palette.error.main}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartBox>
  );
}

/** Horizontal bars of named counts, e.g. postmortem funnel stages. */
export function CountBarsChart(props: {
  data: Array<{ name: string; value: number; color?: string }>;
  height?: number;
}) {
  const { data, height = 200 } = props;
  const theme = useTheme();
  return (
    <ChartBox height={height}>
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={96} />
        <Tooltip />
        <Bar dataKey="value" name="Count" isAnimationActive={false}>
          {data.map(d => (
            <Cell key={d.name} fill={d.color ?? theme.palette.primary.main} />
          ))}
        </Bar>
      </BarChart>
    </ChartBox>
  );
}
