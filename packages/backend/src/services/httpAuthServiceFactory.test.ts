import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory as defaultHttpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createHmac } from 'node:crypto';
import { httpAuthServiceFactory } from './httpAuthServiceFactory';

const KEY = Buffer.from('a-legacy-shared-secret-of-enough-length');
const SECRET = KEY.toString('base64url');
/** Fixed instants: issued an hour before a fixed "expired" time, long in the past. */
const ISSUED_AT = Math.floor(Date.parse('2020-01-01T00:00:00Z') / 1000);

/** A legacy external-access token: an HS256 JWT for `backstage-server`. */
function legacyToken(expiresAt: number): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256' })}.${part({
    sub: 'backstage-server',
    iat: ISSUED_AT,
    exp: expiresAt,
  })}`;
  const signature = createHmac('sha256', KEY)
    .update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
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
        httpRouter.use(async (req, res, next) => {
          try {
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            res.json({ subject: (credentials.principal as any).subject });
          } catch (error) {
            next(error);
          }
        });
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
  return (token: string) =>
    fetch(`http://localhost:${server.port()}/api/probe/whoami`, {
      headers: { authorization: `Bearer ${token}` },
    });
}

describe('httpAuthServiceFactory', () => {
  it('answers 401 (not 500) to an expired but validly signed legacy token', async () => {
    const call = await start(httpAuthServiceFactory);
    const res = await call(legacyToken(ISSUED_AT + 3600));
    expect(res.status).toBe(401);
    expect((await res.json()).error.name).toBe('AuthenticationError');
  });

  it('still accepts a valid legacy token', async () => {
    const call = await start(httpAuthServiceFactory);
    // Expires in 2100: a constant, not computed from the clock.
    const expiresAt = Math.floor(Date.parse('2100-01-01T00:00:00Z') / 1000);
    const res = await call(legacyToken(expiresAt));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ subject: 'legacy-caller' });
  });

  it("shows the cause is Backstage's: the default httpAuth answers 500", async () => {
    const call = await start(defaultHttpAuthServiceFactory);
    const res = await call(legacyToken(ISSUED_AT + 3600));
    expect(res.status).toBe(500);
    expect((await res.json()).error.name).toBe('JWTExpired');
  });
});
