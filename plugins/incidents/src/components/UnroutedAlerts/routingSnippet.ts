import { ANNOTATION_ALERT_MATCH } from '@firebreak/plugin-incidents-common';

/** The alert label that names the entity directly (the router's first rule). */
export const ENTITY_LABEL = 'backstage_entity';

/**
 * Labels that differ between firings of the same alert (one per pod, host, …) or say
 * nothing about its owner; a selector on them would match only the one alert seen.
 */
const UNSTABLE_LABELS = new Set([
  'alertname',
  'severity',
  ENTITY_LABEL,
  'instance',
  'pod',
  'pod_name',
  'container',
  'node',
  'host',
  'hostname',
  'endpoint',
  'uid',
]);

/** Labels usually naming the service, tried in order to suggest an entity name. */
const NAME_LABELS = ['service', 'app', 'job', 'component'];

/**
 * Whether `key=value` survives `parseAlertMatchAnnotation`: pairs are split on commas and
 * trimmed, so commas and surrounding spaces cannot be expressed.
 */
function selectable(key: string, value: string): boolean {
  return (
    !!key &&
    !!value &&
    !/[,=\s]/.test(key) &&
    !value.includes(',') &&
    value.trim() === value
  );
}

/** A YAML scalar: plain when that is unambiguous, else double-quoted (JSON is valid YAML). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_.\-/:=,]*$/.test(value) &&
    !value.includes(': ')
    ? value
    : JSON.stringify(value);
}

/** The `label=value` selector for an alert's identifying labels, e.g. `service=api,env=prod`. */
export function alertMatchSelector(labels: Record<string, string>): string {
  const pairs = Object.entries(labels)
    .filter(
      ([key, value]) => !UNSTABLE_LABELS.has(key) && selectable(key, value),
    )
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([key, value]) => `${key}=${value}`);
  return pairs.length ? pairs.join(',') : '<label>=<value>';
}

/** A guess at the entity an alert belongs to, from its service-like labels. */
export function suggestedEntityRef(labels: Record<string, string>): string {
  const name = NAME_LABELS.map(key => labels[key]).find(
    value => value && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value),
  );
  return `component:default/${name ?? '<entity-name>'}`;
}

/** YAML for the entity's `catalog-info.yaml` that routes alerts with these labels to it. */
export function annotationSnippet(labels: Record<string, string>): string {
  return [
    'metadata:',
    '  annotations:',
    `    ${ANNOTATION_ALERT_MATCH}: ${yamlScalar(alertMatchSelector(labels))}`,
  ].join('\n');
}

/** YAML for the alert rule's labels that names the entity directly. */
export function labelSnippet(labels: Record<string, string>): string {
  return [
    'labels:',
    `  ${ENTITY_LABEL}: ${yamlScalar(suggestedEntityRef(labels))}`,
  ].join('\n');
}
