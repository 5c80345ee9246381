import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { DateTime, Duration } from 'luxon';

/** An ISO-8601 duration for people, e.g. `PT90M` → `1 hr, 30 min`; `—` when absent. */
export function humanDuration(iso?: string): string {
  if (!iso) return '—';
  const duration = Duration.fromISO(iso).rescale();
  return duration.isValid ? duration.toHuman({ unitDisplay: 'short' }) : iso;
}

/** Milliseconds between two instants, at minute precision for display. */
export function humanElapsed(fromIso: string, to: DateTime): string {
  const millis = Math.max(
    0,
    to.toMillis() - DateTime.fromISO(fromIso).toMillis(),
  );
  const minutes = Math.floor(millis / 60_000);
  if (minutes < 1) return 'under 1 min';
  return Duration.fromObject({ minutes })
    .rescale()
    .toHuman({ unitDisplay: 'short' });
}

/** How far an incident is from a target measured since `fromIso`. */
export type TargetState = 'none' | 'within' | 'breached';

/** Whether `now - fromIso` exceeds the ISO duration `target`. */
export function targetState(
  fromIso: string,
  target: string | undefined,
  now: DateTime,
): TargetState {
  if (!target) return 'none';
  const limit = Duration.fromISO(target);
  if (!limit.isValid) return 'none';
  const elapsed = now.toMillis() - DateTime.fromISO(fromIso).toMillis();
  return elapsed > limit.toMillis() ? 'breached' : 'within';
}

/** The label of a severity id, e.g. `P1 · Critical`, or the id when the policy lacks it. */
export function severityLabel(
  policy: readonly SeverityLevel[] | undefined,
  id: string,
): string {
  const level = policy?.find(l => l.id === id);
  return level ? `${level.id} · ${level.label}` : id;
}

/** An instant in UTC, as the incident process records times. */
export function utc(iso?: string): string {
  if (!iso) return '—';
  return DateTime.fromISO(iso).toUTC().toFormat("yyyy-LL-dd HH:mm 'UTC'");
}
