import { Duration, DateTime, IANAZone } from 'luxon';
import { isMap, isSeq, LineCounter, parseDocument, Node } from 'yaml';

/** Annotation holding the alert -> runbook table (a YAML list). */
export const ANNOTATION_ALERTS = 'firebreak.dev/alerts';
/** Annotation holding the fallback runbook URL. */
export const ANNOTATION_RUNBOOK = 'firebreak.dev/runbook';
/** Annotation holding a label selector (`k=v,k2=v2`) that routes alerts to the entity. */
export const ANNOTATION_ALERT_MATCH = 'firebreak.dev/alert-match';
/** Annotation naming an entity on the public status page (its public name). */
export const ANNOTATION_STATUS_PAGE = 'firebreak.dev/status-page';
/** Annotation on Group entities holding the on-call rotation (a YAML map). */
export const ANNOTATION_ONCALL = 'firebreak.dev/oncall';
/** Annotation holding the entity's heartbeats (dead-man switches, a YAML list). */
export const ANNOTATION_HEARTBEATS = 'firebreak.dev/heartbeats';
/**
 * Annotation on Group entities naming the team's Slack channel for incident messages: a
 * channel id (`C0123456789`) or `#name`.
 */
export const ANNOTATION_SLACK_CHANNEL = 'firebreak.dev/slack-channel';
/**
 * Annotation naming the Atlassian Statuspage component (its id, e.g. `8kbf7d35c070`)
 * that the entity's public incidents are pushed to.
 */
export const ANNOTATION_STATUSPAGE_COMPONENT =
  'firebreak.dev/statuspage-component';
/**
 * Annotation on Group entities naming the Jira project (and optionally the issue type)
 * for the team's action items: `PAY` or `PAY/Task`.
 */
export const ANNOTATION_JIRA_PROJECT = 'firebreak.dev/jira-project';

/** One row of an entity's alert -> runbook table. */
export interface AlertRunbookEntry {
  alert: string;
  description?: string;
  source?: string;
  runbook?: string;
  severity?: string;
}

/**
 * A heartbeat as declared in `firebreak.dev/heartbeats`: the job pings it at least once
 * per `interval`; when no ping came for `interval` plus `grace`, an alert fires on the
 * entity, and the next ping resolves it.
 */
export interface HeartbeatDeclaration {
  /** Letters, digits, `.`, `_` and `-`: it is the last segment of the ping URL. */
  name: string;
  /** ISO-8601 duration, at least one minute. */
  interval: string;
  /** ISO-8601 duration added to `interval` before the heartbeat counts as missed. */
  grace: string;
  /** Severity of the alert a missed heartbeat raises; the ingestion default when absent. */
  severity?: string;
  description?: string;
}

/** A declared heartbeat with its state, as `GET /heartbeats?entityRef=` answers. */
export type HeartbeatStatus = HeartbeatDeclaration & {
  /** `missed`: its alert is raised; `waiting`: never pinged yet. */
  state: 'ok' | 'missed' | 'waiting';
  lastPingAt?: string;
  /** When it counts as missed without another ping; absent while missed. */
  dueBy?: string;
  missedAt?: string;
};

/** Grace period of a heartbeat that names none. */
export const DEFAULT_HEARTBEAT_GRACE = 'PT5M';

/** A team's on-call rotation as written in `firebreak.dev/oncall`. */
export interface OncallRotation {
  /** Entity refs that take the primary shift in turn. */
  rotation: string[];
  /** ISO-8601 instant (UTC) at which `rotation[0]` starts its first shift. */
  start: string;
  /** ISO-8601 duration of one shift. */
  shift: string;
  /**
   * Entity refs to escalate to, in order, when nobody acknowledges (the flat form, one
   * step per acknowledgement target); with `escalationLevels`, the refs those levels
   * name, for display.
   */
  escalation: string[];
  /** The policy form of `escalation`: levels with their own delays. */
  escalationLevels?: EscalationLevel[];
  /** Levels for particular severities (e.g. P1 escalates faster), by severity id. */
  escalationBySeverity?: Record<string, EscalationLevel[]>;
  /** How many more times the levels run after the last one while nobody acknowledges. */
  escalationRepeat?: number;
  /**
   * IANA time zone (e.g. `Europe/Berlin`) in which calendar shifts (`P1D`, `P7D`) are
   * counted, so handovers keep their local wall-clock time across daylight-saving
   * changes. Absent means `UTC`.
   */
  timezone?: string;
}

