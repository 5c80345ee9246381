import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  incidentReadPermission,
  MAINTENANCE_WINDOW_STATES,
  maintenanceManagePermission,
  MaintenanceWindowState,
} from '@firebreak/plugin-incidents-common';
import express from 'express';
import { actorOf } from '../http/actor';
import { IncidentsApiRouter } from '../http/apiRouter';
import { createAudited } from '../http/audited';
import { parseId, parseLimit } from '../http/requestParams';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { normaliseEntityRef } from '../validation/inputs';
import {
  MaintenanceService,
  MaintenanceWindowRequest,
} from './MaintenanceService';

/** What the maintenance window routes need. */
export interface MaintenanceRouteDeps {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  maintenance: MaintenanceService;
}

function stateParam(value: unknown): MaintenanceWindowState | undefined {
  if (value === undefined || value === '') return undefined;
  if (!MAINTENANCE_WINDOW_STATES.includes(value as MaintenanceWindowState)) {
    throw new InputError(
      `state must be one of ${MAINTENANCE_WINDOW_STATES.join(', ')}`,
    );
  }
  return value as MaintenanceWindowState;
}

/** Adds `GET`/`POST /maintenance-windows` and `DELETE /maintenance-windows/{windowId}`. */
export function addMaintenanceRoutes(
  router: IncidentsApiRouter,
  deps: MaintenanceRouteDeps,
) {
  const { httpAuth, auditor, authorizer, maintenance } = deps;
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const audited = createAudited(auditor);

  router.get('/maintenance-windows', async (req, res) => {
    const credentials = await credentialsOf(req);
    // Like the other entity reads; a team-scoped reader sees their teams' entities.
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const { entityRef } = req.query;
    const items = await maintenance.list({
      entityRef: entityRef
        ? normaliseEntityRef(String(entityRef), 'entityRef')
        : undefined,
      state: stateParam(req.query.state),
      ownerRefs: scope.ownerRefs,
      limit: parseLimit(req.query.limit),
    });
    res.json({ items });
  });

  router.post('/maintenance-windows', async (req, res) => {
    const credentials = await credentialsOf(req);
    const body = req.body as MaintenanceWindowRequest;
    // Authorized on the entity, so only its owners silence it; the entity (and its
    // owner) is looked up only when the decision depends on it.
    await authorizer.requireOnEntity(
      maintenanceManagePermission,
      credentials,
      () => maintenance.entityResource(body.entityRef, { mustExist: true }),
    );
    const window = await audited(
      req,
      'maintenance-window-create',
      { entityRef: String(body.entityRef) },
      () => maintenance.create(body, actorOf(credentials)),
    );
    res.status(201).json(window);
  });

  router.delete('/maintenance-windows/:windowId', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = parseId(req.params.windowId, 'windowId');
    await authorizer.requireOnEntity(
      maintenanceManagePermission,
      credentials,
      () => maintenance.windowResource(id),
    );
    const window = await audited(
      req,
      'maintenance-window-end',
      { windowId: id },
      () => maintenance.end(id, actorOf(credentials)),
    );
    res.json(window);
  });
}
