import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  incidentCreatePermission,
  incidentReadPermission,
  incidentUpdatePermission,
  IncidentStatus,
} from '@firebreak/plugin-incidents-common';
import { InputError } from '@backstage/errors';
import express from 'express';
import { actorOf } from '../http/actor';
import {
  list,
  parseId,
  parseIncidentId,
  parseLimit,
} from '../http/requestParams';
import { optionalInstantParam } from '../validation/inputs';
import { createAudited } from '../http/audited';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { IncidentsApiRouter } from '../http/apiRouter';
import {
  INCIDENT_SORTS,
  IncidentService,
  IncidentSort,
} from './IncidentService';

function parseSort(value: unknown): IncidentSort | undefined {
  if (value === undefined || value === '') return undefined;
  if (!INCIDENT_SORTS.includes(value as IncidentSort)) {
    throw new InputError(
      `Invalid sort: expected one of ${INCIDENT_SORTS.join(', ')}`,
    );
  }
  return value as IncidentSort;
}

/** What the incident routes need. */
export interface IncidentRouteDeps {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  incidents: IncidentService;
}

/**
 * Adds the incident routes (declare, read, change, roles, timeline, status updates,
 * merge, entity summary, severities and roles) to the incidents router.
 */
export function addIncidentRoutes(
  router: IncidentsApiRouter,
  deps: IncidentRouteDeps,
) {
  const { httpAuth, auditor, authorizer, incidents } = deps;

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const audited = createAudited(auditor);

  const readIncident = async (
    req: express.Request,
    credentials: BackstageCredentials,
  ) => {
    const id = parseIncidentId(req.params.id);
    await authorizer.requireOn(incidentReadPermission, credentials, () =>
      incidents.get(id),
    );
    return id;
  };
  const writableIncident = async (
    req: express.Request,
    credentials: BackstageCredentials,
  ) => {
    const id = parseIncidentId(req.params.id);
    await authorizer.requireOn(incidentUpdatePermission, credentials, () =>
      incidents.get(id),
    );
    return id;
  };

  router.get('/severities', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: incidents.getSeverities() });
  });

  router.get('/roles', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: incidents.getRoles() });
  });

  router.get('/incidents', async (req, res) => {
    const credentials = await credentialsOf(req);
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const query = req.query;
    const requestedOwners = list(query.ownerRef);
    const ownerRefs = scope.ownerRefs
      ? requestedOwners?.filter(ref => scope.ownerRefs!.includes(ref)) ??
        scope.ownerRefs
      : requestedOwners;
    const page = await incidents.list(
      {
        entityRefs: list(query.entityRef),
        ownerRefs,
        participantRefs: list(query.participantRef),
        roleHolderRefs: list(query.roleHolderRef),
        statuses: list(query.status) as IncidentStatus[] | undefined,
        severities: list(query.severity),
        text:
          typeof query.q === 'string' && query.q.trim()
            ? query.q.trim()
            : undefined,
        from: optionalInstantParam(query.from, 'from'),
        to: optionalInstantParam(query.to, 'to'),
      },
      {
        limit: parseLimit(query.limit),
        cursor: query.cursor ? String(query.cursor) : undefined,
        sort: parseSort(query.sort),
      },
    );
    res.json(page);
  });

  router.post('/incidents', async (req, res) => {
    const credentials = await credentialsOf(req);
    await authorizer.require(incidentCreatePermission, credentials);
    const incident = await audited(
      req,
      'incident-declare',
      { entityRef: req.body.entityRef },
      () =>
        incidents.declare(
          { ...req.body, source: 'manual' },
          actorOf(credentials),
        ),
    );
    res.status(201).json(incident);
  });

  router.get('/incidents/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await readIncident(req, credentials);
    res.json(await incidents.get(id));
  });

  router.get('/incidents/:id/escalation', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await readIncident(req, credentials);
    res.json(await incidents.getEscalation(id));
  });

  router.patch('/incidents/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const { version, ...fields } = req.body;
    const incident = await audited(
      req,
      'incident-update',
      { incidentId: id, fields: Object.keys(fields) },
      () =>
        incidents.update(id, fields, actorOf(credentials), {
          expectedVersion: version,
        }),
    );
    res.json(incident);
  });

  router.post('/incidents/:id/transitions', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const { to, message, version } = req.body;
    const incident = await audited(
      req,
      'incident-transition',
      { incidentId: id, to },
      () =>
        incidents.transition(id, to, actorOf(credentials), {
          message,
          expectedVersion: version,
        }),
    );
    res.json(incident);
  });

  router.post('/incidents/:id/roles', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const { role, userRef } = req.body;
    const incident = await audited(
      req,
      'incident-role-assign',
      { incidentId: id, role, userRef },
      () => incidents.assignRole(id, role, userRef, actorOf(credentials)),
    );
    res.json(incident);
  });

  router.delete('/incidents/:id/roles/:role', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const { role } = req.params;
    const userRef = String(req.query.userRef);
    const incident = await audited(
      req,
      'incident-role-unassign',
      { incidentId: id, role, userRef },
      () => incidents.unassignRole(id, role, userRef, actorOf(credentials)),
    );
    res.json(incident);
  });

  router.get('/incidents/:id/timeline', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await readIncident(req, credentials);
    res.json({ items: await incidents.timeline.getTimeline(id) });
  });

  router.post('/incidents/:id/timeline', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const note = await audited(req, 'incident-note', { incidentId: id }, () =>
      incidents.timeline.addNote(
        id,
        req.body.message,
        actorOf(credentials),
        req.body.pinned ?? false,
      ),
    );
    res.status(201).json(note);
  });

  router.patch('/incidents/:id/timeline/:eventId', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const eventId = parseId(req.params.eventId, 'eventId');
    const event = await audited(
      req,
      'incident-timeline-pin',
      { incidentId: id, eventId },
      () =>
        incidents.timeline.pinTimelineEvent(
          id,
          eventId,
          req.body.pinned,
          actorOf(credentials),
        ),
    );
    res.json(event);
  });

  router.get('/incidents/:id/status-updates', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await readIncident(req, credentials);
    res.json(await incidents.timeline.getStatusUpdates(id));
  });

  router.post('/incidents/:id/status-updates', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const update = await audited(
      req,
      'incident-status-update',
      { incidentId: id },
      () =>
        incidents.timeline.postStatusUpdate(id, req.body, actorOf(credentials)),
    );
    res.status(201).json(update);
  });

  router.post('/incidents/:id/merge', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = await writableIncident(req, credentials);
    const intoId = parseIncidentId(req.body.into);
    await authorizer.requireOn(incidentUpdatePermission, credentials, () =>
      incidents.get(intoId),
    );
    const incident = await audited(
      req,
      'incident-merge',
      { incidentId: id, intoId },
      () => incidents.merge(id, intoId, actorOf(credentials)),
    );
    res.json(incident);
  });

  router.get('/entity-summary', async (req, res) => {
    const credentials = await credentialsOf(req);
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const summary = await incidents.entitySummary(String(req.query.entityRef));
    if (scope.ownerRefs) {
      const visible = (i: { ownerRef?: string }) =>
        !!i.ownerRef && scope.ownerRefs!.includes(i.ownerRef);
      summary.openIncidents = summary.openIncidents.filter(visible);
      summary.upstreamIncidents = summary.upstreamIncidents.filter(visible);
    }
    res.json(summary);
  });
}
