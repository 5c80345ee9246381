import { InputError } from '@backstage/errors';
import type {
  AlertSource,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { z } from 'zod';
import {
  ALERT_LIMITS,
  alertArray,
  optionalHttpUrl,
  optionalInstant,
  optionalText,
  parseOrThrow,
  requiredText,
  requireJsonObject,
  stringMap,
} from './generic';

const WHAT = 'Alertmanager webhook payload';
const SUPPORTED_VERSION = '4';

const alertStatus = z.enum(['firing', 'resolved'], {
  error: issue =>
    issue.input === undefined ? 'is required' : 'must be firing or resolved',
});

const alertmanagerAlert = z
  .object(
    {
      status: alertStatus,
      labels: stringMap(),
      annotations: stringMap(),
      startsAt: optionalInstant(),
      endsAt: optionalInstant(),
      generatorURL: optionalHttpUrl(),
      fingerprint: requiredText(ALERT_LIMITS.maxDedupKeyLength),
    },
    { error: 'must be an alert object' },
  )
  .transform((alert, ctx): NormalizedAlert => {
    const { labels, annotations } = alert;
    const problems: Array<[label: string, message: string]> = [];
    const name = labels.alertname;
    if (name === undefined || !name.trim()) {
      problems.push(['alertname', 'is required']);
    }
    const severity = labels.severity?.trim() ? labels.severity : undefined;
    if (severity && severity.length > ALERT_LIMITS.maxSeverityLength) {
      problems.push([
        'severity',
        `must be at most ${ALERT_LIMITS.maxSeverityLength} characters`,
      ]);
    }
    const entityRef = labels.backstage_entity?.trim() || undefined;
    if (entityRef && entityRef.length > ALERT_LIMITS.maxEntityRefLength) {
      problems.push([
        'backstage_entity',
        `must be at most ${ALERT_LIMITS.maxEntityRefLength} characters`,
      ]);
    }
    if (problems.length) {
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
    if (summary !== undefined) normalized.summary = summary;
    if (severity !== undefined) normalized.severity = severity;
    if (alert.startsAt !== undefined) normalized.startsAt = alert.startsAt;
    // A firing alert's endsAt is only when Alertmanager would give up on it.
    if (alert.status === 'resolved' && alert.endsAt !== undefined) {
      normalized.endsAt = alert.endsAt;
    }
    if (alert.generatorURL !== undefined) {
      normalized.sourceUrl = alert.generatorURL;
    }
    if (entityRef !== undefined) normalized.entityRef = entityRef;
    return normalized;
  });

const alertmanagerPayload = z.object({
  version: z.literal(SUPPORTED_VERSION),
  groupKey: optionalText(),
  truncatedAlerts: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must not be negative' })
    .nullish(),
  status: alertStatus.nullish(),
  receiver: optionalText(),
  groupLabels: stringMap(),
  commonLabels: stringMap(),
  commonAnnotations: stringMap(),
  externalURL: optionalText(),
  alerts: alertArray(alertmanagerAlert),
});

/** A short rendering of a sent value for an error message. */
function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/**
 * Prometheus Alertmanager webhooks (`webhook_configs`, payload version "4"). Each alert
 * of the group becomes a trigger (`firing`) or a resolve (`resolved`) keyed by its
 * fingerprint; the name is the `alertname` label, the summary the `summary` (else
 * `description`) annotation, the severity the `severity` label, the entity the
 * `backstage_entity` label when there is one.
 */
export const alertmanagerSource: AlertSource = {
  id: 'alertmanager',
  parse(body) {
    requireJsonObject(body, WHAT);
    // Checked first and alone: other versions may differ everywhere.
    const version = body.version;
    if (version !== SUPPORTED_VERSION) {
      throw new InputError(
        version === undefined
          ? `Invalid ${WHAT}: version is required; Firebreak accepts Alertmanager webhook payload version "${SUPPORTED_VERSION}"`
          : `Unsupported ${WHAT} version ${describe(
              version,
            )}: Firebreak accepts version "${SUPPORTED_VERSION}" only`,
      );
    }
    return parseOrThrow(alertmanagerPayload, body, WHAT).alerts;
  },
};