/** One level of an escalation policy: who is paged, and how long after the level before. */
export interface EscalationLevel {
  /**
   * ISO-8601 delay after the level before fired (the first level: after the first
   * page), e.g. `PT5M`.
   */
  after: string;
  /**
   * Who is paged: `primary` and `secondary` (the rotation's when the level fires) and
   * user or group refs (a group's members are paged), full form.
   */
  notify: string[];
}

/** The words a level's `notify` may use for the rotation's people. */
export const ESCALATION_ROLES = ['primary', 'secondary'] as const;

/** The zone used when a rotation names none. */
export const DEFAULT_ONCALL_TIMEZONE = 'UTC';

/** A problem found in an annotation value, with the 1-based line when known. */
export interface AnnotationProblem {
  annotation: string;
  field?: string;
  line?: number;
  message: string;
}

/** The result of parsing an annotation: a value, or the problems that prevented one. */
export type AnnotationParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; problems: AnnotationProblem[] };

const ALERT_FIELDS = ['alert', 'description', 'source', 'runbook', 'severity'];
const HEARTBEAT_FIELDS = [
  'name',
  'interval',
  'grace',
  'severity',
  'description',
];
const HEARTBEAT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** Whether `name` can name a heartbeat: letters, digits, `.`, `_` and `-`, at most 63. */
export function isHeartbeatName(name: string): boolean {
  return HEARTBEAT_NAME.test(name);
}
const ONCALL_FIELDS = [
  'rotation',
  'start',
  'shift',
  'escalation',
  'escalationBySeverity',
  'repeat',
  'timezone',
];
const LEVEL_FIELDS = ['after', 'notify'];
/** More repeats than this page people for hours; the policy should say so instead. */
const MAX_ESCALATION_REPEAT = 10;
const SEVERITY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const ENTITY_REF = /^(user|group):([a-z0-9_.-]+\/)?[a-zA-Z0-9_.-]+$/i;

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function lineOf(node: Node | null | undefined, counter: LineCounter) {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

function parseYaml(annotation: string, text: string) {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
  });
  const problems: AnnotationProblem[] = doc.errors.map(err => ({
    annotation,
    line: err.linePos?.[0]?.line,
    message: `invalid YAML: ${err.message.split('\n')[0]}`,
  }));
  return { doc, counter, problems };
}

/**
 * Reads an annotation holding a YAML list of maps of string fields, each named by
 * `keyField` (unique): unknown fields, non-string values, missing and repeated names
 * are problems with their line. What the entries mean is for the caller to check.
 */
function parseEntryList(
  annotation: string,
  text: string,
  fields: string[],
  keyField: string,
  /** What the list holds, for its message: `alerts`. */
  noun: string,
): {
  entries: Array<{ entry: Record<string, string>; line?: number }>;
  problems: AnnotationProblem[];
} {
  const { doc, counter, problems } = parseYaml(annotation, text);
  if (problems.length) return { entries: [], problems };
  const root = doc.contents;
  if (!isSeq(root)) {
    return {
      entries: [],
      problems: [
        {
          annotation,
          line: lineOf(root, counter) ?? 1,
          message: `must be a YAML list of ${noun}`,
        },
      ],
    };
  }
  const entries: Array<{ entry: Record<string, string>; line?: number }> = [];
  const seen = new Set<string>();
  root.items.forEach((item, index) => {
    const line = lineOf(item as Node, counter);
    if (!isMap(item)) {
      problems.push({
        annotation,
        line,
        message: `entry ${index + 1} must be a map with a '${keyField}' key`,
      });
      return;
    }
    const entry: Record<string, string> = {};
    for (const pair of item.items) {
      const key = String((pair.key as any)?.value ?? pair.key);
      const valueNode = pair.value as Node | null;
      const pairLine = lineOf(pair.key as Node, counter) ?? line;
      if (!fields.includes(key)) {
        problems.push({
          annotation,
          field: key,
          line: pairLine,
          message: `unknown field '${key}' (allowed: ${fields.join(', ')})`,
        });
        continue;
      }
      const value = (valueNode as any)?.value;
      if (typeof value !== 'string' && typeof value !== 'number') {
        problems.push({
          annotation,
          field: key,
          line: pairLine,
          message: `'${key}' must be a string`,
        });
        continue;
      }
      entry[key] = String(value).trim();
    }
    const name = entry[keyField];
    if (!name) {
      problems.push({
        annotation,
        field: keyField,
        line,
        message: `entry ${index + 1} has no '${keyField}'`,
      });
      return;
    }
    if (seen.has(name)) {
      problems.push({
        annotation,
        field: keyField,
        line,
        message: `'${name}' is listed twice`,
      });
    }
    seen.add(name);
    entries.push({ entry, line });
  });
  return { entries, problems };
}

