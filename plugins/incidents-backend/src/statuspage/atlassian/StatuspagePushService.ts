import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ANNOTATION_STATUS_PAGE,
  ANNOTATION_STATUSPAGE_COMPONENT,
  Incident,
  parseStatusPageAnnotation,
  parseStatuspageComponentAnnotation,
  SeverityLevel,
  StatusUpdate,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../../catalog/CatalogGateway';
import {
  IncidentSyncLoop,
  SyncRunResult,
} from '../../notifications/IncidentSyncLoop';
import { IncidentChange, IncidentChangePublisher } from '../../incidents/types';
import { componentStateFor, stageOf } from '../StatusPageService';
import {
  StatuspageCallError,
  StatuspageClient,
  StatuspageComponentStatus,
  StatuspageFailure,
  StatuspageIncidentInput,
} from './StatuspageClient';
import {
  ClaimedStatuspagePush,
  PushedStatusUpdate,
  StatuspagePushProgress,
  StatuspagePushStore,
} from './StatuspagePushStore';
import { readStatuspageSettings } from './statuspageSettings';

/** What the Statuspage sender needs of the incidents feature (its service, not its store). */
export interface StatuspageIncidents {
  get(id: number): Promise<Incident>;
  /** The incidents' public status updates only; internal ones never reach the sender. */
  listPublicUpdates(incidentIds: number[]): Promise<StatusUpdate[]>;
  /** Writes one timeline entry saying what failed. */
  recordNotificationFailure(
    id: number,
    failure: { message: string; data: Record<string, unknown> },
  ): Promise<void>;
}

/** What the Statuspage sender reads from the catalog. */
export type StatuspageCatalog = Pick<CatalogGateway, 'getEntity'>;

/** What {@link StatuspagePushService.fromConfig} needs besides config. */
export interface StatuspagePushServiceDeps {
  store: StatuspagePushStore;
  catalog: StatuspageCatalog;
  severities: SeverityLevel[];
  logger: LoggerService;
  clock?: () => Date;
  /** Push right after each change (default); off in tests that step. */
  sendOnChange?: boolean;
  leaseMs?: number;
  maxAttempts?: number;
  newLeaseToken?: () => string;
  /** Per Statuspage call; default 10 s. */
  timeoutMs?: number;
}

/** What one run of the sender did. */
export type StatuspageRunResult = SyncRunResult;

const MAX_NAME_LENGTH = 255;
/** The incident update of a resolution that came without a public status update. */
export const RESOLVED_BODY = 'This incident has been resolved.';
const CONFIG = 'incidents.statusPage.atlassian';
/** What to check, by failure, in the timeline entry of a failure. */
const HINTS: Record<string, string> = {
  http_401: ` (check ${CONFIG}.apiKey)`,
  http_403: ` (check that the API key's user may manage incidents of ${CONFIG}.pageId)`,
  http_404: ` (check ${CONFIG}.pageId, and that the Statuspage incident was not deleted)`,
  http_422: ` (check that each ${ANNOTATION_STATUSPAGE_COMPONENT} is a component of ${CONFIG}.pageId)`,
  http_400: ` (check that each ${ANNOTATION_STATUSPAGE_COMPONENT} is a component of ${CONFIG}.pageId)`,
};

/** A step failed; `step` says what the sender was doing, for people. */
class StatuspageStepError extends Error {
  constructor(readonly step: string, readonly failure: StatuspageFailure) {
    super(`${step}: ${failure.detail}`);
  }
}

/** One entity's part in an incident on Statuspage. */
interface Target {
  componentId: string;
  /** Its `firebreak.dev/status-page` name, when it has one. */
  publicName?: string;
}

/**
 * Public status updates on Atlassian Statuspage. The first status update a responder
 * marks public on an incident whose entities carry `firebreak.dev/statuspage-component`
 * creates a Statuspage incident on those components; later public updates and the
 * resolution update it (a resolution sets the components back to operational).
 * Only what the public status page shows leaves: the responder's public text, the
 * stage, the components' public names and states. Internal updates, titles, refs and
 * people never do.
 *
 * A change only marks the incident in the store ({@link StatuspagePushService.changes});
 * the sender pushes later, so Statuspage never blocks or fails an incident change.
 * Failures are retried with backoff; after the last attempt, or at once when retrying
 * cannot help (401, 403, 404, 422), one timeline entry on the incident says what
 * failed. Rows are claimed under a lease, so several instances can run the sender side
 * by side without creating a Statuspage incident or an update twice.
 */
export class StatuspagePushService {
  /** Undefined when `incidents.statusPage.atlassian` is not configured. */
  static fromConfig(
    config: Config,
    deps: StatuspagePushServiceDeps,
  ): StatuspagePushService | undefined {
    const settings = readStatuspageSettings(config);
    return settings
      ? new StatuspagePushService(
          new StatuspageClient(settings, { timeoutMs: deps.timeoutMs }),
          deps,
        )
      : undefined;
  }

