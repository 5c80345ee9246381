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
  Person,
  routingHint,
  slug,
} from './shared';
import {
  FirebreakSource,
  IdentityMaps,
  MappedGroup,
  MigrationResult,
  Problem,
  RoutingHint,
} from './types';

/** The Grafana OnCall public API answers the importer reads, as parsed JSON. */
export interface GrafanaOncallExport {
  /** `GET /api/v1/schedules/` */
  schedules: unknown;
  /** `GET /api/v1/on_call_shifts/` */
  shifts?: unknown;
  /** `GET /api/v1/escalation_chains/` */
  escalationChains?: unknown;
  /** `GET /api/v1/escalation_policies/` */
  escalationPolicies?: unknown;
  /** `GET /api/v1/integrations/` */
  integrations?: unknown;
  /** `GET /api/v1/users/`: names the user ids shifts and policies use. */
  users?: unknown;
}

const PRODUCT = 'Grafana OnCall';

/** Grafana OnCall integration types → Firebreak source. */
const SOURCES: Record<string, FirebreakSource> = {
  alertmanager: 'alertmanager',
  legacy_alertmanager: 'alertmanager',
  grafana_alerting: 'grafana',
  legacy_grafana_alerting: 'grafana',
  grafana: 'grafana',
  webhook: 'generic',
  formatted_webhook: 'generic',
  datadog: 'datadog',
};

/** Why a policy type has no place in a Firebreak escalation list. */
const UNMAPPED_POLICIES: Record<string, string> = {
  notify_person_next_each_time:
    'notifies the next of its users each time (round robin); Firebreak escalation lists notify every listed ref in turn',
  repeat_escalation:
    'repeats the chain; Firebreak goes through the escalation list once',
  resolve: 'resolves the alert group; Firebreak never resolves by escalation',
  trigger_webhook:
    'triggers an outgoing webhook; Firebreak posts escalations to Slack through incidents.notifications.slack only',
  notify_whole_channel:
    'notifies a whole Slack channel; Firebreak posts every incident notification to the team webhook of incidents.notifications.slack',
  notify_if_time_from_to:
    'continues only within a time window; Firebreak escalation has no time conditions',
  notify_if_num_alerts_in_window:
    'continues only above an alert rate; Firebreak escalation has no alert-count conditions',
  declare_incident: 'declares a Grafana incident; Firebreak has no such step',
};

const SECONDS: Record<string, number> = {
  hourly: 3600,
  daily: 86400,
  weekly: 7 * 86400,
  monthly: 28 * 86400,
};

/** `weekly` interval 2 → `P14D`; undefined for an unknown frequency. */
export function grafanaShift(
  frequency: string | undefined,
  interval: unknown = 1,
): string | undefined {
  const n = interval ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return undefined;
  switch (frequency) {
    case 'hourly':
      return `PT${n}H`;
    case 'daily':
      return `P${n}D`;
    case 'weekly':
      return `P${7 * n}D`;
    case 'monthly':
      return `P${n}M`;
    default:
      return undefined;
  }
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return formatMinutes(Math.round(seconds / 60));
}

const HAS_OFFSET = /(Z|[+-]\d\d(:?\d\d)?)$/i;

/**
 * Maps a Grafana OnCall export: per schedule the best `rolling_users` shift becomes its
 * team's rotation, the escalation chain that notifies that schedule its `escalation`,
 * and each integration a routing hint. Whatever does not fit is in `problems`.
 */
