import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  entityRoutable,
  guestToken,
  startBackend,
  type RunningBackend,
} from '../lib/backend.ts';
import { REPO_ROOT, waitFor } from '../lib/processes.ts';

// A port of its own: 3000, 3100, 7007, 7107, 7207, 7307, 7607 and 7707 are used by other runs.
const BACKEND_PORT = 7917;
const PAYMENTS_API = 'component:default/payments-api';
/** Owned by group:default/platform, a team the guest is not in. */
const API_GATEWAY = 'component:default/api-gateway';
const GUEST = 'user:default/guest';

const TOOLS = [
  'incidents.acknowledge-incident',
  'incidents.add-timeline-note',
  'incidents.declare-incident',
  'incidents.get-alert-runbook',
  'incidents.get-incident',
  'incidents.get-postmortem',
  'incidents.list-action-items',
  'incidents.list-incidents',
  'incidents.post-status-update',
  'incidents.transition-incident',
  'incidents.who-is-on-call',
];
const READ_ONLY_TOOLS = [
  'incidents.get-alert-runbook',
  'incidents.get-incident',
  'incidents.get-postmortem',
  'incidents.list-action-items',
  'incidents.list-incidents',
  'incidents.who-is-on-call',
];

function log(line: string) {
  console.log(`[mcp e2e] ${line}`);
}

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, any>;
};

let backend: RunningBackend;
let userToken: string;
const clients: Client[] = [];

