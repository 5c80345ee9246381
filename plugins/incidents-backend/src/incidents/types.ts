import {
  EntityIncidentSummary,
  Incident,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { OncallService } from '../oncall/OncallService';

/** What the incident rules need from the catalog. */
export type IncidentCatalog = Pick<
  CatalogGateway,
  'getOwnerRef' | 'getDependencies' | 'displayName'
>;

/** What the incident rules need to know about on-call. */
export type IncidentOncall = Pick<OncallService, 'getOncallForEntity'>;

/**
 * How the incident rules tell people directly (implemented by the IncidentNotifier).
 * Pages (declarations, escalations, reminders) go through the page outbox instead.
 */
export interface IncidentAlerting {
  incidentResolved(options: {
    incident: Incident;
    recipients: string[];
  }): Promise<unknown>;
}

/** Kinds of change announced on the events service and through signals. */
export type IncidentChange =
  | 'declared'
  | 'updated'
  | 'status_changed'
  | 'roles_changed'
  | 'timeline_changed'
  | 'status_update_posted'
  | 'merged';

/** Announces changes so other plugins (events) and open pages (signals) can react. */
export interface IncidentChangePublisher {
  publish(
    change: IncidentChange,
    incident: Incident,
    actorRef?: string,
  ): Promise<void>;
}

/** The caller of a service method: a user or service entity ref, as the credentials say. */
export type Actor = string;

export type { EntityIncidentSummary };
