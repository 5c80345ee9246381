import { HttpAuthService } from '@backstage/backend-plugin-api';
import { incidentReadPermission } from '@firebreak/plugin-incidents-common';
import { IncidentsApiRouter } from '../http/apiRouter';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { normaliseEntityRef } from '../validation/inputs';
import { HeartbeatService } from './HeartbeatService';

/** What the heartbeat read route needs. */
export interface HeartbeatRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: IncidentAuthorizer;
  heartbeats: HeartbeatService;
}

/** Adds `GET /heartbeats?entityRef=` (pings have a router of their own, for senders). */
export function addHeartbeatRoutes(
  router: IncidentsApiRouter,
  deps: HeartbeatRouteDeps,
) {
  const { httpAuth, authorizer, heartbeats } = deps;
  router.get('/heartbeats', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Like the on-call: readable by whoever may read incidents at all.
    await authorizer.listScope(incidentReadPermission, credentials);
    const entityRef = normaliseEntityRef(
      String(req.query.entityRef),
      'entityRef',
    );
    res.json({ items: await heartbeats.listForEntity(entityRef) });
  });
}
