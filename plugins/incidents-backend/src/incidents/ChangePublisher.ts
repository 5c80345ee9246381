import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Incident } from '@firebreak/plugin-incidents-common';
import { IncidentChange, IncidentChangePublisher } from './types';

/** Events-service topic carrying every incident change, for other plugins and modules. */
export const INCIDENTS_EVENT_TOPIC = 'firebreak.incidents';
/** Signals channel open pages subscribe to, so they refresh live. */
export const INCIDENTS_SIGNAL_CHANNEL = 'firebreak:incidents';

/**
 * Publishes incident changes on the events service and as signals. Failures are logged
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
          message: summary,
        })
        .catch(error =>
          this.deps.logger.warn(
            `Could not signal ${change} of ${incident.ref}: ${error}`,
          ),
        ),
    ]);
  }
}
