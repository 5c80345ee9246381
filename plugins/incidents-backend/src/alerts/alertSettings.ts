import { Config } from '@backstage/config';
import {
  findSeverity,
  INCIDENT_STATUSES,
  IncidentStatus,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import {
  AlertIngestionSettings,
  DEFAULT_SEVERITY_MAP,
} from './AlertIngestionService';
import { BackpressureSettings } from './IngestionAdmission';
import { SigningSettings } from './ingestRouter';

/** Everything `incidents.alerts` configures. */
export type AlertSettings = AlertIngestionSettings & {
  routingLabels: string[];
  maxBodyBytes: number;
  signing?: SigningSettings;
  backpressure: BackpressureSettings;
};

/** Reads and validates `incidents.alerts`; a bad value fails startup naming its key. */
export function readAlertSettings(
  config: Config,
  severities: SeverityLevel[],
): AlertSettings {
  const alerts = config.getOptionalConfig('incidents.alerts');
  const key = (name: string) => `incidents.alerts.${name}`;

  const window = alerts?.getOptionalString('groupingWindow') ?? 'PT30M';
  const windowMs = Duration.fromISO(window).toMillis();
  if (!Number.isFinite(windowMs) || windowMs < 0) {
    throw new Error(
      `${key('groupingWindow')} must be an ISO-8601 duration such as PT30M`,
    );
  }

  const severityMap = { ...DEFAULT_SEVERITY_MAP };
  const configuredMap = alerts?.getOptionalConfig('severityMap');
  for (const name of configuredMap?.keys() ?? []) {
    severityMap[name.toLowerCase()] = configuredMap!.getString(name);
  }
  for (const [name, id] of Object.entries(severityMap)) {
    if (!findSeverity(severities, id)) {
      if (configuredMap?.has(name)) {
        throw new Error(
          `${key(`severityMap.${name}`)} names unknown severity '${id}'`,
        );
      }
      delete severityMap[name]; // a custom policy without P1-P5 drops the defaults
    }
  }

  const defaultSeverity =
    alerts?.getOptionalString('defaultSeverity') ??
    (findSeverity(severities, 'P3')
      ? 'P3'
      : severities[Math.floor(severities.length / 2)].id);
  if (!findSeverity(severities, defaultSeverity)) {
    throw new Error(
      `${key('defaultSeverity')} names unknown severity '${defaultSeverity}'`,
    );
  }

  const resolveTo =
    alerts?.getOptionalString('resolveIncidentTo') ?? 'monitoring';
  if (
    resolveTo !== 'none' &&
    !INCIDENT_STATUSES.includes(resolveTo as IncidentStatus)
  ) {
    throw new Error(
      `${key(
        'resolveIncidentTo',
      )} must be a status such as monitoring or resolved, or none`,
    );
  }

  const whole = (name: string, fallback: number, min: number) => {
    const value = alerts?.getOptionalNumber(`backpressure.${name}`) ?? fallback;
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `${key(
          `backpressure.${name}`,
        )} must be a whole number of at least ${min}`,
      );
    }
    return value;
  };
  const maxWait = alerts?.getOptionalString('backpressure.maxWait') ?? 'PT10S';
  const maxWaitMs = Duration.fromISO(maxWait).toMillis();
  if (!Number.isFinite(maxWaitMs) || maxWaitMs <= 0) {
    throw new Error(
      `${key(
        'backpressure.maxWait',
      )} must be an ISO-8601 duration such as PT10S`,
    );
  }
  const backpressure: BackpressureSettings = {
    maxConcurrent: whole('maxConcurrent', 16, 1),
    maxQueued: whole('maxQueued', 256, 0),
    maxWaitMs,
  };

  const secret = alerts?.getOptionalString('signing.secret');
  return {
    backpressure,
    groupingWindowMs: windowMs,
    severityMap,
    defaultSeverity,
    resolveIncidentTo:
      resolveTo === 'none' ? undefined : (resolveTo as IncidentStatus),
    routingLabels: alerts?.getOptionalStringArray('routingLabels') ?? [
      'service',
      'app',
    ],
    maxBodyBytes: alerts?.getOptionalNumber('maxBodyBytes') ?? 1024 * 1024,
    signing: secret
      ? {
          secret,
          toleranceSeconds:
            alerts?.getOptionalNumber('signing.toleranceSeconds') ?? 300,
        }
      : undefined,
  };
}
