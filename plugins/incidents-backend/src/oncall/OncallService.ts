import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  DEFAULT_ONCALL_TIMEZONE,
  OncallNow,
  OncallOverride,
  OncallSchedule,
} from '@firebreak/plugin-incidents-common';
import { z } from 'zod';
import { CatalogGateway } from '../catalog/CatalogGateway';
import {
  instantMessage,
  normaliseEntityRef,
  readInstant,
} from '../validation/inputs';
import { OncallOverrideStore } from './OncallOverrideStore';
import {
  nextShifts,
  OncallShift,
  resolveOncall,
  ScheduledShift,
  shiftsBetween,
} from './resolveOncall';

/** Options of {@link OncallService}. */
export interface OncallServiceOptions {
  catalog: Pick<CatalogGateway, 'getOwnerRef' | 'getTeam'>;
  store: OncallOverrideStore;
  clock?: () => Date;
}

/**
 * A request to create an override, as the API receives it. Validated at run time, so a
 * parsed JSON body can be passed as is.
 */
export interface NewOverrideRequest {
  /** Group ref; `group:payments` and `payments` mean `group:default/payments`. */
  groupRef: string;
  /** User ref of the person covering; `user:dana` and `dana` mean `user:default/dana`. */
  userRef: string;
  /** ISO-8601 date-time with offset (or a Date). */
  startsAt: string | Date;
  /** ISO-8601 date-time with offset (or a Date); exclusive. */
  endsAt: string | Date;
  /** Up to 500 characters. */
  reason?: string | null;
}

/** On-call for the owner of an entity, and whether the catalog could tell. */
export interface EntityOncall {
  entityRef: string;
  /** Owner ref; absent when the catalog could not be read or the entity has no owner. */
  ownerRef?: string;
  /**
   * False when a catalog read failed; the answer is then partial, unless it came from
   * the last known catalog snapshot (`snapshotAt`).
   */
  catalogAvailable: boolean;
  /**
   * Set when the owner or its team came from the last known catalog snapshot because
   * the catalog could not be read: when the catalog last said so (ISO-8601 UTC; the
   * older of the two).
   */
  snapshotAt?: string;
  /**
   * On-call of the owner. Absent when no owner is known (no owner, unknown entity, or
   * the catalog was down before the owner could be read); `source: 'unknown'` when the
   * owner is known but its team could not be read.
   */
  oncall?: OncallNow;
}

/** One of the user's teams with their shift in force and their next one. */
export type UserGroupShifts = {
  groupRef: string;
  /** The team's title in the catalog, when it has one. */
  title?: string;
  /** The stretch the user is primary for at the instant asked about. */
  current?: OncallShift;
  /** The user's first stretch as primary after that instant (after `current`). */
  next?: OncallShift;
  /** With `until`: every stretch of the user's from `current` on that starts before it. */
  upcoming?: ScheduledShift[];
};

/** A user's on-call shifts across their teams, see {@link OncallService.getShiftsForUser}. */
export type UserShifts = {
  userRef: string;
  /** The instant the answer is for (ISO-8601 UTC). */
  at: string;
  /** Teams where the user is on call now or has a shift coming, by `current` then `next` start. */
  items: UserGroupShifts[];
  /** False when a team could not be read from the catalog (nor its last snapshot). */
  catalogAvailable: boolean;
};

/** A team's schedule over a window, see {@link OncallService.getTeamSchedule}. */
export type TeamSchedule = OncallSchedule;

/** Window of a schedule when none is given, and the longest one answered. */
const DEFAULT_SCHEDULE_DAYS = 28;
const MAX_SCHEDULE_DAYS = 92;
const DAY_MS = 24 * 3600_000;

/** Longest override allowed: longer cover belongs in the rotation itself. */
const MAX_OVERRIDE_MS = 31 * 24 * 3600_000;

