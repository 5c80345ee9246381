import express from 'express';
import Router from 'express-promise-router';
import { renderAtomFeed, renderStatusPage } from './renderStatusPage';
import { StatusPageService } from './StatusPageService';

/**
 * The public status page, without Backstage sign-in (the plugin allows these paths
 * unauthenticated): `GET /status-page` (HTML without scripts) and
 * `GET /status-page/feed.atom`. Shared caches may keep them briefly.
 */
export function createStatusPageRouter(options: {
  statusPage: StatusPageService;
  title: string;
  /** The plugin's external base URL, for absolute links in the feed. */
  baseUrl: string;
}): express.Router {
  const { statusPage, title, baseUrl } = options;
  const pageUrl = `${baseUrl}/status-page`;
  const feedUrl = `${pageUrl}/feed.atom`;
  const router = Router();
  const send = (res: express.Response, type: string, body: string) => {
    res
      .status(200)
      .set('Content-Type', `${type}; charset=utf-8`)
      .set('Cache-Control', 'public, max-age=30')
      .set('X-Content-Type-Options', 'nosniff')
      // Plain HTML with its own inline style: nothing else may load or run.
      .set(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      .send(body);
  };
  router.get('/status-page', async (_req, res) => {
    send(
      res,
      'text/html',
      renderStatusPage(await statusPage.model(), { title, feedUrl }),
    );
  });
  router.get('/status-page/feed.atom', async (_req, res) => {
    send(
      res,
      'application/atom+xml',
      renderAtomFeed(await statusPage.model(), { title, pageUrl, feedUrl }),
    );
  });
  return router;
}
