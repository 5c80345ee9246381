import { InputError } from '@backstage/errors';
import type {
  AlertSource,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { z } from 'zod';

const WHAT = 'Grafana webhook payload';
const SUPPORTED_VERSION = '1';

const MAX_ALERTS = 1000;
const MAX_MAP_ENTRIES = 200;
const MAX_KEY_LENGTH = 1000;
const MAX_VALUE_LENGTH = 10_000;
/** Column sizes of Firebreak's `alerts` table. */
const MAX_DEDUP_KEY_LENGTH = 255;
const MAX_ENTITY_REF_LENGTH = 255;
const MAX_SEVERITY_LENGTH = 64;

// Transforms of z.unknown() are marked optional first: zod 4 otherwise refuses a missing
// key before the transform can supply its default.

const text = (max = MAX_VALUE_LENGTH) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform(value => (value?.trim() ? value : undefined));

/** Grafana sends '' for a dashboard or panel URL the rule is not linked to. */
const httpUrl = text().superRefine((value, ctx) => {
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

/** Labels and annotations: an object of strings; absent is `{}`. */
const stringMap = z
  .unknown()
  .optional()
  .transform((value, ctx): Record<string, string> => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an object with string values',
      });
      return z.NEVER;
    }
    const entries = Object.entries(value);
    if (entries.length > MAX_MAP_ENTRIES) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${MAX_MAP_ENTRIES} entries (has ${entries.length})`,
      });
      return z.NEVER;
    }
    let valid = true;
    for (const [key, entry] of entries) {
      let message: string | undefined;
      if (key.length > MAX_KEY_LENGTH) {
        message = `name must be at most ${MAX_KEY_LENGTH} characters`;
      } else if (typeof entry !== 'string') {
        message = 'must be a string';
      } else if (entry.length > MAX_VALUE_LENGTH) {
        message = `must be at most ${MAX_VALUE_LENGTH} characters`;
      }
      if (message) {
        valid = false;
        const shown =
          key.length > MAX_KEY_LENGTH ? `${key.slice(0, 40)}...` : key;
        ctx.addIssue({ code: 'custom', path: [shown], message });
      }
    }
    // fromEntries defines own properties, so a `__proto__` key stays a plain entry.
    return valid ? Object.fromEntries(entries) : z.NEVER;
  });

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** RFC 3339 as Go writes it (nanoseconds allowed); Go's zero time means "unset". */
const instant = z
  .unknown()
  .optional()
  .transform((value, ctx): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
    // Date.parse refuses out-of-range times and offsets but rolls 30 February over.
    const time = match ? Date.parse(match[0]) : NaN;
    const [year, month, day] = (match ?? []).slice(1, 4).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (
      Number.isNaN(time) ||
      date.getUTCMonth() !== month - 1 ||
      date.getUTCDate() !== day
    ) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
      });
      return z.NEVER;
    }
    return year <= 1 ? undefined : new Date(time).toISOString();
  });

const grafanaAlert = z
  .object(
    {
      status: z.enum(['firing', 'resolved'], {
        error: issue =>
          issue.input === undefined
            ? 'is required'
            : 'must be firing or resolved',
      }),
      labels: stringMap,
      annotations: stringMap,
      startsAt: instant,
      endsAt: instant,
      generatorURL: httpUrl,
      fingerprint: z
        .string({
          error: issue =>
            issue.input === undefined ? 'is required' : 'must be a string',
        })
        .max(MAX_DEDUP_KEY_LENGTH, {
          error: `must be at most ${MAX_DEDUP_KEY_LENGTH} characters`,
        })
        .refine(value => value.trim().length > 0, {
          error: 'must not be empty',
        }),
      silenceURL: httpUrl,
      dashboardURL: httpUrl,
      panelURL: httpUrl,
      // Query results by ref ID, e.g. { "B": 44.2, "C": 1 }; checked, not kept.
      values: z
        .record(
          z.string(),
          z.number({ error: 'must be a number' }).nullable(),
          {
            error: 'must be an object of numbers',
          },
        )
        .nullish(),
    },
    { error: 'must be an alert object' },
  )
  .transform((alert, ctx): NormalizedAlert => {
    const { labels, annotations } = alert;
    const name = labels.alertname?.trim() ? labels.alertname : undefined;
    const severity = labels.severity?.trim() ? labels.severity : undefined;
    const entityRef = labels.backstage_entity?.trim() || undefined;
    const problems: Array<[label: string, message: string]> = [];
    if (name === undefined) {
      problems.push(['alertname', 'is required']);
    }
    if (severity && severity.length > MAX_SEVERITY_LENGTH) {
      problems.push([
        'severity',
        `must be at most ${MAX_SEVERITY_LENGTH} characters`,
      ]);
    }
    if (entityRef && entityRef.length > MAX_ENTITY_REF_LENGTH) {
      problems.push([
        'backstage_entity',
        `must be at most ${MAX_ENTITY_REF_LENGTH} characters`,
      ]);
    }
    if (name === undefined || problems.length) {
      for (const [label, message] of problems) {
        ctx.addIssue({ code: 'custom', path: ['labels', label], message });
      }
      return z.NEVER;
    }

    const normalized: NormalizedAlert = {
      action: alert.status === 'resolved' ? 'resolve' : 'trigger',
      dedupKey: alert.fingerprint,
      name,
      labels,
      annotations,
    };
    const summary = [annotations.summary, annotations.description].find(value =>
      value?.trim(),
    );
    const sourceUrl =
      alert.dashboardURL ?? alert.panelURL ?? alert.generatorURL;
    if (summary !== undefined) normalized.summary = summary;
    if (severity !== undefined) normalized.severity = severity;
    if (alert.startsAt !== undefined) normalized.startsAt = alert.startsAt;
    if (sourceUrl !== undefined) normalized.sourceUrl = sourceUrl;
    if (entityRef !== undefined) normalized.entityRef = entityRef;
    return normalized;
  });

const grafanaPayload = z.object({
  receiver: text(),
  status: z
    .enum(['firing', 'resolved'], { error: 'must be firing or resolved' })
    .nullish(),
  orgId: z.number({ error: 'must be a number' }).int().nullish(),
  alerts: z
    .unknown()
    .check(ctx => {
      if (Array.isArray(ctx.value) && ctx.value.length > MAX_ALERTS) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `must contain at most ${MAX_ALERTS} alerts (has ${ctx.value.length}); send them in smaller batches`,
        });
      }
    })
    .pipe(
      z
        .array(grafanaAlert, {
          error: issue =>
            issue.input === undefined
              ? 'is required'
              : 'must be an array of alerts',
        })
        .min(1, { error: 'must contain at least one alert' }),
    ),
  groupLabels: stringMap,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  externalURL: text(),
  groupKey: text(),
  truncatedAlerts: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must not be negative' })
    .nullish(),
  title: text(),
  state: text(),
  message: text(100_000),
});

/** `['alerts', 2, 'labels', 'a.b']` → `alerts[2].labels["a.b"]`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (/^[A-Za-z_$][\w$]*$/.test(String(segment))) {
      out += out ? `.${String(segment)}` : String(segment);
    } else {
      out += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return out || 'body';
}

/**
 * Grafana alerting (unified alerting) webhook contact points, payload version "1". Like
 * Alertmanager, whose format it extends: each alert is a trigger (`firing`) or a resolve
 * (`resolved`) keyed by its fingerprint, named by its `alertname` label, summarized by its
 * `summary` (else `description`) annotation, linked to its dashboard, panel or rule, and
 * routed by a `backstage_entity` label when there is one.
 *
 * @public
 */
export const grafanaAlertSource: AlertSource = {
  id: 'grafana',
  parse(body) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InputError(`Invalid ${WHAT}: body must be a JSON object`);
    }
    const version = (body as Record<string, unknown>).version;
    if (version !== SUPPORTED_VERSION) {
      const sent = JSON.stringify(version)?.slice(0, 40);
      throw new InputError(
        version === undefined
          ? `Invalid ${WHAT}: version is required; Firebreak accepts Grafana alerting webhooks version "${SUPPORTED_VERSION}" (legacy dashboard alerts are not supported)`
          : `Unsupported ${WHAT} version ${sent}: Firebreak accepts version "${SUPPORTED_VERSION}" only`,
      );
    }
    const result = grafanaPayload.safeParse(body);
    if (!result.success) {
      const issues = result.error.issues;
      const problems = issues
        .slice(0, 10)
        .map(issue => `${formatPath(issue.path)} ${issue.message}`);
      if (issues.length > 10) {
        problems.push(`and ${issues.length - 10} more problems`);
      }
      throw new InputError(`Invalid ${WHAT}: ${problems.join('; ')}`);
    }
    return result.data.alerts;
  },
};
