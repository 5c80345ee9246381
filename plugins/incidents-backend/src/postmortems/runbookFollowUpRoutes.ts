import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  incidentReadPermission,
  incidentUpdatePermission,
} from '@firebreak/plugin-incidents-common';
import express from 'express';
import { createAudited } from '../http/audited';
import { actorOf } from '../http/actor';
import { IncidentsApiRouter } from '../http/apiRouter';
import { parseIncidentId } from '../http/requestParams';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { PostmortemService } from './PostmortemService';
import { RunbookFollowUpService } from './RunbookFollowUpService';

/** What the runbook follow-up routes need. */
export type RunbookFollowUpRouteDeps = {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  postmortems: PostmortemService;
  runbookFollowUps: RunbookFollowUpService;
};

/**
 * Adds `GET /incidents/{id}/runbook-review` (read access to the incident) and
 * `POST /incidents/{id}/runbook-follow-ups` (update access, audited).
 */
export function addRunbookFollowUpRoutes(
  router: IncidentsApiRouter,
  deps: RunbookFollowUpRouteDeps,
) {
  const { httpAuth, authorizer, postmortems, runbookFollowUps } = deps;
  const audited = createAudited(deps.auditor);
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/incidents/:id/runbook-review', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = parseIncidentId(req.params.id);
    await authorizer.requireOn(incidentReadPermission, credentials, () =>
      postmortems.getIncident(id),
    );
    res.json({ items: await runbookFollowUps.review(id) });
  });

  router.post('/incidents/:id/runbook-follow-ups', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = parseIncidentId(req.params.id);
    await authorizer.requireOn(incidentUpdatePermission, credentials, () =>
      postmortems.getIncident(id),
    );
    const { entityRef, alertName, kind } = req.body;
    const item = await audited(
      req,
      'runbook-follow-up-create',
      { incidentId: id, entityRef, alertName, kind },
      () =>
        runbookFollowUps.create(
          id,
          { entityRef, alertName, kind },
          actorOf(credentials),
        ),
    );
    res.status(201).json(item);
  });
}
