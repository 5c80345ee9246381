import type {
  AlertIngestResult,
  AlertSource,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { z } from 'zod';
import {
  ALERT_LIMITS,
  optionalHttpUrl,
  optionalInstant,
  optionalText,
  parseOrThrow,
  requiredText,
  requireJsonObject,
} from './generic';

const WHAT = 'Events API v2 event';

const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** Links and images are accepted as PagerDuty documents them, and not kept. */
const MAX_LINKS = 50;

function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: issue =>
      issue.input === undefined
        ? `is required (one of ${values.join(', ')})`
        : `must be one of ${values.join(', ')}`,
  });
}

const link = z.object(
  { href: optionalText(), text: optionalText(), src: optionalText() },
  { error: 'must be an object' },
);
const links = z
  .array(link, { error: 'must be an array' })
  .max(MAX_LINKS, { error: `must have at most ${MAX_LINKS} entries` })
  .nullish();

type Details = { annotations: Record<string, string>; entityRef?: string };

/**
 * `custom_details` flattened into annotations: strings as they are, anything else as its
 * JSON text. A `custom_details` that is not an object (PagerDuty shows a plain string
 * too) becomes one `custom_details` annotation. A string `backstage_entity` names the
 * entity.
 */
const customDetails = z
  .unknown()
  .optional()
  .transform((value, ctx): Details => {
    if (value === undefined || value === null) {
      return { annotations: {} };
    }
    const isObject = typeof value === 'object' && !Array.isArray(value);
    const entries: Array<[string, unknown]> = isObject
      ? Object.entries(value)
      : [['custom_details', value]];
    if (entries.length > ALERT_LIMITS.maxMapEntries) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${ALERT_LIMITS.maxMapEntries} entries (has ${entries.length})`,
      });
      return z.NEVER;
    }
    const problemsBefore = ctx.issues.length;
    const flattened: Array<[string, string]> = [];
    for (const [key, entry] of entries) {
      if (key.length > ALERT_LIMITS.maxKeyLength) {
        ctx.addIssue({
          code: 'custom',
          path: [`${key.slice(0, 40)}...`],
          message: `name must be at most ${ALERT_LIMITS.maxKeyLength} characters`,
        });
        continue;
      }
      // JSON bodies hold no undefined, functions or symbols; String() only for types' sake.
      const text =
        typeof entry === 'string'
          ? entry
          : JSON.stringify(entry) ?? String(entry);
      if (text.length > ALERT_LIMITS.maxValueLength) {
        ctx.addIssue({
          code: 'custom',
          path: isObject ? [key] : [],
          message: `must be at most ${ALERT_LIMITS.maxValueLength} characters${
            typeof entry === 'string' ? '' : ' as JSON'
          }`,
        });
        continue;
      }
      flattened.push([key, text]);
    }
    const details: Details = { annotations: Object.fromEntries(flattened) };
    const entity = isObject
      ? (value as Record<string, unknown>).backstage_entity
      : undefined;
    if (typeof entity === 'string' && entity.trim()) {
      if (entity.trim().length > ALERT_LIMITS.maxEntityRefLength) {
        ctx.addIssue({
          code: 'custom',
          path: ['backstage_entity'],
          message: `must be at most ${ALERT_LIMITS.maxEntityRefLength} characters`,
        });
      }
      details.entityRef = entity.trim();
    }
    return ctx.issues.length > problemsBefore ? z.NEVER : details;
  });

const payloadFields = {
  timestamp: optionalInstant(),
  component: optionalText(),
  group: optionalText(),
  class: optionalText(),
  custom_details: customDetails,
};

const triggerPayload = z.object(
  {
    summary: requiredText(),
    source: requiredText(),
    severity: oneOf(SEVERITIES),
    ...payloadFields,
  },
  {
    error: issue =>
      issue.input === undefined ? 'is required' : 'must be an object',
  },
);

/** PagerDuty ignores the payload of acknowledge and resolve; its types are still checked. */
const otherPayload = z
  .object(
    {
      summary: optionalText(),
      source: optionalText(),
      severity: oneOf(SEVERITIES).nullish(),
      ...payloadFields,
    },
    { error: 'must be an object' },
  )
  .nullish();

const common = {
  routing_key: optionalText(ALERT_LIMITS.maxDedupKeyLength),
  links,
  images: links,
  client: optionalText(),
  client_url: optionalHttpUrl(),
};

const triggerEvent = z.object({
  ...common,
  event_action: z.literal('trigger'),
  dedup_key: optionalText(ALERT_LIMITS.maxDedupKeyLength),
  payload: triggerPayload,
});

const otherEvent = z.object({
  ...common,
  event_action: z.enum(['acknowledge', 'resolve']),
  dedup_key: requiredText(ALERT_LIMITS.maxDedupKeyLength),
  payload: otherPayload,
});

const actionOnly = z.object({ event_action: oneOf(EVENT_ACTIONS) });

type Payload = z.output<typeof triggerPayload> | z.output<typeof otherPayload>;

function labelsOf(payload: Payload): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!payload) return labels;
  for (const key of ['source', 'component', 'group', 'class'] as const) {
    const value = payload[key];
    if (value !== undefined && value !== null) labels[key] = value;
  }
  return labels;
}

/**
 * PagerDuty Events API v2 compatible: one `trigger`, `acknowledge` or `resolve` event per
 * request, answered like PagerDuty (`202 { status, message, dedup_key }`). A trigger
 * needs `payload.summary`, `payload.source` and `payload.severity`; acknowledge and
 * resolve need the `dedup_key`. `source`, `component`, `group` and `class` become labels,
 * `custom_details` annotations, and `custom_details.backstage_entity` the entity; else
 * `component`, then `source`, route the event when one names a catalog entity.
 */
export const eventsV2Source: AlertSource = {
  id: 'events/v2',
  parse(body) {
    requireJsonObject(body, WHAT);
    const { event_action: action } = parseOrThrow(actionOnly, body, WHAT);
    const event =
      action === 'trigger'
        ? parseOrThrow(triggerEvent, body, WHAT)
        : parseOrThrow(otherEvent, body, WHAT);
    const payload: Payload = event.payload;
    const details = payload?.custom_details;

    const alert: NormalizedAlert = {
      action,
      // Acknowledge and resolve need not say what the alert is: the key finds it.
      name: payload?.summary ?? event.dedup_key ?? '',
      labels: labelsOf(payload),
      annotations: details?.annotations ?? {},
    };
    if (event.dedup_key !== undefined) alert.dedupKey = event.dedup_key;
    if (payload?.summary) alert.summary = payload.summary;
    if (payload?.severity) alert.severity = payload.severity;
    if (payload?.timestamp) alert.startsAt = payload.timestamp;
    if (event.client_url) alert.sourceUrl = event.client_url;
    if (details?.entityRef) alert.entityRef = details.entityRef;
    // Senders moving from PagerDuty name the service in component or source.
    const names = [payload?.component, payload?.source].filter(
      (name): name is string => !!name,
    );
    if (names.length) alert.entityNames = names;
    return [alert];
  },
  respond(results: AlertIngestResult[]) {
    const result = results[0];
    if (result?.outcome === 'ignored') {
      return {
        status: 202,
        body: {
          status: 'success',
          message: 'Event dropped: no open alert with this dedup_key',
          dedup_key: result.dedupKey,
        },
      };
    }
    return {
      status: 202,
      body: {
        status: 'success',
        message: 'Event processed',
        ...(result ? { dedup_key: result.dedupKey } : {}),
      },
    };
  },
};