/** Problems in the order of their lines, as an owner reads the YAML; stable within a line. */
function byLine(problems: AnnotationProblem[]): AnnotationProblem[] {
  return [...problems].sort(
    (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity),
  );
}

/** A problem when `severity` is set and not one of the policy's ids. */
function severityProblem(
  annotation: string,
  entry: Record<string, string>,
  what: string,
  line: number | undefined,
  severities: readonly string[] | undefined,
): AnnotationProblem | undefined {
  if (!entry.severity || !severities || severities.includes(entry.severity)) {
    return undefined;
  }
  return {
    annotation,
    field: 'severity',
    line,
    message: `severity '${
      entry.severity
    }' of ${what} is not one of ${severities.join(', ')}`,
  };
}

/**
 * Parses `firebreak.dev/alerts`: a YAML list of `{alert, description, source, runbook, severity}`.
 * `severities`, when given, restricts `severity` to the policy's ids.
 */
export function parseAlertsAnnotation(
  text: string,
  options: { severities?: readonly string[] } = {},
): AnnotationParseResult<AlertRunbookEntry[]> {
  const annotation = ANNOTATION_ALERTS;
  const { entries, problems } = parseEntryList(
    annotation,
    text,
    ALERT_FIELDS,
    'alert',
    'alerts',
  );
  for (const { entry, line } of entries) {
    for (const urlField of ['runbook', 'source'] as const) {
      if (entry[urlField] && !isUrl(entry[urlField])) {
        problems.push({
          annotation,
          field: urlField,
          line,
          message: `'${urlField}' of alert '${entry.alert}' must be an http(s) URL`,
        });
      }
    }
    const severity = severityProblem(
      annotation,
      entry,
      `alert '${entry.alert}'`,
      line,
      options.severities,
    );
    if (severity) problems.push(severity);
  }
  return problems.length
    ? { ok: false, problems: byLine(problems) }
    : {
        ok: true,
        value: entries.map(e => e.entry as unknown as AlertRunbookEntry),
      };
}

/**
 * Parses `firebreak.dev/heartbeats`: a YAML list of `{name, interval, grace, severity,
 * description}`, durations in ISO-8601 (`PT15M`, `P1D`). `interval` is at least a
 * minute, the period of the check; `grace` defaults to {@link DEFAULT_HEARTBEAT_GRACE}.
 * `severities`, when given, restricts `severity` to the policy's ids.
 */
export function parseHeartbeatsAnnotation(
  text: string,
  options: { severities?: readonly string[] } = {},
): AnnotationParseResult<HeartbeatDeclaration[]> {
  const annotation = ANNOTATION_HEARTBEATS;
  const { entries, problems } = parseEntryList(
    annotation,
    text,
    HEARTBEAT_FIELDS,
    'name',
    'heartbeats',
  );
  const heartbeats: HeartbeatDeclaration[] = [];
  for (const { entry, line } of entries) {
    const what = `heartbeat '${entry.name}'`;
    if (!isHeartbeatName(entry.name)) {
      problems.push({
        annotation,
        field: 'name',
        line,
        message: `${what} may hold only letters, digits, '.', '_' and '-' (at most 63)`,
      });
    }
    const interval = Duration.fromISO(entry.interval ?? '');
    if (!interval.isValid || interval.toMillis() < 60_000) {
      problems.push({
        annotation,
        field: 'interval',
        line,
        message: `'interval' of ${what} must be an ISO-8601 duration of at least a minute, such as PT15M or P1D`,
      });
    }
    const grace = entry.grace ?? DEFAULT_HEARTBEAT_GRACE;
    const graceDuration = Duration.fromISO(grace);
    if (!graceDuration.isValid || graceDuration.toMillis() < 0) {
      problems.push({
        annotation,
        field: 'grace',
        line,
        message: `'grace' of ${what} must be an ISO-8601 duration such as PT5M`,
      });
    }
    const severity = severityProblem(
      annotation,
      entry,
      what,
      line,
      options.severities,
    );
    if (severity) problems.push(severity);
    heartbeats.push({
      name: entry.name,
      interval: entry.interval,
      grace,
      ...(entry.severity && { severity: entry.severity }),
      ...(entry.description && { description: entry.description }),
    });
  }
  return problems.length
    ? { ok: false, problems: byLine(problems) }
    : { ok: true, value: heartbeats };
}

