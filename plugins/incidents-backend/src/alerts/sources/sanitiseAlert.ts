import type { NormalizedAlert } from '@firebreak/plugin-incidents-node';
import { sanitiseText, textProblem } from '../../validation/inputs';

/**
 * Annotation set on an alert whose text held NUL or lone UTF-16 surrogates; its value
 * names the fields that were changed.
 */
export const SANITISED_ANNOTATION = 'firebreak.dev/sanitised-text';

/**
 * The alert with NUL and lone surrogates replaced by U+FFFD, marked with
 * {@link SANITISED_ANNOTATION} when anything changed. Alerts are never refused for their
 * text: a sender retries a 5xx forever and drops a 4xx, and either way the alert would be
 * lost, so it is stored with the characters no database can hold replaced instead.
 */
export function sanitiseAlert(alert: NormalizedAlert): NormalizedAlert {
  const changed: string[] = [];
  const clean = (value: string, field: string) => {
    if (!textProblem(value)) return value;
    changed.push(field);
    return sanitiseText(value);
  };
  const cleanMap = (map: Record<string, string>, field: string) =>
    Object.fromEntries(
      Object.entries(map).map(([key, value]) => {
        const name = clean(key, `${field} name`);
        return [name, clean(value, `${field}.${name}`)];
      }),
    ) as Record<string, string>;

  const result: NormalizedAlert = {
    ...alert,
    name: clean(alert.name, 'name'),
    labels: cleanMap(alert.labels, 'labels'),
    annotations: cleanMap(alert.annotations, 'annotations'),
  };
  for (const field of [
    'dedupKey',
    'summary',
    'severity',
    'startsAt',
    'sourceUrl',
    'entityRef',
  ] as const) {
    const value = alert[field];
    if (typeof value === 'string') result[field] = clean(value, field);
  }
  if (changed.length) {
    result.annotations[
      SANITISED_ANNOTATION
    ] = `NUL or lone UTF-16 surrogates replaced by U+FFFD in ${[
      ...new Set(changed),
    ].join(', ')}`;
  }
  return result;
}
