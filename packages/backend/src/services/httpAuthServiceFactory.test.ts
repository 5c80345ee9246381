import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory as defaultHttpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import express from 'express';
import { base64url, SignJWT } from 'jose';
import request from 'supertest';
import { httpAuthServiceFactory } from './httpAuthServiceFactory';

const SECRET = base64url.encode('a-legacy-shared-secret-of-enough-length');
/** Fixed instants: issued an hour before a fixed "expired" time, long in the past. */
const ISSUED_AT = Math.floor(Date.parse('2020-01-01T00:00:00Z') / 1000);

function legacyToken(expiresAt: number) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('backstage-server')
    .setIssuedAt(ISSUED_AT)
    .setExpirationTime(expiresAt)
    .sign(base64url.decode(SECRET));
}

/** A plugin with one route that needs a service or user caller. */
const probePlugin = createBackendPlugin({
  pluginId: 'probe',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = express.Router();
        router.get('/whoami', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['service'],
          });
          res.json({ subject: (credentials.principal as any).subject });
        });
        httpRouter.use(router);
      },
    });
  },
});

async function start(httpAuth: typeof httpAuthServiceFactory) {
  const { server } = await startTestBackend({
    features: [
      probePlugin,
      authServiceFactory,
      httpAuth,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'legacy',
                  options: { secret: SECRET, subject: 'legacy-caller' },
                },
              ],
            },
          },
        },
      }),
    ],
  });
  return server;
}

describe('httpAuthServiceFactory', () => {
  it('answers 401 (not 500) to an expired but validly signed legacy token', async () => {
    const server = await start(httpAuthServiceFactory);
    const res = await request(server)
      .get('/api/probe/whoami')
      .set('Authorization', `Bearer ${await legacyToken(ISSUED_AT + 3600)}`);
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });

  it('still accepts a valid legacy token', async () => {
    const server = await start(httpAuthServiceFactory);
    // Expires in 2100: a constant, not computed from the clock.
    const expiresAt = Math.floor(Date.parse('2100-01-01T00:00:00Z') / 1000);
    const res = await request(server)
      .get('/api/probe/whoami')
      .set('Authorization', `Bearer ${await legacyToken(expiresAt)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ subject: 'legacy-caller' });
  });

  it("shows the cause is Backstage's: the default httpAuth answers 500", async () => {
    const server = await start(defaultHttpAuthServiceFactory);
    const res = await request(server)
      .get('/api/probe/whoami')
      .set('Authorization', `Bearer ${await legacyToken(ISSUED_AT + 3600)}`);
    expect(res.status).toBe(500);
  });
});