/** Parses `firebreak.dev/runbook`: a single http(s) URL. */
export function parseRunbookAnnotation(
  text: string,
): AnnotationParseResult<string> {
  const value = text.trim();
  return isUrl(value)
    ? { ok: true, value }
    : {
        ok: false,
        problems: [
          { annotation: ANNOTATION_RUNBOOK, message: 'must be an http(s) URL' },
        ],
      };
}

/** Longest public name of a status page component. */
const MAX_STATUS_PAGE_NAME = 100;

/**
 * Parses `firebreak.dev/status-page`: the name the public status page shows for the
 * entity (e.g. `Card payments`), one line of at most 100 characters.
 */
export function parseStatusPageAnnotation(
  text: string,
): AnnotationParseResult<string> {
  const value = text.trim();
  const problem = (message: string): AnnotationParseResult<string> => ({
    ok: false,
    problems: [{ annotation: ANNOTATION_STATUS_PAGE, message }],
  });
  if (!value) return problem('must name the entity as the public sees it');
  if (/[\r\n]/.test(value)) return problem('must be one line');
  if (value.length > MAX_STATUS_PAGE_NAME) {
    return problem(`must be at most ${MAX_STATUS_PAGE_NAME} characters`);
  }
  return { ok: true, value };
}

// Statuspage ids are short lower-case tokens; any letters or digits are taken, nothing
// else, so a value is safe in a URL path and a JSON key.
const STATUSPAGE_COMPONENT_ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * Parses `firebreak.dev/statuspage-component`: the id of a component of the configured
 * Atlassian Statuspage page (letters and digits, at most 64), as its API takes it in
 * `component_ids`.
 */
export function parseStatuspageComponentAnnotation(
  text: string,
): AnnotationParseResult<string> {
  const value = text.trim();
  if (STATUSPAGE_COMPONENT_ID.test(value)) return { ok: true, value };
  return {
    ok: false,
    problems: [
      {
        annotation: ANNOTATION_STATUSPAGE_COMPONENT,
        message: `'${value}' is not a Statuspage component id (letters and digits, e.g. 8kbf7d35c070)`,
      },
    ],
  };
}

// Slack's ids of public (C) and private (G) channels; names are lower case, at most 80.
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;
const SLACK_CHANNEL_NAME = /^#[a-z0-9][a-z0-9_-]{0,79}$/;

/**
 * Parses `firebreak.dev/slack-channel`: a channel id such as `C0123456789`, or `#name`.
 * The value is what `chat.postMessage` takes as `channel`.
 */
export function parseSlackChannelAnnotation(
  text: string,
): AnnotationParseResult<string> {
  const value = text.trim();
  if (SLACK_CHANNEL_ID.test(value) || SLACK_CHANNEL_NAME.test(value)) {
    return { ok: true, value };
  }
  return {
    ok: false,
    problems: [
      {
        annotation: ANNOTATION_SLACK_CHANNEL,
        message: `'${value}' is not a Slack channel id (e.g. C0123456789) or #name (lower-case letters, digits, - and _, at most 80)`,
      },
    ],
  };
}

