import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  allowedTransitions,
  canTransition,
  compareSeverity,
  EntityIncidentSummary,
  EscalationState,
  findSeverity,
  findTimestampOrderProblem,
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentStatus,
  isOpenStatus,
  Page,
  SeverityLevel,
  TimelineEvent,
  transitionTimestamps,
} from '@firebreak/plugin-incidents-common';
import { StoreTransaction } from '../database/transaction';
import { planEscalation } from '../oncall/escalationPlan';
import {
  normaliseEntityRef,
  optionalText,
  parseInstant,
  requireText,
  uniqueRefs,
} from '../validation/inputs';
import {
  IncidentFilter,
  IncidentPatch,
  IncidentStore,
  NewTimelineEvent,
  PageRequest,
} from './IncidentStore';
import { IncidentPager, IncidentPaging } from './IncidentPager';
import { IncidentTimelineService } from './IncidentTimelineService';
import {
  Actor,
  IncidentAlerting,
  IncidentCatalog,
  IncidentChange,
  IncidentChangePublisher,
  IncidentOncall,
} from './types';

/** Input of {@link IncidentService.declare}. */
export interface DeclareIncidentInput {
  title: string;
  description?: string;
  severity: string;
  entityRef: string;
  affectedEntityRefs?: string[];
  impact?: IncidentImpact;
  links?: IncidentLink[];
  /** When the problem started, if known; not after `detectedAt`. */
  startedAt?: string;
  detectedAt?: string;
  /** Where it came from; `manual` for people, an alert source otherwise. */
  source?: string;
  /** Start as acknowledged/investigating when the declarer is already on it. */
  status?: Extract<
    IncidentStatus,
    'triggered' | 'acknowledged' | 'investigating'
  >;
}

/** Fields a responder may change with {@link IncidentService.update}. */
export interface UpdateIncidentInput {
  title?: string;
  description?: string;
  severity?: string;
  affectedEntityRefs?: string[];
  impact?: IncidentImpact;
  links?: IncidentLink[];
  startedAt?: string;
  detectedAt?: string;
  acknowledgedAt?: string;
  mitigatedAt?: string;
}

/** An alert that opens or joins an incident, as its timeline and severity need it. */
export interface IncidentAlert {
  id: number;
  name: string;
  source: string;
  dedupKey: string;
  /** The incident severity the alert maps to (a policy id). */
  severity: string;
  runbookUrl?: string;
  /** Set when the alert was routed from the catalog snapshot: its time. */
  snapshotAt?: string;
}

/** Optimistic concurrency: the version the caller last saw, if it wants stale writes refused. */
export interface WriteOptions {
  expectedVersion?: number;
}

const MAX_WRITE_ATTEMPTS = 5;
const DEFAULT_ROLES = [
  'commander',
  'operations-lead',
  'communications-lead',
  'scribe',
  'subject-matter-expert',
];

/** The orders the incident list offers: newest first, or by severity then age. */
export const INCIDENT_SORTS = ['detected', 'severity'] as const;

/** One of {@link INCIDENT_SORTS}. */
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/**
 * The incident rules: declaring, lifecycle transitions, timestamp ordering, roles,
 * alerts joining, merges and the entity summary; timeline notes and status updates in
 * {@link IncidentService.timeline}, paging in {@link IncidentService.pager}. Every change is written with its timeline
 * entry in one transaction, against the version it was computed from, so concurrent
 * changes are serialised and none is silently lost.
 */
export class IncidentService {
  private readonly store: IncidentStore;
  private readonly severities: SeverityLevel[];
  private readonly catalog: IncidentCatalog;
  private readonly oncall: IncidentOncall;
  private readonly alerting: IncidentAlerting;
  private readonly publisher: IncidentChangePublisher;
  private readonly roles: string[];
  private readonly clock: () => Date;
  private readonly onResolved?: (incident: Incident) => Promise<void>;
  /** Who is paged: declarations, raises, escalation steps, reminders. */
  readonly pager: IncidentPager;
  /** Timeline notes and pins, status updates. */
  readonly timeline: IncidentTimelineService;

