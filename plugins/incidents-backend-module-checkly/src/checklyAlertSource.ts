import { InputError } from '@backstage/errors';
import type {
  AlertSource,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { z } from 'zod';

const WHAT = 'Checkly webhook payload';

const MAX_TEXT_LENGTH = 10_000;
const MAX_TAGS = 200;
const MAX_TAG_LENGTH = 1000;
/** Column sizes of Firebreak's `alerts` table. */
const MAX_DEDUP_KEY_LENGTH = 255;
const MAX_ENTITY_REF_LENGTH = 255;
const MAX_SEVERITY_LENGTH = 64;
/** Room left in the dedup key for a state suffix such as `:degraded`. */
const MAX_CHECK_ID_LENGTH = MAX_DEDUP_KEY_LENGTH - 16;

/**
 * What a check can be in. Failing and degraded are separate Firebreak alerts (keyed
 * `<check id>` and `<check id>:degraded`), so a degraded check that fails opens a more
 * severe alert that raises the incident; an expiring certificate is a third.
 */
type CheckState = 'failing' | 'degraded' | 'ssl' | 'passing';

/** Checkly's alert types (its "alert states" table) and the state each leads to. */
const ALERT_TYPES: Record<string, CheckState> = {
  ALERT_FAILURE: 'failing',
  ALERT_FAILURE_REMAIN: 'failing',
  ALERT_DEGRADED_FAILURE: 'failing',
  ALERT_DEGRADED: 'degraded',
  ALERT_DEGRADED_REMAIN: 'degraded',
  ALERT_FAILURE_DEGRADED: 'degraded',
  ALERT_RECOVERY: 'passing',
  ALERT_DEGRADED_RECOVERY: 'passing',
  ALERT_SSL: 'ssl',
};

const OPEN_STATES = ['failing', 'degraded', 'ssl'] as const;
type OpenState = (typeof OPEN_STATES)[number];

/** Name suffix, key suffix and default source severity of each open state. */
const STATE_SHAPE: Record<
  OpenState,
  { suffix: string; key: string; severity: string }
> = {
  failing: { suffix: '', key: '', severity: 'error' },
  degraded: { suffix: ' (degraded)', key: ':degraded', severity: 'warning' },
  ssl: { suffix: ' (SSL certificate)', key: ':ssl', severity: 'warning' },
};

/** What leaving a state for another settles: a recovery settles failing and degraded. */
const LEAVES: Record<CheckState, OpenState[]> = {
  failing: ['degraded'],
  degraded: ['failing'],
  ssl: [],
  passing: ['failing', 'degraded'],
};

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Undoes Handlebars' HTML escaping of `{{VARIABLE}}` (`&`, `<`, `>`, `"`, `'`, `` ` ``,
 * `=`), which keeps the template's JSON valid but turns `Check "Home"` into
 * `Check &quot;Home&quot;` and a link's `a=1&b=2` into `a&#x3D;1&amp;b&#x3D;2`.
 */
export function unescapeHandlebars(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos));/gi,
    (match, hex, decimal, named) => {
      if (named) return ENTITIES[named.toLowerCase()];
      const code = hex ? parseInt(hex, 16) : Number(decimal);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    },
  );
}

const text = (max = MAX_TEXT_LENGTH) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform(value => {
      const kept = value ? unescapeHandlebars(value).trim() : '';
      return kept || undefined;
    });

const requiredText = (max = MAX_TEXT_LENGTH) =>
  z
    .string({
      error: issue =>
        issue.input === undefined ? 'is required' : 'must be a string',
    })
    .max(max, { error: `must be at most ${max} characters` })
    .transform((value, ctx) => {
      const kept = unescapeHandlebars(value).trim();
      if (!kept) {
        ctx.addIssue({ code: 'custom', message: 'must not be empty' });
        return z.NEVER;
      }
      return kept;
    });

const httpUrl = text().superRefine((value, ctx) => {
  if (value === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  }
});

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `{{STARTED_AT}}`: an ISO-8601 instant such as `2026-03-01T09:00:00.000Z`. */
const instant = z
  .unknown()
  .optional()
  .transform((value, ctx): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
    const time = match ? Date.parse(match[0]) : NaN;
    // Date.parse rolls 30 February over to March; the calendar date must exist.
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
          'must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00.000Z',
      });
      return z.NEVER;
    }
    return new Date(time).toISOString();
  });

/** `{{RESPONSE_TIME}}` in milliseconds, quoted in the template or not. */
const milliseconds = z
  .unknown()
  .optional()
  .transform((value, ctx): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' ? Number(value.trim()) : value;
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a number of milliseconds',
      });
      return z.NEVER;
    }
    return String(number);
  });

/**
 * `{{TAGS}}`: an array of strings from the template's `{{#each TAGS}}` loop. A string is
 * taken as the comma-separated list Handlebars renders for a bare `"{{TAGS}}"`.
 */