/** Parses `firebreak.dev/alert-match`: `label=value` pairs separated by commas. */
export function parseAlertMatchAnnotation(
  text: string,
): AnnotationParseResult<Record<string, string>> {
  const selector: Record<string, string> = {};
  const problems: AnnotationProblem[] = [];
  for (const part of text
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    const value = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!key || !value) {
      problems.push({
        annotation: ANNOTATION_ALERT_MATCH,
        message: `'${part}' is not of the form label=value`,
      });
    } else {
      selector[key] = value;
    }
  }
  if (!problems.length && Object.keys(selector).length === 0) {
    problems.push({
      annotation: ANNOTATION_ALERT_MATCH,
      message: 'must hold at least one label=value pair',
    });
  }
  return problems.length
    ? { ok: false, problems }
    : { ok: true, value: selector };
}

/**
 * Parses `firebreak.dev/oncall`: `{rotation, start, shift, escalation, timezone}`.
 * A `start` without a UTC offset is read in `timezone`; the parsed `start` is always UTC.
 */
export function parseOncallAnnotation(
  text: string,
): AnnotationParseResult<OncallRotation> {
  const annotation = ANNOTATION_ONCALL;
  const { doc, counter, problems } = parseYaml(annotation, text);
  if (problems.length) return { ok: false, problems };
  const root = doc.contents;
  if (!isMap(root)) {
    return {
      ok: false,
      problems: [
        {
          annotation,
          line: 1,
          message: 'must be a YAML map with rotation, start and shift',
        },
      ],
    };
  }
  const js = doc.toJS() as Record<string, unknown>;
  const lineFor = (field: string) => {
    const pair = root.items.find(p => (p.key as any)?.value === field);
    return lineOf(pair?.key as Node, counter);
  };
  for (const key of Object.keys(js)) {
    if (!ONCALL_FIELDS.includes(key)) {
      problems.push({
        annotation,
        field: key,
        line: lineFor(key),
        message: `unknown field '${key}' (allowed: ${ONCALL_FIELDS.join(
          ', ',
        )})`,
      });
    }
  }
  const refs = (
    field: 'rotation' | 'escalation',
    required: boolean,
  ): string[] => {
    const value = js[field];
    if (value === undefined && !required) return [];
    if (!Array.isArray(value) || (required && value.length === 0)) {
      problems.push({
        annotation,
        field,
        line: lineFor(field),
        message: `'${field}' must be a ${
          required ? 'non-empty ' : ''
        }list of entity refs such as user:alice`,
      });
      return [];
    }
    return value.map(v => {
      const ref = String(v).trim();
      if (!ENTITY_REF.test(ref)) {
        problems.push({
          annotation,
          field,
          line: lineFor(field),
          message: `'${ref}' in '${field}' is not a user: or group: entity ref`,
        });
      }
      return ref.toLowerCase();
    });
  };
  const rotation = refs('rotation', true);
  const levelsNode = (root.get('escalation', true) ?? undefined) as
    | Node
    | undefined;
  // A list of maps is the policy form; a list of refs (or none) the flat one.
  const policyForm =
    isSeq(levelsNode) && levelsNode.items.some(item => isMap(item));
  const escalationLevels = policyForm
    ? parseEscalationLevels(levelsNode, 'escalation', counter, problems)
    : undefined;
  const escalation = policyForm
    ? [
        ...new Set(
          (escalationLevels ?? []).flatMap(l =>
            l.notify.filter(t => !isEscalationRole(t)),
          ),
        ),
      ]
    : refs('escalation', false);
  const escalationBySeverity = parseEscalationBySeverity(
    root.get('escalationBySeverity', true) as Node | undefined,
    counter,
    problems,
  );
  const repeat = js.repeat;
  if (
    repeat !== undefined &&
    !(
      Number.isInteger(repeat) &&
      (repeat as number) >= 0 &&
      (repeat as number) <= MAX_ESCALATION_REPEAT
    )
  ) {
    problems.push({
      annotation,
      field: 'repeat',
      line: lineFor('repeat'),
      message: `'repeat' must be a whole number from 0 to ${MAX_ESCALATION_REPEAT}`,
    });
  }
  const timezone =
    typeof js.timezone === 'string' ? js.timezone.trim() : js.timezone;
  const timezoneValid =
    timezone === undefined ||
    (typeof timezone === 'string' && IANAZone.isValidZone(timezone));
  const rawStart = js.start instanceof Date ? js.start.toISOString() : js.start;
  // An offset in `start` wins; a local time such as 2026-01-05T09:00:00 means 09:00 in
  // the rotation's zone, which is what an owner writing `timezone` expects.
  const start =
    typeof rawStart === 'string'
      ? DateTime.fromISO(rawStart, {
          zone: timezoneValid && timezone ? (timezone as string) : 'utc',
        })
      : undefined;
  if (!start?.isValid) {
    problems.push({
      annotation,
      field: 'start',
      line: lineFor('start'),
      message:
        "'start' must be an ISO-8601 date-time such as 2026-01-05T09:00:00Z",
    });
  }
  const shift =
    typeof js.shift === 'string' ? Duration.fromISO(js.shift) : undefined;
  // Negative parts (P1DT-1H) would make shift boundaries go backwards somewhere.
  const hasNegativePart =
    shift?.isValid && Object.values(shift.toObject()).some(v => v! < 0);
  if (!shift?.isValid || shift.toMillis() <= 0 || hasNegativePart) {
    problems.push({
      annotation,
      field: 'shift',
      line: lineFor('shift'),
      message: "'shift' must be a positive ISO-8601 duration such as P7D",
    });
  }
  if (!timezoneValid) {
    problems.push({
      annotation,
      field: 'timezone',
      line: lineFor('timezone'),
      message:
        "'timezone' must be an IANA time zone such as Europe/Berlin or UTC",
    });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      rotation,
      start: start!.toUTC().toISO()!,
      shift: js.shift as string,
      escalation,
      ...(escalationLevels && { escalationLevels }),
      ...(escalationBySeverity && { escalationBySeverity }),
      ...(typeof repeat === 'number' && repeat > 0
        ? { escalationRepeat: repeat }
        : {}),
      ...(timezone ? { timezone: timezone as string } : {}),
    },
  };
}

