import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  Incident,
  OncallNow,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { pageRecipients } from '../oncall/pageRecipients';
import { PageChannel, PageDelivery, PageNotice } from './PageOutbox';

const SLACK_CONFIG_KEY = 'incidents.notifications.slack';
const DEFAULT_SLACK_TIMEOUT_MS = 5000;
/** Long incident descriptions are cut so notification lists stay readable. */
const DESCRIPTION_EXCERPT_LENGTH = 280;

/** What {@link IncidentNotifier.fromConfig} needs besides config. */
export interface IncidentNotifierDeps {
  notifications: NotificationService;
  logger: LoggerService;
  /** The app's `app.baseUrl`; only used for absolute links in Slack messages. */
  frontendBaseUrl: string;
  /** Replaces the global `fetch` for Slack webhook calls. */
  fetch?: typeof fetch;
  /** Timeout of one Slack webhook call in milliseconds; defaults to 5000. */
  slackTimeoutMs?: number;
}

/** Arguments of {@link IncidentNotifier.incidentDeclared}. */
export interface IncidentDeclaredNotice {
  incident: Incident;
  severity: SeverityLevel;
  /** Who is on call for the owner team right now, if known. */
  oncall?: OncallNow;
  /** Owner group ref; defaults to `incident.ownerRef`, then `oncall.groupRef`. */
  ownerRef?: string;
}

/** Arguments of {@link IncidentNotifier.incidentEscalated}. */
export interface IncidentEscalatedNotice {
  incident: Incident;
  severity: SeverityLevel;
  /** Entity refs of the people or groups at this escalation level. */
  recipients: string[];
  /** Escalation level, 1 for the first step after the primary. */
  level: number;
}

/** Arguments of {@link IncidentNotifier.statusUpdateOverdue}. */
export interface StatusUpdateOverdueNotice {
  incident: Incident;
  /** Entity refs to remind (typically the commander and communications lead). */
  recipients: string[];
  /** When the expected status update became due. */
  overdueSince: Date;
}

/** Arguments of {@link IncidentNotifier.incidentResolved}. */
export interface IncidentResolvedNotice {
  incident: Incident;
  /** Entity refs of everyone who should hear that it is over. */
  recipients: string[];
}

/** One notification, rendered once and handed to every channel. */
interface Message {
  incident: Incident;
  /** Entity refs for Backstage notifications (already normalized and deduplicated). */
  recipients: string[];
  severity: NotificationSeverity;
  severityId: string;
  title: string;
  description: string;
  scope: string;
  /** Headline of the Slack message, e.g. `Incident declared`. */
  slackHeadline: string;
  slackEmoji: string;
  /** Owner group whose Slack webhook receives this, if any. */
  ownerRef?: string;
}

/** Which channels one call uses; all of them unless a retry names the ones still owed. */
export interface DeliveryOptions {
  channels?: PageChannel[];
}

const ALL_CHANNELS: PageChannel[] = ['backstage', 'slack'];

/**
 * Tells people about incidents: Backstage notifications to the on-call, the owner team or
 * explicit recipients, plus optional Slack incoming webhooks per owner team.
 *
 * Every method resolves and never throws: a failing channel is logged at warn level and
 * the other channels still run, because a broken notification path must never break the
 * incident workflow that triggered it.
 */
