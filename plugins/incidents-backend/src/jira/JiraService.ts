import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ActionItem,
  ANNOTATION_JIRA_PROJECT,
  parseJiraProjectAnnotation,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { PostmortemService } from '../postmortems/PostmortemService';
import { JiraClient, JiraIssueStatus } from './JiraClient';
import { JiraSettings, JiraTarget } from './jiraSettings';

/** Who marks items done when their Jira issue is done. */
export const JIRA_SYNC_ACTOR = 'plugin:incidents';

/** A creation claim older than this was abandoned (its creator died mid-request). */
const CLAIM_STALE_MS = 5 * 60_000;
/** Keys per search: JQL and URLs stay short. */
const SYNC_BATCH = 50;

/** What the frontend needs to offer Jira. */
export type JiraInfo = { configured: boolean; baseUrl?: string };

/**
 * The Jira rules: an action item becomes one Jira issue (in its team's project), whose
 * key and URL are kept on the item, and a done issue makes the item done.
 */
export class JiraService {
  private readonly settings?: JiraSettings;
  private readonly client?: JiraClient;
  private readonly postmortems: PostmortemService;
  private readonly catalog: Pick<CatalogGateway, 'getEntity'>;
  private readonly auditor: AuditorService;
  private readonly logger: LoggerService;
  private readonly appBaseUrl: string;

  constructor(options: {
    /** `undefined`: Jira is not configured; creating answers 404. */
    settings?: JiraSettings;
    postmortems: PostmortemService;
    catalog: Pick<CatalogGateway, 'getEntity'>;
    auditor: AuditorService;
    logger: LoggerService;
    appBaseUrl: string;
  }) {
    this.settings = options.settings;
    this.client =
      options.settings && new JiraClient(options.settings.connection);
    this.postmortems = options.postmortems;
    this.catalog = options.catalog;
    this.auditor = options.auditor;
    this.logger = options.logger;
    this.appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
  }

  info(): JiraInfo {
    return this.settings
      ? { configured: true, baseUrl: this.settings.connection.baseUrl }
      : { configured: false };
  }

  /**
   * Creates the item's Jira issue and stores its key. 409 when the item has one (or
   * another request is creating it); 503 when Jira is not configured or fails, and
   * then nothing is stored.
   */
  async createIssue(itemId: number): Promise<ActionItem> {
    const { client } = this.configured();
    const item = await this.postmortems.getActionItem(itemId);
    if (item.jiraKey) throw alreadyLinked(item);
    const incident = await this.postmortems.getIncident(item.incidentId);
    const target = await this.targetFor(item, incident.ownerRef);
    if (!(await this.postmortems.claimJiraIssue(itemId, CLAIM_STALE_MS))) {
      const now = await this.postmortems.getActionItem(itemId);
      throw now.jiraKey
        ? alreadyLinked(now)
        : new ConflictError(
            `The Jira issue of action item ${itemId} is being created by another request`,
          );
    }
    let key: string;
    try {
      const incidentUrl = `${this.appBaseUrl}/incidents/${incident.ref}`;
      const description: Parameters<
        JiraClient['createIssue']
      >[0]['description'] = [
        [
          `Action item from incident ${incident.ref} (${incident.title}): `,
          { text: incidentUrl, href: incidentUrl },
        ],
      ];
      if (item.postmortemId !== undefined) {
        const postmortemUrl = `${incidentUrl}/postmortem`;
        description.push([
          'Postmortem: ',
          { text: postmortemUrl, href: postmortemUrl },
        ]);
      }
      for (const paragraph of item.description.split(/\n\s*\n/)) {
        if (paragraph.trim()) description.push([paragraph.trim()]);
      }
      ({ key } = await client.createIssue({
        project: target.project,
        issueType: target.issueType,
        summary: item.title,
        description,
        labels: ['firebreak', `incident-${incident.ref}`],
      }));
    } catch (error) {
      await this.postmortems.releaseJiraClaim(itemId);
      throw error;
    }
    return this.postmortems.linkJiraIssue(itemId, {
      key,
      url: client.browseUrl(key),
    });
  }

