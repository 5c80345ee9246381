import {
  coreServices,
  createBackendPlugin,
  RootConfigService,
  AuthService,
  DiscoveryService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  FactRetriever,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real incidents backend, as the API the retriever reads (a test-only dependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import incidentsPlugin from '@firebreak/plugin-incidents-backend';
import request from 'supertest';
import { techInsightsModuleIncidents } from './module';
import { INCIDENT_FACT_RETRIEVER_ID } from './incidentFactRetriever';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', owner: 'group:default/payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
});

const entities: Entity[] = [
  component('payments-api'),
  component('checkout'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
];

type TechInsightsServices = {
  config: RootConfigService;
  auth: AuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
  urlReader: UrlReaderService;
};

/**
 * Stands in for the Tech Insights backend: owns the extension point, as the real one
 * does, and hands the added retrievers and the services its context is built from to
 * the test.
 */
function techInsightsStandIn(captured: {
  retrievers: Record<string, FactRetriever>;
  services?: TechInsightsServices;
}) {
  return createBackendPlugin({
    pluginId: 'tech-insights',
    register(env) {
      env.registerExtensionPoint(techInsightsFactRetrieversExtensionPoint, {
        addFactRetrievers(retrievers) {
          Object.assign(captured.retrievers, retrievers);
        },
      });
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          auth: coreServices.auth,
          discovery: coreServices.discovery,
          logger: coreServices.logger,
          urlReader: coreServices.urlReader,
        },
        async init(services) {
          captured.services = services;
        },
      });
    },
  });
}

describe.each(databases.eachSupportedId())(
  'incident facts for Tech Insights on %p',
  databaseId => {
    async function startBackend(extra: any[] = []) {
      const captured: Parameters<typeof techInsightsStandIn>[0] = {
        retrievers: {},
      };
      const { server } = await startTestBackend({
        features: [
          incidentsPlugin,
          techInsightsStandIn(captured),
          techInsightsModuleIncidents,
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: 'http://localhost:3000' } },
          }),
          catalogServiceMock.factory({ entities }),
          ...extra,
        ],
      });
      const retriever = captured.retrievers[INCIDENT_FACT_RETRIEVER_ID];
      expect(retriever).toBeDefined();
      const retrieve = () =>
        retriever.handler({
          ...captured.services!,
          entityFilter: retriever.entityFilter,
        });
      return { server, retriever, retrieve };
    }

    it('retrieves the incident facts of each catalog entity from the incidents API', async () => {
      const { server, retriever, retrieve } = await startBackend();
      for (const body of [
        { title: 'Card payments fail', severity: 'P1' },
        { title: 'Slow refunds', severity: 'P3' },
      ]) {
        const res = await request(server)
          .post('/api/incidents/incidents')
          .set('Authorization', mockCredentials.user.header())
          .send({ entityRef: 'component:default/payments-api', ...body });
        expect(res.status).toBe(201);
      }

      const facts = await retrieve();

      // The group is not a kind the retriever covers
      expect(
        facts
          .map(f => `${f.entity.kind}:${f.entity.namespace}/${f.entity.name}`)
          .sort(),
      ).toEqual([
        'Component:default/checkout',
        'Component:default/payments-api',
      ]);
      const byName = Object.fromEntries(
        facts.map(f => [f.entity.name, f.facts]),
      );
      expect(byName['payments-api']).toEqual({
        openHighSeverityIncidents: 1,
        incidentsLast90Days: 2,
        overdueActionItems: 0,
      });
      expect(byName.checkout).toEqual({
        openHighSeverityIncidents: 0,
        incidentsLast90Days: 0,
        overdueActionItems: 0,
      });
      // Every fact it returns is in its schema
      for (const fact of facts) {
        for (const key of Object.keys(fact.facts)) {
          expect(retriever.schema).toHaveProperty(key);
        }
      }
    });

    it('fails the run when the incidents API refuses it, rather than storing nothing', async () => {
      const { retrieve } = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      await expect(retrieve()).rejects.toThrow(
        /Reading incident facts of component:default\/\S+ failed: 403/,
      );
    });
  },
);
