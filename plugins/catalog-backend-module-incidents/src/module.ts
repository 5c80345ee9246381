import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { FirebreakAnnotationsProcessor } from './FirebreakAnnotationsProcessor';

/**
 * Adds {@link FirebreakAnnotationsProcessor} to the catalog, so owners see malformed
 * `firebreak.dev/*` annotations as catalog processing errors.
 *
 * @public
 */
export const catalogModuleIncidents = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'firebreak-incidents',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new FirebreakAnnotationsProcessor());
      },
    });
  },
});
