import { parseEntityRef } from '@backstage/catalog-model';
import {
  Incident,
  SeverityLevel,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import type { KnownBlock } from '@slack/web-api';

/** A message as `chat.postMessage` and `chat.update` take it. */
export interface SlackMessage {
  /** Fallback text: notifications and clients without blocks show it. */
  text: string;
  blocks: KnownBlock[];
}

/** What the team message shows besides the incident itself. */
export interface IncidentMessageContext {
  severity?: SeverityLevel;
  commanderName?: string;
  entityName: string;
  incidentUrl: string;
  entityUrl?: string;
  incidentChannelId?: string;
}

const SEVERITY_EMOJI: Record<number, string> = {
  0: ':red_circle:',
  1: ':large_orange_circle:',
  2: ':large_yellow_circle:',
};

/** Timeline entries that go to the thread, with their emoji. */
export const THREAD_EVENT_EMOJI: Partial<
  Record<TimelineEvent['type'], string>
> = {
  status_changed: ':arrows_counterclockwise:',
  severity_changed: ':rotating_light:',
  status_update: ':loudspeaker:',
  role_assigned: ':bust_in_silhouette:',
  role_unassigned: ':bust_in_silhouette:',
  merged: ':twisted_rightwards_arrows:',
};

/** The one message per incident in the owner team's channel. */
export function incidentMessage(
  incident: Incident,
  context: IncidentMessageContext,
  severityIndex: number,
): SlackMessage {
  const severity = context.severity;
  const severityText = severity
    ? `${severity.id} (${severity.label})`
    : incident.severity;
  const emoji = SEVERITY_EMOJI[severityIndex] ?? ':white_circle:';
  const headline = `${incident.ref} ${incident.title}`;
  const entity = context.entityUrl
    ? `<${context.entityUrl}|${escapeSlack(context.entityName)}>`
    : escapeSlack(context.entityName);
  const links = [`<${context.incidentUrl}|Open ${incident.ref} in Backstage>`];
  if (context.incidentChannelId) {
    links.push(`Incident channel: <#${context.incidentChannelId}>`);
  }
  return {
    text: `${emoji} [${incident.severity}] ${escapeSlack(headline)} (${
      incident.status
    })`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(headline, 150) },
      },
      {
        type: 'section',
        fields: [
          {
            type: 'mrkdwn',
            text: `*Severity*\n${emoji} ${escapeSlack(severityText)}`,
          },
          { type: 'mrkdwn', text: `*Status*\n${incident.status}` },
          {
            type: 'mrkdwn',
            text: `*Commander*\n${
              context.commanderName
                ? escapeSlack(context.commanderName)
                : '_none yet_'
            }`,
          },
          { type: 'mrkdwn', text: `*Entity*\n${entity}` },
        ],
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: links.join('  ·  ') }],
      },
    ],
  };
}

/** A thread reply for one timeline entry. */
export function threadReply(
  event: TimelineEvent,
  actorName: string | undefined,
): string {
  const emoji = THREAD_EVENT_EMOJI[event.type] ?? ':information_source:';
  const prefix = event.type === 'status_update' ? '*Status update:* ' : '';
  const by = actorName ? ` (${escapeSlack(actorName)})` : '';
  return `${emoji} ${prefix}${escapeSlack(truncate(event.message, 3000))}${by}`;
}

/** The catalog page of an entity, under the app's base URL. */
export function entityPageUrl(
  appBaseUrl: string,
  entityRef: string,
): string | undefined {
  try {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `${appBaseUrl}/catalog/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;
  } catch {
    return undefined;
  }
}

/**
 * Name of an incident's own channel: `inc-325-card-payments`. Slack allows lower-case
 * letters, digits, `-` and `_`, at most 80 characters.
 */
export function incidentChannelName(incident: Incident, suffix = ''): string {
  const slug = incident.title
    .toLocaleLowerCase('en-US')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const head = `inc-${incident.id}`;
  const room = 80 - head.length - suffix.length - 1;
  const body = slug.slice(0, Math.max(0, room)).replace(/-+$/, '');
  return `${head}${body ? `-${body}` : ''}${suffix}`;
}

/** Slack mrkdwn treats these three as control characters. */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
