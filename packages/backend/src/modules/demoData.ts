import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { incidentsSeedingExtensionPoint } from '@firebreak/plugin-incidents-node';
import { seedDemoHistory } from './demoHistory';

/**
 * Demo data for the local app, switched on by `firebreakDemo.enabled`. It registers a
 * seeder that the incidents plugin runs once, on first start against an empty database,
 * so every write goes through the plugin's own services.
 */
export default createBackendModule({
  pluginId: 'incidents',
  moduleId: 'demo-data',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        seeding: incidentsSeedingExtensionPoint,
      },
      async init({ config, seeding }) {
        if (!config.getOptionalBoolean('firebreakDemo.enabled')) {
          return;
        }
        seeding.addSeeder({ name: 'demo-history', seed: seedDemoHistory });
      },
    });
  },
});
