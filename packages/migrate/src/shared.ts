import { IANAZone } from 'luxon';
import {
  ExportShapeError,
  FirebreakSource,
  IdentityMaps,
  Problem,
  RoutingHint,
} from './types';

/** The entity refs `firebreak.dev/oncall` accepts (same rule as its parser). */
const ENTITY_REF = /^(user|group):([a-z0-9_.-]+\/)?[a-zA-Z0-9_.-]+$/i;

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).slice(0, 5);
    return keys.length
      ? `an object with ${keys.join(', ')}`
      : 'an empty object';
  }
  return `a ${typeof value}`;
}

/**
 * The items of a list answer: Opsgenie wraps them in `data`, Grafana OnCall in
 * `results`; a bare list is accepted too. Every item must be an object.
 */
export function listOf(
  value: unknown,
  what: { file: string; endpoint: string; key: 'data' | 'results' },
): Json[] {
  const wrapped = asObject(value);
  const list = Array.isArray(value) ? value : wrapped?.[what.key];
  if (!Array.isArray(list)) {
    throw new ExportShapeError(
      `${what.file}: expected the answer of ${
        what.endpoint
      } (an object with a '${what.key}' list), got ${describe(
        wrapped?.[what.key] ?? value,
      )}`,
    );
  }
  return list.map((item, index) => {
    const object = asObject(item);
    if (!object) {
      throw new ExportShapeError(
        `${what.file}: entry ${index + 1} of '${what.key}' is ${describe(
          item,
        )}, not an object`,
      );
    }
    return object;
  });
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** A catalog entity name from free text: `Platform Team` → `platform-team`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, 63);
}

/** `group:payments` or `group:ops/payments` → `payments`. */
export function entityName(ref: string): string {
  return ref
    .slice(ref.indexOf(':') + 1)
    .split('/')
    .pop()!;
}

/**
 * An entity ref from a map value: `alice` → `user:alice`, `group:ops/payments` kept;
 * undefined when it is not one the on-call annotation accepts.
 */
export function normalizeRef(
  value: string,
  kind: 'user' | 'group',
): string | undefined {
  const trimmed = value.trim();
  const ref = /^[a-z]+:/i.test(trimmed) ? trimmed : `${kind}:${trimmed}`;
  return ENTITY_REF.test(ref) ? ref.toLowerCase() : undefined;
}

/** A whole number of minutes or hours, for the report. */
export function formatMinutes(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** The one sentence on escalation timing every mapper reports. */
export function escalationTimingMessage(waits: string[]): string {
  return (
    `waits of ${waits.join(
      ', ',
    )} between steps are not kept: Firebreak escalates one ` +
    `step each time the incident's acknowledgement target passes, ` +
    `incidents.severities[].acknowledgeWithin (default P1 PT5M, P2 PT15M, P3 PT1H), ` +
    `the same for every team`
  );
}

export interface Person {
  id?: string;
  email?: string;
  username?: string;
}

/**
 * Turns the old product's users and teams into entity refs: the `--users` / `--teams`
 * maps first (keys compared case-insensitively), then a guess (an e-mail's local part,
 * a team's name) that is reported as such, once per identity.
 */
export class Identities {
  private readonly users = new Map<string, string>();
  private readonly teams = new Map<string, string>();
  private readonly reported = new Set<string>();

  constructor(
    maps: IdentityMaps,
    private readonly problems: Problem[],
    private readonly product: string,
  ) {
    for (const [map, kind, target] of [
      [maps.users, 'user', this.users],
      [maps.teams, 'group', this.teams],
    ] as const) {
      for (const [key, value] of Object.entries(map ?? {})) {
        const ref = normalizeRef(value, kind);
        if (ref) target.set(key.trim().toLowerCase(), ref);
      }
    }
  }

  private once(key: string, problem: Problem) {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push(problem);
  }

  private lookup(map: Map<string, string>, keys: Array<string | undefined>) {
    for (const key of keys) {
      const ref = key && map.get(key.toLowerCase());
      if (ref) return ref;
    }
    return undefined;
  }

  /** How a person reads in the report. */
  static display(person: Person): string {
    return person.email ?? person.username ?? person.id ?? 'unknown user';
  }

  /** The user's entity ref, or undefined (reported) when nothing names them. */
  user(person: Person): string | undefined {
    const mapped = this.lookup(this.users, [
      person.id,
      person.email,
      person.username,
    ]);
    if (mapped) return mapped;
    const email =
      person.email ?? (person.username?.includes('@') ? person.username : '');
    const base = email ? email.split('@')[0] : person.username;
    const name = base ? slug(base) : '';
    const shown = Identities.display(person);
    if (!name) {
      this.once(`user:${shown}`, {
        kind: 'unmapped',
        where: `${this.product} user ${shown}`,
        message: `no e-mail or username known and not in --users: left out (${
          this.product === 'Grafana OnCall'
            ? 'pass --user-list with the /api/v1/users export, or map the id with --users'
            : 'map it with --users'
        })`,
      });
      return undefined;
    }
    const ref = `user:${name}`;
    this.once(`user:${shown}`, {
      kind: 'guessed',
      where: `${this.product} user ${shown}`,
      message: `mapped to ${ref} from its ${
        email ? 'e-mail' : 'username'
      }; check it, or map it with --users`,
    });
    return ref;
  }

  /**
   * The team's group ref: from `--teams` by id or name, else guessed from its name
   * (reported); undefined when it has neither.
   */
  team(team: { id?: string; name?: string }): string | undefined {
    const mapped = this.lookup(this.teams, [team.id, team.name]);
    if (mapped) return mapped;
    const name = team.name ? slug(team.name) : '';
    if (!name) return undefined;
    const ref = `group:${name}`;
    this.once(`team:${team.name}`, {
      kind: 'guessed',
      where: `${this.product} team "${team.name}"`,
      message: `mapped to ${ref} from its name; check it, or map it with --teams`,
    });
    return ref;
  }

  /** Only what `--teams` says about this id (no guess): Slack user groups, team ids. */
  mappedTeam(id: string | undefined): string | undefined {
    return this.lookup(this.teams, [id]);
  }
}

/** A routing hint for an integration of the old product. */
export function routingHint(options: {
  integration: string;
  type: string;
  source?: FirebreakSource;
  group?: string;
  replaces?: string;
}): RoutingHint {
  const hint: RoutingHint = {
    integration: options.integration,
    type: options.type,
    ...(options.source && { source: options.source }),
    ...(options.group && { group: options.group }),
    ...(options.replaces && { replaces: options.replaces }),
  };
  if (options.source && options.group) {
    // Events API v2 turns payload.group into the label `group`; the others carry labels.
    const label = options.source === 'events/v2' ? 'group' : 'team';
    const team = entityName(options.group);
    hint.catchAllLabel = { name: label, value: team };
    hint.alertMatch = `${label}=${team}`;
  }
  return hint;
}
