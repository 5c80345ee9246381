import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  allowedTransitions,
  canTransition,
  EntityIncidentSummary,
  findSeverity,
  findTimestampOrderProblem,
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentStatus,
  isOpenStatus,
  Page,
  renderStatusUpdate,
  SeverityLevel,
  StatusUpdate,
  statusUpdateTemplateFor,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import { pageRecipients } from '../oncall/pageRecipients';
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
  detectedAt?: string;
  acknowledgedAt?: string;
  mitigatedAt?: string;
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

/**
 * The incident rules: lifecycle transitions, timestamp ordering, roles, timeline,
 * status updates, merges, and who is told. Every change is written with its timeline
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
  }

  /** The severity policy in force. */
  getSeverities(): SeverityLevel[] {
    return this.severities;
  }

  /** The configured incident roles. */
  getRoles(): string[] {
    return this.roles;
  }

  async list(
    filter: IncidentFilter,
    page: PageRequest,
  ): Promise<Page<Incident>> {
    return this.store.listIncidents(
      {
        ...filter,
        entityRefs: filter.entityRefs?.map(ref =>
          normaliseEntityRef(ref, 'entityRef'),
        ),
        participantRefs: filter.participantRefs?.map(ref =>
          normaliseEntityRef(ref, 'participantRef', 'user'),
        ),
      },
      page,
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
   * Declares an incident. `options.within` runs in the declaration's transaction, so what
   * it writes (an alert's link and timeline entry) exists exactly when the incident does.
   */
  async declare(
    input: DeclareIncidentInput,
    actor: Actor,
    options: {
      within?: (store: IncidentStore, incident: Incident) => Promise<void>;
    } = {},
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
    const status = input.status ?? 'triggered';
    const owner = await this.catalog.getOwnerRef(entityRef);
    const ownerRef = owner.available ? owner.value : undefined;
    const declaredByPerson = actor.startsWith('user:');

    const incident = await this.store.transaction(async store => {
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
        message: `Declared ${severity.id} on ${entityRef}: ${created.title}`,
        data: { severity: severity.id, status, source: created.source },
        pinned: true,
      });
      await options.within?.(store, created);
      if (status !== 'triggered') {
        // Declaring straight into a working state counts as the acknowledgement.
        return (await store.updateIncident(created.id, created.version, {
          acknowledgedAt: now,
        }))!;
      }
      return created;
    });

    await this.publisher.publish('declared', incident, actor);
    await this.tell(incident, severity, ownerRef);
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
          detectedAt: incident.detectedAt,
          acknowledgedAt: incident.acknowledgedAt,
          mitigatedAt: incident.mitigatedAt,
          resolvedAt: incident.resolvedAt,
        };
        for (const field of [
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
    );

    const before = updated.previous;
    if (before.severity !== updated.incident.severity) {
      const severity = this.requireSeverity(updated.incident.severity);
      const wasPaging =
        findSeverity(this.severities, before.severity)?.pages ?? false;
      if (
        severity.pages &&
        !wasPaging &&
        isOpenStatus(updated.incident.status)
      ) {
        // Raising an open incident into a paging level pages, as declaring it there would.
        await this.tell(updated.incident, severity, updated.incident.ownerRef);
      }
    }
    return updated.incident;
  }

  async transition(
    id: number,
    to: IncidentStatus,
    actor: Actor,
    options: WriteOptions & { message?: string } = {},
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
        const now = this.clock();
        const patch: IncidentPatch = { status: to };
        const reopening = current.status === 'resolved';
        if (reopening) {
          patch.resolvedAt = null;
          patch.mitigatedAt = null;
        }
        if (
          [
            'acknowledged',
            'investigating',
            'identified',
            'monitoring',
          ].includes(to) &&
          !current.acknowledgedAt
        ) {
          patch.acknowledgedAt = now;
        }
        if (to === 'monitoring' && (!current.mitigatedAt || reopening)) {
          patch.mitigatedAt = now;
        }
        if (to === 'resolved') {
          patch.resolvedAt = now;
          if (!current.mitigatedAt) patch.mitigatedAt = now;
        }
        const message = optionalText(options.message, 'message', 5000);
        return {
          patch,
          events: [
            {
              type: 'status_changed',
              message: `${reopening ? 'Reopened' : 'Status'} ${
                current.status
              } → ${to}${message ? `: ${message}` : ''}`,
              data: { from: current.status, to },
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
    return this.changeRoles(id, actor, async (store, incident) => {
      if (incident.roles.some(r => r.role === role && r.userRef === user))
        return false;
      await store.assignRole(id, role, user, actor);
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: id,
        type: 'role_assigned',
        actorRef: actor,
        message: `${user} is ${role}`,
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
        message: `${user} is no longer ${role}`,
        data: { role, userRef: user },
      });
      return true;
    });
  }

  async getTimeline(id: number): Promise<TimelineEvent[]> {
    await this.get(id);
    return this.store.listTimeline(id);
  }

  async addNote(
    id: number,
    message: string,
    actor: Actor,
    pinned = false,
  ): Promise<TimelineEvent> {
    const text = requireText(message, 'message', 10_000);
    const incident = await this.get(id);
    const event = await this.store.addTimelineEvent({
      at: this.clock(),
      incidentId: id,
      type: 'note',
      actorRef: actor,
      message: text,
      pinned,
    });
    await this.publisher.publish('timeline_changed', incident, actor);
    return event;
  }

  async pinTimelineEvent(
    id: number,
    eventId: number,
    pinned: boolean,
    actor: Actor,
  ): Promise<TimelineEvent> {
    const incident = await this.get(id);
    const event = await this.store.setTimelineEventPinned(id, eventId, pinned);
    if (!event) {
      throw new NotFoundError(`INC-${id} has no timeline entry ${eventId}`);
    }
    await this.publisher.publish('timeline_changed', incident, actor);
    return event;
  }

  /** Posted updates, newest first, and the template variables for the next one. */
  async getStatusUpdates(
    id: number,
  ): Promise<{ items: StatusUpdate[]; variables: Record<string, string> }> {
    const incident = await this.get(id);
    return {
      items: await this.store.listStatusUpdates(id),
      variables: this.templateVariables(incident),
    };
  }

  /**
   * Posts a status update: the given message, or the template of the incident's status
   * filled with its details (and any extra `variables`).
   */
  async postStatusUpdate(
    id: number,
    input: { message?: string; variables?: Record<string, string> },
    actor: Actor,
  ): Promise<StatusUpdate> {
    const incident = await this.get(id);
    if (!isOpenStatus(incident.status) && incident.status !== 'resolved') {
      throw new ConflictError(
        `INC-${id} is ${incident.status}; status updates are closed`,
      );
    }
    const message =
      input.message !== undefined
        ? requireText(input.message, 'message', 10_000)
        : renderStatusUpdate(statusUpdateTemplateFor(incident.status), {
            ...this.templateVariables(incident),
            ...input.variables,
          });
    const update = await this.store.transaction(async store => {
      const posted = await store.addStatusUpdate({
        incidentId: id,
        status: incident.status,
        message,
        postedBy: actor,
        postedAt: this.clock(),
      });
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: id,
        type: 'status_update',
        actorRef: actor,
        message,
        data: { statusUpdateId: posted.id, status: incident.status },
      });
      return posted;
    });
    await this.publisher.publish('status_update_posted', incident, actor);
    return update;
  }

  /** The variables status-update templates can use, for previews in the UI too. */
  templateVariables(incident: Incident): Record<string, string> {
    const severity = findSeverity(this.severities, incident.severity);
    const next = severity?.updateEvery
      ? new Date(
          this.clock().getTime() +
            Duration.fromISO(severity.updateEvery).toMillis(),
        )
          .toISOString()
          .replace(/:\d\d\.\d{3}Z$/, ' UTC')
          .replace('T', ' ')
      : 'the next milestone';
    return {
      ref: incident.ref,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      entity: incident.entityRef,
      impact: incident.impact.impactType ?? 'degraded service',
      nextUpdate: next,
    };
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

  private async tell(
    incident: Incident,
    severity: SeverityLevel,
    ownerRef?: string,
  ) {
    const oncall = severity.pages
      ? (await this.oncall.getOncallForEntity(incident.entityRef)).oncall
      : undefined;
    await this.alerting.incidentDeclared({
      incident,
      severity,
      oncall,
      ownerRef,
    });
    if (severity.pages) {
      const paged = pageRecipients(oncall, ownerRef ?? incident.ownerRef);
      await this.store.addTimelineEvent({
        at: this.clock(),
        incidentId: incident.id,
        type: 'paged',
        message: paged.length
          ? `Paged ${paged.join(', ')} (${severity.id} pages the on-call)`
          : `Nobody to page: no on-call or owner known for ${incident.entityRef}`,
        data: { recipients: paged },
      });
    }
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
      const updated = await this.store.transaction(async store => {
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
        return written;
      });
      if (updated) {
        await this.publisher.publish(change, updated, actor);
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