  /** Marks incidents with something to push; hand it to the incident rules. */
  readonly changes: IncidentChangePublisher;
  private readonly clock: () => Date;
  private incidentsService?: StatuspageIncidents;
  private readonly loop: IncidentSyncLoop<ClaimedStatuspagePush>;

  private constructor(
    private readonly client: StatuspageClient,
    private readonly deps: StatuspagePushServiceDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
    this.loop = new IncidentSyncLoop<ClaimedStatuspagePush>({
      store: deps.store,
      sync: row => this.sync(row),
      failureOf: error =>
        error instanceof StatuspageStepError
          ? { failure: error.failure, step: error.step }
          : {
              failure: {
                code: 'unexpected_error',
                permanent: false,
                detail: String(error),
              },
              step: 'pushing to Statuspage',
            },
      report: (row, step, failure) => this.report(row, step, failure),
      what: row => `Statuspage push of INC-${row.incidentId}`,
      logger: deps.logger,
      clock: this.clock,
      leaseMs: deps.leaseMs,
      maxAttempts: deps.maxAttempts,
      newLeaseToken: deps.newLeaseToken,
    });
    this.changes = {
      publish: async (change, incident) => {
        const mark = markFor(change);
        if (!mark) return;
        try {
          await deps.store.markChanged(incident.id, mark);
        } catch (error) {
          deps.logger.warn(
            `Could not queue the Statuspage push of ${incident.ref}: ${error}`,
          );
          return;
        }
        if (deps.sendOnChange ?? true) {
          this.loop.start(incident.id, error =>
            deps.logger.warn(
              `Statuspage push of ${incident.ref} failed: ${error}`,
            ),
          );
        }
      },
    };
  }

  /**
   * Gives the sender the incident rules it reads incidents and public updates from and
   * notes failures through. They are built after this service because they publish
   * their changes to {@link StatuspagePushService.changes}.
   */
  connect(incidents: StatuspageIncidents): void {
    this.incidentsService = incidents;
  }

  /** Resolves when the pushes started right after changes have finished (for shutdown). */
  async idle(): Promise<void> {
    await this.loop.idle();
  }

  private get incidents(): StatuspageIncidents {
    if (!this.incidentsService) {
      throw new Error('StatuspagePushService.connect was not called');
    }
    return this.incidentsService;
  }

  /** Pushes every marked incident that is due (or only `incidentIds`). */
  async run(
    options: { incidentIds?: number[] } = {},
  ): Promise<StatuspageRunResult> {
    return this.loop.run(options);
  }

