import { MetricsBucket } from '@firebreak/plugin-incidents-common';
import { DateTime, Duration } from 'luxon';

/** The ranges the dashboard offers, in days. */
export const RANGE_DAYS = [7, 30, 90, 365] as const;

/** One of {@link RANGE_DAYS}. */
export type RangeDays = (typeof RANGE_DAYS)[number];

/** The range shown when the URL names none or an unknown one. */
export const DEFAULT_RANGE_DAYS: RangeDays = 30;

/** A range from the URL, falling back to {@link DEFAULT_RANGE_DAYS}. */
export function parseRangeDays(value: string | null | undefined): RangeDays {
  const days = Number(value);
  return RANGE_DAYS.find(d => d === days) ?? DEFAULT_RANGE_DAYS;
}

/**
 * The query window of the last `days` UTC days, today included. Days up to a month are
 * bucketed by day, longer ranges by ISO week; a weekly window starts on the Monday of
 * its first day so that the first bar is a whole week rather than a misleading stub.
 */
export function metricsWindow(
  days: number,
  now: DateTime = DateTime.utc(),
): { from: string; to: string; bucket: MetricsBucket } {
  const today = now.toUTC().startOf('day');
  const bucket: MetricsBucket = days <= 30 ? 'day' : 'week';
  const first = today.minus({ days: days - 1 });
  const from = bucket === 'week' ? first.startOf('week') : first;
  return {
    from: from.toISO()!,
    to: today.plus({ days: 1 }).toISO()!,
    bucket,
  };
}

/**
 * Every bucket start (`YYYY-MM-DD`) of the window, so that charts show quiet days and
 * weeks as zero instead of silently joining their neighbours.
 */
export function bucketStarts(
  from: string,
  to: string,
  bucket: MetricsBucket,
): string[] {
  const end = DateTime.fromISO(to, { zone: 'utc' });
  let start = DateTime.fromISO(from, { zone: 'utc' }).startOf(
    bucket === 'week' ? 'week' : 'day',
  );
  const starts: string[] = [];
  // The API refuses ranges over 400 days; the bound only guards a malformed answer.
  while (start < end && starts.length < 500) {
    starts.push(start.toISODate()!);
    start = start.plus(bucket === 'week' ? { weeks: 1 } : { days: 1 });
  }
  return starts;
}

/**
 * A duration in seconds for people, at the precision a response time deserves: seconds
 * under a minute, minutes under a day, hours beyond (`1 hr, 30 min`, `2 days, 3 hr`).
 */
export function humanSeconds(seconds?: number): string {
  if (seconds === undefined || Number.isNaN(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) {
    return Duration.fromObject({ seconds: whole }).toHuman({
      unitDisplay: 'short',
    });
  }
  const step = whole < 86_400 ? 60 : 3600;
  return Duration.fromObject({ seconds: Math.round(whole / step) * step })
    .rescale()
    .toHuman({ unitDisplay: 'short' });
}

/** A ratio (0–1) as a whole percentage; `—` when there is nothing to divide. */
export function percent(ratio?: number): string {
  return ratio === undefined ? '—' : `${Math.round(ratio * 100)}%`;
}

/** A short axis label for a bucket start: `Mar 2`. */
export function bucketLabel(bucketStart: string): string {
  return DateTime.fromISO(bucketStart, { zone: 'utc' }).toFormat('LLL d');
}

const SECONDS = { suffix: 's', seconds: 1, steps: [1, 2, 5, 10, 15, 30] };
const MINUTES = { suffix: 'm', seconds: 60, steps: [1, 2, 5, 10, 15, 30] };
const HOURS = { suffix: 'h', seconds: 3600, steps: [1, 2, 3, 6, 12] };
const DAYS = { suffix: 'd', seconds: 86_400, steps: [1, 2, 5, 7, 14, 30] };

/**
 * Axis ticks for durations up to `maxSeconds` on round values of one unit (`0, 3h, 6h,
 * 9h` rather than `4.2h, 8.3h`): the unit that reads best for the maximum, and the
 * smallest listed step that needs at most four intervals.
 */
export function durationTicks(maxSeconds: number): {
  ticks: number[];
  label: (seconds: number) => string;
} {
  const max = Math.max(maxSeconds, 1);
  let unit = DAYS;
  if (max < 90) unit = SECONDS;
  else if (max < 90 * 60) unit = MINUTES;
  else if (max < 48 * 3600) unit = HOURS;
  const inUnit = max / unit.seconds;
  const step =
    unit.steps.find(s => inUnit / s <= 4) ??
    // Only days run past their steps: a whole number of months.
    Math.ceil(inUnit / 4 / 30) * 30;
  const ticks = [0];
  while (ticks[ticks.length - 1] < inUnit) {
    ticks.push(ticks[ticks.length - 1] + step);
  }
  return {
    ticks: ticks.map(n => n * unit.seconds),
    label: seconds => `${Math.round(seconds / unit.seconds)}${unit.suffix}`,
  };
}

/** A ratio such as alerts per incident, to one decimal place: `1.0161` reads `1`. */
export function decimal(value?: number): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(
    value,
  );
}

/**
 * The width a Y axis needs for its longest tick label, so labels such as `400` are not
 * clipped to `00`: about 8 px per character at the axis font size, plus the tick line.
 */
export function axisWidth(labels: string[]): number {
  const longest = Math.max(1, ...labels.map(l => l.length));
  return 16 + longest * 8;
}