  constructor(options: {
    store: IncidentStore;
    severities: SeverityLevel[];
    catalog: IncidentCatalog;
    oncall: IncidentOncall;
    alerting: IncidentAlerting;
    publisher: IncidentChangePublisher;
    roles?: string[];
    clock?: () => Date;
    /** Called after an incident moves to resolved (e.g. to start its postmortem). */
    onResolved?: (incident: Incident) => Promise<void>;
    /** The page outbox; without it (seeding) nobody is paged. */
    pages?: IncidentPaging;
    /**
     * Called with the keys of pages just committed, to deliver them without waiting for
     * the schedule; must not throw (the scheduled sender retries what it leaves).
     */
    onPagesQueued?: (keys: string[]) => Promise<void>;
  }) {
    this.store = options.store;
    this.severities = options.severities;
    this.catalog = options.catalog;
    this.oncall = options.oncall;
    this.alerting = options.alerting;
    this.publisher = options.publisher;
    this.roles = options.roles ?? DEFAULT_ROLES;
    this.clock = options.clock ?? (() => new Date());
    this.onResolved = options.onResolved;
    this.pager = new IncidentPager({
      store: this.store,
      severities: this.severities,
      oncall: this.oncall,
      publisher: this.publisher,
      clock: this.clock,
      pages: options.pages,
      onPagesQueued: options.onPagesQueued,
    });
    this.timeline = new IncidentTimelineService({
      store: this.store,
      severities: this.severities,
      publisher: this.publisher,
      clock: this.clock,
      getIncident: id => this.get(id),
      displayName: ref => this.catalog.displayName(ref),
    });
  }

  /** The severity policy in force. */
  getSeverities(): SeverityLevel[] {
    return this.severities;
  }

  /** The configured incident roles. */
  getRoles(): string[] {
    return this.roles;
  }

  /**
   * Incidents matching the filter, newest first; `sort: 'severity'` orders them most
   * severe first by the policy, then oldest first.
   */
  async list(
    filter: IncidentFilter,
    page: Omit<PageRequest, 'severityOrder'> & { sort?: IncidentSort },
  ): Promise<Page<Incident>> {
    const { sort, ...request } = page;
    return this.store.listIncidents(
      {
        ...filter,
        entityRefs: filter.entityRefs?.map(ref =>
          normaliseEntityRef(ref, 'entityRef'),
        ),
        participantRefs: filter.participantRefs?.map(ref =>
          normaliseEntityRef(ref, 'participantRef', 'user'),
        ),
        roleHolderRefs: filter.roleHolderRefs?.map(ref =>
          normaliseEntityRef(ref, 'roleHolderRef', 'user'),
        ),
      },
      sort === 'severity'
        ? { ...request, severityOrder: this.severities.map(s => s.id) }
        : request,
    );
  }

  async get(id: number): Promise<Incident> {
    const incident = await this.store.getIncident(id);
    if (!incident) {
      throw new NotFoundError(`No incident INC-${id}`);
    }
    return incident;
  }

  /**
   * Where the incident stands in its owner team's escalation policy: the levels as the
   * policy and on-call read now (what the escalator would page), how many fired, and
   * the next one while nobody has acknowledged.
   */
  async getEscalation(id: number): Promise<EscalationState> {
    const incident = await this.get(id);
    const severity = findSeverity(this.severities, incident.severity);
    const now = this.clock();
    const [levels, entityOncall] = await Promise.all([
      this.store.getEscalationLevels([id]),
      this.oncall.getOncallForEntity(incident.entityRef, now),
    ]);
    const fired = levels.get(id) ?? 0;
    const plan = severity
      ? planEscalation({
          oncall: entityOncall.oncall,
          severity,
          detectedAt: incident.detectedAt,
        })
      : undefined;
    const planned = (plan?.levels ?? []).map(l => ({
      level: l.level,
      after: l.after,
      at: new Date(l.atMs).toISOString(),
      targets: l.targets,
      fired: l.level <= fired,
    }));
    const upcoming = planned[fired];
    let state: EscalationState['state'];
    if (!isOpenStatus(incident.status)) state = 'closed';
    else if (incident.acknowledgedAt) state = 'acknowledged';
    else if (upcoming) state = 'escalating';
    else state = planned.length ? 'exhausted' : 'none';
    return {
      state,
      ...(plan && planned.length ? { source: plan.source } : {}),
      level: fired,
      levels: planned,
      ...(state === 'escalating' && {
        next: {
          level: upcoming.level,
          at: upcoming.at,
          targets: upcoming.targets,
        },
      }),
    };
  }

