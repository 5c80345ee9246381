import { IncidentActionsDeps } from './ActionDeps';
import { registerIncidentActions } from './incidentActions';
import { registerOncallActions } from './oncallActions';
import { registerPostmortemActions } from './postmortemActions';

export type { IncidentActionsDeps } from './ActionDeps';

/**
 * Registers Firebreak's actions with the actions registry, for MCP clients and
 * `backstage-cli actions`. Each runs with the caller's credentials through the same
 * services and permission checks as the HTTP API, as an audit event.
 */
export function registerActions(deps: IncidentActionsDeps) {
  registerIncidentActions(deps);
  registerOncallActions(deps);
  registerPostmortemActions(deps);
}
