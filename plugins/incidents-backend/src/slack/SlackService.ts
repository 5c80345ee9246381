import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ANNOTATION_SLACK_CHANNEL,
  findSeverity,
  Incident,
  isOpenStatus,
  parseSlackChannelAnnotation,
  SeverityLevel,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { LogLevel, Logger as SlackLogger, WebClient } from '@slack/web-api';
import type { RetryOptions } from '@slack/web-api';
import { createHash } from 'node:crypto';
import { CatalogGateway } from '../catalog/CatalogGateway';
import {
  IncidentSyncLoop,
  SyncRunResult,
} from '../notifications/IncidentSyncLoop';
import {
  IncidentChange,
  IncidentChangePublisher,
  IncidentOncall,
} from '../incidents/types';
import {
  ClaimedSlackMessage,
  SlackMessageProgress,
  SlackMessageStore,
} from './SlackMessageStore';
import { SlackFailure, slackFailureOf } from './slackErrors';
import {
  entityPageUrl,
  incidentChannelName,
  incidentMessage,
  THREAD_EVENT_EMOJI,
  threadReply,
} from './slackMessages';
import { readSlackSettings, SlackSettings } from './slackSettings';

/** What the Slack sender needs of the incidents feature (its service, not its store). */
export interface SlackIncidents {
  get(id: number): Promise<Incident>;
  getTimeline(id: number): Promise<TimelineEvent[]>;
  /** Writes one timeline entry saying what failed. */
  recordNotificationFailure(
    id: number,
    failure: { message: string; data: Record<string, unknown> },
  ): Promise<void>;
}

/** What the Slack sender reads from the catalog. */
export type SlackCatalog = Pick<CatalogGateway, 'getEntity' | 'displayName'>;

/** What {@link SlackService.fromConfig} needs besides config. */
export interface SlackServiceDeps {
  store: SlackMessageStore;
  catalog: SlackCatalog;
  oncall: IncidentOncall;
  severities: SeverityLevel[];
  logger: LoggerService;
  /** The app's `app.baseUrl`, for links to incident and entity pages. */
  appBaseUrl: string;
  clock?: () => Date;
  /** Sync an incident right after each change (default); off in tests that step. */
  sendOnChange?: boolean;
  /** The WebClient's own retries of one call; ours (with backoff) come on top. */
  retryConfig?: RetryOptions;
  leaseMs?: number;
  maxAttempts?: number;
  newLeaseToken?: () => string;
}

/** What one run of the sender did. */
export type SlackRunResult = SyncRunResult;

/** Changes that show in Slack; notes, pages and escalations stay in Backstage. */
const SLACK_CHANGES = new Set<IncidentChange>([
  'declared',
  'updated',
  'status_changed',
  'roles_changed',
  'status_update_posted',
  'merged',
]);
const CALL_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_CONFIG: RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 1000,
  maxTimeout: 5000,
};
const MAX_NAME_ATTEMPTS = 5;
/** What to check, by Slack error, in the timeline entry of a failure. */
const HINTS: Record<string, string> = {
  invalid_auth: ' (check incidents.slack.botToken)',
  not_authed: ' (check incidents.slack.botToken)',
  channel_not_found: ` (check the owner team's ${ANNOTATION_SLACK_CHANNEL} and that the bot can see the channel)`,
  missing_scope: ' (grant the bot the scopes listed in the README)',
};

/** A Slack call failed; `step` says what the sender was doing, for people. */
class SlackStepError extends Error {
  constructor(readonly step: string, readonly failure: SlackFailure) {
    super(`${step}: ${failure.detail}`);
  }
}

/**
 * Incidents in Slack: one message per incident in the owner team's channel (its
 * `firebreak.dev/slack-channel`, else `incidents.slack.defaultChannel`), kept up to date
 * with `chat.update`; transitions, status updates and role changes as replies in its
 * thread; for the configured severities a channel of its own with the on-call and the
 * role holders invited.
 *
 * A change only marks the incident in the store ({@link SlackService.changes}); the
 * sender brings Slack up to date later, so Slack never blocks or fails an incident
 * change. Failures are retried with backoff; after the last attempt, or at once when
 * retrying cannot help (`invalid_auth`, `channel_not_found`), one timeline entry on the
 * incident says what failed. Rows are claimed under a lease, so several instances can
 * run the sender side by side without posting anything twice.
 */
