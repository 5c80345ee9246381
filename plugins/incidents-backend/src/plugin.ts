import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { parseSeverityPolicy } from '@firebreak/plugin-incidents-common';
import {
  IncidentsSeeder,
  incidentsSeedingExtensionPoint,
} from '@firebreak/plugin-incidents-node';
import { createRouter } from './service/router';

/**
 * Firebreak's incidents backend: plugin id `incidents`, REST API at `/api/incidents`.
 *
 * @public
 */
export const incidentsPlugin = createBackendPlugin({
  pluginId: 'incidents',
  register(env) {
    const seeders: IncidentsSeeder[] = [];
    env.registerExtensionPoint(incidentsSeedingExtensionPoint, {
      addSeeder(seeder) {
        seeders.push(seeder);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, httpRouter, httpAuth, lifecycle }) {
        const severities = parseSeverityPolicy(
          config.getOptional('incidents.severities'),
        );

        httpRouter.use(await createRouter({ httpAuth, severities }));

        lifecycle.addStartupHook(async () => {
          for (const seeder of seeders) {
            logger.info(`Running incidents seeder '${seeder.name}'`);
            await seeder.seed({ logger });
          }
        });
      },
    });
  },
});
