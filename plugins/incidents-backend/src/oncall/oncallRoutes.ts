import {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  incidentReadPermission,
  oncallOverridePermission,
} from '@firebreak/plugin-incidents-common';
import express from 'express';
import { actorOf } from '../http/actor';
import { IncidentsApiRouter } from '../http/apiRouter';
import { createAudited } from '../http/audited';
import { parseId } from '../http/requestParams';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { normaliseEntityRef, optionalInstantParam } from '../validation/inputs';
import { CalendarFeedService } from './CalendarFeedService';
import { CoverRequestService } from './CoverRequestService';
import { OncallService } from './OncallService';

/** What the on-call routes need. */
export interface OncallRouteDeps {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  oncall: OncallService;
  calendarFeeds: CalendarFeedService;
  coverRequests: CoverRequestService;
}

/** Adds who-is-on-call and the override routes to the incidents router. */
export function addOncallRoutes(
  router: IncidentsApiRouter,
  deps: OncallRouteDeps,
) {
  const {
    httpAuth,
    userInfo,
    auditor,
    authorizer,
    oncall,
    calendarFeeds,
    coverRequests,
  } = deps;
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const audited = createAudited(auditor);

  router.get('/oncall', async (req, res) => {
    const credentials = await credentialsOf(req);
    await authorizer.listScope(incidentReadPermission, credentials);
    const at = optionalInstantParam(req.query.at, 'at');
    if (req.query.groupRef) {
      const groupRef = String(req.query.groupRef);
      const [now, schedule] = await Promise.all([
        oncall.getOncallForGroup(groupRef, at),
        oncall.getScheduleForGroup(groupRef, { count: 6, at }),
      ]);
      res.json({ ...now, schedule });
    } else if (req.query.entityRef) {
      res.json({
        ...(await oncall.getOncallForEntity(String(req.query.entityRef), at)),
      });
    } else {
      throw new InputError('Give groupRef or entityRef');
    }
  });

  // A team's schedule page: primary and secondary of every stretch in a window.
  router.get('/oncall/schedule', async (req, res) => {
    const credentials = await credentialsOf(req);
    await authorizer.listScope(incidentReadPermission, credentials);
    const groupRef = req.query.groupRef;
    if (typeof groupRef !== 'string' || !groupRef.trim()) {
      throw new InputError('groupRef is required, e.g. group:default/payments');
    }
    res.json(
      await oncall.getTeamSchedule(
        normaliseEntityRef(groupRef.trim(), 'groupRef', 'group'),
        {
          from: optionalInstantParam(req.query.from, 'from'),
          to: optionalInstantParam(req.query.to, 'to'),
        },
      ),
    );
  });

  // "My shifts": only a user has teams, so service callers are refused (403).
  router.get('/oncall/shifts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizer.listScope(incidentReadPermission, credentials);
    const at = optionalInstantParam(req.query.at, 'at');
    const { userEntityRef, ownershipEntityRefs } = await userInfo.getUserInfo(
      credentials,
    );
    // The teams Backstage resolved at sign-in (the user's memberOf groups, usually).
    const groupRefs = ownershipEntityRefs.filter(
      ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
    );
    res.json(
      await oncall.getShiftsForUser({
        userRef: userEntityRef,
        groupRefs,
        at,
        until: optionalInstantParam(req.query.until, 'until'),
      }),
    );
  });

  // Calendar feeds are a user's own: a service has no shifts to subscribe to.
  router.post('/oncall/calendar-feed', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizer.listScope(incidentReadPermission, credentials);
    const feeds = await audited(req, 'oncall-calendar-feed-issue', {}, () =>
      calendarFeeds.issue(credentials.principal.userEntityRef),
    );
    res.status(201).json(feeds);
  });

  router.delete('/oncall/calendar-feed', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await audited(req, 'oncall-calendar-feed-revoke', {}, () =>
      calendarFeeds.revoke(credentials.principal.userEntityRef),
    );
    res.status(204).end();
  });

  router.get('/oncall/overrides', async (req, res) => {
    const credentials = await credentialsOf(req);
    await authorizer.listScope(incidentReadPermission, credentials);
    const items = await oncall.listOverrides({
      groupRef: req.query.groupRef ? String(req.query.groupRef) : undefined,
      from: optionalInstantParam(req.query.from, 'from'),
      to: optionalInstantParam(req.query.to, 'to'),
    });
    res.json({ items });
  });

  /**
   * Refuses unless the caller may change the rota of the body's `groupRef`, so a team
   * changes only its own (overrides and cover requests alike).
   */
  const requireRotaChange = async (
    req: express.Request,
    credentials: Awaited<ReturnType<typeof credentialsOf>>,
  ) => {
    const groupRef = req.body?.groupRef;
    if (typeof groupRef !== 'string' || !groupRef) {
      throw new InputError('groupRef is required, e.g. group:default/payments');
    }
    await authorizer.requireOnGroup(
      oncallOverridePermission,
      credentials,
      async () => ({
        groupRef: normaliseEntityRef(groupRef.trim(), 'groupRef', 'group'),
      }),
    );
  };

  router.post('/oncall/overrides', async (req, res) => {
    const credentials = await credentialsOf(req);
    await requireRotaChange(req, credentials);
    const override = await audited(
      req,
      'oncall-override-create',
      { groupRef: req.body.groupRef },
      () => oncall.createOverride(req.body, actorOf(credentials)),
    );
    res.status(201).json(override);
  });

  // Cover requests are between people: only users ask, accept and decline.
  const userOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/oncall/cover-requests', async (req, res) => {
    const credentials = await userOf(req);
    await authorizer.listScope(incidentReadPermission, credentials);
    res.json({
      items: await coverRequests.listFor(credentials.principal.userEntityRef),
    });
  });

  router.post('/oncall/cover-requests', async (req, res) => {
    const credentials = await userOf(req);
    await requireRotaChange(req, credentials);
    const request = await audited(
      req,
      'oncall-cover-request-create',
      { groupRef: req.body.groupRef },
      () =>
        coverRequests.request(req.body, credentials.principal.userEntityRef),
    );
    res.status(201).json(request);
  });

  const decide =
    (decision: 'accept' | 'decline') =>
    async (req: express.Request, res: express.Response) => {
      const credentials = await userOf(req);
      const id = parseId(req.params.requestId, 'requestId');
      const actor = credentials.principal.userEntityRef;
      // Accepting stores an override on the team: the same permission as creating one.
      await authorizer.requireOnGroup(
        oncallOverridePermission,
        credentials,
        async () => ({
          groupRef: (await coverRequests.get(id, actor)).groupRef,
        }),
      );
      const request = await audited(
        req,
        `oncall-cover-request-${decision}`,
        { requestId: id },
        () =>
          decision === 'accept'
            ? coverRequests.accept(id, actor)
            : coverRequests.decline(id, actor),
      );
      res.json(request);
    };
  router.post('/oncall/cover-requests/:requestId/accept', decide('accept'));
  router.post('/oncall/cover-requests/:requestId/decline', decide('decline'));

  router.delete('/oncall/cover-requests/:requestId', async (req, res) => {
    const credentials = await userOf(req);
    const id = parseId(req.params.requestId, 'requestId');
    const request = await audited(
      req,
      'oncall-cover-request-cancel',
      { requestId: id },
      () => coverRequests.cancel(id, credentials.principal.userEntityRef),
    );
    res.json(request);
  });

  router.delete('/oncall/overrides/:overrideId', async (req, res) => {
    const credentials = await credentialsOf(req);
    const id = parseId(req.params.overrideId, 'overrideId');
    await authorizer.requireOnGroup(
      oncallOverridePermission,
      credentials,
      async () => ({ groupRef: (await oncall.getOverride(id)).groupRef }),
    );
    await audited(req, 'oncall-override-delete', { overrideId: id }, () =>
      oncall.deleteOverride(id),
    );
    res.status(204).end();
  });
}
