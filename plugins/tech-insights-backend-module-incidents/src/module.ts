import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createIncidentFactRetriever,
  INCIDENT_FACT_RETRIEVER_ID,
} from './incidentFactRetriever';

/**
 * Adds Firebreak's incident facts to the Tech Insights backend. Schedule it with
 * `techInsights.factRetrievers.firebreakIncidentsFactRetriever.cadence`.
 *
 * @public
 */
export const techInsightsModuleIncidents = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'incidents',
  register(env) {
    env.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ retrievers, ...services }) {
        retrievers.addFactRetrievers({
          [INCIDENT_FACT_RETRIEVER_ID]: createIncidentFactRetriever(services),
        });
      },
    });
  },
});
