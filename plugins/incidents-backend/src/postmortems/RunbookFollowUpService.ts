import { LoggerService } from '@backstage/backend-plugin-api';
import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ActionItem,
  Alert,
  AlertRunbookReview,
  ANNOTATION_ALERTS,
  OUTSTANDING_ACTION_ITEM_STATUSES,
  parseAlertsAnnotation,
  RUNBOOK_FOLLOW_UP_KINDS,
  RunbookFollowUpKind,
  RunbookLinkHealth,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import {
  RunbookResolver,
  runbookSnippet,
} from '../alerts/routing/RunbookResolver';
import { requireText } from '../validation/inputs';
import { PostmortemService } from './PostmortemService';
import { Actor } from '../incidents/types';

/** What the follow-ups need of the incidents feature: the closing note on the timeline. */
export interface FollowUpTimeline {
  noteFollowUpClosed(
    incidentId: number,
    message: string,
    data: Record<string, unknown>,
  ): Promise<void>;
}

/** Input of {@link RunbookFollowUpService.create}, as the (schema-checked) body gives it. */
export type RunbookFollowUpInput = {
  entityRef?: string;
  alertName?: string;
  /** Defaults to what the review suggests for the alert. */
  kind?: string;
};

/** What one scheduled check did. */
export type RunbookFollowUpRun = { checked: number; closed: number };

/** Follow-ups read per page by the scheduled check. */
const PAGE = 200;

/**
 * Runbook follow-ups, the last step of a postmortem: the runbook state of each alert of
 * an incident as the catalog has it now, an action item (owned by the entity's owner)
 * to add a missing runbook or update a stale one, and a scheduled check that closes an
 * *add runbook* item once the entity's `firebreak.dev/alerts` row for the alert names a
 * runbook, saying so on the item and on the incident's timeline.
 */
export class RunbookFollowUpService {
  constructor(
    private readonly deps: {
      postmortems: Pick<
        PostmortemService,
        | 'getIncident'
        | 'listActionItems'
        | 'createRunbookFollowUp'
        | 'completeOnFinding'
      >;
      /** The incident's alerts as ingestion stored them. */
      incidentAlerts: (incidentId: number) => Promise<Alert[]>;
      resolver: Pick<RunbookResolver, 'getRunbookTable'>;
      catalog: Pick<CatalogGateway, 'getOwnerRef' | 'listAnnotated'>;
      linkHealth?: {
        healthOf(urls: string[]): Promise<Map<string, RunbookLinkHealth>>;
      };
      timeline: FollowUpTimeline;
      logger: LoggerService;
    },
  ) {}

  /** Each alert (entity and name) of the incident with its runbook state now. */
  async review(incidentId: number): Promise<AlertRunbookReview[]> {
    await this.deps.postmortems.getIncident(incidentId);
    return this.reviewOf(incidentId);
  }

  /** {@link RunbookFollowUpService.review} of an incident known to exist. */
  private async reviewOf(incidentId: number): Promise<AlertRunbookReview[]> {
    const alerts = await this.deps.incidentAlerts(incidentId);
    const seen = new Map<string, Alert>();
    for (const alert of alerts) {
      if (!alert.entityRef) continue; // unrouted: no table to add a runbook to
      const key = `${alert.entityRef}\n${alert.name}`;
      if (!seen.has(key)) seen.set(key, alert);
    }
    const reviews: AlertRunbookReview[] = [];
    const tables = new Map<
      string,
      ReturnType<RunbookResolver['getRunbookTable']>
    >();
    for (const alert of seen.values()) {
      const entityRef = alert.entityRef!;
      if (!tables.has(entityRef)) {
        tables.set(entityRef, this.deps.resolver.getRunbookTable(entityRef));
      }
      const table = await tables.get(entityRef)!;
      const row = table.available
        ? table.value.entries.find(e => e.alert === alert.name)
        : undefined;
      const fallback = table.available
        ? table.value.fallbackRunbook
        : undefined;
      let runbook: AlertRunbookReview['runbook'] = 'none';
      let runbookUrl: string | undefined;
      if (row?.runbook) {
        runbook = 'own';
        runbookUrl = row.runbook;
      } else if (alert.runbookFrom === 'alert' && alert.runbookUrl) {
        runbook = 'own';
        runbookUrl = alert.runbookUrl;
      } else if (fallback) {
        runbook = 'fallback';
        runbookUrl = fallback;
      } else if (!table.available && alert.runbookUrl) {
        // The catalog cannot be read: what ingestion found is the best we know.
        runbook = alert.runbookFrom === 'entity' ? 'fallback' : 'own';
        runbookUrl = alert.runbookUrl;
      }
      reviews.push({
        entityRef,
        alertName: alert.name,
        runbook,
        ...(runbookUrl && { runbookUrl }),
        suggestedKind: runbook === 'own' ? 'update_runbook' : 'add_runbook',
      });
    }
    await this.attachHealth(reviews);
    await this.attachFollowUps(incidentId, reviews);
    return reviews;
  }

