import { DateTime } from 'luxon';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  escalationTimingMessage,
  formatMinutes,
  Identities,
  isValidZone,
  Json,
  listOf,
  routingHint,
  slug,
} from './shared';
import {
  ExportShapeError,
  FirebreakSource,
  IdentityMaps,
  MappedGroup,
  MigrationResult,
  Problem,
  RoutingHint,
} from './types';

/** The Opsgenie answers the importer reads, as parsed JSON. */
export interface OpsgenieExport {
  /** `GET /v2/schedules?expand=rotation` */
  schedules: unknown;
  /** `GET /v2/escalations` */
  escalations?: unknown;
  /** `GET /v2/integrations` */
  integrations?: unknown;
}

const PRODUCT = 'Opsgenie';

/** Opsgenie integration types (as `GET /v2/integrations` names them) → Firebreak source. */
const SOURCES: Record<string, FirebreakSource> = {
  prometheus: 'alertmanager',
  alertmanager: 'alertmanager',
  grafana: 'grafana',
  datadog: 'datadog',
  checkly: 'checkly',
  api: 'generic',
};

interface ScheduleInfo {
  name: string;
  group?: string;
  /** Whether it gave its group the rotation. */
  mapped: boolean;
}

/** `weekly` length 2 → `P14D`; undefined for an unknown type or length. */
export function opsgenieShift(
  type: string | undefined,
  length: unknown = 1,
): string | undefined {
  const n = length ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return undefined;
  switch (type) {
    case 'weekly':
      return `P${7 * n}D`;
    case 'daily':
      return `P${n}D`;
    case 'hourly':
      return `PT${n}H`;
    default:
      return undefined;
  }
}

const pad = (n: unknown) => String(asNumber(n) ?? 0).padStart(2, '0');
const clock = (r: Json, which: 'start' | 'end') =>
  `${pad(r[`${which}Hour`])}:${pad(r[`${which}Min`])}`;

/** A rotation's `timeRestriction` in words: `only 09:00–17:00 every day`. */
export function describeTimeRestriction(restriction: Json): string {
  const type = asString(restriction.type);
  if (type === 'time-of-day') {
    const r = asObject(restriction.restriction) ?? {};
    return `only ${clock(r, 'start')}–${clock(r, 'end')} every day`;
  }
  const spans = asArray(restriction.restrictions)
    .map(asObject)
    .filter((r): r is Json => !!r)
    .map(
      r =>
        `${asString(r.startDay) ?? '?'} ${clock(r, 'start')}–${
          asString(r.endDay) ?? '?'
        } ${clock(r, 'end')}`,
    );
  return `only ${spans.join(', ') || 'at restricted times'}`;
}

function delayMinutes(rule: Json): number {
  const delay = asObject(rule.delay) ?? {};
  const amount = asNumber(delay.timeAmount) ?? 0;
  const unit = asString(delay.timeUnit) ?? 'minutes';
  if (unit === 'hours') return amount * 60;
  if (unit === 'days') return amount * 1440;
  return amount;
}

/**
 * Maps an Opsgenie export: per schedule the rotation with the most users becomes its
 * owner team's `firebreak.dev/oncall` rotation, the team's escalation its `escalation`,
 * and each integration a routing hint. Whatever does not fit is in `problems`.
 */