const tags = z
  .unknown()
  .optional()
  .transform((value, ctx): string[] => {
    if (value === undefined || value === null) return [];
    const list = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(list)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an array of strings',
      });
      return z.NEVER;
    }
    if (list.length > MAX_TAGS) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${MAX_TAGS} tags (has ${list.length})`,
      });
      return z.NEVER;
    }
    const problemsBefore = ctx.issues.length;
    list.forEach((tag, index) => {
      if (typeof tag !== 'string') {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: 'must be a string',
        });
      } else if (tag.length > MAX_TAG_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `must be at most ${MAX_TAG_LENGTH} characters`,
        });
      }
    });
    if (ctx.issues.length > problemsBefore) return z.NEVER;
    return (list as string[])
      .map(tag => unescapeHandlebars(tag).trim())
      .filter(Boolean);
  });

/**
 * Tags as labels: `service:payments-api` is the label `service`, split at the first
 * colon (`backstage_entity:component:default/payments-api` keeps its ref whole); a plain
 * tag such as `critical` is a label with an empty value. A key tagged twice with
 * different values keeps both, comma-joined, so it routes nowhere rather than to a guess.
 */
export function tagsToLabels(list: string[]): Record<string, string> {
  const values = new Map<string, string[]>();
  for (const tag of list) {
    const colon = tag.indexOf(':');
    const key = (colon < 0 ? tag : tag.slice(0, colon)).trim();
    const value = colon < 0 ? '' : tag.slice(colon + 1).trim();
    if (!key) continue;
    const seen = values.get(key) ?? [];
    if (!seen.includes(value)) seen.push(value);
    values.set(key, seen);
  }
  return Object.fromEntries(
    [...values].map(([key, entries]) => [key, entries.join(',')]),
  );
}

const payload = z.object({
  alert_type: requiredText(64).transform((value, ctx) => {
    const state = ALERT_TYPES[value.toUpperCase()];
    if (!state) {
      ctx.addIssue({
        code: 'custom',
        message: `must be one of ${Object.keys(ALERT_TYPES).join(', ')}`,
      });
      return z.NEVER;
    }
    return state;
  }),
  check_id: requiredText(MAX_CHECK_ID_LENGTH),
  check_name: requiredText(),
  alert_title: text(),
  check_type: text(64),
  check_result_id: text(MAX_DEDUP_KEY_LENGTH),
  check_error_message: text(),
  group_name: text(),
  response_time: milliseconds,
  run_location: text(),
  result_link: httpUrl,
  started_at: instant,
  tags,
});

type Payload = z.output<typeof payload>;

/** `['tags', 2]` → `tags[2]`; the root is `body`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    out +=
      typeof segment === 'number'
        ? `[${segment}]`
        : `${out ? '.' : ''}${String(segment)}`;
  }
  return out || 'body';
}

function annotationsOf(event: Payload): Record<string, string> {
  const annotations: Record<string, string> = { check_id: event.check_id };
  const optional: Array<[string, string | undefined]> = [
    ['title', event.alert_title],
    ['check_type', event.check_type],
    ['check_result_id', event.check_result_id],
    ['error_message', event.check_error_message],
    ['group_name', event.group_name],
    ['response_time_ms', event.response_time],
    ['run_location', event.run_location],
  ];
  for (const [key, value] of optional) {
    if (value !== undefined) annotations[key] = value;
  }
  return annotations;
}

/**
 * Checkly webhook alert channels, with the payload template from Firebreak's README.
 * `ALERT_FAILURE` (and `_REMAIN`, and a degraded check failing) triggers the check's
 * alert; `ALERT_DEGRADED` (and `_REMAIN`, and a failing check improving) triggers
 * `<check name> (degraded)` at the lower source severity `warning`; `ALERT_RECOVERY`
 * and `ALERT_DEGRADED_RECOVERY` resolve both; `ALERT_SSL` triggers `<check name> (SSL
 * certificate)` at `warning`, which Checkly never recovers. Keyed by the check id,
 * labelled with the check's tags (`key:value`; a `severity` tag sets a failure's source
 * severity, else `error`), linked to the check result.
 *
 * @public
 */
export const checklyAlertSource: AlertSource = {
  id: 'checkly',
  parse(body) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InputError(`Invalid ${WHAT}: body must be a JSON object`);
    }
    const result = payload.safeParse(body);
    if (!result.success) {
      const problems = result.error.issues
        .slice(0, 10)
        .map(issue => `${formatPath(issue.path)} ${issue.message}`);
      throw new InputError(`Invalid ${WHAT}: ${problems.join('; ')}`);
    }
    const event = result.data;
    const labels = tagsToLabels(event.tags);
    const entityRef = labels.backstage_entity?.trim() || undefined;
    if (entityRef && entityRef.length > MAX_ENTITY_REF_LENGTH) {
      throw new InputError(
        `Invalid ${WHAT}: tags backstage_entity must be at most ${MAX_ENTITY_REF_LENGTH} characters`,
      );
    }
    const tagged = labels.severity?.trim() || undefined;
    if (tagged && tagged.length > MAX_SEVERITY_LENGTH) {
      throw new InputError(
        `Invalid ${WHAT}: tags severity must be at most ${MAX_SEVERITY_LENGTH} characters`,
      );
    }
    const base = {
      labels,
      annotations: annotationsOf(event),
      ...(event.result_link !== undefined && { sourceUrl: event.result_link }),
      ...(entityRef !== undefined && { entityRef }),
    };
    const nameOf = (state: OpenState) =>
      `${event.check_name}${STATE_SHAPE[state].suffix}`;
    const keyOf = (state: OpenState) =>
      `${event.check_id}${STATE_SHAPE[state].key}`;

    const settled = LEAVES[event.alert_type].map(
      (state): NormalizedAlert => ({
        ...base,
        action: 'resolve',
        dedupKey: keyOf(state),
        name: nameOf(state),
        ...(event.started_at !== undefined && { endsAt: event.started_at }),
      }),
    );
    if (event.alert_type === 'passing') return settled;

    const state = event.alert_type;
    const severity =
      state === 'failing' && tagged ? tagged : STATE_SHAPE[state].severity;
    const summary = event.check_error_message ?? event.alert_title;
    const trigger: NormalizedAlert = {
      ...base,
      action: 'trigger',
      dedupKey: keyOf(state),
      name: nameOf(state),
      severity,
      ...(summary !== undefined && { summary }),
      ...(event.started_at !== undefined && { startsAt: event.started_at }),
    };
    // The new state first: resolving the old one first could settle the incident.
    return [trigger, ...settled];
  },
};
