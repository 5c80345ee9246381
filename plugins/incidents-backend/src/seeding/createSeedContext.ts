import { LoggerService } from '@backstage/backend-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { IncidentsSeedContext } from '@firebreak/plugin-incidents-node';
import { AlertIngestionService } from '../alerts/AlertIngestionService';
import { IncidentStore } from '../incidents/IncidentStore';
import { PostmortemStore } from '../postmortems/PostmortemStore';
import { PostmortemService } from '../postmortems/PostmortemService';
import { IncidentService } from '../incidents/IncidentService';
import { IncidentCatalog, IncidentOncall } from '../incidents/types';

/**
 * Builds what seeders get: the real IncidentService rules over the real store, with the
 * clock set to the instant being written and nobody notified or signalled.
 */
export function createSeedContext(deps: {
  store: IncidentStore;
  severities: SeverityLevel[];
  catalog: IncidentCatalog;
  oncall: IncidentOncall;
  logger: LoggerService;
  /** Whether the catalog has this entity right now (uncached). */
  entityExists(entityRef: string): Promise<boolean>;
  postmortemStore: PostmortemStore;
  /** What alert ingestion needs besides the incident rules. */
  alerting: Omit<
    ConstructorParameters<typeof AlertIngestionService>[0],
    'incidentStore' | 'incidents' | 'severities' | 'logger' | 'clock'
  >;
}): IncidentsSeedContext {
  const silent = {
    incidentDeclared: async () => {},
    incidentResolved: async () => {},
    publish: async () => {},
  };
  return {
    logger: deps.logger,
    severities: deps.severities.map(s => s.id),
    async waitForCatalog(entityRefs, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const known = await Promise.all(
          entityRefs.map(ref => deps.entityExists(ref).catch(() => false)),
        );
        if (known.every(Boolean)) return true;
        if (Date.now() > deadline) return false;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    },
    at(instant) {
      if (instant.getTime() > Date.now()) {
        throw new Error(
          `Seed data cannot be written in the future (${instant.toISOString()})`,
        );
      }
      const postmortems = new PostmortemService({
        store: deps.postmortemStore,
        incidents: deps.store,
        severities: deps.severities,
        clock: () => instant,
      });
      const service = new IncidentService({
        onResolved: async incident => {
          await postmortems.onIncidentResolved(incident);
        },
        store: deps.store,
        severities: deps.severities,
        catalog: deps.catalog,
        oncall: deps.oncall,
        alerting: silent,
        publisher: silent,
        clock: () => instant,
      });
      const ingestion = new AlertIngestionService({
        ...deps.alerting,
        incidentStore: deps.store,
        incidents: service,
        severities: deps.severities,
        logger: deps.logger,
        clock: () => instant,
      });
      return {
        postmortemFor: incidentId =>
          postmortems.getForIncident(incidentId).catch(error => {
            if (error?.name === 'NotFoundError') return undefined;
            throw error;
          }),
        editPostmortem: (id, changes) => postmortems.update(id, changes),
        addPostmortemReviewer: (id, userRef) =>
          postmortems.addReviewer(id, userRef),
        approvePostmortem: (id, reviewerRef) =>
          postmortems.approve(id, reviewerRef),
        transitionPostmortem: (id, to) => postmortems.transition(id, to),
        createActionItem: (item, actorRef) =>
          postmortems.createActionItem(item, actorRef),
        updateActionItem: (id, changes) =>
          postmortems.updateActionItem(id, changes),
        ingestAlerts: (sourceId, alerts, actorRef) =>
          ingestion.ingest(sourceId, alerts, actorRef),
        declare: (incident, actorRef) => service.declare(incident, actorRef),
        transition: (id, to, actorRef, message) =>
          service.transition(id, to, actorRef, { message }),
        assignRole: (id, role, userRef, actorRef) =>
          service.assignRole(id, role, userRef, actorRef),
        addNote: (id, message, actorRef, pinned) =>
          service.addNote(id, message, actorRef, pinned),
        postStatusUpdate: (id, message, actorRef) =>
          service.postStatusUpdate(id, { message }, actorRef),
      };
    },
  };
}