  /**
   * Creates a runbook follow-up for one alert of the incident. Refused (409) while an
   * outstanding follow-up of the same kind exists for that alert on that entity.
   */
  async create(
    incidentId: number,
    input: RunbookFollowUpInput,
    actor: Actor,
  ): Promise<ActionItem> {
    const entityRef = requireText(input.entityRef, 'entityRef', 300);
    const alertName = requireText(input.alertName, 'alertName', 500);
    const incident = await this.deps.postmortems.getIncident(incidentId);
    const review = (await this.reviewOf(incidentId)).find(
      r => r.entityRef === entityRef && r.alertName === alertName,
    );
    if (!review) {
      throw new InputError(
        `Incident ${incidentId} has no alert '${alertName}' on ${entityRef}`,
      );
    }
    const kind = parseKind(input.kind) ?? review.suggestedKind;
    if (kind === 'update_runbook' && !review.runbookUrl) {
      throw new InputError(
        `'${alertName}' on ${entityRef} has no runbook to update; create an add_runbook follow-up`,
      );
    }
    const outstanding = await this.deps.postmortems.listActionItems(
      {
        kinds: [kind],
        followUpEntityRefs: [entityRef],
        statuses: [...OUTSTANDING_ACTION_ITEM_STATUSES],
      },
      { limit: 100 },
    );
    const duplicate = outstanding.items.find(
      item => item.runbookFollowUp?.alertName === alertName,
    );
    if (duplicate) {
      throw new ConflictError(
        `Action item ${duplicate.id} already follows up the runbook of '${alertName}' on ${entityRef}`,
      );
    }
    const owner = await this.deps.catalog.getOwnerRef(entityRef);
    const ownerRef =
      (owner.available ? owner.value : undefined) ?? incident.ownerRef;
    if (!ownerRef) {
      throw new InputError(
        `${entityRef} has no owner in the catalog to give the follow-up to`,
      );
    }
    const { namespace, name: shortName } = parseEntityRef(entityRef);
    const name =
      namespace === DEFAULT_NAMESPACE ? shortName : `${namespace}/${shortName}`;
    return this.deps.postmortems.createRunbookFollowUp(
      {
        incidentId,
        ownerRef,
        title:
          kind === 'add_runbook'
            ? `Add a runbook for ${alertName} on ${name}`
            : `Update the runbook for ${alertName} on ${name}`,
        description:
          kind === 'add_runbook'
            ? `Add the alert's runbook to the firebreak.dev/alerts annotation of ${entityRef}:\n\n${runbookSnippet(
                alertName,
              )}\nThis item closes itself once the catalog has it.`
            : `Update ${review.runbookUrl} with what ${incident.ref} taught, then mark this item done.`,
        runbookFollowUp: {
          kind,
          entityRef,
          alertName,
          ...(kind === 'update_runbook' && { runbookUrl: review.runbookUrl }),
        },
      },
      actor,
    );
  }

