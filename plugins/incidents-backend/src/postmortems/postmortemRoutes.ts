import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  INCIDENT_RESOURCE_TYPE,
  incidentReadPermission,
  incidentUpdatePermission,
} from '@firebreak/plugin-incidents-common';
import express from 'express';
import { createAudited } from '../http/audited';
import {
  IncidentAuthorizer,
  withinScope,
} from '../permissions/IncidentAuthorizer';
import { IncidentsApiRouter } from '../http/apiRouter';
import { actorOf } from '../http/actor';
import {
  list,
  parseId,
  parseIncidentId,
  parseLimit,
} from '../http/requestParams';
import { PostmortemService } from './PostmortemService';

/** What the postmortem routes need. */
export type PostmortemRouteDeps = {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  postmortems: PostmortemService;
};

type IncidentPermission = ResourcePermission<typeof INCIDENT_RESOURCE_TYPE>;

/**
 * Adds the postmortem and action item routes to the incidents router. Access follows
 * the incident: reading needs `incidents.incident.read` on it, changing needs
 * `incidents.incident.update`; every change is an audit event.
 */
export function addPostmortemRoutes(
  router: IncidentsApiRouter,
  deps: PostmortemRouteDeps,
) {
  const { httpAuth, auditor, authorizer, postmortems } = deps;

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const audited = createAudited(auditor);

  const requireOnIncident = (
    permission: IncidentPermission,
    credentials: BackstageCredentials,
    incidentId: number,
  ) =>
    authorizer.requireOn(permission, credentials, () =>
      postmortems.getIncident(incidentId),
    );

  /** Checks access to the postmortem's incident and returns the postmortem id. */
  const postmortemAccess = async (
    req: express.Request,
    permission: IncidentPermission,
  ) => {
    const credentials = await credentialsOf(req);
    const id = parseId(req.params.postmortemId, 'postmortemId');
    await authorizer.requireOn(permission, credentials, async () =>
      postmortems.getIncident((await postmortems.get(id)).incidentId),
    );
    return { id, credentials };
  };

  router.get('/incidents/:id/postmortem', async (req, res) => {
    const credentials = await credentialsOf(req);
    const incidentId = parseIncidentId(req.params.id);
    await requireOnIncident(incidentReadPermission, credentials, incidentId);
    res.json(await postmortems.getForIncident(incidentId));
  });

  router.post('/incidents/:id/postmortem', async (req, res) => {
    const credentials = await credentialsOf(req);
    const incidentId = parseIncidentId(req.params.id);
    await requireOnIncident(incidentUpdatePermission, credentials, incidentId);
    const postmortem = await audited(
      req,
      'postmortem-create',
      { incidentId },
      () => postmortems.create(incidentId, actorOf(credentials)),
    );
    res.status(201).json(postmortem);
  });

  router.get('/postmortems', async (req, res) => {
    const credentials = await credentialsOf(req);
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const { query } = req;
    const page = await postmortems.list(
      {
        statuses: list(query.status),
        ownerRefs: withinScope(scope, list(query.ownerRef)),
        overdue: query.overdue === 'true',
        incidentIds: list(query.incidentId)?.map(parseIncidentId),
      },
      {
        limit: parseLimit(query.limit),
        cursor: query.cursor ? String(query.cursor) : undefined,
      },
    );
    res.json(page);
  });

  router.patch('/postmortems/:postmortemId', async (req, res) => {
    const { id } = await postmortemAccess(req, incidentUpdatePermission);
    const { version, ...fields } = req.body;
    const postmortem = await audited(
      req,
      'postmortem-update',
      { postmortemId: id, fields: Object.keys(fields) },
      () => postmortems.update(id, fields, version),
    );
    res.json(postmortem);
  });

  router.post('/postmortems/:postmortemId/transitions', async (req, res) => {
    const { id } = await postmortemAccess(req, incidentUpdatePermission);
    const { to, version } = req.body;
    const postmortem = await audited(
      req,
      'postmortem-transition',
      { postmortemId: id, to },
      () => postmortems.transition(id, to, version),
    );
    res.json(postmortem);
  });

  router.put('/postmortems/:postmortemId/reviewers', async (req, res) => {
    const { id } = await postmortemAccess(req, incidentUpdatePermission);
    const { userRef } = req.body;
    const postmortem = await audited(
      req,
      'postmortem-reviewer-add',
      { postmortemId: id, userRef },
      () => postmortems.addReviewer(id, userRef),
    );
    res.json(postmortem);
  });

  router.delete('/postmortems/:postmortemId/reviewers', async (req, res) => {
    const { id } = await postmortemAccess(req, incidentUpdatePermission);
    const userRef = String(req.query.userRef);
    const postmortem = await audited(
      req,
      'postmortem-reviewer-remove',
      { postmortemId: id, userRef },
      () => postmortems.removeReviewer(id, userRef),
    );
    res.json(postmortem);
  });

  router.post('/postmortems/:postmortemId/approvals', async (req, res) => {
    // Reviewers approve as themselves; read access to the incident is enough.
    const { id, credentials } = await postmortemAccess(
      req,
      incidentReadPermission,
    );
    const postmortem = await audited(
      req,
      'postmortem-approve',
      { postmortemId: id },
      () => postmortems.approve(id, actorOf(credentials)),
    );
    res.json(postmortem);
  });

  router.get('/postmortems/:postmortemId/markdown', async (req, res) => {
    const { id } = await postmortemAccess(req, incidentReadPermission);
    const markdown = await postmortems.markdown(id);
    res
      .status(200)
      .type('text/markdown; charset=utf-8')
      .send(markdown as any);
  });

  router.get('/postmortems/:postmortemId/recurrence', async (req, res) => {
    const { id, credentials } = await postmortemAccess(
      req,
      incidentReadPermission,
    );
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    res.json({ items: await postmortems.recurrence(id, scope) });
  });

  router.get('/action-items', async (req, res) => {
    const credentials = await credentialsOf(req);
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const { query } = req;
    const page = await postmortems.listActionItems(
      {
        ownerRefs: list(query.ownerRef),
        entityRefs: list(query.entityRef),
        statuses: list(query.status),
        priorities: list(query.priority),
        incidentId: query.incidentId
          ? parseIncidentId(String(query.incidentId))
          : undefined,
        postmortemId: query.postmortemId
          ? parseId(String(query.postmortemId), 'postmortemId')
          : undefined,
        overdue: parseOverdue(query.overdue),
        incidentOwnerRefs: scope.ownerRefs,
        kinds: list(query.kind),
        followUpEntityRefs: list(query.followUpEntityRef),
      },
      {
        limit: parseLimit(query.limit),
        cursor: query.cursor ? String(query.cursor) : undefined,
      },
    );
    res.json(page);
  });

  router.post('/action-items', async (req, res) => {
    const credentials = await credentialsOf(req);
    const incidentId = parseIncidentId(req.body.incidentId);
    await requireOnIncident(incidentUpdatePermission, credentials, incidentId);
    const item = await audited(
      req,
      'action-item-create',
      { incidentId, ownerRef: req.body.ownerRef },
      () =>
        postmortems.createActionItem(
          { ...req.body, incidentId },
          actorOf(credentials),
        ),
    );
    res.status(201).json(item);
  });

  router.patch('/action-items/:itemId', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = parseId(req.params.itemId, 'itemId');
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
      'action-item-update',
      { actionItemId: id, fields: Object.keys(req.body) },
      () => postmortems.updateActionItem(id, req.body),
    );
    res.json(item);
  });
}

/** `true`: only overdue items; `false`: only items that are not overdue; absent: both. */
function parseOverdue(value: unknown): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}
