import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  incidentReadPermission,
  incidentUpdatePermission,
} from '@firebreak/plugin-incidents-common';
import { createAudited } from '../http/audited';
import { IncidentsApiRouter } from '../http/apiRouter';
import { parseId } from '../http/requestParams';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { PostmortemService } from '../postmortems/PostmortemService';
import { JiraService } from './JiraService';

/** What the Jira routes need. */
export type JiraRouteDeps = {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  postmortems: PostmortemService;
  jira: JiraService;
};

/**
 * Adds `GET /jira` (whether Jira is configured, for the frontend) and
 * `POST /action-items/{itemId}/jira`, which needs `incidents.incident.update` on the
 * item's incident, like every other action item change.
 */
export function addJiraRoutes(router: IncidentsApiRouter, deps: JiraRouteDeps) {
  const { httpAuth, authorizer, postmortems, jira } = deps;
  const audited = createAudited(deps.auditor);

  // Read like the rest of the plugin's data: callers who may read incidents.
  router.get('/jira', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.listScope(incidentReadPermission, credentials);
    res.json(jira.info());
  });

  router.post('/action-items/:itemId/jira', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = parseId(req.params.itemId, 'itemId');
    // Access first: whether Jira is configured is not for callers who may not change it.
    await authorizer.requireOn(
      incidentUpdatePermission,
      credentials,
      async () =>
        postmortems.getIncident(
          (
            await postmortems.getActionItem(id)
          ).incidentId,
        ),
    );
    const item = await audited(
      req,
      'action-item-jira-create',
      { actionItemId: id },
      () => jira.createIssue(id),
    );
    res.status(201).json(item);
  });
}