/** A real MCP client on the backend's MCP endpoint, sending `token` as a bearer token. */
async function connect(token: string, path = '/api/mcp-actions/v1') {
  const client = new Client({ name: 'firebreak-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${backend.baseUrl}${path}`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** The tool's structured output; fails with the tool's error text when it refused. */
async function output(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, any>> {
  const result = await call(client, name, args);
  assert.ok(!result.isError, `${name} failed: ${result.content[0]?.text}`);
  assert.ok(result.structuredContent, `${name} returned structured content`);
  return result.structuredContent;
}

/** The incident as the HTTP API shows it to the guest. */
async function httpIncident(id: number) {
  const res = await fetch(`${backend.baseUrl}/api/incidents/incidents/${id}`, {
    headers: { authorization: `Bearer ${userToken}` },
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, any>,
  };
}

before(
  async () => {
    const started = Date.now();
    backend = await startBackend({
      port: BACKEND_PORT,
      // Team-scoped: the guest (payments) reads and changes only payments' incidents.
      config: {
        firebreak: {
          permissionPolicy: 'team-scoped',
          teamScoped: { others: 'deny' },
        },
      },
    });
    log(
      `backend up on ${backend.baseUrl} in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s (logs: ${backend.workDir})`,
    );
    // The catalog fills after startup; on-call and owners come from it.
    await waitFor(() => entityRoutable(backend.baseUrl, PAYMENTS_API), 180_000);
    await waitFor(() => entityRoutable(backend.baseUrl, API_GATEWAY), 180_000);
    userToken = await guestToken(backend.baseUrl);
    // Groups come from another catalog location, which may be read later.
    await waitFor(async () => {
      const res = await fetch(
        `${backend.baseUrl}/api/incidents/oncall?groupRef=${encodeURIComponent(
          'group:default/payments',
        )}`,
        { headers: { authorization: `Bearer ${userToken}` } },
      );
      return (
        res.ok &&
        ((await res.json()) as { source?: string }).source === 'rotation'
      );
    }, 180_000);
  },
  { timeout: 420_000 },
);

after(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await backend?.stop();
});

test('lists the incidents tools with their attributes', async () => {
  const client = await connect(userToken);
  assert.equal(client.getServerVersion()?.name, 'firebreak');
  const { tools } = await client.listTools();
  const ours = tools.filter(t => t.name.startsWith('incidents.'));
  assert.deepEqual(ours.map(t => t.name).sort(), TOOLS);
  for (const tool of ours) {
    const readOnly = READ_ONLY_TOOLS.includes(tool.name);
    assert.equal(tool.annotations?.readOnlyHint, readOnly, tool.name);
    assert.equal(tool.inputSchema.type, 'object', tool.name);
  }
  const byName = Object.fromEntries(ours.map(t => [t.name, t]));
  assert.equal(
    byName['incidents.transition-incident'].annotations?.destructiveHint,
    true,
  );
  assert.equal(
    byName['incidents.declare-incident'].annotations?.destructiveHint,
    false,
  );
  assert.equal(
    byName['incidents.acknowledge-incident'].annotations?.idempotentHint,
    true,
  );
  assert.deepEqual(
    [
      ...(byName['incidents.declare-incident'].inputSchema.required ?? []),
    ].sort(),
    ['entityRef', 'severity', 'title'],
  );
  log(`tools: ${ours.map(t => t.name).join(', ')}`);
});

test('answers who is on call for payments-api, now and at a time', async () => {
  const client = await connect(userToken);
  // examples/org.yaml: payments rotates alice, bob, guest weekly from 2026-01-05T09:00Z.
  const first = await output(client, 'incidents.who-is-on-call', {
    entityRef: 'component:payments-api',
    at: '2026-01-05T10:00:00Z',
  });
  assert.equal(first.ownerRef, 'group:default/payments');
  assert.equal(first.oncall.source, 'rotation');
  assert.equal(first.oncall.primary, 'user:default/alice');
  assert.equal(first.oncall.secondary, 'user:default/bob');
  const second = await output(client, 'incidents.who-is-on-call', {
    groupRef: 'group:default/payments',
    at: '2026-01-12T10:00:00Z',
  });
  assert.equal(second.oncall.primary, 'user:default/bob');
  assert.equal(second.schedule[0].userRef, 'user:default/bob');
  const now = await output(client, 'incidents.who-is-on-call', {
    entityRef: PAYMENTS_API,
  });
  assert.ok(
    ['user:default/alice', 'user:default/bob', GUEST].includes(
      now.oncall.primary,
    ),
    `primary now: ${now.oncall.primary}`,
  );
  log(`on call for payments-api now: ${now.oncall.primary}`);
});

test('declares and acknowledges an incident as the signed-in user', async () => {
  const client = await connect(userToken);
  const declared = await output(client, 'incidents.declare-incident', {
    title: 'Card payments failing (MCP)',
    severity: 'P2',
    entityRef: PAYMENTS_API,
  });
  const incident = declared.incident;
  assert.equal(incident.status, 'triggered');
  assert.equal(incident.createdBy, GUEST);
  assert.equal(incident.ownerRef, 'group:default/payments');

  const acked = await output(client, 'incidents.acknowledge-incident', {
    incident: incident.ref,
  });
  assert.equal(acked.changed, true);
  assert.equal(acked.incident.status, 'acknowledged');
  const again = await output(client, 'incidents.acknowledge-incident', {
    incident: incident.ref,
  });
  assert.equal(again.changed, false);
  assert.equal(again.incident.version, acked.incident.version);

  // The HTTP API sees the same incident, changed by the guest.
  const seen = await httpIncident(incident.id);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.status, 'acknowledged');
  const got = await output(client, 'incidents.get-incident', {
    incident: incident.ref,
  });
  const acknowledgement = got.timeline.find(
    (e: { type: string }) => e.type === 'status_changed',
  );
  assert.equal(acknowledgement?.actorRef, GUEST);
  log(`declared and acknowledged ${incident.ref}`);
});

test('refuses what the policy denies the user, and callers without a user', async () => {
  // Declaring needs only a team, so the guest can open an incident on platform's
  // gateway; but the team-scoped policy gives it to platform to read and change.
  const client = await connect(userToken);
  const declared = await output(client, 'incidents.declare-incident', {
    title: 'Gateway 502s (MCP)',
    severity: 'P3',
    entityRef: API_GATEWAY,
  });
  const theirs = declared.incident;
  assert.equal(theirs.ownerRef, 'group:default/platform');

  const refusals: string[] = [];
  for (const [name, args] of [
    ['incidents.acknowledge-incident', { incident: theirs.ref }],
    ['incidents.transition-incident', { incident: theirs.ref, to: 'declined' }],
    ['incidents.add-timeline-note', { incident: theirs.ref, message: 'hi' }],
    ['incidents.get-incident', { incident: theirs.ref }],
  ] as const) {
    const result = await call(client, name, args);
    assert.equal(result.isError, true, `${name} was not refused`);
    assert.match(result.content[0].text ?? '', /^NotAllowedError: /, name);
    refusals.push(`${name}: ${result.content[0].text}`);
  }
  const listed = await output(client, 'incidents.list-incidents', {});
  assert.ok(
    !listed.items.some((i: { id: number }) => i.id === theirs.id),
    "the other team's incident is not listed",
  );
  assert.ok(listed.items.length > 0, "the guest's own incidents are listed");
  const http = await httpIncident(theirs.id);
  assert.equal(http.status, 403, 'the HTTP API refuses it as well');
  for (const line of refusals) log(`refused ${line}`);

  // No token: refused before any tool runs.
  const anonymous = await fetch(`${backend.baseUrl}/api/mcp-actions/v1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await anonymous.text();
  assert.equal(anonymous.status, 401);
  // The alert senders' token is limited to ingesting alerts: no MCP.
  await assert.rejects(connect(backend.token), /40[13]/);
});

test('read-only actions change nothing, and the read-only server offers no others', async () => {
  const client = await connect(userToken);
  const { incident } = await output(client, 'incidents.declare-incident', {
    title: 'Ledger lag (MCP)',
    severity: 'P3',
    entityRef: PAYMENTS_API,
  });
  const before = await output(client, 'incidents.get-incident', {
    incident: incident.ref,
  });

  const readonly = await connect(userToken, '/api/mcp-actions/v1/readonly');
  const { tools } = await readonly.listTools();
  assert.deepEqual(
    tools.map(t => t.name).sort(),
    READ_ONLY_TOOLS,
    'the read-only server lists only read-only tools',
  );
  const calls: Record<string, Record<string, unknown>> = {
    'incidents.get-incident': { incident: incident.ref },
    'incidents.list-incidents': { view: 'my-teams' },
    'incidents.who-is-on-call': { entityRef: PAYMENTS_API },
    'incidents.get-alert-runbook': {
      entityRef: PAYMENTS_API,
      alert: 'HighErrorRate',
    },
    'incidents.list-action-items': { view: 'all' },
    'incidents.get-postmortem': { incident: incident.ref },
  };
  for (const name of READ_ONLY_TOOLS) {
    const result = await call(readonly, name, calls[name]);
    if (name === 'incidents.get-postmortem') {
      // No postmortem until the incident resolves.
      assert.match(result.content[0].text ?? '', /^NotFoundError: /);
    } else {
      assert.ok(!result.isError, `${name}: ${result.content[0]?.text}`);
    }
  }
  const runbook = await output(readonly, 'incidents.get-alert-runbook', {
    entityRef: PAYMENTS_API,
    alert: 'HighErrorRate',
  });
  assert.equal(runbook.runbookFrom, 'table');
  assert.match(runbook.runbook, /^https:\/\//);

  for (const [name, args] of [
    ['incidents.acknowledge-incident', { incident: incident.ref }],
    [
      'incidents.declare-incident',
      { title: 'x', severity: 'P3', entityRef: PAYMENTS_API },
    ],
  ] as const) {
    const result = await call(readonly, name, args);
    assert.equal(result.isError, true, `${name} ran on the read-only server`);
    assert.match(result.content[0].text ?? '', /^NotFoundError: /);
  }

  const afterwards = await output(client, 'incidents.get-incident', {
    incident: incident.ref,
  });
  assert.deepEqual(afterwards, before, 'the incident is exactly as it was');
  const listed = await output(client, 'incidents.list-incidents', {
    query: '(MCP)',
  });
  assert.equal(
    listed.items.filter((i: { title: string }) => i.title === 'x').length,
    0,
    'nothing was declared through the read-only server',
  );
});

test('bad input is refused as invalid, naming what was wrong', async () => {
  const client = await connect(userToken);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'incidents.declare-incident',
      { severity: 'P2', entityRef: PAYMENTS_API },
      /"title"/,
    ],
    [
      'incidents.declare-incident',
      { title: 'a\u0000b', severity: 'P2', entityRef: PAYMENTS_API },
      /input\.title must not contain the NUL character/,
    ],
    [
      'incidents.get-incident',
      { incident: 'INC-99999999999' },
      /'INC-99999999999' is not an incident id/,
    ],
    [
      'incidents.who-is-on-call',
      { groupRef: 'payments', at: 'tomorrow' },
      /at must be an ISO-8601 date-time/,
    ],
  ];
  for (const [name, args, names] of cases) {
    const result = await call(client, name, args);
    const text = result.content[0].text ?? '';
    assert.equal(result.isError, true, name);
    assert.match(text, /^InputError: /, name);
    assert.match(text, names, name);
    log(`${name} ${JSON.stringify(args)}: ${text.split('\n')[0]}`);
  }
});

test('advertises OAuth sign-in for MCP clients', async () => {
  const res = await fetch(
    `${backend.baseUrl}/.well-known/oauth-protected-resource/api/mcp-actions/v1`,
  );
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    resource?: string;
    authorization_servers?: string[];
  };
  assert.equal(body.resource, `${backend.baseUrl}/api/mcp-actions/v1`);
  assert.deepEqual(body.authorization_servers, [`${backend.baseUrl}/api/auth`]);
});

/**
 * Runs the installed `backstage-cli` with its auth store in `home`. `auth login` needs a
 * browser for the OAuth consent, so the store is written the way login leaves it, with
 * the guest's token; everything after that is the CLI's own doing.
 */
async function cli(home: string, args: string[]) {
  const { stdout } = await promisify(execFile)(
    'npx',
    ['backstage-cli', ...args],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
      },
      timeout: 120_000,
    },
  );
  return stdout;
}

test('backstage-cli actions lists and runs them as the signed-in user', async () => {
  const home = mkdtempSync(join(tmpdir(), 'firebreak-cli-'));
  const instance = 'firebreak-e2e';
  const { exp } = JSON.parse(
    Buffer.from(userToken.split('.')[1], 'base64url').toString(),
  ) as { exp: number };
  mkdirSync(join(home, 'config', 'backstage-cli'), { recursive: true });
  writeFileSync(
    join(home, 'config', 'backstage-cli', 'auth-instances.yaml'),
    JSON.stringify({
      instances: [
        {
          name: instance,
          baseUrl: backend.baseUrl,
          clientId: 'firebreak-e2e',
          issuedAt: Date.now(),
          accessTokenExpiresAt: exp * 1000,
          selected: true,
        },
      ],
    }),
  );
  const secrets = join(
    home,
    'data',
    'backstage-cli',
    'auth-secrets',
    encodeURIComponent(`backstage-cli:auth-instance:${instance}`),
  );
  mkdirSync(secrets, { recursive: true });
  writeFileSync(join(secrets, 'accessToken.secret'), userToken);

  await cli(home, ['actions', 'sources', 'add', 'incidents']);
  const listed = await cli(home, ['actions', 'list']);
  for (const name of TOOLS) {
    const id = name.replace(/^incidents\./, 'incidents:');
    assert.ok(listed.includes(id), `actions list shows ${id}:\n${listed}`);
  }
  const oncall = JSON.parse(
    await cli(home, [
      'actions',
      'execute',
      'incidents:who-is-on-call',
      '--entityRef',
      PAYMENTS_API,
      '--at',
      '2026-01-12T10:00:00Z',
    ]),
  );
  assert.equal(oncall.oncall.primary, 'user:default/bob');
  const declared = JSON.parse(
    await cli(home, [
      'actions',
      'execute',
      'incidents:declare-incident',
      '--title',
      'Refunds stuck (CLI)',
      '--severity',
      'P3',
      '--entityRef',
      PAYMENTS_API,
    ]),
  );
  assert.equal(declared.incident.createdBy, GUEST);
  const got = JSON.parse(
    await cli(home, [
      'actions',
      'execute',
      'incidents:get-incident',
      '--incident',
      declared.incident.ref,
    ]),
  );
  assert.equal(got.incident.title, 'Refunds stuck (CLI)');
  log(`backstage-cli declared ${declared.incident.ref} as ${GUEST}`);
});