export class SlackService {
  /** Undefined when `incidents.slack` is not configured. */
  static fromConfig(
    config: Config,
    deps: SlackServiceDeps,
  ): SlackService | undefined {
    const settings = readSlackSettings(config, deps.severities);
    return settings ? new SlackService(settings, deps) : undefined;
  }

  /** Marks incidents whose change shows in Slack; hand it to the incident rules. */
  readonly changes: IncidentChangePublisher;
  private readonly client: WebClient;
  private readonly clock: () => Date;
  private readonly appBaseUrl: string;
  private incidentsService?: SlackIncidents;
  private readonly loop: IncidentSyncLoop<ClaimedSlackMessage>;

  private constructor(
    private readonly settings: SlackSettings,
    private readonly deps: SlackServiceDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
    this.loop = new IncidentSyncLoop<ClaimedSlackMessage>({
      store: deps.store,
      sync: row => this.sync(row),
      failureOf: error =>
        error instanceof SlackStepError
          ? { failure: error.failure, step: error.step }
          : {
              failure: {
                code: 'unexpected_error',
                permanent: false,
                detail: String(error),
              },
              step: 'syncing with Slack',
            },
      report: (row, step, failure) => this.report(row, step, failure),
      what: row => `Slack message of INC-${row.incidentId}`,
      logger: deps.logger,
      clock: this.clock,
      leaseMs: deps.leaseMs,
      maxAttempts: deps.maxAttempts,
      newLeaseToken: deps.newLeaseToken,
    });
    this.appBaseUrl = deps.appBaseUrl.replace(/\/+$/, '');
    this.client = new WebClient(settings.botToken, {
      slackApiUrl: settings.apiUrl,
      retryConfig: deps.retryConfig ?? DEFAULT_RETRY_CONFIG,
      // A 429 becomes an error we retry from the store with its Retry-After, instead of
      // the client sleeping while it holds the lease.
      rejectRateLimitedCalls: true,
      timeout: CALL_TIMEOUT_MS,
      logger: slackLogger(deps.logger),
    });
    this.changes = {
      publish: async (change, incident) => {
        if (!SLACK_CHANGES.has(change)) return;
        try {
          await deps.store.markChanged(incident.id);
        } catch (error) {
          deps.logger.warn(
            `Could not queue the Slack message of ${incident.ref}: ${error}`,
          );
          return;
        }
        if (deps.sendOnChange ?? true) {
          this.loop.start(incident.id, error =>
            deps.logger.warn(
              `Slack delivery of ${incident.ref} failed: ${error}`,
            ),
          );
        }
      },
    };
  }

  /**
   * Gives the sender the incident rules it reads incidents and timelines from and
   * notes failures through. They are built after this service because they publish
   * their changes to {@link SlackService.changes}.
   */
  connect(incidents: SlackIncidents): void {
    this.incidentsService = incidents;
  }

  /** Resolves when the sends started right after changes have finished (for shutdown). */
  async idle(): Promise<void> {
    await this.loop.idle();
  }

  private get incidents(): SlackIncidents {
    if (!this.incidentsService) {
      throw new Error('SlackService.connect was not called');
    }
    return this.incidentsService;
  }

  /** Brings every changed incident that is due up to date in Slack (or only `incidentIds`). */
  async run(options: { incidentIds?: number[] } = {}): Promise<SlackRunResult> {
    return this.loop.run(options);
  }

  /** The one timeline entry of a failure; returns its code once written. */
  private async report(
    row: ClaimedSlackMessage,
    step: string,
    failure: SlackFailure,
  ): Promise<string | undefined> {
    const outcome = failure.permanent
      ? 'not retried'
      : `gave up after ${row.attempts} attempts`;
    const hint = HINTS[failure.code] ?? '';
    try {
      await this.incidents.recordNotificationFailure(row.incidentId, {
        message: `Slack message not delivered: ${step} failed with ${failure.code}${hint}; ${outcome}. The incident itself is unaffected; its next change tries Slack again.`,
        data: {
          slack: {
            error: failure.code,
            step,
            attempts: row.attempts,
            detail: failure.detail,
          },
        },
      });
      return failure.code;
    } catch (error) {
      this.deps.logger.warn(
        `Could not note the Slack failure on INC-${row.incidentId}: ${error}`,
      );
      return undefined;
    }
  }