  /**
   * Declares an incident. With `options.openedBy`, the alert's link and timeline entry
   * are written in the declaration's transaction, so they exist exactly when the
   * incident does (a crash cannot leave an incident without the alert that opened it,
   * which the sender's retry would then open a second time).
   */
  async declare(
    input: DeclareIncidentInput,
    actor: Actor,
    options: { openedBy?: IncidentAlert } = {},
  ): Promise<Incident & { warnings?: string[] }> {
    const severity = this.requireSeverity(input.severity);
    const entityRef = normaliseEntityRef(input.entityRef, 'entityRef');
    const affected = uniqueRefs(
      input.affectedEntityRefs ?? [],
      'affectedEntityRefs',
    ).filter(ref => ref !== entityRef);
    const now = this.clock();
    const detectedAt = input.detectedAt
      ? parseInstant(input.detectedAt, 'detectedAt')
      : now;
    if (detectedAt.getTime() > now.getTime()) {
      throw new InputError('detectedAt must not be in the future');
    }
    const startedAt = input.startedAt
      ? parseInstant(input.startedAt, 'startedAt')
      : undefined;
    if (startedAt && startedAt.getTime() > detectedAt.getTime()) {
      throw new InputError(
        `startedAt (${startedAt.toISOString()}) must not be after detectedAt (${detectedAt.toISOString()})`,
      );
    }
    const status = input.status ?? 'triggered';
    const owner = await this.catalog.getOwnerRef(entityRef);
    const ownerRef = owner.available ? owner.value : undefined;
    const declaredByPerson = actor.startsWith('user:');
    // Looked up before the transaction so no catalog call holds it open.
    const entityOncall = severity.pages
      ? await this.oncall.getOncallForEntity(entityRef)
      : undefined;
    const oncall = entityOncall?.oncall;
    const entityName = await this.catalog.displayName(entityRef);

    const incident = await this.store.transaction(async (store, tx) => {
      const created = await store.createIncident({
        title: requireText(input.title, 'title', 200),
        description:
          optionalText(input.description, 'description', 20_000) ?? '',
        status,
        severity: severity.id,
        entityRef,
        affectedEntityRefs: affected,
        ownerRef,
        source: input.source ?? 'manual',
        impact: input.impact ?? {},
        links: input.links ?? [],
        createdBy: actor,
        startedAt,
        detectedAt,
        // A person declaring an incident leads it until someone else is assigned.
        roles: declaredByPerson
          ? [{ role: 'commander', userRef: actor, assignedBy: actor }]
          : [],
      });
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: created.id,
        type: 'declared',
        actorRef: actor,
        message: `Declared ${severity.id} on ${entityName}: ${created.title}`,
        data: {
          severity: severity.id,
          status,
          source: created.source,
          entityRef,
        },
        pinned: true,
      });
      const alert = options.openedBy;
      if (alert) {
        await store.linkAlert(alert.id, created.id);
        await store.addTimelineEvent({
          incidentId: created.id,
          type: 'alert',
          at: this.clock(),
          actorRef: actor,
          message: `Opened by alert ${alert.name} (${describeAlertSource(
            alert,
          )})`,
          data: { alertId: alert.id, dedupKey: alert.dedupKey },
        });
        if (alert.snapshotAt) {
          await store.addTimelineEvent({
            incidentId: created.id,
            type: 'note',
            at: this.clock(),
            actorRef: actor,
            message: `Catalog unavailable: routed to ${entityRef} from the last known catalog snapshot of ${alert.snapshotAt}`,
            data: { alertId: alert.id, snapshotAt: alert.snapshotAt },
          });
        }
      }
      // Declaring straight into a working state counts as the acknowledgement.
      const declared =
        status !== 'triggered'
          ? (await store.updateIncident(created.id, created.version, {
              acknowledgedAt: now,
            }))!
          : created;
      // In the declaration's transaction: the page exists exactly when the incident does.
      await this.pager.queueDeclaredPage(store, tx, {
        incident: declared,
        severity,
        ownerRef,
        oncall,
        snapshotAt: entityOncall?.snapshotAt,
        key: `incident:${declared.id}:declared`,
      });
      return declared;
    });

    await this.publisher.publish('declared', incident, actor);
    await this.pager.pagesQueued([`incident:${incident.id}:declared`]);
    // Declaring is never blocked by the catalog, but the declarer must learn that an
    // unknown entity means no owner to route to.
    if (owner.available && !ownerRef) {
      return {
        ...incident,
        warnings: [
          `${entityRef} is not in the catalog (or has no owner): nobody paged`,
        ],
      };
    }
    return incident;
  }

  async update(
    id: number,
    input: UpdateIncidentInput,
    actor: Actor,
    options: WriteOptions = {},
  ): Promise<Incident> {
    const raiseOncall =
      input.severity !== undefined
        ? await this.pager.oncallForRaise(
            (
              await this.get(id)
            ).entityRef,
            input.severity,
          )
        : undefined;
    const updated = await this.mutate(
      id,
      options,
      'updated',
      actor,
      incident => {
        const patch: IncidentPatch = {};
        const events: Omit<NewTimelineEvent, 'incidentId'>[] = [];
        const changed: string[] = [];
        if (input.title !== undefined && input.title !== incident.title) {
          patch.title = requireText(input.title, 'title', 200);
          changed.push('title');
        }
        if (
          input.description !== undefined &&
          input.description !== incident.description
        ) {
          patch.description =
            optionalText(input.description, 'description', 20_000) ?? '';
          changed.push('description');
        }
        if (input.impact !== undefined) {
          patch.impact = input.impact;
          changed.push('impact');
        }
        if (input.links !== undefined) {
          patch.links = input.links;
          changed.push('links');
        }
        if (input.affectedEntityRefs !== undefined) {
          patch.affectedEntityRefs = uniqueRefs(
            input.affectedEntityRefs,
            'affectedEntityRefs',
          ).filter(ref => ref !== incident.entityRef);
          changed.push('affected entities');
        }
        const instants = {
          startedAt: incident.startedAt,
          detectedAt: incident.detectedAt,
          acknowledgedAt: incident.acknowledgedAt,
          mitigatedAt: incident.mitigatedAt,
          resolvedAt: incident.resolvedAt,
        };
        for (const field of [
          'startedAt',
          'detectedAt',
          'acknowledgedAt',
          'mitigatedAt',
        ] as const) {
          const value = input[field];
          if (value === undefined) continue;
          const instant = parseInstant(value, field);
          if (instant.getTime() > this.clock().getTime()) {
            throw new InputError(`${field} must not be in the future`);
          }
          patch[field] = instant;
          instants[field] = instant.toISOString();
          changed.push(field);
        }
        const problem = findTimestampOrderProblem(instants);
        if (problem) {
          throw new InputError(problem);
        }
        if (changed.length) {
          events.push({
            type: 'fields_changed',
            message: `Changed ${changed.join(', ')}`,
            data: { fields: changed },
          });
        }
        if (
          input.severity !== undefined &&
          input.severity !== incident.severity
        ) {
          const severity = this.requireSeverity(input.severity);
          patch.severity = severity.id;
          events.push({
            type: 'severity_changed',
            message: `Severity ${incident.severity} → ${severity.id}`,
            data: { from: incident.severity, to: severity.id },
          });
        }
        return { patch, events };
      },
      (store, tx, written, previous) =>
        this.pager.queueRaisePage(store, tx, previous, written, raiseOncall),
    );
    return updated.incident;
  }

  /**
   * Links an alert that joined open incident `id` (the grouping window) and records it
   * on the timeline, in one transaction, and tells open pages. An alert more severe than
   * the incident raises it to the alert's severity (recorded on the timeline) and pages
   * as declaring it there would: a P4 declared a minute earlier must not absorb a P1.
   */
  async joinAlert(
    id: number,
    alert: IncidentAlert,
    actor: Actor,
  ): Promise<Incident> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      const raised =
        findSeverity(this.severities, alert.severity) &&
        compareSeverity(this.severities, alert.severity, current.severity) < 0
          ? alert.severity
          : undefined;
      const raiseOncall = await this.pager.oncallForRaise(
        current.entityRef,
        raised,
      );
      let pageKey: string | undefined;
      const written = await this.store.transaction(async (store, tx) => {
        // Only a raise changes the incident row: a plain join must not bump updatedAt,
        // which would stretch the grouping window with every alert.
        const incident = raised
          ? await store.updateIncident(id, current.version, {
              severity: raised,
            })
          : current;
        if (!incident) return undefined;
        await store.linkAlert(alert.id, id);
        await store.addTimelineEvent({
          incidentId: id,
          type: 'alert',
          at: this.clock(),
          actorRef: actor,
          message: `Alert ${alert.name} joined (${describeAlertSource(alert)})`,
          data: { alertId: alert.id, dedupKey: alert.dedupKey, joined: true },
        });
        if (raised) {
          await store.addTimelineEvent({
            incidentId: id,
            type: 'severity_changed',
            at: this.clock(),
            actorRef: actor,
            message: `Severity ${current.severity} → ${raised}: raised by alert ${alert.name}`,
            data: { from: current.severity, to: raised, alertId: alert.id },
          });
          pageKey = await this.pager.queueRaisePage(
            store,
            tx,
            current,
            incident,
            raiseOncall,
          );
        }
        return incident;
      });
      if (!written) continue;
      await this.publisher.publish(
        raised ? 'updated' : 'timeline_changed',
        written,
        actor,
      );
      if (pageKey) await this.pager.pagesQueued([pageKey]);
      return written;
    }
    throw new ConflictError(
      `INC-${id} is changing too often right now; try again`,
    );
  }

  /**
   * Records on the incident's timeline something one of its alerts did at its source
   * (acknowledged, resolved), and tells open pages.
   */
  async recordAlertEvent(
    id: number,
    event: { message: string; data: Record<string, unknown> },
    actor: Actor,
  ): Promise<TimelineEvent> {
    const incident = await this.get(id);
    const recorded = await this.store.addTimelineEvent({
      at: this.clock(),
      incidentId: id,
      type: 'alert',
      actorRef: actor,
      message: event.message,
      data: event.data,
    });
    await this.publisher.publish('timeline_changed', incident, actor);
    return recorded;
  }

  /**
   * Records on the incident's timeline that telling people elsewhere (Slack) failed,
   * as a system note without an actor, and tells open pages.
   */
  async recordNotificationFailure(
    id: number,
    failure: { message: string; data: Record<string, unknown> },
  ): Promise<void> {
    const incident = await this.get(id);
    await this.store.addTimelineEvent({
      at: this.clock(),
      incidentId: id,
      type: 'note',
      message: failure.message,
      data: failure.data,
    });
    await this.publisher.publish('timeline_changed', incident);
  }

  async transition(
    id: number,
    to: IncidentStatus,
    actor: Actor,
    options: WriteOptions & {
      message?: string;
      /**
       * Whether this move means someone took the incident on (default). Automation
       * moving it on its own (all alerts resolved) passes false: no acknowledgement is
       * stamped, so MTTA counts real acknowledgements only.
       */
      acknowledges?: boolean;
    } = {},
  ): Promise<Incident> {
    if (to === 'merged') {
      throw new InputError(
        'Use the merge operation to merge an incident into another',
      );
    }
    const { incident, previous } = await this.mutate(
      id,
      options,
      'status_changed',
      actor,
      current => {
        if (!canTransition(current.status, to)) {
          const allowed = allowedTransitions(current.status);
          throw new ConflictError(
            `Cannot move INC-${current.id} from ${
              current.status
            } to ${to}; allowed: ${
              allowed.length ? allowed.join(', ') : 'none'
            }`,
          );
        }
        const patch: IncidentPatch = {
          status: to,
          ...transitionTimestamps(current, to, this.clock(), {
            acknowledges: options.acknowledges ?? true,
          }),
        };
        const reopening = current.status === 'resolved';
        const message = optionalText(options.message, 'message', 5000);
        return {
          patch,
          events: [
            {
              type: 'status_changed',
              message: `${reopening ? 'Reopened' : 'Status'} ${
                current.status
              } → ${to}${message ? `: ${message}` : ''}`,
              // The reason on its own too, so pages can show a resolution summary.
              data: { from: current.status, to, ...(message && { message }) },
              pinned: to === 'resolved' || reopening,
            },
          ],
        };
      },
    );

    if (to === 'resolved' && previous.status !== 'resolved') {
      await this.alerting.incidentResolved({
        incident,
        recipients: incident.roles.map(r => r.userRef),
      });
      await this.onResolved?.(incident);
    }
    return incident;
  }

  async assignRole(
    id: number,
    role: string,
    userRef: string,
    actor: Actor,
  ): Promise<Incident> {
    this.requireRole(role);
    const user = normaliseEntityRef(userRef, 'userRef', 'user');
    if (!user.startsWith('user:')) {
      throw new InputError(
        'userRef must be a user entity ref, e.g. user:default/alice',
      );
    }
    const name = await this.catalog.displayName(user);
    return this.changeRoles(id, actor, async (store, incident) => {
      if (incident.roles.some(r => r.role === role && r.userRef === user))
        return false;
      await store.assignRole(id, role, user, actor);
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: id,
        type: 'role_assigned',
        actorRef: actor,
        message: `${name} is ${role}`,
        data: { role, userRef: user },
      });
      return true;
    });
  }

  async unassignRole(
    id: number,
    role: string,
    userRef: string,
    actor: Actor,
  ): Promise<Incident> {
    this.requireRole(role);
    const user = normaliseEntityRef(userRef, 'userRef', 'user');
    const name = await this.catalog.displayName(user);
    return this.changeRoles(id, actor, async store => {
      const removed = await store.unassignRole(id, role, user);
      if (!removed) {
        throw new NotFoundError(
          `${user} does not hold the ${role} role on INC-${id}`,
        );
      }
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: id,
        type: 'role_unassigned',
        actorRef: actor,
        message: `${name} is no longer ${role}`,
        data: { role, userRef: user },
      });
      return true;
    });
  }

  /** Merges incident `id` into `intoId`: the source closes as `merged`, its entities join the target. */
  async merge(id: number, intoId: number, actor: Actor): Promise<Incident> {
    if (id === intoId) {
      throw new InputError('An incident cannot be merged into itself');
    }
    const result = await this.store.transaction(async store => {
      const [source, target] = await Promise.all([
        store.getIncident(id),
        store.getIncident(intoId),
      ]);
      if (!source) throw new NotFoundError(`No incident INC-${id}`);
      if (!target) throw new NotFoundError(`No incident INC-${intoId}`);
      if (!isOpenStatus(source.status)) {
        throw new ConflictError(
          `INC-${id} is ${source.status}; only open incidents can be merged`,
        );
      }
      if (!isOpenStatus(target.status)) {
        throw new ConflictError(
          `INC-${intoId} is ${target.status}; merge into an open incident`,
        );
      }
      const merged = await store.updateIncident(id, source.version, {
        status: 'merged',
        mergedIntoId: intoId,
      });
      const affected = uniqueRefs(
        [
          ...target.affectedEntityRefs,
          source.entityRef,
          ...source.affectedEntityRefs,
        ],
        'affectedEntityRefs',
      ).filter(ref => ref !== target.entityRef);
      const grown = await store.updateIncident(intoId, target.version, {
        affectedEntityRefs: affected,
      });
      if (!merged || !grown) {
        throw new ConflictError(
          'One of the incidents changed during the merge; try again',
        );
      }
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: id,
        type: 'merged',
        actorRef: actor,
        message: `Merged into ${target.ref}`,
        data: { intoId },
        pinned: true,
      });
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: intoId,
        type: 'merged',
        actorRef: actor,
        message: `${source.ref} (${source.title}) merged into this incident`,
        data: { fromId: id },
      });
      return { merged, grown };
    });
    await this.publisher.publish('merged', result.merged, actor);
    await this.publisher.publish('updated', result.grown, actor);
    return result.grown;
  }

  /** What a service's Incidents tab shows at the top. */
  async entitySummary(entityRefInput: string): Promise<EntityIncidentSummary> {
    const entityRef = normaliseEntityRef(entityRefInput, 'entityRef');
    const openStatuses: IncidentStatus[] = [
      'triggered',
      'acknowledged',
      'investigating',
      'identified',
      'monitoring',
    ];
    const [owner, dependencies, open] = await Promise.all([
      this.catalog.getOwnerRef(entityRef),
      this.catalog.getDependencies(entityRef),
      this.store.listIncidents(
        { entityRefs: [entityRef], statuses: openStatuses },
        { limit: 100 },
      ),
    ]);
    const dependencyRefs = dependencies.available ? dependencies.value : [];
    const ownerRef = owner.available ? owner.value : undefined;
    const upstream = dependencyRefs.length
      ? await this.store.listIncidents(
          { entityRefs: dependencyRefs, statuses: openStatuses },
          { limit: 100 },
        )
      : { items: [] };
    const oncall = ownerRef
      ? (await this.oncall.getOncallForEntity(entityRef)).oncall
      : undefined;
    return {
      entityRef,
      ownerRef,
      catalogAvailable: owner.available && dependencies.available,
      openIncidents: open.items,
      upstreamIncidents: upstream.items.filter(
        i => !open.items.some(o => o.id === i.id),
      ),
      oncall,
    };
  }

  /**
   * Reads the incident, lets `compute` derive a patch and timeline entries from it, and
   * writes both in one transaction guarded by the version read. When another writer got
   * there first, it re-reads and recomputes (so rules are checked against the latest
   * state), unless the caller pinned a version, which then answers 409.
   */
  private async mutate(
    id: number,
    options: WriteOptions,
    change: IncidentChange,
    actor: Actor,
    compute: (incident: Incident) => {
      patch: IncidentPatch;
      events: Omit<NewTimelineEvent, 'incidentId'>[];
    },
    /** Runs in the write's transaction; returns the key of a page it queued. */
    within?: (
      store: IncidentStore,
      tx: StoreTransaction,
      written: Incident,
      previous: Incident,
    ) => Promise<string | undefined>,
  ): Promise<{ incident: Incident; previous: Incident }> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      if (
        options.expectedVersion !== undefined &&
        options.expectedVersion !== current.version
      ) {
        throw new ConflictError(
          `INC-${id} has changed (version ${current.version}, you sent ${options.expectedVersion}); reload and try again`,
        );
      }
      const { patch, events } = compute(current);
      if (Object.keys(patch).length === 0 && events.length === 0) {
        return { incident: current, previous: current };
      }
      let pageKey: string | undefined;
      const updated = await this.store.transaction(async (store, tx) => {
        const written = await store.updateIncident(id, current.version, patch);
        if (!written) return undefined;
        for (const event of events) {
          await store.addTimelineEvent({
            at: this.clock(),
            ...event,
            incidentId: id,
            actorRef: actor,
          });
        }
        pageKey = await within?.(store, tx, written, current);
        return written;
      });
      if (updated) {
        await this.publisher.publish(change, updated, actor);
        if (pageKey) await this.pager.pagesQueued([pageKey]);
        return { incident: updated, previous: current };
      }
      if (options.expectedVersion !== undefined) {
        throw new ConflictError(
          `INC-${id} changed while saving; reload and try again`,
        );
      }
    }
    throw new ConflictError(
      `INC-${id} is changing too often right now; try again`,
    );
  }

  private async changeRoles(
    id: number,
    actor: Actor,
    apply: (store: IncidentStore, incident: Incident) => Promise<boolean>,
  ): Promise<Incident> {
    const incident = await this.get(id);
    const changed = await this.store.transaction(store =>
      apply(store, incident),
    );
    const updated = await this.get(id);
    if (changed) await this.publisher.publish('roles_changed', updated, actor);
    return updated;
  }

  private requireSeverity(id: string): SeverityLevel {
    const severity = findSeverity(this.severities, id);
    if (!severity) {
      throw new InputError(
        `Unknown severity '${id}'; expected one of ${this.severities
          .map(s => s.id)
          .join(', ')}`,
      );
    }
    return severity;
  }

  private requireRole(role: string) {
    if (!this.roles.includes(role)) {
      throw new InputError(
        `Unknown role '${role}'; expected one of ${this.roles.join(', ')}`,
      );
    }
  }
}

function describeAlertSource(alert: IncidentAlert): string {
  return `${alert.source}${
    alert.runbookUrl ? `, runbook ${alert.runbookUrl}` : ', no runbook'
  }`;
}