  /**
   * Closes every outstanding *add runbook* follow-up whose entity's alert table now
   * names a runbook for the alert. Reads the catalog once per run; throws when it cannot
   * be read, so nothing is closed on a partial view. Safe on several instances: an item
   * closes only while outstanding, so one instance notes it.
   */
  async closeAddressed(): Promise<RunbookFollowUpRun> {
    const outstanding = (cursor?: string) =>
      this.deps.postmortems.listActionItems(
        {
          kinds: ['add_runbook'],
          statuses: [...OUTSTANDING_ACTION_ITEM_STATUSES],
        },
        { limit: PAGE, cursor },
      );
    let page = await outstanding();
    // Nothing to close: spare the catalog its read.
    if (!page.items.length) return { checked: 0, closed: 0 };
    const tables = new Map<string, Map<string, string>>();
    for (const { entityRef, value } of await this.deps.catalog.listAnnotated(
      ANNOTATION_ALERTS,
    )) {
      const parsed = parseAlertsAnnotation(value);
      if (!parsed.ok) continue;
      const runbooks = new Map<string, string>();
      for (const row of parsed.value) {
        if (row.runbook) runbooks.set(row.alert, row.runbook);
      }
      tables.set(entityRef, runbooks);
    }
    let checked = 0;
    let closed = 0;
    for (;;) {
      for (const item of page.items) {
        checked++;
        const followUp = item.runbookFollowUp!;
        const runbook = tables.get(followUp.entityRef)?.get(followUp.alertName);
        if (!runbook) continue;
        const note = `Closed by Firebreak: ${followUp.entityRef} now has a runbook for ${followUp.alertName} (${runbook})`;
        const done = await this.deps.postmortems.completeOnFinding(
          item.id,
          note,
        );
        if (!done) continue;
        closed++;
        await this.deps.timeline
          .noteFollowUpClosed(
            item.incidentId,
            `Runbook follow-up “${item.title}” closed itself: the catalog now has ${runbook}`,
            { actionItemId: item.id, runbookUrl: runbook, ...followUp },
          )
          .catch(error =>
            this.deps.logger.warn(
              `Could not note closed follow-up ${item.id} on incident ${item.incidentId}: ${error}`,
            ),
          );
      }
      if (!page.nextCursor) break;
      page = await outstanding(page.nextCursor);
    }
    return { checked, closed };
  }

  private async attachHealth(reviews: AlertRunbookReview[]) {
    const urls = [
      ...new Set(reviews.flatMap(r => (r.runbookUrl ? [r.runbookUrl] : []))),
    ];
    if (!this.deps.linkHealth || !urls.length) return;
    const health = await this.deps.linkHealth.healthOf(urls);
    for (const review of reviews) {
      const found = review.runbookUrl
        ? health.get(review.runbookUrl)
        : undefined;
      if (!found) continue;
      review.linkHealth = found;
    }
  }

  private async attachFollowUps(
    incidentId: number,
    reviews: AlertRunbookReview[],
  ) {
    if (!reviews.length) return;
    // Newest first, so the first match per alert is the newest follow-up.
    const items = await this.deps.postmortems.listActionItems(
      { incidentId, kinds: [...RUNBOOK_FOLLOW_UP_KINDS] },
      { limit: 200 },
    );
    for (const review of reviews) {
      const item = items.items.find(
        i =>
          i.runbookFollowUp?.entityRef === review.entityRef &&
          i.runbookFollowUp?.alertName === review.alertName,
      );
      if (item) {
        review.followUp = {
          id: item.id,
          kind: item.runbookFollowUp!.kind,
          status: item.status,
        };
      }
    }
  }
}

function parseKind(value: string | undefined): RunbookFollowUpKind | undefined {
  if (value === undefined) return undefined;
  if (!RUNBOOK_FOLLOW_UP_KINDS.includes(value as RunbookFollowUpKind)) {
    throw new InputError(
      `kind must be one of ${RUNBOOK_FOLLOW_UP_KINDS.join(', ')}`,
    );
  }
  return value as RunbookFollowUpKind;
}
