import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  alertIngestPermission,
  isHeartbeatName,
} from '@firebreak/plugin-incidents-common';
import express from 'express';
import Router from 'express-promise-router';
import { actorOf } from '../http/actor';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { normaliseEntityRef } from '../validation/inputs';
import { HeartbeatService } from './HeartbeatService';

/**
 * `POST /heartbeats/<namespace>/<kind>/<name>/<heartbeat>`, the entity in the order of
 * the catalog's own URLs. Pingers authenticate like alert senders: a static token
 * restricted to `incidents.alert.ingest`.
 */
export function createHeartbeatRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: Pick<IncidentAuthorizer, 'require'>;
  heartbeats: HeartbeatService;
}): express.Router {
  const { httpAuth, auditor, authorizer, heartbeats } = options;
  const router = Router();
  router.post(
    '/heartbeats/:namespace/:kind/:name/:heartbeat',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      await authorizer.require(alertIngestPermission, credentials);
      const { namespace, kind, name, heartbeat } = req.params;
      // Checked before the catalog is asked: a ref it cannot store is our 400, not its 500.
      const entityRef = normaliseEntityRef(
        stringifyEntityRef({ kind, namespace, name }),
        'entity',
      );
      if (!isHeartbeatName(heartbeat)) {
        throw new InputError(
          `heartbeat '${heartbeat.slice(
            0,
            100,
          )}' may hold only letters, digits, '.', '_' and '-' (at most 63)`,
        );
      }
      const event = await auditor.createEvent({
        eventId: 'heartbeat-ping',
        request: req,
        severityLevel: 'low',
        meta: { entityRef, heartbeat },
      });
      try {
        const ping = await heartbeats.ping(
          entityRef,
          heartbeat,
          actorOf(credentials),
        );
        await event.success();
        res.status(202).json(ping);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );
  return router;
}