export class IncidentNotifier {
  /**
   * Reads and validates `incidents.notifications.slack`; throws an Error naming the bad
   * key when a webhook URL or team ref is invalid.
   */
  static fromConfig(
    config: Config,
    deps: IncidentNotifierDeps,
  ): IncidentNotifier {
    const slack = readSlackConfig(config);
    const timeoutMs = deps.slackTimeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new Error(
        `IncidentNotifier: slackTimeoutMs must be a positive number, got ${timeoutMs}`,
      );
    }
    return new IncidentNotifier(
      deps.notifications,
      deps.logger,
      deps.frontendBaseUrl.replace(/\/+$/, ''),
      deps.fetch ?? ((...args) => globalThis.fetch(...args)),
      timeoutMs,
      slack.webhooks,
      slack.defaultWebhook,
    );
  }

  private constructor(
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
    private readonly frontendBaseUrl: string,
    private readonly fetchFn: typeof fetch,
    private readonly slackTimeoutMs: number,
    /** Normalized owner ref -> webhook URL. */
    private readonly slackWebhooks: ReadonlyMap<string, string>,
    private readonly slackDefaultWebhook: string | undefined,
  ) {}

  /**
   * A new incident: pages the on-call when the level pages (primary; without a rotation
   * every team member; without any on-call knowledge the owner group), otherwise notifies
   * the owner team.
   */
  async incidentDeclared(
    notice: IncidentDeclaredNotice,
    options: DeliveryOptions = {},
  ): Promise<PageDelivery> {
    const { incident, severity, oncall } = notice;
    const ownerRef = notice.ownerRef ?? incident.ownerRef ?? oncall?.groupRef;
    const recipients = severity.pages
      ? pageRecipients(oncall, ownerRef)
      : [ownerRef].filter((ref): ref is string => !!ref);
    return this.deliver(
      {
        incident,
        recipients: this.normalizeRecipients(incident, recipients),
        severity: severity.pages ? 'critical' : 'normal',
        severityId: severity.id,
        title: `[${severity.id}] ${incident.ref} ${incident.title}`,
        description: describe(incident),
        scope: `incident:${incident.id}:declared`,
        slackHeadline: severity.pages
          ? 'Incident declared, on-call paged'
          : 'Incident declared',
        slackEmoji: severity.pages ? ':rotating_light:' : ':warning:',
        ownerRef,
      },
      options,
    );
  }

  /** Nobody acknowledged in time: notifies the next level of the escalation chain. */
  async incidentEscalated(
    notice: IncidentEscalatedNotice,
    options: DeliveryOptions = {},
  ): Promise<PageDelivery> {
    const { incident, severity, level } = notice;
    return this.deliver(
      {
        incident,
        recipients: this.normalizeRecipients(incident, notice.recipients),
        severity: severity.pages ? 'critical' : 'high',
        severityId: severity.id,
        title: `[${severity.id}] ${incident.ref} escalated to level ${level}: ${incident.title}`,
        description: describe(incident),
        scope: `incident:${incident.id}:escalation:${level}`,
        slackHeadline: `Escalated to level ${level}`,
        slackEmoji: ':arrow_double_up:',
        ownerRef: incident.ownerRef,
      },
      options,
    );
  }

  /** The status-update cadence of the severity was missed: reminds the responders. */
  async statusUpdateOverdue(
    notice: StatusUpdateOverdueNotice,
    options: DeliveryOptions = {},
  ): Promise<PageDelivery> {
    const { incident, overdueSince } = notice;
    const since = overdueSince.toISOString();
    return this.deliver(
      {
        incident,
        recipients: this.normalizeRecipients(incident, notice.recipients),
        severity: 'high',
        severityId: incident.severity,
        title: `[${incident.severity}] ${incident.ref} status update overdue: ${incident.title}`,
        description: `A status update has been due since ${since}. ${describe(
          incident,
        )}`,
        scope: `incident:${incident.id}:update-reminder`,
        slackHeadline: `Status update overdue since ${since}`,
        slackEmoji: ':hourglass:',
        ownerRef: incident.ownerRef,
      },
      options,
    );
  }

  /** The incident is resolved: a low-severity notice to everyone involved. */
  async incidentResolved(
    notice: IncidentResolvedNotice,
    options: DeliveryOptions = {},
  ): Promise<PageDelivery> {
    const { incident } = notice;
    return this.deliver(
      {
        incident,
        recipients: this.normalizeRecipients(incident, notice.recipients),
        severity: 'low',
        severityId: incident.severity,
        title: `[${incident.severity}] ${incident.ref} resolved: ${incident.title}`,
        description: describe(incident),
        scope: `incident:${incident.id}:resolved`,
        slackHeadline: 'Resolved',
        slackEmoji: ':white_check_mark:',
        ownerRef: incident.ownerRef,
      },
      options,
    );
  }

  /**
   * Delivers a page taken from the outbox: the notice it was queued with, on the
   * channels that have not delivered it yet.
   */
  async deliverPage(
    notice: PageNotice,
    options: DeliveryOptions = {},
  ): Promise<PageDelivery> {
    switch (notice.kind) {
      case 'declared':
        return this.incidentDeclared(notice, options);
      case 'escalated':
        return this.incidentEscalated(notice, options);
      case 'reminder':
        return this.statusUpdateOverdue(
          { ...notice, overdueSince: new Date(notice.overdueSince) },
          options,
        );
      default:
        throw new Error(
          `Unknown page kind ${(notice as { kind: unknown }).kind}`,
        );
    }
  }

  /**
   * Runs the chosen channels side by side; each one catches and logs its own failure,
   * and the result names the failed ones so the outbox can retry just those.
   */
  private async deliver(
    message: Message,
    options: DeliveryOptions,
  ): Promise<PageDelivery> {
    const channels = options.channels ?? ALL_CHANNELS;
    const outcomes = await Promise.all(
      channels.map(async channel => ({
        channel,
        ok:
          channel === 'backstage'
            ? await this.sendBackstage(message)
            : await this.sendSlack(message),
      })),
    );
    return { failed: outcomes.filter(o => !o.ok).map(o => o.channel) };
  }

  /** Returns false when the notifications backend refused or could not be reached. */
  private async sendBackstage(message: Message): Promise<boolean> {
    const { incident } = message;
    if (message.recipients.length === 0) {
      this.logger.debug(
        `No notification recipients for ${incident.ref} (${message.scope}); skipping Backstage notification`,
      );
      return true;
    }
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: message.recipients },
        payload: {
          title: message.title,
          description: message.description,
          // Backstage notifications expect app-relative links and resolve them against
          // app.baseUrl themselves (also for e-mail and other processors).
          link: `/incidents/${incident.id}`,
          severity: message.severity,
          topic: incident.ref,
          // Same scope from the same origin replaces the earlier notification instead of
          // stacking duplicates when a job re-sends it.
          scope: message.scope,
        },
      });
      return true;
    } catch (error) {
      this.logger.warn(
        `Failed to send Backstage notification for ${incident.ref} (${
          message.scope
        }): ${errorText(error)}`,
      );
      return false;
    }
  }

  /** Returns false when the webhook refused or could not be reached. */
  private async sendSlack(message: Message): Promise<boolean> {
    const { incident } = message;
    const target = this.slackTargetFor(message.ownerRef);
    if (!target) {
      return true;
    }
    const url = `${this.frontendBaseUrl}/incidents/${incident.id}`;
    const text = [
      `${message.slackEmoji} *${escapeSlack(message.slackHeadline)}*`,
      `<${url}|${escapeSlack(incident.ref)}>`,
      `[${escapeSlack(message.severityId)}, ${message.severity}]`,
      `${escapeSlack(incident.title)} (status: ${incident.status})`,
    ].join(' ');
    // Webhook URLs are secrets, so logs name the team whose webhook failed, never the URL.
    const where = `Slack webhook for ${target.name}`;
    try {
      const response = await this.fetchFn(target.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(this.slackTimeoutMs),
      });
      // Drain the body so the keep-alive connection is released.
      const body = await response.text().catch(() => '');
      if (!response.ok) {
        this.logger.warn(
          `${where} refused notification for ${incident.ref} (${
            message.scope
          }): HTTP ${response.status} ${body.slice(0, 200)}`.trim(),
        );
        return false;
      }
      return true;
    } catch (error) {
      this.logger.warn(
        `${where} failed for ${incident.ref} (${message.scope}): ${errorText(
          error,
        )}`,
      );
      return false;
    }
  }

  private slackTargetFor(
    ownerRef: string | undefined,
  ): { url: string; name: string } | undefined {
    const owner = ownerRef ? normalizeRef(ownerRef, 'group') : undefined;
    const teamUrl = owner ? this.slackWebhooks.get(owner) : undefined;
    if (owner && teamUrl) {
      return { url: teamUrl, name: owner };
    }
    if (this.slackDefaultWebhook) {
      return { url: this.slackDefaultWebhook, name: 'the default team' };
    }
    return undefined;
  }

  /**
   * Full, lower-case, deduplicated refs: the catalog compares refs case-insensitively and
   * on-call annotations may use the short `user:alice` form. Refs without a kind cannot be
   * resolved by the notifications backend, so they are dropped (with a warning) instead of
   * failing the whole send.
   */
  private normalizeRecipients(incident: Incident, refs: string[]): string[] {
    const result = new Set<string>();
    for (const ref of refs) {
      const normalized = normalizeRef(ref);
      if (normalized) {
        result.add(normalized);
      } else {
        this.logger.warn(
          `Ignoring invalid notification recipient '${ref}' for ${incident.ref}`,
        );
      }
    }
    return [...result];
  }
}