/** Whether a `notify` entry names a rotation role rather than an entity. */
export function isEscalationRole(
  target: string,
): target is (typeof ESCALATION_ROLES)[number] {
  return (ESCALATION_ROLES as readonly string[]).includes(target);
}

/**
 * Reads the levels of an escalation policy (`- after: PT5M` / `notify: [...]`), adding a
 * problem with its line for every unknown field, bad delay or bad target.
 */
function parseEscalationLevels(
  node: Node | undefined,
  field: string,
  counter: LineCounter,
  problems: AnnotationProblem[],
): EscalationLevel[] | undefined {
  const annotation = ANNOTATION_ONCALL;
  if (!isSeq(node) || node.items.length === 0) {
    problems.push({
      annotation,
      field,
      line: lineOf(node, counter),
      message: `'${field}' must be a non-empty list of levels such as '- after: PT5M' with 'notify: [secondary]'`,
    });
    return undefined;
  }
  const levels: EscalationLevel[] = [];
  node.items.forEach((item, index) => {
    const where = `level ${index + 1} of '${field}'`;
    const line = lineOf(item as Node, counter);
    if (!isMap(item)) {
      problems.push({
        annotation,
        field,
        line,
        message: `${where} must be a map with 'after' and 'notify' (not a mix of refs and levels)`,
      });
      return;
    }
    const value = item.toJSON() as Record<string, unknown>;
    const fieldLine = (key: string) => {
      const pair = item.items.find(p => (p.key as any)?.value === key);
      return lineOf((pair?.key as Node) ?? item, counter);
    };
    for (const key of Object.keys(value)) {
      if (!LEVEL_FIELDS.includes(key)) {
        problems.push({
          annotation,
          field: `${field}.${key}`,
          line: fieldLine(key),
          message: `unknown field '${key}' in ${where} (allowed: after, notify)`,
        });
      }
    }
    const after =
      typeof value.after === 'string'
        ? Duration.fromISO(value.after.trim())
        : undefined;
    const afterOk =
      after?.isValid &&
      after.toMillis() >= 0 &&
      !Object.values(after.toObject()).some(v => v! < 0);
    if (!afterOk) {
      problems.push({
        annotation,
        field: `${field}.after`,
        line: fieldLine('after'),
        message: `${where} needs 'after', an ISO-8601 duration such as PT5M (PT0M for at once)`,
      });
    }
    const notify = Array.isArray(value.notify) ? value.notify : undefined;
    if (!notify || notify.length === 0) {
      problems.push({
        annotation,
        field: `${field}.notify`,
        line: fieldLine('notify'),
        message: `${where} needs 'notify', a non-empty list of primary, secondary, user: or group: refs`,
      });
    }
    const targets = (notify ?? []).map(v => String(v).trim());
    for (const target of targets) {
      if (!isEscalationRole(target.toLowerCase()) && !ENTITY_REF.test(target)) {
        problems.push({
          annotation,
          field: `${field}.notify`,
          line: fieldLine('notify'),
          message: `'${target}' in ${where} is not primary, secondary or a user: or group: entity ref`,
        });
      }
    }
    if (afterOk && notify?.length) {
      levels.push({
        after: (value.after as string).trim(),
        notify: [...new Set(targets.map(t => t.toLowerCase()))],
      });
    }
  });
  return levels.length === node.items.length ? levels : undefined;
}

