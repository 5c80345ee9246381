import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../lib/app.ts';
import { waitFor } from '../lib/processes.ts';
import {
  entityRoutable,
  guestToken,
  startBackend,
  type RunningBackend,
} from '../lib/backend.ts';

// A port of its own: 3000, 3100, 7007, 7107, 7207 and 7307 are used by other runs.
const BACKEND_PORT = 7607;
const SPEC = join(
  REPO_ROOT,
  'plugins/incidents-backend/src/schema/openapi.yaml',
);
/** Alert senders' routes: outside the OpenAPI spec (raw bodies, one per source). */
const INGEST_ROUTES = [
  'alertmanager',
  'events/v2',
  'generic',
  'grafana', // from @firebreak/plugin-incidents-backend-module-grafana
  'datadog', // from @firebreak/plugin-incidents-backend-module-datadog
  'checkly', // from @firebreak/plugin-incidents-backend-module-checkly
]
  .map(source => ({ method: 'POST', path: `/alerts/${source}` }))
  // Heartbeat pings take the same sender token; payments-api declares this one.
  .concat({
    method: 'POST',
    path: '/heartbeats/default/component/payments-api/settlement-export',
  });

const CREDENTIALS = ['none', 'user', 'incidents-svc', 'catalog-svc'] as const;
type Credential = (typeof CREDENTIALS)[number];

type Route = { method: string; path: string; ingest: boolean };
type Spec = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in?: string; name?: string; required?: boolean }[];
        requestBody?: unknown;
      }
    >
  >;
};

function log(line: string) {
  console.log(`[access e2e] ${line}`);
}

/** Harmless sample values for path and required query parameters, by name. */
const SAMPLES: Record<string, string> = {
  entityRef: 'component:default/payments-api',
  groupRef: 'group:default/payments-team',
  userRef: 'user:default/guest',
  from: '2026-01-01T00:00:00Z',
  to: '2026-01-02T00:00:00Z',
  role: 'commander',
};
/** Query parameters a route needs although the spec marks none required. */
const EXTRA_QUERY: Record<string, string[]> = {
  'GET /oncall': ['entityRef'], // "Give groupRef or entityRef"
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function specRoutes(spec: Spec): (Route & { url: string; body?: string })[] {
  const routes: (Route & { url: string; body?: string })[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(SAMPLES[name] ?? '1'),
      );
      const query = new URLSearchParams();
      const required = (op.parameters ?? [])
        .filter(p => p.in === 'query' && p.required && p.name)
        .map(p => p.name!);
      for (const name of [...required, ...(EXTRA_QUERY[key] ?? [])]) {
        query.set(name, SAMPLES[name] ?? '1');
      }
      const qs = query.toString(); // URL-encoded, e.g. component%3Adefault%2Fpayments-api
      routes.push({
        method: method.toUpperCase(),
        path,
        ingest: false,
        url: `/api/incidents${concrete}${qs ? `?${qs}` : ''}`,
        body: op.requestBody ? '{}' : undefined,
      });
    }
  }
  return routes;
}

const spec = parse(readFileSync(SPEC, 'utf8')) as Spec;
const routes = [
  ...specRoutes(spec),
  ...INGEST_ROUTES.map(r => ({
    ...r,
    ingest: true,
    url: `/api/incidents${r.path}`,
    body: '{}',
  })),
];

/** Routes that need credentials but no permission: the configured severity and role tables. */
const NO_PERMISSION = new Set(['GET /severities', 'GET /roles']);

/** Why a status is unexpected for this route and credential, or undefined when fine. */
function judge(route: Route, who: Credential, status: number, text = '') {
  if (status >= 500) return 'a server error';
  switch (who) {
    case 'none':
      return status === 401 ? undefined : 'expected 401';
    case 'catalog-svc':
      // Refused before the handler looks at the request.
      return status === 401 || status === 403 ? undefined : 'expected 401/403';
    case 'user':
      if (route.ingest) return status === 403 ? undefined : 'expected 403';
      return status === 401 || status === 403
        ? 'the user was refused'
        : undefined;
    case 'incidents-svc':
      // The alert sender's token is restricted to `incidents.alert.ingest`.
      if (route.ingest) {
        return (status >= 200 && status < 300) || status === 400
          ? undefined
          : 'expected 2xx/400';
      }
      if (NO_PERMISSION.has(`${route.method} ${route.path}`)) {
        return status === 401 || status === 403
          ? 'the sender was refused a route that needs no permission'
          : undefined;
      }
      // The sample body `{}` fails the spec's request validation, which runs before any
      // handler, so those writes answer 400 without reaching an access check.
      if (status === 400 && text.includes('request/body')) return undefined;
      return status === 403 ? undefined : 'expected 403 (ingest only)';
  }
}

const LEGACY_KEY = randomBytes(32);