function entityRefOf(kind: 'group' | 'user', example: string) {
  const message = `must be a ${kind} entity ref such as ${kind}:default/${example}`;
  return z.unknown().transform((value, ctx) => {
    try {
      if (typeof value !== 'string') throw new Error();
      const ref = parseEntityRef(normaliseEntityRef(value, 'ref', kind));
      if (ref.kind.toLocaleLowerCase('en-US') !== kind) throw new Error();
      return stringifyEntityRef(ref);
    } catch {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
  });
}

// Only z.object, z.unknown and transforms are used, with our own messages, so the
// messages are the same whichever zod major version the workspace resolves.
const instant = z.unknown().transform((value, ctx) => {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const result = readInstant(value);
  if ('problem' in result) {
    // The field name is prefixed by the schema's issue path.
    ctx.addIssue({
      code: 'custom',
      message: instantMessage('', result.problem).trim(),
    });
    return z.NEVER;
  }
  return result.instant;
});

const overrideSchema = z.object({
  groupRef: entityRefOf('group', 'payments'),
  userRef: entityRefOf('user', 'alice'),
  startsAt: instant,
  endsAt: instant,
  reason: z
    .unknown()
    .transform((value, ctx) => {
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'string') {
        ctx.addIssue({ code: 'custom', message: 'must be a string' });
        return z.NEVER;
      }
      const reason = value.trim();
      if (reason.length > 500) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be at most 500 characters',
        });
        return z.NEVER;
      }
      return reason || undefined;
    })
    // An absent reason is fine (zod 4 treats a bare transform's key as required).
    .optional(),
});

function invalid(problems: string[]): InputError {
  return new InputError(`Invalid on-call override: ${problems.join('; ')}`);
}

/**
 * Answers "who is on call" for teams and entities (catalog owner → team rotation or
 * members → stored overrides), and manages overrides. Catalog outages never make it
 * throw: the answer then comes from the last known catalog snapshot (`snapshotAt`), or
 * without one has `source: 'unknown'` (stored overrides still apply), or,
 * for an entity whose owner could not be read, `catalogAvailable: false` and no on-call.
 * Malformed refs and invalid overrides are `InputError`s, missing overrides
 * `NotFoundError`s.
 */
export class OncallService {
  private readonly catalog: OncallServiceOptions['catalog'];
  private readonly store: OncallOverrideStore;
  private readonly clock: () => Date;

