import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { CalendarFeedService } from './CalendarFeedService';

/** Tokens as issued: 24 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const NAME = /^[a-z0-9][a-z0-9._-]{0,254}$/i;

/**
 * The iCalendar feeds, without Backstage sign-in (the plugin allows these paths
 * unauthenticated): `GET /oncall-calendar/<token>/shifts.ics` and
 * `GET /oncall-calendar/<token>/groups/<namespace>/<name>/shifts.ics`. A token that is
 * malformed, unknown or revoked is a 404, the same answer for all three.
 */
export function createCalendarFeedRouter(options: {
  calendarFeeds: CalendarFeedService;
}): express.Router {
  const { calendarFeeds } = options;
  const router = Router();
  const send = (res: express.Response, body: string) => {
    res
      .status(200)
      .set('Content-Type', 'text/calendar; charset=utf-8')
      // The URL is a secret: no shared cache may keep the answer.
      .set('Cache-Control', 'private, max-age=300')
      .send(body);
  };
  const token = (req: express.Request) => {
    if (!TOKEN.test(req.params.token)) {
      throw new NotFoundError('No such calendar feed');
    }
    return req.params.token;
  };

  router.get('/oncall-calendar/:token/shifts.ics', async (req, res) => {
    send(res, await calendarFeeds.userFeed(token(req)));
  });
  router.get(
    '/oncall-calendar/:token/groups/:namespace/:name/shifts.ics',
    async (req, res) => {
      const { namespace, name } = req.params;
      if (!NAME.test(namespace) || !NAME.test(name)) {
        throw new NotFoundError('No such calendar feed');
      }
      send(
        res,
        await calendarFeeds.teamFeed(token(req), `group:${namespace}/${name}`),
      );
    },
  );
  return router;
}
