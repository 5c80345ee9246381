import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Incident } from '@firebreak/plugin-incidents-common';
import { IncidentChange, IncidentChangePublisher } from './types';

/** Events-service topic carrying every incident change, for other plugins and modules. */
export const INCIDENTS_EVENT_TOPIC = 'firebreak.incidents';
/**
 * Signals channel open pages subscribe to, so they refresh live. Its messages say only
 * that something changed ({@link IncidentsSignalMessage}); pages refetch through the API,
 * which answers each user within their permissions.
 */
export const INCIDENTS_SIGNAL_CHANNEL = 'firebreak:incidents';

/**
 * What a signal carries: nothing about the incident. Signals are broadcast to every
 * signed-in user, and a ref, entity, severity or status would tell users limited to their
 * own teams about other teams' incidents.
 */
export type IncidentsSignalMessage = { refresh: true };

/**
 * Publishes incident changes on the events service (whole, for trusted backend
 * subscribers) and as content-free signals. Failures are logged
 * and swallowed: a change that was stored must not turn into an error for the caller.
 */
export class EventsAndSignalsPublisher implements IncidentChangePublisher {
  constructor(
    private readonly deps: {
      events: EventsService;
      signals: SignalsService;
      logger: LoggerService;
    },
  ) {}

  async publish(change: IncidentChange, incident: Incident, actorRef?: string) {
    const summary = {
      change,
      incidentId: incident.id,
      ref: incident.ref,
      status: incident.status,
      severity: incident.severity,
      entityRef: incident.entityRef,
      affectedEntityRefs: incident.affectedEntityRefs,
      version: incident.version,
      actorRef,
    };
    await Promise.all([
      this.deps.events
        .publish({
          topic: INCIDENTS_EVENT_TOPIC,
          eventPayload: { ...summary, incident },
        })
        .catch(error =>
          this.deps.logger.warn(
            `Could not publish ${change} event for ${incident.ref}: ${error}`,
          ),
        ),
      this.deps.signals
        .publish({
          recipients: { type: 'broadcast' },
          channel: INCIDENTS_SIGNAL_CHANNEL,
          message: { refresh: true } satisfies IncidentsSignalMessage,
        })
        .catch(error =>
          this.deps.logger.warn(
            `Could not signal ${change} of ${incident.ref}: ${error}`,
          ),
        ),
    ]);
  }
}

/**
 * Publishes each change to every given publisher in turn (the events and signals, the
 * Slack queue). Each publisher handles its own failures, as the interface asks.
 */
export function allPublishers(
  ...publishers: Array<IncidentChangePublisher | undefined>
): IncidentChangePublisher {
  const targets = publishers.filter((p): p is IncidentChangePublisher => !!p);
  return {
    async publish(change, incident, actorRef) {
      for (const target of targets) {
        await target.publish(change, incident, actorRef);
      }
    },
  };
}
