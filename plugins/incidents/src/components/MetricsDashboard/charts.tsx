import {
  IncidentMetrics,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import { makeStyles, useTheme } from '@material-ui/core/styles';
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
import { severityColor } from '../IncidentChips';
import {
  axisWidth,
  bucketLabel,
  bucketStarts,
  durationTicks,
  humanSeconds,
} from './metricsFormat';

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

/** Severity colours, as the severity chips draw them (re-exported for the charts' users). */
export { severityColor };

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

/**
 * Axis and tooltip colours from the theme: recharts' defaults are mid-grey ticks and a
 * white tooltip, which read poorly on the dark theme.
 */
function useChartStyle() {
  const theme = useTheme();
  return {
    tick: { fill: theme.palette.text.secondary, fontSize: 12 },
    grid: theme.palette.divider,
    tooltip: {
      contentStyle: {
        backgroundColor: theme.palette.background.paper,
        borderColor: theme.palette.divider,
        color: theme.palette.text.primary,
      },
      labelStyle: { color: theme.palette.text.primary },
      cursor: { fill: theme.palette.action.hover },
    },
  };
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
  const style = useChartStyle();
  const yTicks = durationTicks(Math.max(0, ...measured.map(d => d.seconds!)));
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
            <CartesianGrid strokeDasharray="3 3" stroke={style.grid} />
            <XAxis
              dataKey="bucketStart"
              tickFormatter={bucketLabel}
              tick={style.tick}
              minTickGap={16}
            />
            <YAxis
              ticks={yTicks.ticks}
              domain={[0, yTicks.ticks[yTicks.ticks.length - 1]]}
              tickFormatter={yTicks.label}
              tick={style.tick}
              width={axisWidth(yTicks.ticks.map(yTicks.label))}
            />
            <Tooltip
              {...style.tooltip}
              cursor={{ stroke: style.grid }}
              labelFormatter={label => bucketLabel(String(label))}
              formatter={(value: number) => [humanSeconds(value), name]}
            />
            <Legend />
            {/* Straight segments between measured buckets only: a bucket where nothing
                was acknowledged or resolved is a gap, never a curve through it. */}
            <Line
              type="linear"
              dataKey="seconds"
              name={`${name} (mean)`}
              stroke={
                measure === 'mtta'
                  ? theme.palette.primary.main
                  : theme.palette.secondary.main
              }
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls={false}
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
  const style = useChartStyle();
  const highest = Math.max(
    0,
    ...data.map(row => order.reduce((n, id) => n + Number(row[id] ?? 0), 0)),
  );
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
            {!compact && (
              <CartesianGrid strokeDasharray="3 3" stroke={style.grid} />
            )}
            <XAxis
              dataKey="bucketStart"
              tickFormatter={bucketLabel}
              tick={style.tick}
              minTickGap={16}
              hide={compact}
            />
            <YAxis
              allowDecimals={false}
              tick={style.tick}
              width={axisWidth([String(highest)])}
              hide={compact}
            />
            <Tooltip
              {...style.tooltip}
              labelFormatter={label => bucketLabel(String(label))}
            />
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
  const style = useChartStyle();
  const highest = Math.max(
    0,
    ...data.map(d => Math.max(d.Acknowledge, d.Resolve)),
  );
  return (
    <ChartBox height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={style.grid} />
        <XAxis dataKey="severity" tick={style.tick} />
        <YAxis
          allowDecimals={false}
          tick={style.tick}
          width={axisWidth([String(highest)])}
        />
        <Tooltip {...style.tooltip} />
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
  const style = useChartStyle();
  return (
    <ChartBox height={height}>
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, left: 8 }}
      >
        <CartesianGrid
          strokeDasharray="3 3"
          horizontal={false}
          stroke={style.grid}
        />
        <XAxis type="number" allowDecimals={false} tick={style.tick} />
        <YAxis
          type="category"
          dataKey="name"
          tick={style.tick}
          width={axisWidth(data.map(d => d.name))}
        />
        <Tooltip {...style.tooltip} />
        <Bar dataKey="value" name="Count" isAnimationActive={false}>
          {data.map(d => (
            <Cell key={d.name} fill={d.color ?? theme.palette.primary.main} />
          ))}
        </Bar>
      </BarChart>
    </ChartBox>
  );
}