  /** The one timeline entry of a failure; returns its code once written. */
  private async report(
    row: ClaimedStatuspagePush,
    step: string,
    failure: StatuspageFailure,
  ): Promise<string | undefined> {
    const outcome = failure.permanent
      ? 'not retried'
      : `gave up after ${row.attempts} attempts`;
    const hint = HINTS[failure.code] ?? '';
    try {
      await this.incidents.recordNotificationFailure(row.incidentId, {
        message: `Statuspage not updated: ${step} failed with ${failure.code}${hint}; ${outcome}. The incident itself is unaffected; its next public status update or resolution tries Statuspage again.`,
        data: {
          statuspage: {
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
        `Could not note the Statuspage failure on INC-${row.incidentId}: ${error}`,
      );
      return undefined;
    }
  }

  /** One pass: the public updates not pushed yet, in order, then the resolution. */
  private async sync(row: ClaimedStatuspagePush): Promise<void> {
    const incident = await this.incidents.get(row.incidentId);
    const state: StatuspagePushProgress = { ...row };
    const save = async (
      progress: Partial<StatuspagePushProgress>,
      pushed?: PushedStatusUpdate,
    ) => {
      Object.assign(state, progress);
      const saved = await this.deps.store.saveProgress(
        row.incidentId,
        row.leaseToken,
        progress,
        {
          // Each push extends the lease, so a long catch-up keeps its claim.
          leaseUntil: new Date(this.clock().getTime() + this.loop.leaseMs),
          pushed,
        },
      );
      if (!saved) throw new Error('lease lost to another sender');
    };

    const pushedIds = new Set(row.pushedUpdateIds);
    // By id, not by a cursor: an update that commits after a later one still goes.
    const pending = (await this.incidents.listPublicUpdates([incident.id]))
      .filter(update => !pushedIds.has(update.id))
      .sort((a, b) => a.id - b.id);
    const targets =
      pending.length || state.statuspageIncidentId
        ? await this.targets(incident)
        : [];

    for (const update of pending) {
      const stage = stageOf(update.status);
      const { fields, sent } = componentFields(
        targets,
        state.pushedComponents,
        stage === 'resolved' ? 'operational' : this.stateFor(incident),
      );
      const input: StatuspageIncidentInput = {
        status: stage,
        body: update.message,
        ...fields,
      };
      let statuspageUpdateId: string | undefined;
      if (!state.statuspageIncidentId) {
        // Nothing opted in: no Statuspage incident (the annotation may come later).
        if (!targets.length) return;
        const created = await this.call(
          'creating the Statuspage incident',
          () =>
            this.client.createIncident({
              name: publicName(targets),
              ...input,
            }),
        );
        state.statuspageIncidentId = created.id;
        statuspageUpdateId = created.incidentUpdateId;
      } else {
        const id = state.statuspageIncidentId;
        const updated = await this.call(
          'updating the Statuspage incident',
          () => this.client.updateIncident(id, input),
        );
        statuspageUpdateId = updated.incidentUpdateId;
      }
      await save(
        {
          statuspageIncidentId: state.statuspageIncidentId,
          pushedStage: stage,
          pushedComponents: sent,
        },
        {
          statusUpdateId: update.id,
          statuspageUpdateId,
          pushedAt: this.clock(),
        },
      );
    }

    // A resolution without a public update of its own still resolves on Statuspage.
    if (
      state.statuspageIncidentId &&
      stageOf(incident.status) === 'resolved' &&
      state.pushedStage !== 'resolved'
    ) {
      const id = state.statuspageIncidentId;
      const { fields, sent } = componentFields(
        targets,
        state.pushedComponents,
        'operational',
      );
      await this.call('resolving the Statuspage incident', () =>
        this.client.updateIncident(id, {
          status: 'resolved',
          body: RESOLVED_BODY,
          ...fields,
        }),
      );
      await save({ pushedStage: 'resolved', pushedComponents: sent });
    }
  }

  /**
   * The Statuspage components of the incident's primary and affected entities, by
   * their `firebreak.dev/statuspage-component`.
   */
  private async targets(incident: Incident): Promise<Target[]> {
    const refs = [
      ...new Set([incident.entityRef, ...incident.affectedEntityRefs]),
    ];
    const targets = new Map<string, Target>();
    for (const ref of refs) {
      const read = await this.deps.catalog.getEntity(ref);
      if (!read.available) {
        throw new StatuspageStepError('reading the catalog', {
          code: 'catalog_unavailable',
          permanent: false,
          detail: `the catalog could not say what ${ref} is`,
        });
      }
      const annotations = read.value?.metadata.annotations ?? {};
      const text = annotations[ANNOTATION_STATUSPAGE_COMPONENT];
      if (text === undefined) continue;
      const parsed = parseStatuspageComponentAnnotation(text);
      if (!parsed.ok) {
        this.deps.logger.warn(
          `Ignoring ${ANNOTATION_STATUSPAGE_COMPONENT} of ${ref}: ${parsed.problems[0].message}`,
        );
        continue;
      }
      const nameText = annotations[ANNOTATION_STATUS_PAGE];
      const name =
        nameText === undefined
          ? undefined
          : parseStatusPageAnnotation(nameText);
      const existing = targets.get(parsed.value);
      targets.set(parsed.value, {
        componentId: parsed.value,
        publicName: existing?.publicName ?? (name?.ok ? name.value : undefined),
      });
    }
    return [...targets.values()].sort((a, b) =>
      a.componentId.localeCompare(b.componentId),
    );
  }

  /** The incident's weight on its components, as on the built-in status page. */
  private stateFor(incident: Incident): StatuspageComponentStatus {
    const state = componentStateFor(incident.severity, this.deps.severities);
    // Statuspage calls the built-in page's "degraded" degraded performance.
    return state === 'degraded' ? 'degraded_performance' : state;
  }

  private async call<T>(step: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StatuspageCallError) {
        throw new StatuspageStepError(step, error.failure);
      }
      throw error;
    }
  }
}

/** Which changes mark the incident: public updates start it, resolutions follow it. */
function markFor(
  change: IncidentChange,
): { onlyIfTracked: boolean } | undefined {
  if (change === 'status_update_posted') return { onlyIfTracked: false };
  if (change === 'status_changed' || change === 'merged') {
    return { onlyIfTracked: true };
  }
  return undefined;
}

/**
 * The component fields of one call: the affected components at `state`, and those no
 * longer affected back to operational (left out of `component_ids`).
 */
function componentFields(
  targets: Target[],
  previous: Record<string, StatuspageComponentStatus>,
  state: StatuspageComponentStatus,
): {
  fields: Pick<StatuspageIncidentInput, 'component_ids' | 'components'>;
  sent: Record<string, StatuspageComponentStatus>;
} {
  const components: Record<string, StatuspageComponentStatus> = {};
  for (const id of Object.keys(previous)) components[id] = 'operational';
  const sent: Record<string, StatuspageComponentStatus> = {};
  for (const { componentId } of targets) {
    components[componentId] = state;
    sent[componentId] = state;
  }
  if (!Object.keys(components).length) return { fields: {}, sent };
  return {
    fields: {
      component_ids: targets.map(t => t.componentId),
      components,
    },
    sent,
  };
}

/** The Statuspage incident's name: the components' public names, nothing internal. */
function publicName(targets: Target[]): string {
  const names = [
    ...new Set(
      targets.map(t => t.publicName).filter((name): name is string => !!name),
    ),
  ].sort();
  const name = names.length
    ? `Service disruption: ${names.join(', ')}`
    : 'Service disruption';
  return name.length > MAX_NAME_LENGTH
    ? `${name.slice(0, MAX_NAME_LENGTH - 1)}…`
    : name;
}
