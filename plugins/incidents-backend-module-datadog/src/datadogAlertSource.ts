import { InputError } from '@backstage/errors';
import type {
  AlertSource,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { z } from 'zod';

const WHAT = 'Datadog webhook payload';

const MAX_TEXT_LENGTH = 10_000;
const MAX_TAGS = 200;
/** Column sizes of Firebreak's `alerts` table. */
const MAX_DEDUP_KEY_LENGTH = 255;
const MAX_ENTITY_REF_LENGTH = 255;
const MAX_SEVERITY_LENGTH = 64;
/** Room left in the dedup key for a state suffix such as `:no-data`. */
const MAX_AGGREG_KEY_LENGTH = MAX_DEDUP_KEY_LENGTH - 16;

/**
 * What a monitor group can be in, as `$ALERT_TRANSITION` says it. Each state is its own
 * Firebreak alert (keyed `<aggreg_key>`, `<aggreg_key>:warn`, `<aggreg_key>:no-data`),
 * so a warning that escalates opens a more severe alert that raises the incident.
 */
type MonitorState = 'alert' | 'warn' | 'no-data' | 'ok';

const TRANSITIONS: Record<string, MonitorState | 'renotify'> = {
  triggered: 'alert',
  're-triggered': 'alert',
  warn: 'warn',
  're-warn': 'warn',
  'no data': 'no-data',
  're-no data': 'no-data',
  recovered: 'ok',
  renotify: 'renotify',
};

const TRANSITION_NAMES = [
  'Triggered',
  'Re-Triggered',
  'Warn',
  'Re-Warn',
  'No Data',
  'Re-No Data',
  'Recovered',
  'Renotify',
];

const OPEN_STATES = ['alert', 'warn', 'no-data'] as const;

function keyOf(aggregKey: string, state: (typeof OPEN_STATES)[number]) {
  return state === 'alert' ? aggregKey : `${aggregKey}:${state}`;
}

/** How the name and severity of each open state read. */
const STATE_SHAPE: Record<
  (typeof OPEN_STATES)[number],
  { suffix: string; severity?: string }
> = {
  // The monitor's priority (P1..P5) when it has one, else Datadog's alert type.
  alert: { suffix: '' },
  warn: { suffix: ' (warn)', severity: 'warning' },
  'no-data': { suffix: ' (no data)', severity: 'warning' },
};

/** A template variable Datadog left as written (`"$ALERT_PRIORITY"`): not a value. */
const UNSUBSTITUTED = /^\$[A-Z_]+$/;

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && !UNSUBSTITUTED.test(trimmed) ? trimmed : undefined;
}

const text = (max = MAX_TEXT_LENGTH) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform(value => present(value ?? undefined));

const requiredText = (max = MAX_TEXT_LENGTH) =>
  z
    .string({
      error: issue =>
        issue.input === undefined ? 'is required' : 'must be a string',
    })
    .max(max, { error: `must be at most ${max} characters` })
    .transform((value, ctx) => {
      const kept = present(value);
      if (kept === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: UNSUBSTITUTED.test(value.trim())
            ? `is the template variable ${value.trim()}, not its value`
            : 'must not be empty',
        });
        return z.NEVER;
      }
      return kept;
    });

/** Datadog substitutes numbers into quoted strings (`"$ALERT_ID"` → `"1234"`); both pass. */
const numericId = (required: boolean) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx): string | undefined => {
      if (value === undefined || value === null || value === '') {
        if (required) {
          ctx.addIssue({ code: 'custom', message: 'is required' });
          return z.NEVER;
        }
        return undefined;
      }
      const id =
        typeof value === 'number' && Number.isSafeInteger(value)
          ? String(value)
          : value;
      if (typeof id !== 'string' || !/^\d{1,20}$/.test(id.trim())) {
        ctx.addIssue({ code: 'custom', message: 'must be a numeric id' });
        return z.NEVER;
      }
      return id.trim();
    });

/** `$DATE`: epoch milliseconds, quoted or not. */
const epochMillis = z
  .unknown()
  .optional()
  .transform((value, ctx): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const millis =
      typeof value === 'string' && /^\d{1,16}$/.test(value.trim())
        ? Number(value.trim())
        : value;
    const date =
      typeof millis === 'number' && Number.isSafeInteger(millis)
        ? new Date(millis)
        : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be epoch milliseconds, such as 1406662672000',
      });
      return z.NEVER;
    }
    return date.toISOString();
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

/**
 * `$TAGS` and `$ALERT_SCOPE`: `"monitor, service:payments-api, env:prod"`. Each tag is
 * split at its first colon (`backstage_entity:component:default/payments-api` keeps its
 * ref whole); a tag without a value is a label with an empty value. A key tagged twice
 * with different values keeps both, comma-joined, so it routes nowhere rather than to a
 * guess.
 */
const tagList = text(MAX_TEXT_LENGTH).transform((value, ctx) => {
  const tags = (value ?? '')
    .split(',')
    .map(tag => tag.trim())
    .filter(Boolean);
  if (tags.length > MAX_TAGS) {
    ctx.addIssue({
      code: 'custom',
      message: `must have at most ${MAX_TAGS} tags (has ${tags.length})`,
    });
    return z.NEVER;
  }
  return tags;
});

