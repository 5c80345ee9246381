import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { EntityFacts } from '@firebreak/plugin-incidents-common';

/** The retriever's id: `techInsights.factRetrievers.<id>` schedules it. */
export const INCIDENT_FACT_RETRIEVER_ID = 'firebreakIncidentsFactRetriever';

/** Entities asked for at once: a bound on the load one run puts on the incidents API. */
const CONCURRENCY = 5;

/**
 * Reads every matching entity's figures from `GET /api/incidents/entity-facts` with the
 * module's own service credentials, so the facts cover all incidents; Tech Insights
 * applies its own permissions to who may read them.
 */
export function createIncidentFactRetriever(options: {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
}): FactRetriever {
  const { catalog, auth, discovery, logger } = options;
  return {
    id: INCIDENT_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Incidents',
    description:
      'Open P1/P2 incidents, MTTR and runbook coverage over 90 days, and overdue action items, from Firebreak',
    entityFilter: [{ kind: ['component', 'system', 'resource', 'api'] }],
    schema: {
      openHighSeverityIncidents: {
        type: 'integer',
        description:
          "Open incidents at the severity policy's two most severe levels (P1 and P2 by default)",
      },
      incidentsLast90Days: {
        type: 'integer',
        description: 'Incidents detected in the last 90 days',
      },
      mttrSecondsLast90Days: {
        type: 'float',
        description:
          'Mean time to resolve (detection to resolution) of the last 90 days, in seconds; absent when none resolved',
      },
      runbookCoverageLast90Days: {
        type: 'float',
        description:
          'Share (0–1) of the alerts that fired in the last 90 days that had a runbook; absent when none fired',
      },
      overdueActionItems: {
        type: 'integer',
        description: 'Open or in-progress action items past their due date',
      },
    },
    async handler(ctx) {
      const credentials = await auth.getOwnServiceCredentials();
      const { items } = await catalog.getEntities(
        {
          filter: ctx.entityFilter,
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      );
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'incidents',
      });
      const baseUrl = await discovery.getBaseUrl('incidents');

      const facts: TechInsightFact[] = [];
      for (let i = 0; i < items.length; i += CONCURRENCY) {
        const batch = items.slice(i, i + CONCURRENCY);
        const answers = await Promise.all(
          batch.map(entity =>
            fetchFacts(baseUrl, token, stringifyEntityRef(entity), logger),
          ),
        );
        answers.forEach((answer, index) => {
          if (!answer) return;
          // Named as the catalog names it, as Tech Insights' own retrievers do.
          const { kind, metadata } = batch[index];
          facts.push({
            entity: {
              kind,
              namespace: metadata.namespace ?? 'default',
              name: metadata.name,
            },
            facts: toFacts(answer),
          });
        });
      }
      return facts;
    },
  };
}

/**
 * One entity's facts; `undefined` when the API refuses that entity (logged), so one odd
 * entity does not cost the others theirs. Any other failure ends the run, to be retried.
 */
async function fetchFacts(
  baseUrl: string,
  token: string,
  entityRef: string,
  logger: LoggerService,
): Promise<EntityFacts | undefined> {
  const url = `${baseUrl}/entity-facts?entityRef=${encodeURIComponent(
    entityRef,
  )}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status === 400) {
    logger.warn(
      `Skipped incident facts of ${entityRef}: ${await response.text()}`,
    );
    return undefined;
  }
  if (!response.ok) {
    throw new Error(
      `Reading incident facts of ${entityRef} failed: ${
        response.status
      } ${await response.text()}`,
    );
  }
  return (await response.json()) as EntityFacts;
}

function toFacts(answer: EntityFacts): TechInsightFact['facts'] {
  return {
    openHighSeverityIncidents: answer.openHighSeverityIncidents,
    incidentsLast90Days: answer.incidents,
    ...(answer.mttrMeanSeconds !== undefined && {
      mttrSecondsLast90Days: answer.mttrMeanSeconds,
    }),
    ...(answer.runbookCoverage.ratio !== undefined && {
      runbookCoverageLast90Days: answer.runbookCoverage.ratio,
    }),
    overdueActionItems: answer.overdueActionItems,
  };
}