function describe(incident: Incident): string {
  const parts = [
    `Status: ${incident.status}.`,
    `Entity: ${incident.entityRef}.`,
  ];
  const text = incident.description.replace(/\s+/g, ' ').trim();
  if (text) {
    parts.push(
      text.length > DESCRIPTION_EXCERPT_LENGTH
        ? `${text.slice(0, DESCRIPTION_EXCERPT_LENGTH - 1).trimEnd()}…`
        : text,
    );
  }
  return parts.join(' ');
}

function normalizeRef(ref: string, defaultKind?: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** Slack mrkdwn treats these three as control characters. */
function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function errorText(error: unknown): string {
  // Duck-typed rather than `instanceof Error`: errors thrown by Node's built-in fetch come
  // from another realm than the caller's Error in sandboxed runners.
  if (typeof error !== 'object' || error === null || !('message' in error)) {
    return String(error);
  }
  const { name, message, cause } = error as {
    name?: string;
    message: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  // Node's fetch reports just "fetch failed" and hides the useful part (ECONNREFUSED,
  // ENOTFOUND, ...) in `cause`.
  const causeText =
    typeof cause === 'object' && cause !== null
      ? `: ${String(cause.code ?? cause.message)}`
      : '';
  return `${name ?? 'Error'}: ${String(message)}${causeText}`;
}

function readSlackConfig(config: Config): {
  webhooks: Map<string, string>;
  defaultWebhook?: string;
} {
  const webhooks = new Map<string, string>();
  const slack = config.getOptionalConfig(SLACK_CONFIG_KEY);
  if (!slack) {
    return { webhooks };
  }

  const defaultWebhook = slack.getOptional('defaultWebhook');
  if (defaultWebhook !== undefined) {
    validateWebhookUrl(defaultWebhook, `${SLACK_CONFIG_KEY}.defaultWebhook`);
  }

  // Read as a raw object: keys are entity refs (`group:default/payments`), which are not
  // valid config key paths and cannot be read with slack.getString(key).
  const raw = slack.getOptional('webhooks');
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new Error(
        `Invalid config ${SLACK_CONFIG_KEY}.webhooks: must be a map from group entity ref to webhook URL`,
      );
    }
    for (const [key, value] of Object.entries(raw)) {
      const configKey = `${SLACK_CONFIG_KEY}.webhooks[${JSON.stringify(key)}]`;
      const ref = normalizeRef(key, 'group');
      if (!ref) {
        throw new Error(
          `Invalid config ${configKey}: key must be an entity ref such as group:default/payments`,
        );
      }
      if (webhooks.has(ref)) {
        throw new Error(
          `Invalid config ${configKey}: another key already names ${ref}`,
        );
      }
      webhooks.set(ref, validateWebhookUrl(value, configKey));
    }
  }

  return {
    webhooks,
    defaultWebhook: defaultWebhook as string | undefined,
  };
}

function validateWebhookUrl(value: unknown, configKey: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Invalid config ${configKey}: must be an http(s) URL`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is a secret; do not echo it into logs.
    throw new Error(`Invalid config ${configKey}: not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `Invalid config ${configKey}: must be an http(s) URL, got ${url.protocol}`,
    );
  }
  return value;
}