/** A legacy external-access token (HS256 JWT for `backstage-server`) expiring at `exp`. */
function legacyToken(exp: number): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256' })}.${part({
    sub: 'backstage-server',
    iat: exp - 3600,
    exp,
  })}`;
  const signature = createHmac('sha256', LEGACY_KEY)
    .update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
}

let backend: RunningBackend;
let headers: Record<Credential, Record<string, string>>;

before(
  async () => {
    const started = Date.now();
    backend = await startBackend({
      port: BACKEND_PORT,
      extraTokens: [{ subject: 'catalog-only', plugins: ['catalog'] }],
      legacyTokens: [
        { subject: 'legacy-caller', secret: LEGACY_KEY.toString('base64url') },
      ],
    });
    log(
      `backend up on ${backend.baseUrl} in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s (logs: ${backend.workDir})`,
    );
    // The heartbeat ping reads its declaration from the catalog's first ingestion.
    await waitFor(
      () => entityRoutable(backend.baseUrl, 'component:default/payments-api'),
      240_000,
      2000,
    );
    const user = await guestToken(backend.baseUrl);
    headers = {
      none: {},
      user: { authorization: `Bearer ${user}` },
      'incidents-svc': { authorization: `Bearer ${backend.token}` },
      'catalog-svc': {
        authorization: `Bearer ${backend.extraTokens['catalog-only']}`,
      },
    };
  },
  { timeout: 300_000 },
);

after(async () => {
  await backend?.stop();
});

test('the spec has routes and the route list is read from it', () => {
  // The routes come from the spec itself, so they cannot drift from it; guard the parse.
  const specCount = Object.values(spec.paths)
    .flatMap(ops => Object.keys(ops))
    .filter(m => METHODS.includes(m)).length;
  assert.ok(specCount > 30, `spec operations: ${specCount}`);
  assert.equal(routes.length, specCount + INGEST_ROUTES.length);
});

test('the catalog-only token is valid, for the catalog', async () => {
  // So its refusals below come from the plugin restriction, not from a broken token.
  const res = await fetch(`${backend.baseUrl}/api/catalog/entities?limit=1`, {
    headers: headers['catalog-svc'],
  });
  await res.text();
  assert.equal(res.status, 200, 'catalog answers the catalog-only token');
});

test('an expired legacy token answers 401 on our routes and the catalog', async () => {
  // Fixed instants: expired in 2020, valid until 2100.
  const expired = legacyToken(Date.parse('2020-01-01T00:00:00Z') / 1000);
  const valid = legacyToken(Date.parse('2100-01-01T00:00:00Z') / 1000);
  for (const path of [
    '/api/incidents/incidents',
    '/api/catalog/entities?limit=1',
  ]) {
    const res = await fetch(`${backend.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${expired}` },
    });
    const body = (await res.json()) as { error?: { name?: string } };
    assert.equal(res.status, 401, `${path} with an expired legacy token`);
    assert.equal(body.error?.name, 'AuthenticationError');
    const ok = await fetch(`${backend.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${valid}` },
    });
    await ok.text();
    assert.equal(ok.status, 200, `${path} with a valid legacy token`);
  }
});

test(
  'every route × credential answers the expected status',
  { timeout: 120_000 },
  async () => {
    const matrix: { route: Route; statuses: Record<Credential, number> }[] = [];
    const unexpected: string[] = [];
    const serviceAllowed: string[] = [];
    let checks = 0;
    for (const route of routes) {
      const statuses = {} as Record<Credential, number>;
      for (const who of CREDENTIALS) {
        const res = await fetch(`${backend.baseUrl}${route.url}`, {
          method: route.method,
          headers: {
            ...(route.body ? { 'content-type': 'application/json' } : {}),
            ...headers[who],
          },
          body: route.body,
        });
        const text = await res.text();
        statuses[who] = res.status;
        checks++;
        const why = judge(route, who, res.status, text);
        if (why) {
          unexpected.push(
            `${route.method} ${route.url} as ${who}: ${
              res.status
            } (${why}): ${text.slice(0, 200)}`,
          );
        }
        if (who === 'incidents-svc' && res.status !== 403) {
          serviceAllowed.push(`${route.method} ${route.path}`);
        }
      }
      matrix.push({ route, statuses });
    }

    const label = (r: Route) => `${r.method} ${r.path}`;
    const width = Math.max(...matrix.map(m => label(m.route).length));
    const cols = CREDENTIALS.map(c => c.padStart(15)).join('');
    const lines = [
      `${'route'.padEnd(width)}${cols}`,
      ...matrix.map(
        ({ route, statuses }) =>
          `${label(route).padEnd(width)}${CREDENTIALS.map(c =>
            String(statuses[c]).padStart(15),
          ).join('')}`,
      ),
    ];
    console.log(lines.join('\n'));
    const tally = (who: Credential) => {
      const counts: Record<number, number> = {};
      for (const { statuses } of matrix)
        counts[statuses[who]] = (counts[statuses[who]] ?? 0) + 1;
      return Object.entries(counts)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
    };
    for (const who of CREDENTIALS) log(`${who}: ${tally(who)}`);
    log(
      `alert-sender token not refused on: ${
        serviceAllowed.length ? serviceAllowed.join(', ') : 'no route'
      }`,
    );
    log(
      'callers under the team-scoped policy (team member, other team, reader, user ' +
        'without a team, alert sender, other plugin): packages/backend/src/modules/' +
        'permissionPolicy.test.ts, over every spec route with the real policy',
    );
    for (const line of unexpected) log(`UNEXPECTED ${line}`);
    log(`access: ${checks} checks, ${unexpected.length} unexpected`);
    assert.deepEqual(unexpected, []);
  },
);
