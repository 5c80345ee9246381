import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  findSeverity,
  Incident,
  isOpenStatus,
  OPEN_STATUSES,
  renderStatusUpdate,
  SeverityLevel,
  StatusUpdate,
  statusUpdateTemplateFor,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import { requireText } from '../validation/inputs';
import { IncidentStore } from './IncidentStore';
import { Actor, IncidentChangePublisher } from './types';

/**
 * An incident's timeline notes and pins, and its status updates with their templates.
 * Each change is written with its timeline entry in one transaction and published.
 */
export class IncidentTimelineService {
  private readonly store: IncidentStore;
  private readonly severities: SeverityLevel[];
  private readonly publisher: IncidentChangePublisher;
  private readonly clock: () => Date;
  private readonly getIncident: (id: number) => Promise<Incident>;
  private readonly displayName: (ref: string) => Promise<string>;

  constructor(options: {
    store: IncidentStore;
    severities: SeverityLevel[];
    publisher: IncidentChangePublisher;
    clock: () => Date;
    /** Reads an incident, 404 when there is none. */
    getIncident: (id: number) => Promise<Incident>;
    /** The catalog's name for an entity, for text people read. */
    displayName: (ref: string) => Promise<string>;
  }) {
    this.store = options.store;
    this.severities = options.severities;
    this.publisher = options.publisher;
    this.clock = options.clock;
    this.getIncident = options.getIncident;
    this.displayName = options.displayName;
  }

  async getTimeline(id: number): Promise<TimelineEvent[]> {
    await this.getIncident(id);
    return this.store.listTimeline(id);
  }

  async addNote(
    id: number,
    message: string,
    actor: Actor,
    pinned = false,
  ): Promise<TimelineEvent> {
    const text = requireText(message, 'message', 10_000);
    const incident = await this.getIncident(id);
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

  /**
   * Notes an on-call change (an accepted cover request, say) on every open incident the
   * team owns, so responders see who is paged from when. Returns the incidents noted.
   */
  async noteOncallChange(change: {
    groupRef: string;
    message: string;
    actor: Actor;
    data: Record<string, unknown>;
  }): Promise<number[]> {
    const noted: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.listIncidents(
        { ownerRefs: [change.groupRef], statuses: [...OPEN_STATUSES] },
        { limit: 200, cursor },
      );
      for (const incident of page.items) {
        await this.store.addTimelineEvent({
          at: this.clock(),
          incidentId: incident.id,
          type: 'oncall_changed',
          actorRef: change.actor,
          message: change.message,
          data: change.data,
        });
        await this.publisher.publish(
          'timeline_changed',
          incident,
          change.actor,
        );
        noted.push(incident.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return noted;
  }

  /**
   * Notes on its incident that Firebreak closed a follow-up (a runbook the catalog
   * gained, say); written by the system, not by a person.
   */
  async noteFollowUpClosed(
    incidentId: number,
    message: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const incident = await this.getIncident(incidentId);
    await this.store.addTimelineEvent({
      at: this.clock(),
      incidentId,
      type: 'follow_up_closed',
      message,
      data,
    });
    await this.publisher.publish('timeline_changed', incident);
  }

  async pinTimelineEvent(
    id: number,
    eventId: number,
    pinned: boolean,
    actor: Actor,
  ): Promise<TimelineEvent> {
    const incident = await this.getIncident(id);
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
    const incident = await this.getIncident(id);
    return {
      items: await this.store.listStatusUpdates(id),
      variables: await this.templateVariables(incident),
    };
  }

  /**
   * Posts a status update: the given message, or the template of the incident's status
   * filled with its details (and any extra `variables`).
   */
  async postStatusUpdate(
    id: number,
    input: {
      message?: string;
      variables?: Record<string, string>;
      /** Also shown on the public status page. */
      public?: boolean;
    },
    actor: Actor,
  ): Promise<StatusUpdate> {
    const incident = await this.getIncident(id);
    if (!isOpenStatus(incident.status) && incident.status !== 'resolved') {
      throw new ConflictError(
        `INC-${id} is ${incident.status}; status updates are closed`,
      );
    }
    const message =
      input.message !== undefined
        ? requireText(input.message, 'message', 10_000)
        : renderStatusUpdate(statusUpdateTemplateFor(incident.status), {
            ...(await this.templateVariables(incident)),
            ...input.variables,
          });
    const update = await this.store.transaction(async store => {
      const posted = await store.addStatusUpdate({
        incidentId: id,
        status: incident.status,
        message,
        postedBy: actor,
        postedAt: this.clock(),
        public: input.public === true,
      });
      await store.addTimelineEvent({
        at: this.clock(),
        incidentId: id,
        type: 'status_update',
        actorRef: actor,
        message,
        data: {
          statusUpdateId: posted.id,
          status: incident.status,
          public: posted.public,
        },
      });
      return posted;
    });
    await this.publisher.publish('status_update_posted', incident, actor);
    return update;
  }

  /** The public status updates of these incidents, newest first (for the status page). */
  async listPublicUpdates(incidentIds: number[]): Promise<StatusUpdate[]> {
    return incidentIds.length
      ? this.store.listPublicStatusUpdates(incidentIds)
      : [];
  }

  /** The variables status-update templates can use, for previews in the UI too. */
  async templateVariables(incident: Incident): Promise<Record<string, string>> {
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
      entity: await this.displayName(incident.entityRef),
      impact: incident.impact.impactType ?? 'degraded service',
      nextUpdate: next,
    };
  }
}
