import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { parseSeverityPolicy } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabasePostmortemStore } from '../postmortems/DatabasePostmortemStore';
import { PostmortemService } from '../postmortems/PostmortemService';
import { JiraStandIn, startJiraStandIn } from './__testUtils__/jiraStandIn';
import { readJiraSettings } from './jiraSettings';
import { JiraService } from './JiraService';
import { ConfigReader } from '@backstage/config';

const alice = 'user:default/alice';
const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const SYNC_TASK = 'incidents-jira-sync';

const group = (name: string, annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, ...(annotations && { annotations }) },
  spec: { type: 'team', children: [] },
  relations: [{ type: 'hasMember', targetRef: alice }],
});

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', owner, lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const entities: Entity[] = [
  group('payments'),
  group('search', { 'firebreak.dev/jira-project': 'SRCH/Bug' }),
  component('payments-api', PAYMENTS),
  component('search-api', SEARCH),
];

const PROJECTS = { OPS: ['Task'], PAY: ['Task', 'Story'], SRCH: ['Bug'] };
const CLOUD = { email: 'firebreak@example.com', apiToken: 'cloud-token' };
const PAT = 'dc-personal-token';

type AuditRecord = { eventId: string; meta?: JsonObject; outcome?: string };

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())('Jira on %p', databaseId => {
  let knex: Knex;
  let jira: JiraStandIn | undefined;
  let audits: AuditRecord[];
  let scheduler: ReturnType<typeof mockServices.scheduler>;

  afterEach(async () => {
    await jira?.close();
    jira = undefined;
  });

  const as = () => mockCredentials.user.header(alice);

  async function start(
    options: {
      flavor?: 'cloud' | 'datacenter';
      jiraConfig?: JsonObject | null;
      deny?: boolean;
    } = {},
  ) {
    const flavor = options.flavor ?? 'cloud';
    jira = await startJiraStandIn({
      flavor,
      ...CLOUD,
      personalAccessToken: PAT,
      projects: PROJECTS,
    });
    const credentials =
      flavor === 'cloud' ? CLOUD : { personalAccessToken: PAT };
    knex = await databases.init(databaseId);
    audits = [];
    scheduler = mockServices.scheduler();
    const auditor: AuditorService = {
      createEvent: async ({ eventId, meta }) => {
        const record: AuditRecord = { eventId, meta };
        audits.push(record);
        return {
          success: async () => {
            record.outcome = 'success';
          },
          fail: async () => {
            record.outcome = 'fail';
          },
        };
      },
    };
    const { server } = await startIncidentsBackend({
      knex,
      entities,
      scheduler,
      incidentsConfig:
        options.jiraConfig === null
          ? {}
          : {
              jira: {
                baseUrl: jira.baseUrl,
                flavor,
                ...credentials,
                project: 'OPS',
                teams: { payments: { project: 'PAY' } },
                ...options.jiraConfig,
              },
            },
      extra: [
        createServiceFactory({
          service: coreServices.auditor,
          deps: {},
          factory: () => auditor,
        }),
        ...(options.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
      ],
    });
    return server;
  }

  async function actionItem(
    server: any,
    body: Record<string, unknown> = {},
    entityRef = 'component:payments-api',
  ) {
    const incident = await declareIncident(server, as(), {
      severity: 'P3',
      entityRef,
    });
    const res = await request(server)
      .post('/api/incidents/action-items')
      .set('Authorization', as())
      .send({
        incidentId: String(incident.id),
        title: 'Renew certificates automatically',
        description: 'Use cert-manager.\n\nAlert 30 days ahead.',
        ownerRef: alice,
        ...body,
      });
    expect(res.status).toBe(201);
    return { incident, item: res.body };
  }

  const createIssue = (server: any, itemId: number) =>
    request(server)
      .post(`/api/incidents/action-items/${itemId}/jira`)
      .set('Authorization', as());

  const getItem = async (server: any, incidentId: number) => {
    const res = await request(server)
      .get(`/api/incidents/action-items?incidentId=${incidentId}`)
      .set('Authorization', as());
    return res.body.items[0];
  };

  it('creates a Cloud issue (REST v3, ADF) in the team project, stores key and URL, and refuses a second', async () => {
    const server = await start();
    const info = await request(server)
      .get('/api/incidents/jira')
      .set('Authorization', as());
    expect(info.body).toEqual({ configured: true, baseUrl: jira!.baseUrl });

    const pm = await declareIncident(server, as(), { severity: 'P3' });
    const postmortem = await request(server)
      .post(`/api/incidents/incidents/${pm.id}/postmortem`)
      .set('Authorization', as());
    const withPm = await request(server)
      .post('/api/incidents/action-items')
      .set('Authorization', as())
      .send({
        incidentId: String(pm.id),
        postmortemId: postmortem.body.id,
        title: 'Renew certificates automatically',
        description: 'Use cert-manager.',
        ownerRef: alice,
      });
    const created = await createIssue(server, withPm.body.id);
    expect(created.status).toBe(201);
    // The incident's owner is payments: its project from incidents.jira.teams.
    expect(created.body).toMatchObject({
      id: withPm.body.id,
      jiraKey: 'PAY-1',
      jiraUrl: `${jira!.baseUrl}/browse/PAY-1`,
    });
    const issue = jira!.issues.get('PAY-1')!;
    const incidentUrl = `http://localhost:3000/incidents/${pm.ref}`;
    expect(issue.fields).toEqual({
      project: { key: 'PAY' },
      issuetype: { name: 'Task' },
      summary: 'Renew certificates automatically',
      labels: ['firebreak', `incident-${pm.ref}`],
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: `Action item from incident ${pm.ref} (Payments failing): `,
              },
              {
                type: 'text',
                text: incidentUrl,
                marks: [{ type: 'link', attrs: { href: incidentUrl } }],
              },
            ],
          },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Postmortem: ' },
              {
                type: 'text',
                text: `${incidentUrl}/postmortem`,
                marks: [
                  {
                    type: 'link',
                    attrs: { href: `${incidentUrl}/postmortem` },
                  },
                ],
              },
            ],
          },
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Use cert-manager.' }],
          },
        ],
      },
    });
    expect(jira!.requests).toEqual(['POST /rest/api/3/issue']);
    expect((await getItem(server, pm.id)).jiraKey).toBe('PAY-1');

    const again = await createIssue(server, withPm.body.id);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Action item ${withPm.body.id} already has a Jira issue: PAY-1`,
    );
    expect(jira!.issues.size).toBe(1);
    expect(audits.filter(a => a.eventId === 'action-item-jira-create')).toEqual(
      [
        expect.objectContaining({ outcome: 'success' }),
        expect.objectContaining({ outcome: 'fail' }),
      ],
    );
  });

  it('creates a Data Center issue (REST v2, Bearer token, text description)', async () => {
    const server = await start({
      flavor: 'datacenter',
      jiraConfig: { teams: {} },
    });
    const { incident, item } = await actionItem(server);
    const created = await createIssue(server, item.id);
    expect(created.status).toBe(201);
    expect(created.body.jiraKey).toBe('OPS-1');
    expect(jira!.requests).toEqual(['POST /rest/api/2/issue']);
    const incidentUrl = `http://localhost:3000/incidents/${incident.ref}`;
    expect(jira!.issues.get('OPS-1')!.fields).toEqual({
      project: { key: 'OPS' },
      issuetype: { name: 'Task' },
      summary: 'Renew certificates automatically',
      labels: ['firebreak', `incident-${incident.ref}`],
      description: `Action item from incident ${incident.ref} (Payments failing): ${incidentUrl}\n\nUse cert-manager.\n\nAlert 30 days ahead.`,
    });
  });

  it("takes a Group's firebreak.dev/jira-project over the config, for a group-owned item", async () => {
    const server = await start({
      jiraConfig: { teams: { 'group:default/search': { project: 'PAY' } } },
    });
    // Owned by search (annotated SRCH/Bug), on a payments incident.
    const { item } = await actionItem(server, { ownerRef: SEARCH });
    const created = await createIssue(server, item.id);
    expect(created.status).toBe(201);
    expect(created.body.jiraKey).toBe('SRCH-1');
    expect(jira!.issues.get('SRCH-1')!.fields.issuetype).toEqual({
      name: 'Bug',
    });
  });

  it('makes one issue when two requests create at once', async () => {
    const server = await start();
    const { item } = await actionItem(server);
    jira!.hold();
    const first = createIssue(server, item.id).then(r => r);
    const second = createIssue(server, item.id).then(r => r);
    // Either the loser answers while the winner waits in Jira, or both reached Jira.
    const early = await Promise.race([first, second, jira!.whenWaiting(2)]);
    jira!.release();
    const statuses = (await Promise.all([first, second])).map(r => r.status);
    expect(early).toMatchObject({ status: 409 });
    expect(statuses.sort()).toEqual([201, 409]);
    expect([...jira!.issues.keys()]).toEqual(['PAY-1']);
  });

  it('syncs: a done issue makes its item done once, recorded as the service; others keep their status', async () => {
    const server = await start();
    const a = await actionItem(server);
    const b = await actionItem(server, { title: 'Add a runbook' });
    const c = await actionItem(server, { title: 'Not in Jira' });
    expect((await createIssue(server, a.item.id)).body.jiraKey).toBe('PAY-1');
    expect((await createIssue(server, b.item.id)).body.jiraKey).toBe('PAY-2');
    jira!.setStatus('PAY-1', 'Closed', 'done');
    jira!.setStatus('PAY-2', 'In Progress', 'indeterminate');

    await scheduler.triggerTask(SYNC_TASK);
    const doneItem = await getItem(server, a.incident.id);
    expect(doneItem).toMatchObject({ status: 'done', jiraStatus: 'Closed' });
    expect(doneItem.completedAt).toEqual(expect.any(String));
    expect(await getItem(server, b.incident.id)).toMatchObject({
      status: 'open',
      jiraStatus: 'In Progress',
    });
    expect(await getItem(server, c.incident.id)).toMatchObject({
      status: 'open',
    });
    expect(jira!.requests).toContain(
      `GET /rest/api/3/search/jql?${new URLSearchParams({
        jql: 'key in ("PAY-1", "PAY-2")',
        fields: 'status',
        maxResults: '2',
      })}`,
    );

    await scheduler.triggerTask(SYNC_TASK);
    const syncs = audits.filter(
      x => x.eventId === 'action-item-update' && x.meta?.jiraKey,
    );
    expect(syncs).toEqual([
      {
        eventId: 'action-item-update',
        meta: expect.objectContaining({
          actionItemId: a.item.id,
          status: 'done',
          actorRef: 'plugin:incidents',
          reason: 'Done in Jira (PAY-1)',
        }),
        outcome: 'success',
      },
    ]);
  });

  it('keeps syncing the other items when an issue was deleted in Jira', async () => {
    const server = await start({ flavor: 'datacenter' });
    const a = await actionItem(server);
    const b = await actionItem(server);
    await createIssue(server, a.item.id);
    await createIssue(server, b.item.id);
    jira!.issues.delete('PAY-1');
    jira!.setStatus('PAY-2', 'Done', 'done');
    await scheduler.triggerTask(SYNC_TASK);
    expect((await getItem(server, b.incident.id)).status).toBe('done');
    expect((await getItem(server, a.incident.id)).status).toBe('open');
  });

  it('answers 503 and stores nothing when Jira is down, and creates once it is back', async () => {
    const server = await start();
    const { incident, item } = await actionItem(server);
    jira!.failWith(502);
    const failed = await createIssue(server, item.id);
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toBe(
      `Jira at ${jira!.baseUrl} answered HTTP 502: Jira is having a bad day`,
    );
    expect((await getItem(server, incident.id)).jiraKey).toBeUndefined();
    // The claim was given back: the next attempt is not refused as "being created".
    jira!.failWith(undefined);
    expect((await createIssue(server, item.id)).status).toBe(201);

    const other = await actionItem(server);
    await jira!.close();
    const unreachable = await createIssue(server, other.item.id);
    jira = undefined;
    expect(unreachable.status).toBe(503);
    expect(unreachable.body.error.message).toMatch(
      /^Jira at http:\/\/127\.0\.0\.1:\d+ could not be reached: ECONNREFUSED$/,
    );
    expect((await getItem(server, other.incident.id)).jiraKey).toBeUndefined();
  });

  it('says which credentials Jira refused', async () => {
    const server = await start({ jiraConfig: { apiToken: 'wrong' } });
    const { item } = await actionItem(server);
    const res = await createIssue(server, item.id);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `Jira at ${
        jira!.baseUrl
      } refused Firebreak's credentials (HTTP 401); check incidents.jira.email and incidents.jira.apiToken: You are not authenticated. Authentication required to perform this operation.`,
    );
    expect(jira!.issues.size).toBe(0);
  });

  it("passes on Jira's field errors", async () => {
    const server = await start({ jiraConfig: { issueType: 'Epic' } });
    const { item } = await actionItem(server);
    const res = await createIssue(server, item.id);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      `Jira at ${
        jira!.baseUrl
      } answered HTTP 400: issuetype: Specify a valid issue type`,
    );
  });

  it('answers 404 naming incidents.jira when Jira is not configured', async () => {
    const server = await start({ jiraConfig: null });
    expect(
      (
        await request(server)
          .get('/api/incidents/jira')
          .set('Authorization', as())
      ).body,
    ).toEqual({ configured: false });
    const { item } = await actionItem(server);
    const res = await createIssue(server, item.id);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'Jira is not configured: set incidents.jira',
    );
  });

  it('refuses callers who may not update the incident, before asking Jira', async () => {
    const server = await start();
    const { item } = await actionItem(server);
    // Same database, a backend whose policy denies everything.
    const denied = await startIncidentsBackend({
      knex,
      entities,
      incidentsConfig: {
        jira: { baseUrl: jira!.baseUrl, ...CLOUD, project: 'OPS' },
      },
      extra: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    const res = await createIssue(denied.server, item.id);
    expect(res.status).toBe(403);
    expect(jira!.requests).toEqual([]);
  });

  it('completes with the injected clock', async () => {
    const server = await start();
    const { incident, item } = await actionItem(server);
    await createIssue(server, item.id);
    jira!.setStatus('PAY-1', 'Done', 'done');
    const at = new Date('2026-03-01T12:00:00.000Z');
    const clock = () => at;
    const postmortems = new PostmortemService({
      store: DatabasePostmortemStore.fromKnex(knex, { clock }),
      incidents: DatabaseIncidentStore.fromKnex(knex, { clock }),
      severities: parseSeverityPolicy(undefined),
      clock,
    });
    const service = new JiraService({
      settings: readJiraSettings(
        new ConfigReader({
          incidents: {
            jira: { baseUrl: jira!.baseUrl, ...CLOUD, project: 'OPS' },
          },
        }),
      ),
      postmortems,
      catalog: {
        getEntity: async () => ({ available: false }),
      } as Pick<CatalogGateway, 'getEntity'>,
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
      appBaseUrl: 'http://localhost:3000',
    });
    expect(await service.sync()).toEqual({ checked: 1, completed: 1 });
    expect(await service.sync()).toEqual({ checked: 0, completed: 0 });
    expect(await getItem(server, incident.id)).toMatchObject({
      status: 'done',
      completedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
  });
});

describe('readJiraSettings', () => {
  const read = (jira: JsonObject) =>
    readJiraSettings(new ConfigReader({ incidents: { jira } }));

  it('is undefined without incidents.jira and names the missing keys', () => {
    expect(readJiraSettings(new ConfigReader({}))).toBeUndefined();
    expect(() =>
      read({ baseUrl: 'https://x.atlassian.net', project: 'OPS' }),
    ).toThrow(
      'Jira Cloud needs incidents.jira.email and incidents.jira.apiToken',
    );
    expect(() =>
      read({
        baseUrl: 'https://jira.example.com',
        flavor: 'datacenter',
        project: 'OPS',
      }),
    ).toThrow('Jira Data Center needs incidents.jira.personalAccessToken');
    expect(() =>
      read({ baseUrl: 'https://x', ...CLOUD, project: 'ops' }),
    ).toThrow("incidents.jira.project 'ops' is not a Jira project key");
  });

  it('reads teams by full or short group ref', () => {
    const settings = read({
      baseUrl: 'https://x.atlassian.net/',
      ...CLOUD,
      project: 'OPS',
      teams: {
        payments: { project: 'PAY' },
        'group:default/search': { project: 'SRCH', issueType: 'Bug' },
      },
    })!;
    expect(settings.connection.baseUrl).toBe('https://x.atlassian.net');
    expect(Object.fromEntries(settings.teams)).toEqual({
      'group:default/payments': { project: 'PAY' },
      'group:default/search': { project: 'SRCH', issueType: 'Bug' },
    });
    expect(settings.doneStatusCategory).toBe('done');
  });
});
