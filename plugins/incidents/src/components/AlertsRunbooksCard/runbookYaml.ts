import { ANNOTATION_ALERTS } from '@firebreak/plugin-incidents-common';

/**
 * A generic `firebreak.dev/alerts` entry, in the same shape as the backend's snippets,
 * for entities where nothing has fired yet.
 */
export const EXAMPLE_ALERT_SNIPPET = [
  '- alert: HighErrorRate',
  '  description: 5xx above 2% for 5 minutes',
  '  source: https://grafana.example.com/d/my-service',
  '  runbook: https://wiki.example.com/runbooks/my-service-5xx',
  '  severity: P2',
  '',
].join('\n');

/**
 * The catalog-info.yaml fragment that adds list entries (each a `- alert: …` snippet)
 * under the `firebreak.dev/alerts` annotation, indented as the annotation's block value.
 */
export function alertsAnnotationYaml(snippets: string[]): string {
  const entries = snippets
    .flatMap(s => s.replace(/\n+$/, '').split('\n'))
    .map(line => `      ${line}`);
  return [
    'metadata:',
    '  annotations:',
    `    ${ANNOTATION_ALERTS}: |`,
    ...entries,
  ].join('\n');
}
