import { createBackend } from '@backstage/backend-defaults';
import { httpAuthServiceFactory } from './services/httpAuthServiceFactory';

const backend = createBackend();

// An expired legacy token is a 401, not Backstage's 500 (see the factory).
backend.add(httpAuthServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for local use
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog, with Firebreak's annotation validation
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@firebreak/plugin-catalog-backend-module-incidents'));

// permission framework: allow-all unless `firebreak.permissionPolicy: team-scoped`
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@firebreak/plugin-search-backend-module-incidents'));

// platform services Firebreak builds on
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

// Firebreak
backend.add(import('@firebreak/plugin-incidents-backend'));
backend.add(import('@firebreak/plugin-incidents-backend-module-grafana'));
backend.add(import('@firebreak/plugin-incidents-backend-module-datadog'));
backend.add(import('@firebreak/plugin-incidents-backend-module-checkly'));
backend.add(import('./modules/demoData'));

// MCP clients use the actions plugins register (`backend.actions.pluginSources`)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A plugin that fails to start leaves the process answering 503 for it forever; exit
// instead, so a supervisor restarts the instance (and a rollout notices).
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error('Backend startup failed', error);
  process.exit(1);
});
