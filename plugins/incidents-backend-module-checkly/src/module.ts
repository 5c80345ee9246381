import { createBackendModule } from '@backstage/backend-plugin-api';
import { incidentsAlertSourcesExtensionPoint } from '@firebreak/plugin-incidents-node';
import { checklyAlertSource } from './checklyAlertSource';

/**
 * Adds the `checkly` alert source to the incidents backend: point a Checkly webhook
 * alert channel (with Firebreak's payload template) at `/api/incidents/alerts/checkly`.
 *
 * @public
 */
export const incidentsModuleCheckly = createBackendModule({
  pluginId: 'incidents',
  moduleId: 'checkly',
  register(reg) {
    reg.registerInit({
      deps: { sources: incidentsAlertSourcesExtensionPoint },
      async init({ sources }) {
        sources.addAlertSource(checklyAlertSource);
      },
    });
  },
});
