import { createBackendModule } from '@backstage/backend-plugin-api';
import { incidentsAlertSourcesExtensionPoint } from '@firebreak/plugin-incidents-node';
import { datadogAlertSource } from './datadogAlertSource';

/**
 * Adds the `datadog` alert source to the incidents backend: point a Datadog webhook
 * (Webhooks integration, with Firebreak's payload template) at
 * `/api/incidents/alerts/datadog`.
 *
 * @public
 */
export const incidentsModuleDatadog = createBackendModule({
  pluginId: 'incidents',
  moduleId: 'datadog',
  register(reg) {
    reg.registerInit({
      deps: { sources: incidentsAlertSourcesExtensionPoint },
      async init({ sources }) {
        sources.addAlertSource(datadogAlertSource);
      },
    });
  },
});
