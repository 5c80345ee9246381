import { DateTime, Duration } from 'luxon';

/**
 * Times on the schedule page are shown in the viewer's zone (luxon's default zone,
 * which is the browser's), with the zone's offset so a daylight-saving change reads as
 * one: "Sat 27 Mar, 09:00 GMT+1" then "Sun 28 Mar, 09:00 GMT+2".
 */
export function viewerTime(iso: string): string {
  return DateTime.fromISO(iso).toLocal().toFormat('ccc d LLL, HH:mm ZZZZ');
}

/**
 * A stretch in the viewer's zone, the offset written once when the clocks do not change
 * in between: "Sun 21 Mar, 09:00 → Mon 22 Mar, 09:00 GMT+1", "Mon 22 Mar, 09:00 → 21:00
 * GMT+1", and "Sat 27 Mar, 09:00 GMT+1 → Sun 28 Mar, 09:00 GMT+2" across a change.
 */
export function viewerRange(startIso: string, endIso: string): string {
  const start = DateTime.fromISO(startIso).toLocal();
  const end = DateTime.fromISO(endIso).toLocal();
  if (start.offset !== end.offset) {
    return `${viewerTime(startIso)} → ${viewerTime(endIso)}`;
  }
  const endText = start.hasSame(end, 'day')
    ? end.toFormat('HH:mm ZZZZ')
    : end.toFormat('ccc d LLL, HH:mm ZZZZ');
  return `${start.toFormat('ccc d LLL, HH:mm')} → ${endText}`;
}

/** The viewer's IANA zone name, e.g. `Europe/Berlin`. */
export function viewerZone(): string {
  return DateTime.local().zoneName ?? 'UTC';
}

/** "7 days", "23 hr", "1 day, 12 hr": how long a stretch lasts in real time. */
export function stretchLength(startIso: string, endIso: string): string {
  const length = DateTime.fromISO(endIso)
    .diff(DateTime.fromISO(startIso))
    .shiftTo('days', 'hours', 'minutes');
  const parts = Object.fromEntries(
    Object.entries(length.toObject()).filter(([, v]) => v && v > 0),
  );
  return Object.keys(parts).length
    ? Duration.fromObject(parts).toHuman({ unitDisplay: 'short' })
    : '0 min';
}

/**
 * When the viewer's clocks change during a stretch: "Clocks go forward 1 hr" (or back).
 * Undefined when the offset at the end is the offset at the start.
 */
export function clockChange(
  startIso: string,
  endIso: string,
): string | undefined {
  const start = DateTime.fromISO(startIso).toLocal();
  const end = DateTime.fromISO(endIso).toLocal();
  const minutes = end.offset - start.offset;
  if (minutes === 0) return undefined;
  const by = Duration.fromObject(
    Math.abs(minutes) % 60 === 0
      ? { hours: Math.abs(minutes) / 60 }
      : { minutes: Math.abs(minutes) },
  ).toHuman({ unitDisplay: 'short' });
  return `Clocks go ${minutes > 0 ? 'forward' : 'back'} ${by} (${start.toFormat(
    'ZZZZ',
  )} → ${end.toFormat('ZZZZ')})`;
}

/** "P7D" → "7 days", "PT12H" → "12 hr": a rotation's shift as people say it. */
export function shiftLength(iso: string): string {
  const duration = Duration.fromISO(iso);
  return duration.isValid ? duration.toHuman({ unitDisplay: 'long' }) : iso;
}

/**
 * The first instant of the window the page shows: the start of the day `date`
 * (`yyyy-MM-dd`) in the viewer's zone, or undefined for a missing or invalid date.
 */
export function windowStart(date: string | null): DateTime | undefined {
  if (!date) return undefined;
  const day = DateTime.fromISO(date);
  return day.isValid && /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? day.startOf('day')
    : undefined;
}

/** A `datetime-local` input's value (viewer's zone) as an ISO instant, or undefined. */
export function instantOfLocalInput(value: string): string | undefined {
  const t = DateTime.fromISO(value);
  return value && t.isValid ? t.toUTC().toISO() ?? undefined : undefined;
}