export function mapOpsgenie(
  input: OpsgenieExport,
  maps: IdentityMaps = {},
): MigrationResult {
  const problems: Problem[] = [];
  const ids = new Identities(maps, problems, PRODUCT);
  const groups = new Map<string, MappedGroup>();
  /** Schedules by id and by lower-cased name. */
  const schedules = new Map<string, ScheduleInfo>();
  /** Owner team ids → group refs, for integrations that name only `teamId`. */
  const teamGroups = new Map<string, string>();

  const scheduleList = listOf(input.schedules, {
    file: 'schedules',
    endpoint: 'GET /v2/schedules?expand=rotation',
    key: 'data',
  });
  if (
    scheduleList.length > 0 &&
    scheduleList.every(s => !Array.isArray(s.rotations))
  ) {
    throw new ExportShapeError(
      'schedules: no schedule has rotations; export them with GET /v2/schedules?expand=rotation',
    );
  }

  for (const schedule of scheduleList) {
    const name = asString(schedule.name) ?? asString(schedule.id) ?? '?';
    const where = `${PRODUCT} schedule "${name}"`;
    const ownerTeam = asObject(schedule.ownerTeam);
    const team = ownerTeam && {
      id: asString(ownerTeam.id),
      name: asString(ownerTeam.name),
    };
    const info: ScheduleInfo = { name, mapped: false };
    for (const key of [asString(schedule.id), name.toLowerCase()]) {
      if (key) schedules.set(key, info);
    }
    if (schedule.enabled === false) {
      problems.push({
        kind: 'unmapped',
        where,
        message: 'the schedule is disabled in Opsgenie: not mapped',
      });
      continue;
    }
    let group = team ? ids.team(team) : undefined;
    if (!team) {
      group =
        ids.mappedTeam(asString(schedule.id)) ??
        ids.mappedTeam(name) ??
        (slug(name) ? `group:${slug(name)}` : undefined);
      if (
        group &&
        !ids.mappedTeam(asString(schedule.id)) &&
        !ids.mappedTeam(name)
      ) {
        problems.push({
          kind: 'guessed',
          where,
          message: `has no owner team: its rotation goes to ${group}, named after the schedule; check it, or map the schedule's name with --teams`,
        });
      }
    }
    if (!group) continue;
    info.group = group;
    if (team?.id) teamGroups.set(team.id, group);

    const rotations = asArray(schedule.rotations)
      .map(asObject)
      .filter((r): r is Json => !!r);
    if (rotations.length === 0) {
      problems.push({
        kind: 'unmapped',
        where,
        message: 'has no rotations (export with ?expand=rotation): not mapped',
      });
      continue;
    }
    if (groups.has(group)) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `${group} already has the rotation of schedule ${groups
          .get(group)!
          .from.join(
            ', ',
          )}; Firebreak has one rotation per group: not mapped (add it as an override or merge the schedules)`,
      });
      continue;
    }

    // The rotation with the most users is the team's primary; ties go to the first.
    const users = (r: Json) =>
      asArray(r.participants).filter(p => asObject(p)?.type === 'user').length;
    const chosen = rotations.reduce((best, r) =>
      users(r) > users(best) ? r : best,
    );
    const rotationName = (r: Json) =>
      asString(r.name) ?? `#${rotations.indexOf(r) + 1}`;
    const rWhere = `${PRODUCT} rotation "${rotationName(
      chosen,
    )}" of schedule "${name}"`;
    for (const other of rotations) {
      if (other === chosen) continue;
      problems.push({
        kind: 'unmapped',
        where: `${PRODUCT} rotation "${rotationName(
          other,
        )}" of schedule "${name}"`,
        message: `Firebreak has one rotation per group and "${rotationName(
          chosen,
        )}" has the most users: not mapped (${users(other)} user(s), ${
          asString(other.type) ?? '?'
        })`,
      });
    }

    const rotation: string[] = [];
    asArray(chosen.participants).forEach((item, index) => {
      const p = asObject(item) ?? {};
      const type = asString(p.type);
      const position = `participant ${index + 1}`;
      if (type === 'user') {
        const ref = ids.user({
          id: asString(p.id),
          username: asString(p.username),
        });
        if (ref) rotation.push(ref);
        return;
      }
      const label =
        type === 'none'
          ? `a 'none' slot (nobody on call)`
          : `${type ?? 'unknown'} "${
              asString(p.name) ?? asString(p.id) ?? '?'
            }"`;
      problems.push({
        kind: 'unmapped',
        where: rWhere,
        message: `${position} is ${label}: Firebreak rotations take people, so it is left out and the others' turns come round sooner`,
      });
    });
    const shift = opsgenieShift(asString(chosen.type), chosen.length);
    if (!shift) {
      problems.push({
        kind: 'unmapped',
        where: rWhere,
        message: `rotation type '${asString(chosen.type)}' with length ${String(
          chosen.length ?? 1,
        )} is not hourly, daily or weekly: not mapped`,
      });
      continue;
    }
    const start = asString(chosen.startDate);
    if (!start || !DateTime.fromISO(start, { setZone: true }).isValid) {
      problems.push({
        kind: 'unmapped',
        where: rWhere,
        message: `startDate '${
          start ?? ''
        }' is not an ISO-8601 date-time: not mapped`,
      });
      continue;
    }
    if (rotation.length === 0) {
      problems.push({
        kind: 'unmapped',
        where: rWhere,
        message: 'no participant could be mapped to a user: not mapped',
      });
      continue;
    }
    const restriction = asObject(chosen.timeRestriction);
    if (restriction) {
      problems.push({
        kind: 'approximated',
        where: rWhere,
        message: `on call ${describeTimeRestriction(
          restriction,
        )} (time restriction) is not expressible: Firebreak shifts have no restricted hours, so it is mapped as round the clock`,
      });
    }
    const endDate = asString(chosen.endDate);
    if (endDate) {
      problems.push({
        kind: 'approximated',
        where: rWhere,
        message: `ends at ${endDate}; Firebreak rotations do not end: remove the annotation then`,
      });
    }
    const zone = asString(schedule.timezone);
    if (zone && !isValidZone(zone)) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `timezone '${zone}' is not an IANA zone: left out, shifts are counted in UTC from the start's offset`,
      });
    }
    info.mapped = true;
    groups.set(group, {
      ref: group,
      from: [
        `${PRODUCT} schedule "${name}" rotation "${rotationName(chosen)}"`,
      ],
      oncall: {
        rotation,
        start,
        shift,
        escalation: [],
        ...(zone && isValidZone(zone) && { timezone: zone }),
      },
      notes: [],
    });
  }

  const escalated = new Set<string>();
  const escalations =
    input.escalations === undefined
      ? []
      : listOf(input.escalations, {
          file: 'escalations',
          endpoint: 'GET /v2/escalations',
          key: 'data',
        });
  for (const escalation of escalations) {
    const name = asString(escalation.name) ?? asString(escalation.id) ?? '?';
    const where = `${PRODUCT} escalation "${name}"`;
    const rules = asArray(escalation.rules)
      .map(asObject)
      .filter((r): r is Json => !!r);
    const scheduleOf = (recipient: Json) =>
      schedules.get(asString(recipient.id) ?? '') ??
      schedules.get((asString(recipient.name) ?? '').toLowerCase());

    // The team whose schedule's on-call the escalation notifies, else its owner team.
    const ownRule = rules.find(r => {
      const recipient = asObject(r.recipient) ?? {};
      return (
        recipient.type === 'schedule' &&
        (asString(r.notifyType) ?? 'default') === 'default' &&
        scheduleOf(recipient)?.mapped
      );
    });
    const ownerTeam = asObject(escalation.ownerTeam);
    const groupRef = ownRule
      ? scheduleOf(asObject(ownRule.recipient)!)!.group
      : ownerTeam &&
        ids.team({
          id: asString(ownerTeam.id),
          name: asString(ownerTeam.name),
        });
    const group = groupRef ? groups.get(groupRef) : undefined;
    if (!group) {
      problems.push({
        kind: 'unmapped',
        where,
        message: groupRef
          ? `belongs to ${groupRef}, which has no mapped rotation: not mapped`
          : 'has no owner team and notifies no mapped schedule: not attached to any group',
      });
      continue;
    }
    if (escalated.has(group.ref)) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `${group.ref} already has an escalation; Firebreak has one escalation list per group: not mapped`,
      });
      continue;
    }
    escalated.add(group.ref);
    group.from.push(where);

    const targets: string[] = [];
    const waits: string[] = [];
    let primarySeen = false;
    let secondarySeen = false;
    rules.forEach((rule, index) => {
      const ruleWhere = `${where} rule ${index + 1}`;
      const recipient = asObject(rule.recipient) ?? {};
      const type = asString(recipient.type);
      const notifyType = asString(rule.notifyType) ?? 'default';
      const minutes = delayMinutes(rule);
      if (minutes > 0) waits.push(formatMinutes(minutes));
      if (asString(rule.condition) === 'if-not-closed') {
        problems.push({
          kind: 'approximated',
          where: ruleWhere,
          message:
            "fires while the alert is not closed ('if-not-closed'); Firebreak escalates only while the incident is not acknowledged",
        });
      }
      const label =
        asString(recipient.name) ??
        asString(recipient.username) ??
        asString(recipient.id) ??
        '?';
      if (type === 'schedule') {
        const target = scheduleOf(recipient);
        if (target?.group === group.ref) {
          if (notifyType === 'default' && !primarySeen) {
            primarySeen = true;
            group.notes.push(
              `${ruleWhere} (on-call of "${target.name}") is the primary, paged first`,
            );
          } else if (notifyType === 'next' && !secondarySeen) {
            secondarySeen = true;
            group.notes.push(
              `${ruleWhere} (next on-call of "${target.name}") is Firebreak's secondary: the next person in the rotation, the first one escalated to`,
            );
          } else {
            problems.push({
              kind: 'unmapped',
              where: ruleWhere,
              message: `notifies the ${notifyType} on-call of "${target.name}" again; Firebreak pages the primary, then the secondary, then the escalation list, each once: left out`,
            });
          }
          return;
        }
        if (target?.group) {
          targets.push(target.group);
          problems.push({
            kind: 'approximated',
            where: ruleWhere,
            message: `notifies the on-call of schedule "${target.name}"; Firebreak escalates to ${target.group}, which notifies all of its members`,
          });
          return;
        }
        problems.push({
          kind: 'unmapped',
          where: ruleWhere,
          message: `notifies schedule "${label}", which is not in the schedules export or has no group: left out`,
        });
        return;
      }
      if (type === 'user') {
        const ref = ids.user({
          id: asString(recipient.id),
          username: asString(recipient.username),
        });
        if (ref) targets.push(ref);
        return;
      }
      if (type === 'team') {
        const ref = ids.team({
          id: asString(recipient.id),
          name: asString(recipient.name),
        });
        if (!ref) {
          problems.push({
            kind: 'unmapped',
            where: ruleWhere,
            message: 'notifies a team without id or name: left out',
          });
          return;
        }
        targets.push(ref);
        if (notifyType !== 'all') {
          problems.push({
            kind: 'approximated',
            where: ruleWhere,
            message: `notifies ${
              notifyType === 'default'
                ? `team "${label}" through its own escalation`
                : `the ${notifyType} of team "${label}"`
            }; Firebreak escalates to ${ref}, which notifies all of its members`,
          });
        }
        return;
      }
      problems.push({
        kind: 'unmapped',
        where: ruleWhere,
        message:
          type === 'escalation'
            ? `hands over to escalation "${label}"; Firebreak escalation lists do not nest: left out (list its recipients here instead)`
            : `recipient type '${
                type ?? 'none'
              }' is not a user, team or schedule: left out`,
      });
    });
    if (waits.length) {
      problems.push({
        kind: 'approximated',
        where,
        message: escalationTimingMessage(waits),
      });
    }
    const repeat = asObject(escalation.repeat);
    const count = asNumber(repeat?.count) ?? 0;
    if (repeat && count > 0) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `repeats ${count} time(s) every ${formatMinutes(
          asNumber(repeat.waitInterval) ?? 0,
        )} when nobody acknowledges; Firebreak goes through the escalation list once`,
      });
    }
    const list = [...new Set(targets)];
    group.oncall.escalation = list;
    if (group.oncall.rotation.length > 1 && list.length > 0 && !secondarySeen) {
      problems.push({
        kind: 'approximated',
        where,
        message: `Firebreak escalates to the secondary (the next person in the rotation) before ${list[0]}`,
      });
    }
  }

  const routing: RoutingHint[] = [];
  const integrations =
    input.integrations === undefined
      ? []
      : listOf(input.integrations, {
          file: 'integrations',
          endpoint: 'GET /v2/integrations',
          key: 'data',
        });
  for (const integration of integrations) {
    const name = asString(integration.name) ?? asString(integration.id) ?? '?';
    const type = asString(integration.type) ?? 'unknown';
    const where = `${PRODUCT} integration "${name}" (${type})`;
    if (integration.enabled === false) {
      problems.push({
        kind: 'unmapped',
        where,
        message: 'disabled in Opsgenie: no routing hint',
      });
      continue;
    }
    const teamId =
      asString(integration.teamId) ??
      asString(asObject(integration.ownerTeam)?.id);
    const group = teamId
      ? teamGroups.get(teamId) ?? ids.mappedTeam(teamId)
      : undefined;
    const source = SOURCES[type.toLowerCase()];
    if (!source) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `Firebreak has no endpoint for this integration type; a sender that can post JSON can use POST /api/incidents/alerts/generic`,
      });
      continue;
    }
    if (!group) {
      problems.push({
        kind: 'approximated',
        where,
        message: teamId
          ? `its team ${teamId} owns no mapped schedule (map it with --teams): the hint names no group`
          : 'belongs to no team: the hint names no group, route its alerts by entity',
      });
    }
    routing.push(routingHint({ integration: name, type, source, group }));
  }

  return {
    product: PRODUCT,
    groups: [...groups.values()],
    routing,
    problems,
  };
}