/** Reads `escalationBySeverity`: a map from severity id to a list of levels. */
function parseEscalationBySeverity(
  node: Node | undefined,
  counter: LineCounter,
  problems: AnnotationProblem[],
): Record<string, EscalationLevel[]> | undefined {
  if (node === undefined) return undefined;
  const field = 'escalationBySeverity';
  if (!isMap(node) || node.items.length === 0) {
    problems.push({
      annotation: ANNOTATION_ONCALL,
      field,
      line: lineOf(node, counter),
      message: `'${field}' must map severity ids (such as P1) to lists of levels`,
    });
    return undefined;
  }
  const result: Record<string, EscalationLevel[]> = {};
  for (const pair of node.items) {
    const id = String((pair.key as any)?.value ?? '').trim();
    if (!SEVERITY_ID.test(id)) {
      problems.push({
        annotation: ANNOTATION_ONCALL,
        field,
        line: lineOf(pair.key as Node, counter),
        message: `'${id}' in '${field}' is not a severity id such as P1`,
      });
      continue;
    }
    const levels = parseEscalationLevels(
      (pair.value ?? undefined) as Node | undefined,
      `${field}.${id}`,
      counter,
      problems,
    );
    if (levels) result[id] = levels;
  }
  return result;
}

/** Formats a problem as one line, e.g. `firebreak.dev/alerts line 4 (runbook): ...`. */
export function formatAnnotationProblem(problem: AnnotationProblem): string {
  const where = [
    problem.line ? `line ${problem.line}` : '',
    problem.field ? `(${problem.field})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${problem.annotation}${where ? ` ${where}` : ''}: ${problem.message}`;
}

/** Where a team's Jira issues go, as written in `firebreak.dev/jira-project`. */
export interface JiraProjectAnnotation {
  /** Jira project key, e.g. `PAY`. */
  project: string;
  /** Issue type name, e.g. `Task`; absent means the configured default. */
  issueType?: string;
}

// Jira's default project key rule: a capital letter, then capitals, digits or `_`.
const JIRA_PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

/** Parses `firebreak.dev/jira-project`: a project key, optionally `/` and an issue type. */
export function parseJiraProjectAnnotation(
  text: string,
): AnnotationParseResult<JiraProjectAnnotation> {
  const value = text.trim();
  const slash = value.indexOf('/');
  const project = (slash < 0 ? value : value.slice(0, slash)).trim();
  const issueType = slash < 0 ? undefined : value.slice(slash + 1).trim();
  const problems: AnnotationProblem[] = [];
  if (!JIRA_PROJECT_KEY.test(project)) {
    problems.push({
      annotation: ANNOTATION_JIRA_PROJECT,
      field: 'project',
      message: `'${project}' is not a Jira project key (capital letters, digits and _, starting with a letter), e.g. PAY or PAY/Task`,
    });
  }
  if (issueType !== undefined && !issueType) {
    problems.push({
      annotation: ANNOTATION_JIRA_PROJECT,
      field: 'issueType',
      message: 'the issue type after / must not be empty, e.g. PAY/Task',
    });
  }
  return problems.length
    ? { ok: false, problems }
    : { ok: true, value: { project, ...(issueType && { issueType }) } };
}
