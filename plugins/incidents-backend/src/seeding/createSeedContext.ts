import { LoggerService } from '@backstage/backend-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { IncidentsSeedContext } from '@firebreak/plugin-incidents-node';
import { Knex } from 'knex';
import { AlertIngestionService } from '../alerts/AlertIngestionService';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabasePostmortemStore } from '../postmortems/DatabasePostmortemStore';
import { PostmortemService } from '../postmortems/PostmortemService';
import { IncidentService } from '../incidents/IncidentService';
import { IncidentCatalog, IncidentOncall } from '../incidents/types';

/**
 * Builds what seeders get: the real IncidentService rules over the real stores, with the
 * clock (the services' and the stores' row stamps alike) set to the instant being
 * written, and nobody notified or signalled.
 */
export function createSeedContext(deps: {
  /** The migrated plugin database. */
  knex: Knex;
  /** The plugin's clock: seed data is never written after its now. */
  clock: () => Date;
  severities: SeverityLevel[];
  catalog: IncidentCatalog;
  oncall: IncidentOncall;
  logger: LoggerService;
  /** Whether the catalog has this entity right now (uncached). */
  entityExists(entityRef: string): Promise<boolean>;
  /** What alert ingestion needs besides the incident rules. */
  alerting: Omit<
    ConstructorParameters<typeof AlertIngestionService>[0],
    'incidents' | 'severities' | 'logger' | 'clock'
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
      if (instant.getTime() > deps.clock().getTime()) {
        throw new Error(
          `Seed data cannot be written in the future (${instant.toISOString()})`,
        );
      }
      const clock = () => instant;
      const store = DatabaseIncidentStore.fromKnex(deps.knex, { clock });
      const postmortems = new PostmortemService({
        store: DatabasePostmortemStore.fromKnex(deps.knex, { clock }),
        incidents: store,
        severities: deps.severities,
        clock,
      });
      const service = new IncidentService({
        onResolved: async incident => {
          await postmortems.onIncidentResolved(incident);
        },
        store,
        severities: deps.severities,
        catalog: deps.catalog,
        oncall: deps.oncall,
        alerting: silent,
        publisher: silent,
        clock,
      });
      const ingestion = new AlertIngestionService({
        ...deps.alerting,
        incidents: service,
        severities: deps.severities,
        logger: deps.logger,
        clock,
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
          service.timeline.addNote(id, message, actorRef, pinned),
        postStatusUpdate: (id, message, actorRef) =>
          service.timeline.postStatusUpdate(id, { message }, actorRef),
      };
    },
  };
}