/** Tags as labels; see {@link tagList}. */
export function tagsToLabels(tags: string[]): Record<string, string> {
  const values = new Map<string, string[]>();
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    const key = (colon < 0 ? tag : tag.slice(0, colon)).trim();
    const value = colon < 0 ? '' : tag.slice(colon + 1).trim();
    if (!key) continue;
    const seen = values.get(key) ?? [];
    if (!seen.includes(value)) seen.push(value);
    values.set(key, seen);
  }
  return Object.fromEntries(
    [...values].map(([key, list]) => [key, list.join(',')]),
  );
}

/** `[Triggered on {service:payments-api}] High error rate` → `High error rate`. */
export function monitorName(title: string): string {
  const name = title.replace(/^(\s*\[[^\]]*\])+\s*/, '').trim();
  return name || title.trim();
}

const payload = z.object({
  alert_transition: requiredText(64).transform((value, ctx) => {
    const transition = TRANSITIONS[value.toLowerCase()];
    if (!transition) {
      ctx.addIssue({
        code: 'custom',
        message: `must be one of ${TRANSITION_NAMES.join(', ')}`,
      });
      return z.NEVER;
    }
    return transition;
  }),
  alert_id: numericId(true),
  aggreg_key: requiredText(MAX_AGGREG_KEY_LENGTH),
  alert_title: requiredText(),
  alert_cycle_key: text(MAX_DEDUP_KEY_LENGTH),
  alert_type: text(MAX_SEVERITY_LENGTH),
  alert_priority: text(MAX_SEVERITY_LENGTH),
  alert_status: text(),
  alert_scope: tagList,
  event_msg: text(),
  tags: tagList,
  link: httpUrl,
  date: epochMillis,
  org_id: numericId(false),
  hostname: text(),
});

type Payload = z.output<typeof payload>;

/** `['tags']` → `tags`; the root is `body`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.') || 'body';
}

function annotationsOf(event: Payload): Record<string, string> {
  const annotations: Record<string, string> = {
    monitor_id: event.alert_id!,
    title: event.alert_title,
  };
  const optional: Array<[string, string | undefined]> = [
    ['status', event.alert_status],
    ['message', event.event_msg],
    ['scope', event.alert_scope.join(', ') || undefined],
    ['alert_cycle_key', event.alert_cycle_key],
    ['alert_type', event.alert_type],
    ['priority', event.alert_priority],
    ['org_id', event.org_id],
    ['hostname', event.hostname],
  ];
  for (const [key, value] of optional) {
    if (value !== undefined) annotations[key] = value;
  }
  return annotations;
}

/** The monitor's own text, without Datadog's `%%%` markdown fences. */
function messageText(message: string | undefined): string | undefined {
  const stripped = message?.replace(/^\s*%%%\s*|\s*%%%\s*$/g, '').trim();
  return stripped || undefined;
}

/**
 * Datadog monitor notifications through the Webhooks integration, with the payload
 * template from Firebreak's README. `$ALERT_TRANSITION` says what the monitor group
 * became: Triggered / Re-Triggered trigger the alert, Warn / Re-Warn a warning, No Data
 * / Re-No Data a no-data alert (both named with a suffix and of source severity
 * `warning`), Recovered resolves them all; a change of state resolves the state it left.
 * Renotify repeats the state `$ALERT_TYPE` names. Alerts are keyed by `$AGGREG_KEY`
 * (the monitor and its group), labelled with `$TAGS` and `$ALERT_SCOPE` (`key:value`),
 * linked with `$LINK`; their severity is the monitor's priority, else `error`.
 *
 * @public
 */
export const datadogAlertSource: AlertSource = {
  id: 'datadog',
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
    const labels = tagsToLabels([...event.tags, ...event.alert_scope]);
    const entityRef = labels.backstage_entity?.trim() || undefined;
    if (entityRef && entityRef.length > MAX_ENTITY_REF_LENGTH) {
      throw new InputError(
        `Invalid ${WHAT}: tags backstage_entity must be at most ${MAX_ENTITY_REF_LENGTH} characters`,
      );
    }
    const name = monitorName(event.alert_title);
    const base = {
      labels,
      annotations: annotationsOf(event),
      ...(event.link !== undefined && { sourceUrl: event.link }),
      ...(entityRef !== undefined && { entityRef }),
    };

    const resolve = (state: (typeof OPEN_STATES)[number]): NormalizedAlert => ({
      ...base,
      action: 'resolve',
      dedupKey: keyOf(event.aggreg_key, state),
      name: `${name}${STATE_SHAPE[state].suffix}`,
      ...(event.date !== undefined && { endsAt: event.date }),
    });

    let state: MonitorState;
    let leaves: ReadonlyArray<(typeof OPEN_STATES)[number]>;
    if (event.alert_transition === 'renotify') {
      // A reminder of the current state, which only the alert type tells.
      state = event.alert_type?.toLowerCase() === 'warning' ? 'warn' : 'alert';
      leaves = [];
    } else {
      state = event.alert_transition;
      leaves = OPEN_STATES.filter(other => other !== state);
    }
    if (state === 'ok') {
      return OPEN_STATES.map(resolve);
    }

    const shape = STATE_SHAPE[state];
    const severity =
      shape.severity ?? event.alert_priority ?? event.alert_type ?? 'error';
    const summary = event.alert_status ?? messageText(event.event_msg);
    const trigger: NormalizedAlert = {
      ...base,
      action: 'trigger',
      dedupKey: keyOf(event.aggreg_key, state),
      name: `${name}${shape.suffix}`,
      severity,
      ...(summary !== undefined && { summary }),
      ...(event.date !== undefined && { startsAt: event.date }),
    };
    // The new state first: resolving the old one first could settle the incident.
    return [trigger, ...leaves.map(resolve)];
  },
};
