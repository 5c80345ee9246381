import { LoggerService } from '@backstage/backend-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { IncidentsSeedContext } from '@firebreak/plugin-incidents-node';
import { IncidentStore } from '../database/IncidentStore';
import { IncidentService } from '../service/IncidentService';
import { IncidentCatalog, IncidentOncall } from '../service/types';

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
      const service = new IncidentService({
        store: deps.store,
        severities: deps.severities,
        catalog: deps.catalog,
        oncall: deps.oncall,
        alerting: silent,
        publisher: silent,
        clock: () => instant,
      });
      return {
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
