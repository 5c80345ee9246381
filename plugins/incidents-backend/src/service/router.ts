import { HttpAuthService } from '@backstage/backend-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import express from 'express';
import Router from 'express-promise-router';

/** What the HTTP layer needs; handlers stay thin and call these. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  severities: SeverityLevel[];
}

/** The `/api/incidents` router. Every route requires Backstage credentials. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, severities } = options;
  const router = Router();
  router.use(express.json());

  router.get('/severities', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: severities });
  });

  return router;
}
