import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  ForwardedError,
  InputError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import {
  createPermission,
  PermissionClient,
} from '@backstage/plugin-permission-common';
import type { Handler } from 'express';
import { createServer, Server } from 'node:net';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  databaseUnavailableHandler,
  isDatabaseUnavailableError,
  isUpstreamUnavailableError,
  toServiceUnavailable,
  upstreamNetworkFailure,
} from './databaseUnavailable';

/** An error shaped like the ones node, node-postgres, knex and better-sqlite3 throw. */
function dbError(message: string, fields: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), fields);
}

const knexTimeout = () => {
  const error = dbError(
    'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
  );
  error.name = 'KnexTimeoutError';
  return error;
};

describe('isDatabaseUnavailableError', () => {
  it.each([
    [
      'connection refused',
      dbError('connect ECONNREFUSED 127.0.0.1:5432', {
        code: 'ECONNREFUSED',
        errno: -111,
        syscall: 'connect',
      }),
    ],
    [
      'every address refused (AggregateError)',
      Object.assign(
        new AggregateError(
          [
            dbError('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' }),
            dbError('connect ECONNREFUSED 127.0.0.1:5432', {
              code: 'ECONNREFUSED',
            }),
          ],
          '',
        ),
        { code: 'ECONNREFUSED' },
      ),
    ],
    ['socket reset', dbError('read ECONNRESET', { code: 'ECONNRESET' })],
    [
      'server shut down by an administrator (57P01)',
      dbError('terminating connection due to administrator command', {
        code: '57P01',
        severity: 'FATAL',
      }),
    ],
    [
      'server starting up (57P03)',
      dbError('the database system is starting up', { code: '57P03' }),
    ],
    [
      'connection failure (class 08)',
      dbError('connection failure', { code: '08006' }),
    ],
    [
      'too many connections',
      dbError('sorry, too many clients', { code: '53300' }),
    ],
    ['dropped socket', dbError('Connection terminated unexpectedly')],
    [
      'dropped socket under a knex query',
      dbError(
        'update "alerts" set "incident_id" = $1 where "id" = $2 - Connection terminated unexpectedly',
      ),
    ],
    [
      'client already broken',
      dbError('Client has encountered a connection error and is not queryable'),
    ],
    ['pool acquire timeout', knexTimeout()],
    [
      'SQLite file locked beyond busy_timeout',
      dbError('database is locked', { code: 'SQLITE_BUSY' }),
    ],
    [
      'wrapped by ForwardedError',
      new ForwardedError(
        'Could not list incidents',
        dbError('connect ECONNREFUSED 127.0.0.1:5432', {
          code: 'ECONNREFUSED',
        }),
      ),
    ],
  ])('counts %s', (_case, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    [
      'a plain bug',
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    ],
    [
      'a unique violation (23505)',
      dbError('duplicate key value violates unique constraint', {
        code: '23505',
      }),
    ],
    [
      'a syntax error (42601)',
      dbError('syntax error at or near "SELEC"', { code: '42601' }),
    ],
    [
      'a SQLite constraint failure',
      dbError('FOREIGN KEY constraint failed', {
        code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      }),
    ],
    ['an InputError', new InputError('title is required')],
    ['a NotFoundError', new NotFoundError('No incident INC-7')],
    [
      'an error that carries its own status',
      dbError('connect ECONNREFUSED 10.0.0.9:443', {
        code: 'ECONNREFUSED',
        statusCode: 502,
      }),
    ],
    ['not an error at all', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('does not count %s', (_case, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});

let resetting: Server;
let resettingPort: number;

beforeAll(async () => {
  // Accepts every connection and drops it at once: a service that resets its sockets.
  resetting = createServer(socket => socket.destroy());
  await new Promise<void>(resolve => resetting.listen(0, '127.0.0.1', resolve));
  resettingPort = (resetting.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise(resolve => resetting.close(resolve));
});

/** What the real PermissionClient throws when the permission backend resets the connection. */
async function permissionReset(): Promise<Error> {
  const client = new PermissionClient({
    discovery: {
      getBaseUrl: async pluginId =>
        `http://127.0.0.1:${resettingPort}/api/${pluginId}`,
    },
    config: new ConfigReader({ permission: { enabled: true } }),
  });
  const error = await client
    .authorize([
      { permission: createPermission({ name: 'x.read', attributes: {} }) },
    ])
    .then(
      () => undefined,
      e => e as Error,
    );
  if (!error) throw new Error('the permission call did not fail');
  return error;
}

/** What the global fetch throws when a service resets the connection. */
async function fetchReset(): Promise<Error> {
  const error = await fetch(`http://127.0.0.1:${resettingPort}/`).then(
    () => undefined,
    e => e as Error,
  );
  if (!error) throw new Error('the fetch did not fail');
  return error;
}

describe('network failures of services this backend calls', () => {
  it('names the permission service when its connection is reset, not the database', async () => {
    const error = await permissionReset();
    expect(upstreamNetworkFailure(error)).toEqual({
      service: 'the permission service',
      code: 'ECONNRESET',
    });
    expect(isDatabaseUnavailableError(error)).toBe(false);
    const mapped = toServiceUnavailable(error);
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect((mapped as Error).message).toMatch(
      /^The permission service is unavailable \(ECONNRESET\); retry the request later; caused by FetchError/,
    );
  });

  it('says a service the request depends on failed when fetch gives no URL', async () => {
    const error = await fetchReset();
    expect(isDatabaseUnavailableError(error)).toBe(false);
    expect((toServiceUnavailable(error) as Error).message).toMatch(
      /^A Backstage service this request depends on is unavailable( \(\w+\))?; retry the request later/,
    );
  });

  it('keeps a reset database socket a database outage', () => {
    const error = dbError('read ECONNRESET', {
      code: 'ECONNRESET',
      errno: -104,
      syscall: 'read',
    });
    expect(upstreamNetworkFailure(error)).toBeUndefined();
    expect((toServiceUnavailable(error) as Error).message).toMatch(
      /^The incidents database is unavailable/,
    );
  });
});

/** What PermissionClient throws when the permission backend answers `status`. */
async function upstreamError(status: number) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'An internal error occurred' },
        request: { method: 'POST', url: '/authorize' },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ) as any,
  );
}

describe('isUpstreamUnavailableError', () => {
  it.each([500, 502, 503, 504])(
    'counts a %i from another Backstage service',
    async status => {
      expect(isUpstreamUnavailableError(await upstreamError(status))).toBe(
        true,
      );
    },
  );

  it.each([400, 403, 404])(
    'does not count a %i from another Backstage service',
    async status => {
      expect(isUpstreamUnavailableError(await upstreamError(status))).toBe(
        false,
      );
    },
  );

  it('does not count a database error or a plain 500', () => {
    expect(
      isUpstreamUnavailableError(
        dbError('connect ECONNREFUSED 127.0.0.1:5432', {
          code: 'ECONNREFUSED',
        }),
      ),
    ).toBe(false);
    expect(
      isUpstreamUnavailableError(dbError('boom', { statusCode: 500 })),
    ).toBe(false);
  });
});

describe('toServiceUnavailable', () => {
  it('wraps an unavailable database in a ServiceUnavailableError with the cause', () => {
    const cause = dbError('connect ECONNREFUSED 127.0.0.1:5432', {
      code: 'ECONNREFUSED',
    });
    const mapped = toServiceUnavailable(cause);
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect((mapped as Error).message).toMatch(
      /database is unavailable; retry the request later/,
    );
    expect((mapped as ServiceUnavailableError).cause).toBe(cause);
  });

  it('turns an upstream 500 into a 503 naming the status', async () => {
    const cause = await upstreamError(500);
    const mapped = toServiceUnavailable(cause);
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect((mapped as Error).message).toMatch(
      /^A Backstage service this request depends on answered 500; retry the request later/,
    );
  });

  it('leaves other errors as they are', () => {
    const error = new InputError('bad');
    expect(toServiceUnavailable(error)).toBe(error);
  });
});

describe('databaseUnavailableHandler behind the plugin routers', () => {
  let permissionResetError: Error | undefined;
  beforeAll(async () => {
    permissionResetError = await permissionReset();
  });

  const errors: Record<string, () => Error> = {
    refused: () =>
      dbError('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }),
    shutdown: () =>
      dbError('terminating connection due to administrator command', {
        code: '57P01',
      }),
    'pool-timeout': knexTimeout,
    'knex-dropped': () =>
      dbError(
        'select "incidents".* from "incidents" limit $1 - Connection terminated unexpectedly',
      ),
    bug: () => new TypeError('x is not a function'),
    'permission-reset': () => permissionResetError!,
    input: () => new InputError('title is required'),
  };

  async function start() {
    const plugin = createBackendPlugin({
      pluginId: 'dbtest',
      register(env) {
        env.registerInit({
          deps: { httpRouter: coreServices.httpRouter },
          async init({ httpRouter }) {
            const router = Router();
            router.get('/fail/:kind', async req => {
              throw errors[req.params.kind]();
            });
            router.get('/ok', async (_req, res) => {
              res.json({ ok: true });
            });
            httpRouter.use(router);
            httpRouter.use(databaseUnavailableHandler as unknown as Handler);
            httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          },
        });
      },
    });
    return startTestBackend({ features: [plugin] });
  }

  const unavailable =
    /^The incidents database is unavailable; retry the request later/;
  it.each([
    ['refused', 503, 'ServiceUnavailableError', unavailable],
    ['shutdown', 503, 'ServiceUnavailableError', unavailable],
    ['pool-timeout', 503, 'ServiceUnavailableError', unavailable],
    ['knex-dropped', 503, 'ServiceUnavailableError', unavailable],
    [
      'permission-reset',
      503,
      'ServiceUnavailableError',
      /^The permission service is unavailable \(ECONNRESET\); retry the request later/,
    ],
    ['bug', 500, 'TypeError', /./],
    ['input', 400, 'InputError', /title is required/],
  ])('answers %s with %i', async (kind, status, name, message) => {
    const { server } = await start();
    const res = await request(server).get(`/api/dbtest/fail/${kind}`);
    expect(res.status).toBe(status);
    expect(res.body.error.name).toBe(name);
    expect(res.body.error.message).toMatch(message);
  });

  it('does not touch successful requests', async () => {
    const { server } = await start();
    const res = await request(server).get('/api/dbtest/ok');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});