  /** One pass: message, thread replies, incident channel and invitations. */
  private async sync(row: ClaimedSlackMessage): Promise<void> {
    const incident = await this.incidents.get(row.incidentId);
    const state: SlackMessageProgress = { ...row };
    const save = async (progress: Partial<SlackMessageProgress>) => {
      Object.assign(state, progress);
      if (
        !(await this.deps.store.saveProgress(
          row.incidentId,
          row.leaseToken,
          progress,
        ))
      ) {
        throw new Error('lease lost to another sender');
      }
    };

    let channel = state.channelId;
    if (!channel) {
      const target = await this.teamChannel(incident);
      if (!target) return; // Nobody to tell in Slack: no annotation, no default.
      const message = await this.renderMessage(incident, state);
      const posted = await this.call('posting the incident message', () =>
        this.client.chat.postMessage({
          channel: target,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
        }),
      );
      channel = posted.channel!;
      await save({
        channelId: posted.channel,
        messageTs: posted.ts,
        messageHash: hashOf(message),
      });
    } else {
      const message = await this.renderMessage(incident, state);
      const hash = hashOf(message);
      if (hash !== state.messageHash) {
        await this.call('updating the incident message', () =>
          this.client.chat.update({
            channel: channel!,
            ts: state.messageTs!,
            text: message.text,
            blocks: message.blocks,
          }),
        );
        await save({ messageHash: hash });
      }
    }

    const events = (await this.incidents.getTimeline(incident.id))
      .filter(e => e.id > state.threadCursor && THREAD_EVENT_EMOJI[e.type])
      .sort((a, b) => a.id - b.id);
    for (const event of events) {
      const actorName = event.actorRef
        ? await this.deps.catalog.displayName(event.actorRef)
        : undefined;
      await this.call('replying in the thread', () =>
        this.client.chat.postMessage({
          channel: channel!,
          thread_ts: state.messageTs!,
          text: threadReply(event, actorName),
        }),
      );
      await save({ threadCursor: event.id });
    }

    await this.incidentChannel(incident, state, save);
  }

  private async incidentChannel(
    incident: Incident,
    state: SlackMessageProgress,
    save: (progress: Partial<SlackMessageProgress>) => Promise<void>,
  ) {
    if (!state.incidentChannelId) {
      if (
        !this.settings.incidentChannels.includes(incident.severity) ||
        !isOpenStatus(incident.status)
      ) {
        return;
      }
      const created = await this.createChannel(incident);
      await save({
        incidentChannelId: created.id,
        incidentChannelName: created.name,
      });
    }
    if (!state.incidentChannelAnnounced) {
      await this.call('linking the incident channel in the thread', () =>
        this.client.chat.postMessage({
          channel: state.channelId!,
          thread_ts: state.messageTs!,
          text: `:hash: ${incident.ref} has its own channel: <#${state.incidentChannelId}>`,
        }),
      );
      await save({ incidentChannelAnnounced: true });
      // The team message links the channel too.
      const message = await this.renderMessage(incident, state);
      await this.call('updating the incident message', () =>
        this.client.chat.update({
          channel: state.channelId!,
          ts: state.messageTs!,
          text: message.text,
          blocks: message.blocks,
        }),
      );
      await save({ messageHash: hashOf(message) });
    }
    if (!isOpenStatus(incident.status)) return;
    const wanted = await this.responders(incident);
    for (const ref of wanted.filter(r => !state.invitedRefs.includes(r))) {
      await this.invite(state.incidentChannelId!, ref, incident);
      await save({ invitedRefs: [...state.invitedRefs, ref] });
    }
  }

