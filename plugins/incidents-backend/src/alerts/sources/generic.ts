import { InputError } from '@backstage/errors';
import type {
  AlertSource,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { z } from 'zod';
import { readInstant } from '../../validation/inputs';

// ---------------------------------------------------------------------------------------
// Validation helpers shared by the built-in sources (alertmanager.ts, eventsV2.ts).
// Messages are our own, "<path> <problem>", e.g. `alerts[2].labels.alertname must be a
// string`. Transforms of z.unknown() are marked optional first: zod 4 otherwise refuses a
// missing key before the transform can supply its default.
// ---------------------------------------------------------------------------------------

/** Size limits for alert payloads; the storage limits come from the `alerts` table. */
export const ALERT_LIMITS = {
  /** Alerts in one request. */
  maxAlerts: 1000,
  /** Entries in one label or annotation map. */
  maxMapEntries: 200,
  /** Length of a label or annotation name. */
  maxKeyLength: 1000,
  /** Length of a label or annotation value, name, summary or URL. */
  maxValueLength: 10_000,
  /** `alerts.dedup_key` is varchar(255). */
  maxDedupKeyLength: 255,
  /** `alerts.entity_ref` is varchar(255). */
  maxEntityRefLength: 255,
  /** `alerts.source_severity` is varchar(64). */
  maxSeverityLength: 64,
} as const;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['alerts', 2, 'labels', 'a.b']` → `alerts[2].labels["a.b"]`; the root is `body`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) {
        out += out ? `.${key}` : key;
      } else {
        out += `[${JSON.stringify(key)}]`;
      }
    }
  }
  return out || 'body';
}

const MAX_REPORTED_ISSUES = 10;

/**
 * Parses `body` with `schema`, or throws an `InputError` naming every problem (up to ten)
 * with its path: `Invalid <what>: alerts[0].fingerprint is required; ...`.
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  body: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map(issue => `${formatIssuePath(issue.path)} ${issue.message}`);
  const more = result.error.issues.length - problems.length;
  if (more > 0) {
    problems.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
  }
  throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
}

function typeMessage(expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `must be ${expected}`;
}

/** A required string of at most `max` characters that is not blank. */
export function requiredText(max: number = ALERT_LIMITS.maxValueLength) {
  return z
    .string({ error: typeMessage('a string') })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(value => value.trim().length > 0, { error: 'must not be empty' });
}

/** An optional string of at most `max` characters; null and blank mean absent. */
export function optionalText(max: number = ALERT_LIMITS.maxValueLength) {
  return z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform(value => (value?.trim() ? value : undefined));
}

/** An optional http(s) URL (links are shown to users: no `javascript:` and the like). */
export function optionalHttpUrl() {
  return optionalText().superRefine((value, ctx) => {
    if (value === undefined) return;
    let protocol: string | undefined;
    try {
      protocol = new URL(value.trim()).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
    }
  });
}

/**
 * An object of string values (labels, annotations). Absent or null is `{}`; arrays,
 * non-string values, more than 200 entries and over-long names or values are refused.
 */
export function stringMap() {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): Record<string, string> => {
      if (value === undefined || value === null) {
        return {};
      }
      if (typeof value !== 'object' || Array.isArray(value)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an object with string values',
        });
        return z.NEVER;
      }
      const entries = Object.entries(value);
      if (entries.length > ALERT_LIMITS.maxMapEntries) {
        ctx.addIssue({
          code: 'custom',
          message: `must have at most ${ALERT_LIMITS.maxMapEntries} entries (has ${entries.length})`,
        });
        return z.NEVER;
      }
      const problemsBefore = ctx.issues.length;
      for (const [key, entry] of entries) {
        if (key.length > ALERT_LIMITS.maxKeyLength) {
          ctx.addIssue({
            code: 'custom',
            path: [`${key.slice(0, 40)}...`],
            message: `name must be at most ${ALERT_LIMITS.maxKeyLength} characters`,
          });
        } else if (typeof entry !== 'string') {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'must be a string',
          });
        } else if (entry.length > ALERT_LIMITS.maxValueLength) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `must be at most ${ALERT_LIMITS.maxValueLength} characters`,
          });
        }
      }
      if (ctx.issues.length > problemsBefore) {
        return z.NEVER;
      }
      // fromEntries defines own properties, so a `__proto__` key stays a plain entry.
      return Object.fromEntries(entries) as Record<string, string>;
    });
}

/**
 * An optional ISO-8601 / RFC 3339 instant with an offset (nanoseconds allowed, as Go
 * senders write them), normalized to `toISOString()`, read by the backend's one date
 * parser. An instant outside its bounds (Go's zero time `0001-01-01T00:00:00Z`,
 * Alertmanager's "unset", or a sender's clock far off) counts as absent: the alert is
 * kept, with the time it was received.
 */
export function optionalInstant() {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): string | undefined => {
      if (value === undefined || value === null || value === '') {
        return undefined;
      }
      const result = readInstant(value);
      if ('problem' in result) {
        if (result.problem === 'range') return undefined;
        ctx.addIssue({
          code: 'custom',
          message:
            'must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
        });
        return z.NEVER;
      }
      return result.instant.toISOString();
    });
}

/**
 * An array of at most 1000 items, at least one. The length is checked before any item is
 * parsed, so an absurd batch is refused without parsing it.
 */
export function alertArray<T extends z.ZodType>(item: T) {
  return z
    .unknown()
    .check(ctx => {
      if (
        Array.isArray(ctx.value) &&
        ctx.value.length > ALERT_LIMITS.maxAlerts
      ) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `must contain at most ${ALERT_LIMITS.maxAlerts} alerts (has ${ctx.value.length}); send them in smaller batches`,
        });
      }
    })
    .pipe(
      z
        .array(item, { error: typeMessage('an array of alerts') })
        .min(1, { error: 'must contain at least one alert' }),
    );
}

/** A JSON object at the root of the body. */
export function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** Refuses a body that is not a JSON object, before any schema runs. */
export function requireJsonObject(
  body: unknown,
  what: string,
): asserts body is Record<string, unknown> {
  if (!isJsonObject(body)) {
    throw new InputError(`Invalid ${what}: body must be a JSON object`);
  }
}

// ---------------------------------------------------------------------------------------
// Firebreak's own format
// ---------------------------------------------------------------------------------------

const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;

const genericAlert = z
  .object(
    {
      action: z
        .enum(ACTIONS, { error: `must be one of ${ACTIONS.join(', ')}` })
        .nullish()
        .transform(action => action ?? 'trigger'),
      name: requiredText(),
      summary: optionalText(),
      severity: optionalText(ALERT_LIMITS.maxSeverityLength),
      dedupKey: optionalText(ALERT_LIMITS.maxDedupKeyLength),
      labels: stringMap(),
      annotations: stringMap(),
      entityRef: optionalText(ALERT_LIMITS.maxEntityRefLength),
      startsAt: optionalInstant(),
      endsAt: optionalInstant(),
      sourceUrl: optionalHttpUrl(),
    },
    { error: 'must be an alert object' },
  )
  .transform((alert, ctx): NormalizedAlert => {
    if (alert.action !== 'trigger' && alert.dedupKey === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['dedupKey'],
        message: `is required to ${alert.action} an alert`,
      });
      return z.NEVER;
    }
    const normalized: NormalizedAlert = {
      action: alert.action,
      name: alert.name,
      labels: alert.labels,
      annotations: alert.annotations,
    };
    if (alert.dedupKey !== undefined) normalized.dedupKey = alert.dedupKey;
    if (alert.summary !== undefined) normalized.summary = alert.summary;
    if (alert.severity !== undefined) normalized.severity = alert.severity;
    if (alert.startsAt !== undefined) normalized.startsAt = alert.startsAt;
    if (alert.action === 'resolve' && alert.endsAt !== undefined) {
      normalized.endsAt = alert.endsAt;
    }
    if (alert.sourceUrl !== undefined) normalized.sourceUrl = alert.sourceUrl;
    if (alert.entityRef !== undefined) {
      normalized.entityRef = alert.entityRef.trim();
    }
    return normalized;
  });

const genericBatch = z.object({ alerts: alertArray(genericAlert) });

const WHAT = 'generic alert payload';

/**
 * Firebreak's own JSON: `{ alerts: [{ action?, name, summary?, severity?, dedupKey?,
 * labels?, annotations?, entityRef?, startsAt?, endsAt?, sourceUrl? }] }`, or one alert
 * object without the `alerts` wrapper. `action` defaults to `trigger`; acknowledge and
 * resolve need the `dedupKey` of the alert they act on; a resolve's `endsAt` is when the
 * alert ended.
 */
export const genericSource: AlertSource = {
  id: 'generic',
  parse(body) {
    requireJsonObject(body, WHAT);
    if (Object.prototype.hasOwnProperty.call(body, 'alerts')) {
      return parseOrThrow(genericBatch, body, WHAT).alerts;
    }
    return [parseOrThrow(genericAlert, body, WHAT)];
  },
};
