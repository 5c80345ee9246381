import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DEFAULT_ONCALL_TIMEZONE,
  EscalationLevel,
  isEscalationRole,
  OncallNow,
  OncallOverride,
  OncallRotation,
  OncallShift,
  ScheduledShift,
} from '@firebreak/plugin-incidents-common';
import { DateTime, Duration } from 'luxon';

/** What {@link resolveOncall} and {@link nextShifts} need to know about a team. */
export interface ResolveOncallInput {
  /** The team's group ref; short forms (`group:payments`) are normalised. */
  groupRef: string;
  /** The parsed `firebreak.dev/oncall` annotation, if the group has a usable one. */
  rotation?: OncallRotation;
  /** Members of the group as the catalog lists them. */
  members: string[];
  /** Stored overrides; those of other groups or not covering the instant are ignored. */
  overrides: OncallOverride[];
  now: Date;
}

export type { OncallShift, ScheduledShift };

/**
 * Normalises an entity ref to its full lower-case form (`user:default/alice`). A ref that
 * does not parse is returned lower-cased, so bad data never makes resolution throw.
 */
export function normalizeRef(
  ref: string,
  defaultKind: 'user' | 'group',
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

function unique(refs: string[]): string[] {
  return [...new Set(refs)];
}

/** Shift boundaries of a rotation: boundary(k) is when rotation[k mod n] takes over. */
interface Schedule {
  users: string[];
  boundary(k: number): number;
  /** The k with boundary(k) <= t < boundary(k + 1). */
  indexAt(t: number): number;
  userAt(k: number): string;
}

function buildSchedule(
  rotation: OncallRotation | undefined,
): Schedule | undefined {
  if (!rotation || rotation.rotation.length === 0) return undefined;
  const zone = rotation.timezone || DEFAULT_ONCALL_TIMEZONE;
  const start = DateTime.fromISO(rotation.start, { zone });
  const shift = Duration.fromISO(rotation.shift);
  const approxMs = shift.isValid ? shift.toMillis() : 0;
  // The annotation parser refuses these, but rotations can come from elsewhere; an
  // unusable one is treated like no rotation rather than looping or throwing.
  if (
    !start.isValid ||
    !shift.isValid ||
    !(approxMs > 0) ||
    Object.values(shift.toObject()).some(v => v! < 0)
  ) {
    return undefined;
  }
  const users = rotation.rotation.map(r => normalizeRef(r, 'user'));
  const n = users.length;
  // Always k * shift from `start`, never repeated additions: luxon adds calendar units
  // (days, weeks, months) in local time of `zone`, so a P1D handover stays at 09:00
  // local across DST, while time units (PT12H) are real elapsed time; and P1M from
  // Jan 31 does not drift to the 28th after February.
  const boundary = (k: number) =>
    start.plus(shift.mapUnits(v => v * k)).toMillis();
  const startMs = start.toMillis();
  const indexAt = (t: number) => {
    // Estimate with the average shift length, then step: DST and month lengths make the
    // estimate off by at most a few shifts, and boundaries strictly increase.
    let k = Math.floor((t - startMs) / approxMs);
    while (boundary(k) > t) k--;
    while (boundary(k + 1) <= t) k++;
    return k;
  };
  const userAt = (k: number) => users[((k % n) + n) % n];
  return { users, boundary, indexAt, userAt };
}

function overridesOf(input: ResolveOncallInput, groupRef: string) {
  return input.overrides.filter(
    o =>
      normalizeRef(o.groupRef, 'group') === groupRef &&
      Date.parse(o.startsAt) < Date.parse(o.endsAt),
  );
}

/**
 * The override in force at `t`: [startsAt, endsAt) covers it; when several do, the most
 * recently created wins, as the latest arrangement someone made.
 */
function overrideAt(overrides: OncallOverride[], t: number) {
  let best: OncallOverride | undefined;
  for (const o of overrides) {
    if (Date.parse(o.startsAt) <= t && t < Date.parse(o.endsAt)) {
      if (
        !best ||
        Date.parse(o.createdAt) > Date.parse(best.createdAt) ||
        (o.createdAt === best.createdAt && o.id > best.id)
      ) {
        best = o;
      }
    }
  }
  return best;
}

const iso = (ms: number) => new Date(ms).toISOString();

function normalizeLevels(levels: EscalationLevel[]): EscalationLevel[] {
  return levels.map(l => ({
    after: l.after,
    notify: l.notify.map(t =>
      isEscalationRole(t) ? t : normalizeRef(t, 'user'),
    ),
  }));
}

/** The rotation's escalation policy with its refs in full form, for {@link OncallNow}. */
function policyOf(rotation: OncallRotation | undefined): Partial<OncallNow> {
  if (!rotation) return {};
  const bySeverity = rotation.escalationBySeverity;
  return {
    ...(rotation.escalationLevels && {
      escalationLevels: normalizeLevels(rotation.escalationLevels),
    }),
    ...(bySeverity && {
      escalationBySeverity: Object.fromEntries(
        Object.entries(bySeverity).map(([id, levels]) => [
          id,
          normalizeLevels(levels),
        ]),
      ),
    }),
    ...(rotation.escalationRepeat && {
      escalationRepeat: rotation.escalationRepeat,
    }),
  };
}

/**
 * Who is on call for a team at `input.now`.
 *
 * With a rotation, shifts start at `rotation.start` and follow every `rotation.shift`,
 * counted in `rotation.timezone` (default UTC); the primary is the rotation entry of the
 * current shift and the secondary the next one (when the rotation has two or more). An
 * override covering `now` replaces the primary; the replaced person becomes secondary.
 * Without a rotation the members are the on-call set (`source: 'members'`), and without
 * either the answer is `source: 'unknown'`. Overrides apply in every case. All refs in
 * the result are in full form (`user:default/alice`).
 */
export function resolveOncall(input: ResolveOncallInput): OncallNow {
  const groupRef = normalizeRef(input.groupRef, 'group');
  const members = unique(input.members.map(m => normalizeRef(m, 'user')));
  const t = input.now.getTime();
  const override = overrideAt(overridesOf(input, groupRef), t);
  const overrideUser = override && normalizeRef(override.userRef, 'user');
  const schedule = buildSchedule(input.rotation);

  if (!schedule) {
    return {
      groupRef,
      source: members.length ? 'members' : 'unknown',
      ...(overrideUser ? { primary: overrideUser, override } : {}),
      escalation: [],
      members,
    };
  }

  const k = schedule.indexAt(t);
  const scheduled = schedule.userAt(k);
  const next = schedule.users.length > 1 ? schedule.userAt(k + 1) : undefined;
  let primary = scheduled;
  let secondary = next !== scheduled ? next : undefined;
  if (overrideUser) {
    primary = overrideUser;
    // The replaced person backs the cover up; an override by the scheduled person
    // themselves (e.g. extending into their own shift) changes nothing else.
    if (overrideUser !== scheduled) secondary = scheduled;
  }
  return {
    groupRef,
    source: 'rotation',
    primary,
    ...(secondary ? { secondary } : {}),
    escalation: (input.rotation?.escalation ?? []).map(r =>
      normalizeRef(r, 'user'),
    ),
    ...policyOf(input.rotation),
    shiftStart: iso(schedule.boundary(k)),
    shiftEnd: iso(schedule.boundary(k + 1)),
    ...(override ? { override } : {}),
    members,
  };
}

/** At most this many entries are returned, whatever `count` asks for. */
const MAX_SHIFTS = 200;
/** Rotation shifts looked at before giving up (guards against endless overrides). */
const MAX_SCAN = 10_000;

/** A stretch of the primary's schedule in epoch ms, with its rotation shift index. */
type Piece = {
  userRef: string;
  start: number;
  end: number;
  overrideId?: number;
  override?: OncallOverride;
  k: number;
};

/**
 * The primary's stretches from the one in force at `fromMs` on, overrides cut in, one
 * rotation shift at a time for as long as `more(pieces so far)` says so. Callers ask for
 * one stretch beyond what they need, since the last one may still grow by merging.
 */
function schedulePieces(
  schedule: Schedule,
  overrides: OncallOverride[],
  fromMs: number,
  more: (pieces: Piece[]) => boolean,
): Piece[] {
  const result: Piece[] = [];
  const first = schedule.indexAt(fromMs);
  for (let k = first; more(result) && k - first < MAX_SCAN; k++) {
    const shiftStart = schedule.boundary(k);
    const shiftEnd = schedule.boundary(k + 1);
    const cuts = new Set([shiftStart, shiftEnd]);
    for (const o of overrides) {
      for (const c of [Date.parse(o.startsAt), Date.parse(o.endsAt)]) {
        if (c > shiftStart && c < shiftEnd) cuts.add(c);
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      if (end <= fromMs) continue;
      const o = overrideAt(overrides, start);
      const userRef = o ? normalizeRef(o.userRef, 'user') : schedule.userAt(k);
      const last = result[result.length - 1];
      // One override spanning several shifts, or a piece split by an override that
      // did not win, is one stretch; plain rotation shifts of the same person are not
      // merged, so a single-person rotation still lists its shifts.
      if (
        last &&
        last.end === start &&
        last.userRef === userRef &&
        last.overrideId === o?.id &&
        (o !== undefined || last.k === k)
      ) {
        last.end = end;
      } else {
        result.push({ userRef, start, end, overrideId: o?.id, override: o, k });
      }
    }
  }
  return result;
}

const toShift = (s: Piece): OncallShift => ({
  userRef: s.userRef,
  start: iso(s.start),
  end: iso(s.end),
  ...(s.overrideId !== undefined ? { overrideId: s.overrideId } : {}),
});

/**
 * The primary's schedule from `input.now` on: the stretch in force at `now` first (with
 * its real start, possibly before `now`), then the following ones, `count` in all.
 * Overrides cut rotation shifts into pieces, so the first entry's `end` answers "on call
 * until when". Empty without a (usable) rotation.
 */
export function nextShifts(
  input: ResolveOncallInput,
  count: number,
): OncallShift[] {
  const schedule = buildSchedule(input.rotation);
  const limit = Math.min(Math.max(0, Math.floor(count)), MAX_SHIFTS);
  if (!schedule || limit === 0) return [];
  const overrides = overridesOf(input, normalizeRef(input.groupRef, 'group'));
  return schedulePieces(
    schedule,
    overrides,
    input.now.getTime(),
    pieces => pieces.length < limit + 1,
  )
    .slice(0, limit)
    .map(toShift);
}

/** At most this many stretches are listed for a window, however long it is. */
export const MAX_WINDOW_SHIFTS = 500;

/**
 * A team's schedule over [input.now, to): every stretch overlapping it (the first may
 * start before `now`), primary and secondary as {@link resolveOncall} answers them at
 * the stretch's start: the next person of the rotation backs the primary up, and under
 * an override the person it replaced does. Stops after {@link MAX_WINDOW_SHIFTS}
 * stretches (`truncated`). Empty without a (usable) rotation.
 */
export function shiftsBetween(
  input: ResolveOncallInput,
  to: Date,
): { shifts: ScheduledShift[]; truncated: boolean } {
  const schedule = buildSchedule(input.rotation);
  if (!schedule) return { shifts: [], truncated: false };
  const overrides = overridesOf(input, normalizeRef(input.groupRef, 'group'));
  const toMs = to.getTime();
  const pieces = schedulePieces(
    schedule,
    overrides,
    input.now.getTime(),
    found =>
      found.length <= MAX_WINDOW_SHIFTS &&
      (found.length === 0 || found[found.length - 1].end <= toMs),
  ).filter(p => p.start < toMs);
  const truncated = pieces.length > MAX_WINDOW_SHIFTS;
  const shifts = pieces.slice(0, MAX_WINDOW_SHIFTS).map(p => {
    const scheduled = schedule.userAt(p.k);
    // Under an override the replaced person backs it up; otherwise the next in turn.
    let secondary: string | undefined = schedule.userAt(p.k + 1);
    if (p.override && p.userRef !== scheduled) secondary = scheduled;
    if (secondary === p.userRef) secondary = undefined;
    return {
      ...toShift(p),
      ...(secondary ? { secondaryRef: secondary } : {}),
    };
  });
  return { shifts, truncated };
}