  private async createChannel(
    incident: Incident,
  ): Promise<{ id: string; name: string }> {
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const name = incidentChannelName(
        incident,
        attempt === 1 ? '' : `-${attempt}`,
      );
      try {
        const created = await this.client.conversations.create({
          name,
          is_private: false,
        });
        return {
          id: created.channel!.id!,
          name: created.channel!.name ?? name,
        };
      } catch (error) {
        const failure = slackFailureOf(error);
        if (failure.code !== 'name_taken' || attempt === MAX_NAME_ATTEMPTS) {
          throw new SlackStepError('creating the incident channel', failure);
        }
      }
    }
    throw new Error('unreachable');
  }

  /** The primary on-call and the role holders, as user refs. */
  private async responders(incident: Incident): Promise<string[]> {
    const { oncall } = await this.deps.oncall.getOncallForEntity(
      incident.entityRef,
    );
    const refs = [oncall?.primary, ...incident.roles.map(r => r.userRef)]
      .map(ref => (ref ? userRef(ref) : undefined))
      .filter((ref): ref is string => !!ref);
    return [...new Set(refs)];
  }

  /** Invites one person by the e-mail of their catalog User; skips who cannot be found. */
  private async invite(channel: string, ref: string, incident: Incident) {
    const user = await this.deps.catalog.getEntity(ref);
    const email = user.available ? emailOf(user.value) : undefined;
    if (!email) {
      this.deps.logger.info(
        `Not inviting ${ref} to the channel of ${incident.ref}: no spec.profile.email in the catalog`,
      );
      return;
    }
    let slackUserId: string;
    try {
      const found = await this.client.users.lookupByEmail({ email });
      slackUserId = found.user!.id!;
    } catch (error) {
      const failure = slackFailureOf(error);
      if (failure.code === 'users_not_found') {
        this.deps.logger.info(
          `Not inviting ${ref} to the channel of ${incident.ref}: no Slack user with their e-mail`,
        );
        return;
      }
      throw new SlackStepError('looking up responders in Slack', failure);
    }
    try {
      await this.client.conversations.invite({ channel, users: slackUserId });
    } catch (error) {
      const failure = slackFailureOf(error);
      if (
        failure.code === 'already_in_channel' ||
        failure.code === 'cant_invite_self'
      ) {
        return;
      }
      throw new SlackStepError(
        'inviting responders to the incident channel',
        failure,
      );
    }
  }

  /** The owner team's annotated channel, else the default one. */
  private async teamChannel(incident: Incident): Promise<string | undefined> {
    if (incident.ownerRef) {
      const team = await this.deps.catalog.getEntity(incident.ownerRef);
      const annotation = team.available
        ? team.value?.metadata.annotations?.[ANNOTATION_SLACK_CHANNEL]
        : undefined;
      if (annotation !== undefined) {
        const parsed = parseSlackChannelAnnotation(annotation);
        if (parsed.ok) return parsed.value;
        this.deps.logger.warn(
          `Ignoring ${ANNOTATION_SLACK_CHANNEL} of ${incident.ownerRef}: ${parsed.problems[0].message}`,
        );
      }
    }
    return this.settings.defaultChannel;
  }

  private async renderMessage(incident: Incident, state: SlackMessageProgress) {
    const commander = incident.roles.find(r => r.role === 'commander');
    const severities = this.deps.severities;
    return incidentMessage(
      incident,
      {
        severity: findSeverity(severities, incident.severity),
        commanderName: commander
          ? await this.deps.catalog.displayName(commander.userRef)
          : undefined,
        entityName: await this.deps.catalog.displayName(incident.entityRef),
        incidentUrl: `${this.appBaseUrl}/incidents/${incident.ref}`,
        entityUrl: entityPageUrl(this.appBaseUrl, incident.entityRef),
        incidentChannelId: state.incidentChannelAnnounced
          ? state.incidentChannelId
          : undefined,
      },
      severities.findIndex(level => level.id === incident.severity),
    );
  }

  private async call<T>(step: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new SlackStepError(step, slackFailureOf(error));
    }
  }
}

function hashOf(message: unknown): string {
  return createHash('sha256').update(JSON.stringify(message)).digest('hex');
}

function userRef(ref: string): string | undefined {
  try {
    const parsed = parseEntityRef(ref, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
    return parsed.kind.toLocaleLowerCase('en-US') === 'user'
      ? stringifyEntityRef(parsed)
      : undefined;
  } catch {
    return undefined;
  }
}

function emailOf(entity: Entity | undefined): string | undefined {
  const profile = entity?.spec?.profile as { email?: unknown } | undefined;
  return typeof profile?.email === 'string' && profile.email.includes('@')
    ? profile.email
    : undefined;
}

/** The WebClient's logs, at warn and above, in the plugin's logger. */
function slackLogger(logger: LoggerService): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => logger.warn(`Slack client: ${msg.join(' ')}`),
    error: (...msg: unknown[]) =>
      logger.error(`Slack client: ${msg.join(' ')}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