  constructor(options: OncallServiceOptions) {
    this.catalog = options.catalog;
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Who is on call for a group at `at` (default now). */
  async getOncallForGroup(groupRef: string, at?: Date): Promise<OncallNow> {
    return (await this.resolve(this.normalize(groupRef, 'group'), at)).oncall;
  }

  /** Who is on call for the owner of an entity at `at` (default now). */
  async getOncallForEntity(
    entityRef: string,
    at?: Date,
  ): Promise<EntityOncall> {
    const ref = this.normalize(entityRef);
    const owner = await this.catalog.getOwnerRef(ref);
    if (!owner.available) return { entityRef: ref, catalogAvailable: false };
    const ownerSnapshotAt = owner.snapshot?.takenAt;
    if (!owner.value) {
      return {
        entityRef: ref,
        catalogAvailable: !ownerSnapshotAt,
        ...(ownerSnapshotAt && { snapshotAt: ownerSnapshotAt }),
      };
    }
    const resolved = await this.resolve(owner.value, at);
    // ISO-8601 UTC text sorts chronologically: the older snapshot bounds the answer.
    const snapshotAt = [ownerSnapshotAt, resolved.snapshotAt]
      .filter((t): t is string => !!t)
      .sort()[0];
    return {
      entityRef: ref,
      ownerRef: owner.value,
      catalogAvailable: resolved.catalogAvailable && !ownerSnapshotAt,
      oncall: resolved.oncall,
      ...(snapshotAt && { snapshotAt }),
    };
  }

  /**
   * The primary's schedule of a group from `at` (default now): the stretch in force
   * first, then the next ones, `count` (default 5) in all; overrides included. Empty
   * when the group has no rotation or the catalog is down.
   */
  async getScheduleForGroup(
    groupRef: string,
    options: { count?: number; at?: Date } = {},
  ): Promise<OncallShift[]> {
    const ref = this.normalize(groupRef, 'group');
    const now = options.at ?? this.clock();
    const team = await this.catalog.getTeam(ref);
    const rotation = team.available ? team.value?.rotation : undefined;
    if (!rotation) return [];
    const overrides = await this.store.listOncallOverrides({
      groupRefs: [ref],
      from: now,
    });
    return nextShifts(
      { groupRef: ref, rotation, members: [], overrides, now },
      options.count ?? 5,
    );
  }

  /**
   * A team's schedule over [from, to) (default: four weeks from now; at most 92 days),
   * primary and secondary of every stretch, overrides included; what the schedule page
   * shows. Bad windows are `InputError`s naming `from` or `to`.
   */
  async getTeamSchedule(
    groupRef: string,
    window: { from?: Date; to?: Date } = {},
  ): Promise<TeamSchedule> {
    const ref = this.normalize(groupRef, 'group');
    const from = window.from ?? this.clock();
    const to =
      window.to ?? new Date(from.getTime() + DEFAULT_SCHEDULE_DAYS * DAY_MS);
    if (to <= from) throw new InputError(`'to' must be after 'from'`);
    if (to.getTime() - from.getTime() > MAX_SCHEDULE_DAYS * DAY_MS) {
      throw new InputError(
        `'to' must be at most ${MAX_SCHEDULE_DAYS} days after 'from'`,
      );
    }
    const [team, overrides] = await Promise.all([
      this.catalog.getTeam(ref),
      this.store.listOncallOverrides({ groupRefs: [ref], from, to }),
    ]);
    const value = team.available ? team.value : undefined;
    const rotation = value?.rotation;
    const { shifts, truncated } = shiftsBetween(
      { groupRef: ref, rotation, members: [], overrides, now: from },
      to,
    );
    const snapshotAt = team.available ? team.snapshot?.takenAt : undefined;
    return {
      groupRef: ref,
      ...(value?.title !== undefined && { title: value.title }),
      ...(rotation && {
        timezone: rotation.timezone ?? DEFAULT_ONCALL_TIMEZONE,
        shift: rotation.shift,
      }),
      from: from.toISOString(),
      to: to.toISOString(),
      shifts,
      truncated,
      catalogAvailable: team.available && !snapshotAt,
      ...(snapshotAt && { snapshotAt }),
    };
  }

  /**
   * Where `userRef` is the primary now and next, across `groupRefs` (the user's teams):
   * rotations with overrides cut in, as {@link getScheduleForGroup} lists them. Teams
   * without a rotation (every member on call) and teams where the user has no shift are
   * left out; so are teams the catalog could not tell about (`catalogAvailable: false`).
   */
  async getShiftsForUser(options: {
    userRef: string;
    groupRefs: string[];
    at?: Date;
    /** Also list each team's stretches of the user's up to here (at most 92 days on). */
    until?: Date;
  }): Promise<UserShifts> {
    const userRef = this.normalize(options.userRef, 'user');
    const groupRefs = [
      ...new Set(options.groupRefs.map(ref => this.normalize(ref, 'group'))),
    ];
    const now = options.at ?? this.clock();
    const { until } = options;
    if (until && until <= now) {
      throw new InputError(`'until' must be after 'at'`);
    }
    if (until && until.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * DAY_MS) {
      throw new InputError(
        `'until' must be at most ${MAX_SCHEDULE_DAYS} days after 'at'`,
      );
    }
    const teams = await Promise.all(
      groupRefs.map(ref => this.catalog.getTeam(ref)),
    );
    const overrides = groupRefs.length
      ? await this.store.listOncallOverrides({ groupRefs, from: now })
      : [];
    const items: UserGroupShifts[] = [];
    teams.forEach((team, i) => {
      const rotation = team.available ? team.value?.rotation : undefined;
      if (!team.available || !rotation) return;
      const groupRef = groupRefs[i];
      const own = overrides.filter(o => o.groupRef === groupRef);
      // Each cycle of the rotation gives the user a shift, unless overrides take it:
      // two cycles plus every override's pieces reach their next one if there is one.
      const count = 2 * rotation.rotation.length + 2 * own.length + 2;
      const mine = nextShifts(
        { groupRef, rotation, members: [], overrides: own, now },
        count,
      ).filter(s => s.userRef === userRef);
      const t = now.getTime();
      const current = mine.find(s => Date.parse(s.start) <= t);
      const next = mine.find(s => Date.parse(s.start) > t);
      if (!current && !next) return;
      const upcoming =
        until &&
        shiftsBetween(
          { groupRef, rotation, members: [], overrides: own, now },
          until,
        ).shifts.filter(s => s.userRef === userRef);
      items.push({
        groupRef,
        ...(team.value?.title !== undefined && { title: team.value.title }),
        ...(current && { current }),
        ...(next && { next }),
        ...(upcoming && { upcoming }),
      });
    });
    // On call now first, then by when the shift starts.
    const rank = (g: UserGroupShifts) => (g.current ? 0 : 1);
    const startOf = (g: UserGroupShifts) =>
      Date.parse((g.current ?? g.next)!.start);
    items.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        startOf(a) - startOf(b) ||
        a.groupRef.localeCompare(b.groupRef),
    );
    return {
      userRef,
      at: now.toISOString(),
      items,
      catalogAvailable: teams.every(team => team.available),
    };
  }

