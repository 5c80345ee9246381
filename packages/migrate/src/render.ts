import {
  ANNOTATION_ALERT_MATCH,
  ANNOTATION_ONCALL,
} from '@firebreak/plugin-incidents-common';
import {
  FirebreakSource,
  MappedGroup,
  MigrationResult,
  OncallProposal,
  Problem,
  RoutingHint,
} from './types';

/** The `firebreak.dev/oncall` value: the YAML map its parser reads. */
export function renderOncallAnnotation(oncall: OncallProposal): string {
  const lines = [
    `rotation: [${oncall.rotation.join(', ')}]`,
    `start: ${oncall.start}`,
    `shift: ${oncall.shift}`,
  ];
  if (oncall.escalation.length) {
    lines.push(`escalation: [${oncall.escalation.join(', ')}]`);
  }
  if (oncall.timezone) lines.push(`timezone: ${oncall.timezone}`);
  return `${lines.join('\n')}\n`;
}

/** A `metadata.annotations` snippet, ready to paste into an entity. */
export function renderAnnotationsSnippet(
  annotations: Record<string, string>,
): string {
  const lines = ['metadata:', '  annotations:'];
  for (const [name, value] of Object.entries(annotations)) {
    if (value.includes('\n')) {
      lines.push(`    ${name}: |`);
      for (const line of value.replace(/\n$/, '').split('\n')) {
        lines.push(`      ${line}`);
      }
    } else {
      lines.push(`    ${name}: ${value}`);
    }
  }
  return lines.join('\n');
}

const fence = (yaml: string) => ['```yaml', yaml, '```'];

function renderGroup(group: MappedGroup): string[] {
  return [
    `## ${group.ref}`,
    '',
    `From ${group.from.join('; ')}.`,
    ...group.notes.map(note => `- ${note}`),
    '',
    `Paste into the annotations of ${group.ref} (its catalog-info.yaml):`,
    '',
    ...fence(
      renderAnnotationsSnippet({
        [ANNOTATION_ONCALL]: renderOncallAnnotation(group.oncall),
      }),
    ),
    '',
  ];
}

/** How each endpoint's senders name the entity, and how to point them at Firebreak. */
const SENDERS: Record<
  FirebreakSource,
  {
    setup: string;
    route: string;
    label: (name: string, value: string) => string;
  }
> = {
  alertmanager: {
    setup:
      'point the Alertmanager receiver at it (`webhook_configs: [{ url, send_resolved: true }]`, `http_config.authorization` Bearer)',
    route:
      'give each alert rule the label `backstage_entity: component:default/<name>`, or `service: <component name>` (the labels of `incidents.alerts.routingLabels`, default service, app)',
    label: (name, value) =>
      `the label \`${name}: ${value}\` on its alert rules`,
  },
  grafana: {
    setup:
      'add a webhook contact point with this URL and an `Authorization: Bearer` header in Grafana Alerting, and route the notification policy to it',
    route:
      'give each alert rule the label `backstage_entity: component:default/<name>`, or `service: <component name>`',
    label: (name, value) =>
      `the label \`${name}: ${value}\` on its alert rules`,
  },
  generic: {
    setup:
      'post `{ "alerts": [{ "name", "summary", "severity", "labels", "entityRef" }] }` (see Sending alerts in the Firebreak README)',
    route:
      'set `entityRef: component:default/<name>` on each alert, or the label `service: <component name>`',
    label: (name, value) => `the label \`"${name}": "${value}"\` on each alert`,
  },
  'events/v2': {
    setup:
      'send PagerDuty Events API v2 bodies (`event_action`, `dedup_key`, `payload`) to it',
    route:
      'name the component in `payload.component` (or `payload.source`), or set `payload.custom_details.backstage_entity: component:default/<name>`',
    label: (_name, value) => `\`payload.group: ${value}\` on each event`,
  },
  datadog: {
    setup:
      'create a Datadog webhook with this URL, the `Authorization: Bearer` custom header and the payload of the Datadog section in the Firebreak README',
    route:
      'tag each monitor `service:<component name>` or `backstage_entity:component:default/<name>` (tags become labels)',
    label: (name, value) => `the tag \`${name}:${value}\` on its monitors`,
  },
  checkly: {
    setup:
      'create a Checkly webhook alert channel with this URL, the `Authorization: Bearer` header and the body of the Checkly section in the Firebreak README',
    route:
      'tag each check `service:<component name>` or `backstage_entity:component:default/<name>` (tags become labels)',
    label: (name, value) => `the tag \`${name}:${value}\` on its checks`,
  },
};

function renderRouting(hint: RoutingHint): string[] {
  const title = `### "${hint.integration}" (${hint.type})${
    hint.group ? ` → ${hint.group}` : ''
  }`;
  if (!hint.source) return [title, ''];
  const sender = SENDERS[hint.source];
  const owner = hint.group ?? 'the team that owns it';
  const lines = [
    title,
    '',
    `- Endpoint: \`POST https://<backstage>/api/incidents/alerts/${
      hint.source
    }\`${hint.replaces ? `, instead of \`${hint.replaces}\`` : ''}; ${
      sender.setup
    }.`,
    `- Route each alert to a Component owned by ${owner}: ${sender.route}.`,
  ];
  if (hint.alertMatch && hint.catchAllLabel) {
    lines.push(
      `- Or catch the rest on one Component owned by ${owner}: add ${sender.label(
        hint.catchAllLabel.name,
        hint.catchAllLabel.value,
      )} and annotate that Component:`,
      '',
      ...fence(
        renderAnnotationsSnippet({ [ANNOTATION_ALERT_MATCH]: hint.alertMatch }),
      ),
    );
  }
  lines.push('');
  return lines;
}

const KINDS: Array<[Problem['kind'], string]> = [
  ['unmapped', 'Not mapped'],
  ['approximated', 'Mapped, but Firebreak behaves differently'],
  ['guessed', 'Guessed: check these names'],
];

/** The whole report: per Group a snippet, the routing hints, then what could not be mapped. */
export function renderReport(result: MigrationResult): string {
  const lines = [
    `# Firebreak on-call from ${result.product}`,
    '',
    `${result.groups.length} group(s) mapped, ${result.routing.length} routing hint(s), ${result.problems.length} item(s) in "Could not map".`,
    '',
    ...result.groups.flatMap(renderGroup),
  ];
  if (result.routing.length) {
    lines.push(
      '## Alert routing',
      '',
      'Every sender authenticates with a static token restricted to `incidents.alert.ingest`: `Authorization: Bearer <FIREBREAK_ALERT_TOKEN>` (see Sending alerts in the Firebreak README). Alerts reach the on-call of the Group that owns the entity they are routed to.',
      '',
      ...result.routing.flatMap(renderRouting),
    );
  }
  lines.push(`## Could not map (${result.problems.length})`, '');
  if (!result.problems.length)
    lines.push('Nothing: everything was mapped.', '');
  for (const [kind, title] of KINDS) {
    const items = result.problems.filter(p => p.kind === kind);
    if (!items.length) continue;
    lines.push(`### ${title} (${items.length})`, '');
    lines.push(...items.map(p => `- ${p.where}: ${p.message}`), '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
