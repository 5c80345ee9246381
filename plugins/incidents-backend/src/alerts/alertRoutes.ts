import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  Incident,
  incidentReadPermission,
} from '@firebreak/plugin-incidents-common';
import express from 'express';
import { IncidentsApiRouter } from '../http/apiRouter';
import { list, parseIncidentId, parseLimit } from '../http/requestParams';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { normaliseEntityRef } from '../validation/inputs';
import { AlertQueryService } from './AlertQueryService';

/** What the alert read routes need. */
export interface AlertRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: IncidentAuthorizer;
  alertQueries: AlertQueryService;
  /** Loads an incident for access checks (404 when it does not exist). */
  getIncident(id: number): Promise<Incident>;
}

/**
 * Adds the alert read routes (alert lists, the runbook table, an incident's alerts) to
 * the incidents router. Alert senders use the ingest router instead.
 */
export function addAlertRoutes(
  router: IncidentsApiRouter,
  deps: AlertRouteDeps,
) {
  const { httpAuth, authorizer, alertQueries, getIncident } = deps;
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/alerts', async (req, res) => {
    const credentials = await credentialsOf(req);
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const query = req.query;
    const page = await alertQueries.listAlerts(
      {
        entityRefs: list(query.entityRef)?.map(ref =>
          normaliseEntityRef(ref, 'entityRef'),
        ),
        incidentId: query.incidentId
          ? parseIncidentId(String(query.incidentId))
          : undefined,
        unrouted: query.unrouted === 'true',
        open: query.open === 'true',
      },
      {
        limit: parseLimit(query.limit),
        cursor: query.cursor ? String(query.cursor) : undefined,
      },
      scope,
    );
    res.json(page);
  });

  router.get('/runbooks', async (req, res) => {
    const credentials = await credentialsOf(req);
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const entityRef = normaliseEntityRef(
      String(req.query.entityRef),
      'entityRef',
    );
    res.json(await alertQueries.getRunbookTable(entityRef, scope));
  });

  router.get('/incidents/:id/alerts', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = parseIncidentId(req.params.id);
    await authorizer.requireOn(incidentReadPermission, credentials, () =>
      getIncident(id),
    );
    res.json({ items: await alertQueries.getIncidentAlerts(id) });
  });
}