  /** Overrides overlapping [from, to), of one group when `groupRef` is given. */
  async listOverrides(
    options: { groupRef?: string; from?: Date; to?: Date } = {},
  ): Promise<OncallOverride[]> {
    const { from, to } = options;
    for (const [name, date] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (date && Number.isNaN(date.getTime())) {
        throw new InputError(`'${name}' is not a valid date`);
      }
    }
    if (from && to && from >= to) {
      throw new InputError(`'from' must be before 'to'`);
    }
    return this.store.listOncallOverrides({
      groupRefs: options.groupRef
        ? [this.normalize(options.groupRef, 'group')]
        : undefined,
      from,
      to,
    });
  }

  /**
   * Stores an override after validating it: group and user refs, `startsAt < endsAt`,
   * `endsAt` in the future, at most 31 days, `reason` at most 500 characters. Each
   * problem is named with its field in the `InputError` message.
   */
  async createOverride(
    input: NewOverrideRequest,
    actorRef: string,
  ): Promise<OncallOverride> {
    const { groupRef, userRef, startsAt, endsAt, reason } =
      this.checkOverride(input);
    return this.store.createOncallOverride({
      groupRef,
      userRef,
      startsAt,
      endsAt,
      ...(reason ? { reason } : {}),
      createdBy: actorRef,
    });
  }

  /**
   * The rules of {@link createOverride} without storing anything: normalised refs and
   * instants, or an `InputError` naming every broken field.
   */
  checkOverride(input: NewOverrideRequest): {
    groupRef: string;
    userRef: string;
    startsAt: Date;
    endsAt: Date;
    reason?: string;
  } {
    const parsed = overrideSchema.safeParse(input ?? {});
    if (!parsed.success) {
      throw invalid(
        parsed.error.issues.map(
          i => `${i.path.join('.') || 'body'} ${i.message}`,
        ),
      );
    }
    const { endsAt, startsAt } = parsed.data;
    const problems: string[] = [];
    if (endsAt <= startsAt) problems.push('endsAt must be after startsAt');
    if (endsAt <= this.clock()) problems.push('endsAt must be in the future');
    if (endsAt.getTime() - startsAt.getTime() > MAX_OVERRIDE_MS) {
      problems.push('endsAt must be at most 31 days after startsAt');
    }
    if (problems.length) throw invalid(problems);
    return parsed.data;
  }

  /** One override; `NotFoundError` when there is none with this id. */
  async getOverride(id: number): Promise<OncallOverride> {
    const override = Number.isSafeInteger(id)
      ? await this.store.getOncallOverride(id)
      : undefined;
    if (!override) {
      throw new NotFoundError(`On-call override ${id} not found`);
    }
    return override;
  }

  /** Deletes an override; `NotFoundError` when there is none with this id. */
  async deleteOverride(id: number): Promise<void> {
    const deleted =
      Number.isSafeInteger(id) && (await this.store.deleteOncallOverride(id));
    if (!deleted) {
      throw new NotFoundError(`On-call override ${id} not found`);
    }
  }

  private async resolve(
    ownerRef: string,
    at?: Date,
  ): Promise<{
    oncall: OncallNow;
    catalogAvailable: boolean;
    snapshotAt?: string;
  }> {
    const now = at ?? this.clock();
    // Overrides live in our database, so they still apply while the catalog is down.
    const overridesPromise = this.store.listOncallOverrides({
      groupRefs: [ownerRef],
      from: now,
      to: new Date(now.getTime() + 1),
    });
    // A user can own an entity directly; that person is then the on-call set.
    if (parseEntityRef(ownerRef).kind === 'user') {
      const oncall = resolveOncall({
        groupRef: ownerRef,
        members: [ownerRef],
        overrides: await overridesPromise,
        now,
      });
      return { oncall, catalogAvailable: true };
    }
    const [team, overrides] = await Promise.all([
      this.catalog.getTeam(ownerRef),
      overridesPromise,
    ]);
    const value = team.available ? team.value : undefined;
    const oncall = resolveOncall({
      groupRef: ownerRef,
      rotation: value?.rotation,
      members: value?.members ?? [],
      overrides,
      now,
    });
    const snapshotAt = team.available ? team.snapshot?.takenAt : undefined;
    return {
      oncall,
      catalogAvailable: team.available && !snapshotAt,
      ...(snapshotAt && { snapshotAt }),
    };
  }

  private normalize(ref: string, defaultKind?: 'group' | 'user'): string {
    try {
      return stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
      );
    } catch (error) {
      throw new InputError(`Invalid entity ref '${ref}': ${error}`);
    }
  }
}
