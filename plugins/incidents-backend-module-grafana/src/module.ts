import { createBackendModule } from '@backstage/backend-plugin-api';
import { incidentsAlertSourcesExtensionPoint } from '@firebreak/plugin-incidents-node';
import { grafanaAlertSource } from './grafanaAlertSource';

/**
 * Adds the `grafana` alert source to the incidents backend, without touching the plugin:
 * point a Grafana webhook contact point at `/api/incidents/alerts/grafana`.
 *
 * @public
 */
export const incidentsModuleGrafana = createBackendModule({
  pluginId: 'incidents',
  moduleId: 'grafana',
  register(reg) {
    reg.registerInit({
      deps: { sources: incidentsAlertSourcesExtensionPoint },
      async init({ sources }) {
        sources.addAlertSource(grafanaAlertSource);
      },
    });
  },
});