export function mapGrafanaOncall(
  input: GrafanaOncallExport,
  maps: IdentityMaps = {},
): MigrationResult {
  const problems: Problem[] = [];
  const ids = new Identities(maps, problems, PRODUCT);
  const groups = new Map<string, MappedGroup>();
  /** Schedule id → its group and whether it gave the group's rotation. */
  const scheduleGroups = new Map<
    string,
    { name: string; group: string; mapped: boolean }
  >();
  const chainGroups = new Map<string, string>();

  const list = (value: unknown, file: string, path: string) =>
    value === undefined
      ? []
      : listOf(value, {
          file,
          endpoint: `GET /api/v1/${path}/`,
          key: 'results',
        });
  const scheduleList = listOf(input.schedules, {
    file: 'schedules',
    endpoint: 'GET /api/v1/schedules/',
    key: 'results',
  });
  const shifts = list(input.shifts, 'shifts', 'on_call_shifts');
  const people = new Map<string, Person>();
  for (const user of list(input.users, 'user-list', 'users')) {
    const id = asString(user.id);
    if (id) {
      people.set(id, {
        id,
        email: asString(user.email),
        username: asString(user.username),
      });
    }
  }
  const person = (id: string): Person => people.get(id) ?? { id };
  const user = (id: string) => ids.user(person(id));

  for (const schedule of scheduleList) {
    const scheduleId = asString(schedule.id) ?? '';
    const name = asString(schedule.name) ?? (scheduleId || '?');
    const where = `${PRODUCT} schedule "${name}"`;
    const type = asString(schedule.type);
    if (type === 'ical') {
      problems.push({
        kind: 'unmapped',
        where,
        message: `an iCal schedule: its shifts live in ${
          asString(schedule.ical_url_primary) ?? 'an external calendar'
        }, not in the API: not mapped (write the rotation by hand)`,
      });
      continue;
    }
    const teamId = asString(schedule.team_id);
    let group =
      ids.mappedTeam(teamId) ??
      ids.mappedTeam(scheduleId) ??
      ids.mappedTeam(name);
    if (!group) {
      const guess = slug(name);
      if (!guess) continue;
      group = `group:${guess}`;
      problems.push({
        kind: 'guessed',
        where,
        message: `its rotation goes to ${group}, named after the schedule${
          teamId ? ` (team ${teamId} is not in --teams)` : ''
        }; check it, or map ${
          teamId ? 'the team id' : "the schedule's id or name"
        } with --teams`,
      });
    }
    const info = { name, group, mapped: false };
    if (scheduleId) scheduleGroups.set(scheduleId, info);

    const listed = new Set(asArray(schedule.shifts).map(asString));
    const own = shifts.filter(shift => {
      const id = asString(shift.id);
      return (
        (id && listed.has(id)) ||
        (scheduleId &&
          (asString(shift.schedule_id) === scheduleId ||
            asString(shift.schedule) === scheduleId))
      );
    });
    for (const id of listed) {
      if (id && !shifts.some(s => asString(s.id) === id)) {
        problems.push({
          kind: 'unmapped',
          where,
          message: `shift ${id} is not in the on_call_shifts export: not mapped`,
        });
      }
    }
    const shiftName = (s: Json) => `"${asString(s.name) ?? asString(s.id)}"`;
    const rolling = own.filter(s => asString(s.type) === 'rolling_users');
    for (const other of own) {
      if (asString(other.type) !== 'rolling_users') {
        problems.push({
          kind: 'unmapped',
          where: `${PRODUCT} shift ${shiftName(other)} of schedule "${name}"`,
          message: `a ${asString(
            other.type,
          )} shift, not a rotation: not mapped (Firebreak overrides cover one-off changes)`,
        });
      }
    }
    if (rolling.length === 0) {
      problems.push({
        kind: 'unmapped',
        where,
        message:
          own.length === 0
            ? 'no shifts found (export /api/v1/on_call_shifts/ with --shifts; for web schedules per schedule_id): not mapped'
            : 'has no rolling_users shift: not mapped',
      });
      continue;
    }
    if (groups.has(group)) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `${group} already has the rotation of ${groups
          .get(group)!
          .from.join(', ')}; Firebreak has one rotation per group: not mapped`,
      });
      continue;
    }

    // Round-the-clock shifts first, then the one with most user groups, then the first.
    const period = (s: Json) =>
      (SECONDS[asString(s.frequency) ?? ''] ?? 0) * (asNumber(s.interval) ?? 1);
    const full = (s: Json) =>
      !asArray(s.by_day).length && asNumber(s.duration) === period(s) ? 1 : 0;
    const size = (s: Json) => asArray(s.rolling_users).length;
    const chosen = rolling.reduce((best, s) =>
      full(s) > full(best) || (full(s) === full(best) && size(s) > size(best))
        ? s
        : best,
    );
    const sWhere = `${PRODUCT} shift ${shiftName(
      chosen,
    )} of schedule "${name}"`;
    for (const other of rolling) {
      if (other === chosen) continue;
      problems.push({
        kind: 'unmapped',
        where: `${PRODUCT} shift ${shiftName(other)} of schedule "${name}"`,
        message: `another rotation layer (level ${
          asNumber(other.level) ?? 0
        }); Firebreak has one rotation per group and ${shiftName(
          chosen,
        )} covers more: not mapped`,
      });
    }

    const shift = grafanaShift(asString(chosen.frequency), chosen.interval);
    if (!shift) {
      problems.push({
        kind: 'unmapped',
        where: sWhere,
        message: `frequency '${asString(
          chosen.frequency,
        )}' is not hourly, daily, weekly or monthly: not mapped`,
      });
      continue;
    }
    const startText = asString(chosen.start);
    if (!startText || !DateTime.fromISO(startText, { zone: 'utc' }).isValid) {
      problems.push({
        kind: 'unmapped',
        where: sWhere,
        message: `start '${
          startText ?? ''
        }' is not an ISO-8601 date-time: not mapped`,
      });
      continue;
    }

    const userGroups = asArray(chosen.rolling_users).map(g =>
      asArray(g)
        .map(asString)
        .filter((id): id is string => !!id),
    );
    const from = asNumber(chosen.start_rotation_from_user_index) ?? 0;
    const ordered =
      from > 0 && from < userGroups.length
        ? [...userGroups.slice(from), ...userGroups.slice(0, from)]
        : userGroups;
    const rotation: string[] = [];
    ordered.forEach((members, index) => {
      let primary: string | undefined;
      const rest: string[] = [];
      for (const id of members) {
        const ref = primary ? undefined : user(id);
        if (ref) primary = ref;
        else if (primary) rest.push(Identities.display(person(id)));
      }
      if (primary) rotation.push(primary);
      if (rest.length) {
        problems.push({
          kind: 'unmapped',
          where: sWhere,
          message: `${rest.join(', ')} share${
            rest.length === 1 ? 's' : ''
          } turn ${
            index + 1
          } with ${primary}; Firebreak has one primary per shift: left out (the next person in the rotation is the secondary)`,
        });
      }
    });
    if (rotation.length === 0) {
      problems.push({
        kind: 'unmapped',
        where: sWhere,
        message: 'no user could be mapped: not mapped',
      });
      continue;
    }

    const duration = asNumber(chosen.duration);
    const periodSeconds = period(chosen);
    if (duration !== undefined && periodSeconds && duration < periodSeconds) {
      const at = DateTime.fromISO(startText, { setZone: true }).toFormat(
        'HH:mm',
      );
      problems.push({
        kind: 'approximated',
        where: sWhere,
        message: `on call only ${formatSeconds(
          duration,
        )} from ${at} of every ${formatSeconds(
          periodSeconds,
        )} (restricted hours) is not expressible: mapped as round the clock`,
      });
    } else if (duration !== undefined && duration > periodSeconds) {
      problems.push({
        kind: 'approximated',
        where: sWhere,
        message: `each turn lasts ${formatSeconds(
          duration,
        )}, longer than the ${formatSeconds(
          periodSeconds,
        )} between handovers (overlapping turns): mapped as back-to-back shifts`,
      });
    }
    const byDay = asArray(chosen.by_day).map(asString).filter(Boolean);
    if (byDay.length) {
      problems.push({
        kind: 'approximated',
        where: sWhere,
        message: `on call only on ${byDay.join(
          ', ',
        )} (by_day) is not expressible: mapped as every day`,
      });
    }
    for (const field of ['by_month', 'by_monthday'] as const) {
      if (asArray(chosen[field]).length) {
        problems.push({
          kind: 'approximated',
          where: sWhere,
          message: `${field} restricts the turns; not expressible: mapped as every period`,
        });
      }
    }
    const until = asString(chosen.until);
    if (until) {
      problems.push({
        kind: 'approximated',
        where: sWhere,
        message: `ends at ${until}; Firebreak rotations do not end: remove the annotation then`,
      });
    }

    const zone =
      asString(chosen.time_zone) ?? asString(schedule.time_zone) ?? undefined;
    const zoneOk = !!zone && isValidZone(zone);
    if (zone && !zoneOk) {
      problems.push({
        kind: 'unmapped',
        where: sWhere,
        message: `time zone '${zone}' is not an IANA zone: left out, the start is read as UTC`,
      });
    }
    const start =
      HAS_OFFSET.test(startText) || zoneOk ? startText : `${startText}Z`;
    const notes: string[] = [];
    if (ordered !== userGroups) {
      notes.push(
        `the rotation starts from user group ${
          from + 1
        } (start_rotation_from_user_index ${from})`,
      );
    }
    info.mapped = true;
    groups.set(group, {
      ref: group,
      from: [`${PRODUCT} schedule "${name}" shift ${shiftName(chosen)}`],
      oncall: {
        rotation,
        start,
        shift,
        escalation: [],
        ...(zoneOk && { timezone: zone }),
      },
      notes,
    });
  }

  const policies = list(
    input.escalationPolicies,
    'escalation-policies',
    'escalation_policies',
  );
  const chains = list(
    input.escalationChains,
    'escalation-chains',
    'escalation_chains',
  );
  const escalated = new Set<string>();
  for (const chain of chains) {
    const chainId = asString(chain.id) ?? '';
    const name = asString(chain.name) ?? (chainId || '?');
    const where = `${PRODUCT} escalation chain "${name}"`;
    const steps = policies
      .filter(p => asString(p.escalation_chain_id) === chainId)
      .sort(
        (a, b) => (asNumber(a.position) ?? 0) - (asNumber(b.position) ?? 0),
      );
    const scheduleOf = (p: Json) =>
      scheduleGroups.get(asString(p.notify_on_call_from_schedule) ?? '');
    const ownStep = steps.find(
      p =>
        asString(p.type) === 'notify_on_call_from_schedule' &&
        scheduleOf(p)?.mapped,
    );
    const groupRef = ownStep
      ? scheduleOf(ownStep)!.group
      : ids.mappedTeam(asString(chain.team_id));
    const group = groupRef ? groups.get(groupRef) : undefined;
    if (!group) {
      problems.push({
        kind: 'unmapped',
        where,
        message: groupRef
          ? `belongs to ${groupRef}, which has no mapped rotation: not mapped`
          : "notifies no mapped schedule's on-call and its team is not in --teams: not attached to any group",
      });
      continue;
    }
    chainGroups.set(chainId, group.ref);
    if (escalated.has(group.ref)) {
      problems.push({
        kind: 'unmapped',
        where,
        message: `${group.ref} already has an escalation chain; Firebreak has one escalation list per group: not mapped`,
      });
      continue;
    }
    escalated.add(group.ref);
    group.from.push(where);

    const targets: string[] = [];
    const waits: string[] = [];
    let primarySeen = false;
    let important = false;
    for (const step of steps) {
      const type = asString(step.type) ?? 'unknown';
      const stepWhere = `${where} step ${(asNumber(step.position) ?? 0) + 1}`;
      if (step.important === true) important = true;
      switch (type) {
        case 'wait': {
          const seconds = asNumber(step.duration) ?? 0;
          if (seconds > 0) waits.push(formatSeconds(seconds));
          break;
        }
        case 'notify_persons': {
          for (const id of asArray(step.persons_to_notify).map(asString)) {
            const ref = id && user(id);
            if (ref) targets.push(ref);
          }
          break;
        }
        case 'notify_on_call_from_schedule': {
          const target = scheduleOf(step);
          if (target?.group === group.ref && !primarySeen) {
            primarySeen = true;
            group.notes.push(
              `${stepWhere} (on-call of "${target.name}") is the primary, paged first`,
            );
          } else if (target?.group === group.ref) {
            problems.push({
              kind: 'unmapped',
              where: stepWhere,
              message: `notifies the on-call of "${target.name}" again; Firebreak pages the primary once, then the secondary, then the escalation list: left out`,
            });
          } else if (target) {
            targets.push(target.group);
            problems.push({
              kind: 'approximated',
              where: stepWhere,
              message: `notifies the on-call of schedule "${target.name}"; Firebreak escalates to ${target.group}, which notifies all of its members`,
            });
          } else {
            problems.push({
              kind: 'unmapped',
              where: stepWhere,
              message: `notifies schedule ${asString(
                step.notify_on_call_from_schedule,
              )}, which is not in the schedules export: left out`,
            });
          }
          break;
        }
        case 'notify_user_group':
        case 'notify_team_members': {
          const id = asString(
            type === 'notify_user_group'
              ? step.group_to_notify
              : step.team_to_notify,
          );
          const ref = ids.mappedTeam(id);
          if (ref) {
            targets.push(ref);
          } else {
            problems.push({
              kind: 'unmapped',
              where: stepWhere,
              message: `notifies ${
                type === 'notify_user_group'
                  ? 'Slack user group'
                  : 'the members of team'
              } ${
                id ?? '?'
              }, which is not a catalog group: left out (map the id to a group with --teams)`,
            });
          }
          break;
        }
        default:
          problems.push({
            kind: 'unmapped',
            where: stepWhere,
            message: `${type}: ${
              UNMAPPED_POLICIES[type] ?? 'an unknown step type'
            }: left out`,
          });
      }
    }
    if (waits.length) {
      problems.push({
        kind: 'approximated',
        where,
        message: escalationTimingMessage(waits),
      });
    }
    if (important) {
      problems.push({
        kind: 'approximated',
        where,
        message:
          "'important' steps use the users' important notification rules; Firebreak pages every step the same way",
      });
    }
    const escalation = [...new Set(targets)];
    group.oncall.escalation = escalation;
    if (group.oncall.rotation.length > 1 && escalation.length > 0) {
      problems.push({
        kind: 'approximated',
        where,
        message: `Firebreak escalates to the secondary (the next person in the rotation) before ${escalation[0]}`,
      });
    }
  }

  const routing: RoutingHint[] = [];
  for (const integration of list(
    input.integrations,
    'integrations',
    'integrations',
  )) {
    const name = asString(integration.name) ?? asString(integration.id) ?? '?';
    const type = asString(integration.type) ?? 'unknown';
    const where = `${PRODUCT} integration "${name}" (${type})`;
    const chainId = asString(
      asObject(integration.default_route)?.escalation_chain_id,
    );
    const group =
      (chainId && chainGroups.get(chainId)) ||
      ids.mappedTeam(asString(integration.team_id));
    const source = SOURCES[type];
    if (!source) {
      problems.push({
        kind: 'unmapped',
        where,
        message:
          type === 'inbound_email'
            ? 'Firebreak has no e-mail ingestion: no routing hint'
            : 'Firebreak has no endpoint for this integration type; a sender that can post JSON can use POST /api/incidents/alerts/generic',
      });
      continue;
    }
    if (source === 'generic') {
      problems.push({
        kind: 'approximated',
        where,
        message:
          "the sender posts its own JSON; Firebreak's generic endpoint takes { alerts: [{ name, labels, ... }] }: reshape the payload",
      });
    }
    if (!group) {
      problems.push({
        kind: 'approximated',
        where,
        message:
          "its default route's escalation chain belongs to no mapped group: the hint names no group",
      });
    }
    routing.push(
      routingHint({
        integration: name,
        type,
        source,
        group,
        replaces: asString(integration.link),
      }),
    );
  }
  if (routing.length && chains.length) {
    problems.push({
      kind: 'approximated',
      where: `${PRODUCT} routes`,
      message:
        "only each integration's default route is read; routes with routing_regex (GET /api/v1/routes/) become alert-match selectors or backstage_entity labels by hand",
    });
  }

  return {
    product: PRODUCT,
    groups: [...groups.values()],
    routing,
    problems,
  };
}