  /**
   * Reads the issues of every outstanding linked item and records their status; an
   * issue in the done category makes its item done (once), audited as the service.
   */
  async sync(): Promise<{ checked: number; completed: number }> {
    if (!this.settings || !this.client) return { checked: 0, completed: 0 };
    let checked = 0;
    let completed = 0;
    let afterId = 0;
    for (;;) {
      const items = await this.postmortems.listOutstandingJiraItems({
        afterId,
        limit: SYNC_BATCH,
      });
      if (!items.length) break;
      afterId = items[items.length - 1].id;
      const statuses = new Map<string, JiraIssueStatus>(
        (await this.client.getStatuses(items.map(i => i.jiraKey!))).map(s => [
          s.key,
          s,
        ]),
      );
      for (const item of items) {
        const issue = statuses.get(item.jiraKey!);
        if (!issue) continue;
        checked += 1;
        if (await this.record(item, issue)) completed += 1;
      }
      if (items.length < SYNC_BATCH) break;
    }
    return { checked, completed };
  }

  private async record(
    item: ActionItem,
    issue: JiraIssueStatus,
  ): Promise<boolean> {
    const done = issue.categoryKey === this.settings!.doneStatusCategory;
    const message = `Done in Jira (${issue.key})`;
    // The same audit event as a person's status change on PATCH /action-items/{id}.
    const event =
      done &&
      (await this.auditor.createEvent({
        eventId: 'action-item-update',
        severityLevel: 'medium',
        meta: {
          actionItemId: item.id,
          fields: ['status'],
          status: 'done',
          actorRef: JIRA_SYNC_ACTOR,
          reason: message,
          jiraKey: issue.key,
          jiraStatus: issue.status,
        },
      }));
    try {
      const result = await this.postmortems.recordJiraStatus(
        item,
        issue.status,
        done,
      );
      if (event) {
        await event.success({ meta: { completed: result.completed } });
      }
      if (result.completed) {
        this.logger.info(`Action item ${item.id}: ${message}`);
      }
      return result.completed;
    } catch (error) {
      if (event) await event.fail({ error: error as Error });
      throw error;
    }
  }

  /**
   * The project and issue type for an item: its owning team's (the item's owner when a
   * group, else the incident's owner), from the Group's `firebreak.dev/jira-project`,
   * else `incidents.jira.teams`, else the defaults.
   */
  private async targetFor(
    item: ActionItem,
    incidentOwnerRef?: string,
  ): Promise<JiraTarget> {
    const { settings } = this.configured();
    const teamRef = item.ownerRef.startsWith('group:')
      ? item.ownerRef
      : incidentOwnerRef;
    if (!teamRef) return settings.target;
    const configured = settings.teams.get(teamRef.toLocaleLowerCase('en-US'));
    const fromConfig = { ...settings.target, ...configured };
    const group = await this.catalog.getEntity(teamRef);
    const annotation =
      group.available &&
      group.value?.metadata.annotations?.[ANNOTATION_JIRA_PROJECT];
    if (!annotation) return fromConfig;
    const parsed = parseJiraProjectAnnotation(annotation);
    if (!parsed.ok) {
      this.logger.warn(
        `Ignoring ${ANNOTATION_JIRA_PROJECT} of ${teamRef}: ${parsed.problems
          .map(p => p.message)
          .join('; ')}`,
      );
      return fromConfig;
    }
    return {
      project: parsed.value.project,
      issueType: parsed.value.issueType ?? fromConfig.issueType,
    };
  }

  private configured(): { settings: JiraSettings; client: JiraClient } {
    if (!this.settings || !this.client) {
      // Not a server failure: this installation has no Jira, so there is nothing to call.
      throw new NotFoundError(
        'Jira is not configured: set incidents.jira (baseUrl, flavor, credentials, project) in app-config',
      );
    }
    return { settings: this.settings, client: this.client };
  }
}

function alreadyLinked(item: ActionItem) {
  return new ConflictError(
    `Action item ${item.id} already has a Jira issue: ${item.jiraKey}`,
  );
}
