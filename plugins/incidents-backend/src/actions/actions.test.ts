import {
  AuditorService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const alice = 'user:default/alice';
const bob = 'user:default/bob';
const grace = 'user:default/grace';
const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const WEEK_MS = 7 * 24 * 3600_000;
// A rotation that started an hour ago: alice now, bob from next week.
const rotationStart = new Date(Date.now() - 3600_000);

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        'firebreak.dev/oncall': `rotation: [user:alice, user:bob]\nstart: ${rotationStart.toISOString()}\nshift: P7D\nescalation: [user:carol]\n`,
      },
    },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: alice },
      { type: 'hasMember', targetRef: bob },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'search' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: grace }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'firebreak.dev/alerts':
          '- alert: HighErrorRate\n  description: 5xx above 2%\n  runbook: https://wiki.example.com/5xx\n  severity: P2\n- alert: SlowCheckout\n  description: p99 above 2s\n',
        'firebreak.dev/runbook': 'https://wiki.example.com/payments',
      },
    },
    spec: { type: 'service', owner: PAYMENTS, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'search-api' },
    spec: { type: 'service', owner: SEARCH, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: SEARCH }],
  },
];

/** The team-scoped policy in miniature: a user reads and changes their team's incidents. */
const teamOf: Record<string, string> = {
  [alice]: PAYMENTS,
  [bob]: PAYMENTS,
  [grace]: SEARCH,
};

type Policy = 'allow' | 'team-scoped' | 'deny';

function decide(policy: Policy, userRef: string | undefined): PolicyDecision {
  if (policy === 'allow') return { result: AuthorizeResult.ALLOW };
  if (policy === 'deny' || !userRef || !teamOf[userRef]) {
    return { result: AuthorizeResult.DENY };
  }
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'incidents',
    resourceType: 'incident',
    conditions: {
      rule: 'IS_INCIDENT_OWNER',
      resourceType: 'incident',
      params: { ownerRefs: [teamOf[userRef]] },
    },
  };
}

const userOf = (credentials?: BackstageCredentials) =>
  (credentials?.principal as { userEntityRef?: string } | undefined)
    ?.userEntityRef;

type AuditRecord = {
  eventId: string;
  meta?: JsonObject;
  outcome?: 'success' | 'fail';
  error?: string;
};

describe('incident actions', () => {
  const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start(policy: Policy = 'allow') {
      const registry = actionsRegistryServiceMock();
      const audits: AuditRecord[] = [];
      const auditor: AuditorService = {
        createEvent: async ({ eventId, meta }) => {
          const record: AuditRecord = { eventId, meta };
          audits.push(record);
          return {
            success: async () => {
              record.outcome = 'success';
            },
            fail: async ({ error }) => {
              record.outcome = 'fail';
              record.error = error.name;
            },
          };
        },
      };
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
        extra: [
          createServiceFactory({
            service: actionsRegistryServiceRef,
            deps: {},
            factory: () => registry,
          }),
          createServiceFactory({
            service: coreServices.auditor,
            deps: {},
            factory: () => auditor,
          }),
          mockServices.permissions.mock({
            authorize: async (requests, options) =>
              requests.map(({ permission }) => {
                const decision = decide(policy, userOf(options?.credentials));
                // A basic permission (declaring) is allowed to team members.
                if (!('resourceType' in permission)) {
                  return {
                    result:
                      decision.result === AuthorizeResult.DENY
                        ? AuthorizeResult.DENY
                        : AuthorizeResult.ALLOW,
                  };
                }
                return decision.result === AuthorizeResult.ALLOW
                  ? decision
                  : { result: AuthorizeResult.DENY };
              }),
            authorizeConditional: async (requests, options) =>
              requests.map(() => decide(policy, userOf(options?.credentials))),
          }).factory,
          mockServices.userInfo.mock({
            getUserInfo: async credentials => {
              const userRef = userOf(credentials)!;
              return {
                userEntityRef: userRef,
                ownershipEntityRefs: teamOf[userRef]
                  ? [userRef, teamOf[userRef]]
                  : [userRef],
              };
            },
          }).factory,
        ],
      });

      /** Invokes an action as `userRef` (a service without one); resolves to its output. */
      const invoke = async (
        name: string,
        input: JsonObject,
        /** `null`: a service (another plugin) calls. */
        userRef: string | null = alice,
      ) =>
        (
          await registry.invoke({
            id: `test:${name}`,
            input,
            credentials: userRef
              ? mockCredentials.user(userRef)
              : mockCredentials.service('plugin:catalog'),
          })
        ).output as any;
      const http = (userRef = alice) => ({
        get: (path: string) =>
          request(server)
            .get(`/api/incidents${path}`)
            .set('Authorization', mockCredentials.user.header(userRef)),
        post: (path: string, body: object) =>
          request(server)
            .post(`/api/incidents${path}`)
            .set('Authorization', mockCredentials.user.header(userRef))
            .send(body),
      });
      return { server, registry, audits, invoke, http };
    }

    it('registers every action with schemas and honest attributes', async () => {
      const { registry } = await start();
      const { actions } = await registry.list();
      const byName = Object.fromEntries(actions.map(a => [a.name, a]));
      expect(Object.keys(byName).sort()).toEqual([
        'acknowledge-incident',
        'add-timeline-note',
        'declare-incident',
        'get-alert-runbook',
        'get-incident',
        'get-postmortem',
        'list-action-items',
        'list-incidents',
        'post-status-update',
        'transition-incident',
        'who-is-on-call',
      ]);
      const reads = [
        'get-alert-runbook',
        'get-incident',
        'get-postmortem',
        'list-action-items',
        'list-incidents',
        'who-is-on-call',
      ];
      for (const name of reads) {
        expect([name, byName[name].attributes]).toEqual([
          name,
          { readOnly: true, destructive: false, idempotent: true },
        ]);
      }
      expect(byName['declare-incident'].attributes).toEqual({
        readOnly: false,
        destructive: false,
        idempotent: false,
      });
      expect(byName['acknowledge-incident'].attributes).toEqual({
        readOnly: false,
        destructive: false,
        idempotent: true,
      });
      // Resolving or declining overwrites the status: the one destructive action.
      expect(byName['transition-incident'].attributes.destructive).toBe(true);
      for (const action of actions) {
        expect(action.schema.input).toMatchObject({ type: 'object' });
        expect(action.schema.output).toMatchObject({ type: 'object' });
        expect(action.description.length).toBeGreaterThan(30);
      }
      expect(byName['declare-incident'].schema.input).toMatchObject({
        required: expect.arrayContaining(['title', 'severity', 'entityRef']),
      });
      // A plain string, so `backstage-cli actions execute` offers `--incident INC-12`.
      expect(byName['get-incident'].schema.input).toMatchObject({
        properties: { incident: { type: 'string' } },
        required: ['incident'],
      });
    });

    it('declares, acknowledges, notes, posts and resolves as the caller, each audited', async () => {
      const { invoke, http, audits } = await start();
      const declared = await invoke('declare-incident', {
        title: 'Checkout failing',
        severity: 'P2',
        entityRef: 'component:payments-api',
      });
      expect(declared.incident).toMatchObject({
        ref: expect.stringMatching(/^INC-\d+$/),
        status: 'triggered',
        entityRef: 'component:default/payments-api',
        ownerRef: PAYMENTS,
        createdBy: alice,
        roles: [expect.objectContaining({ role: 'commander', userRef: alice })],
      });
      const ref = declared.incident.ref;

      const first = await invoke('acknowledge-incident', { incident: ref });
      expect(first.changed).toBe(true);
      expect(first.incident.status).toBe('acknowledged');
      expect(first.incident.acknowledgedAt).toEqual(expect.any(String));
      // Idempotent as advertised: a second call changes nothing.
      const again = await invoke('acknowledge-incident', { incident: ref });
      expect(again).toEqual({ incident: first.incident, changed: false });

      const note = await invoke('add-timeline-note', {
        incident: declared.incident.id,
        message: 'Rolled back 4.2.1',
        pinned: true,
      });
      expect(note.event).toMatchObject({
        type: 'note',
        actorRef: alice,
        pinned: true,
      });
      const update = await invoke('post-status-update', {
        incident: ref,
        message: 'Checkout is degraded; a rollback is under way.',
      });
      expect(update.statusUpdate).toMatchObject({
        status: 'acknowledged',
        postedBy: alice,
      });
      const resolved = await invoke('transition-incident', {
        incident: ref,
        to: 'resolved',
        message: 'Rollback done',
        version: first.incident.version,
      });
      expect(resolved.incident.status).toBe('resolved');

      // The HTTP API sees the same incident.
      const res = await http().get(`/incidents/${declared.incident.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'resolved', version: 3 });

      const got = await invoke('get-incident', { incident: ref });
      expect(got.incident.status).toBe('resolved');
      expect(got.timeline.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining([
          'declared',
          'status_changed',
          'note',
          'status_update',
        ]),
      );
      expect(got.statusUpdates).toHaveLength(1);
      expect(got.alerts).toEqual([]);

      const writes = audits.filter(a => a.meta?.action !== 'get-incident');
      expect(
        writes.map(a => [a.eventId, a.meta?.action, a.meta?.actor, a.outcome]),
      ).toEqual([
        ['incident-declare', 'declare-incident', alice, 'success'],
        ['incident-transition', 'acknowledge-incident', alice, 'success'],
        ['incident-transition', 'acknowledge-incident', alice, 'success'],
        ['incident-note', 'add-timeline-note', alice, 'success'],
        ['incident-status-update', 'post-status-update', alice, 'success'],
        ['incident-transition', 'transition-incident', alice, 'success'],
      ]);
    });

    it('answers who is on call for an entity or a team, now or at a time', async () => {
      const { invoke } = await start();
      const now = await invoke('who-is-on-call', {
        entityRef: 'component:payments-api',
      });
      expect(now).toMatchObject({
        entityRef: 'component:default/payments-api',
        ownerRef: PAYMENTS,
        catalogAvailable: true,
        oncall: {
          groupRef: PAYMENTS,
          source: 'rotation',
          primary: alice,
          secondary: bob,
          escalation: ['user:default/carol'],
        },
      });
      const nextWeek = new Date(rotationStart.getTime() + WEEK_MS + 3600_000);
      const later = await invoke('who-is-on-call', {
        groupRef: 'payments',
        at: nextWeek.toISOString(),
      });
      expect(later.oncall).toMatchObject({ primary: bob, secondary: alice });
      expect(later.schedule[0]).toMatchObject({ userRef: bob });
      expect(later.schedule.length).toBeGreaterThan(1);
    });

    it("finds an alert's runbook, the entity's fallback, and the snippet when there is none", async () => {
      const { invoke } = await start();
      await expect(
        invoke('get-alert-runbook', {
          entityRef: 'component:payments-api',
          alert: 'HighErrorRate',
        }),
      ).resolves.toMatchObject({
        runbook: 'https://wiki.example.com/5xx',
        runbookFrom: 'table',
        inTable: true,
        severity: 'P2',
      });
      const fallback = await invoke('get-alert-runbook', {
        entityRef: 'component:payments-api',
        alert: 'slowcheckout',
      });
      expect(fallback).toMatchObject({
        alert: 'SlowCheckout',
        runbook: 'https://wiki.example.com/payments',
        runbookFrom: 'entity',
        snippet: expect.stringContaining('- alert: SlowCheckout'),
      });
      await expect(
        invoke('get-alert-runbook', {
          entityRef: 'component:search-api',
          alert: 'DiskFull',
        }),
      ).resolves.toMatchObject({
        runbookFrom: 'none',
        inTable: false,
        firedCount: 0,
        snippet: expect.stringContaining('- alert: DiskFull'),
      });
    });

    it('lists incidents with filters and the mine and my-teams views', async () => {
      const { invoke, server } = await start();
      const asBob = mockCredentials.user.header(bob);
      const mine = await declareIncident(
        server,
        mockCredentials.user.header(alice),
      );
      const bobs = await declareIncident(server, asBob, { severity: 'P3' });
      const search = await declareIncident(server, asBob, {
        entityRef: 'component:search-api',
        title: 'Search is slow',
      });
      const refs = (out: { items: { ref: string }[] }) =>
        out.items.map(i => i.ref).sort();

      expect(refs(await invoke('list-incidents', {}))).toEqual(
        [mine.ref, bobs.ref, search.ref].sort(),
      );
      expect(refs(await invoke('list-incidents', { view: 'mine' }))).toEqual([
        mine.ref,
      ]);
      expect(
        refs(await invoke('list-incidents', { view: 'my-teams' })),
      ).toEqual([mine.ref, bobs.ref].sort());
      expect(
        refs(await invoke('list-incidents', { severity: ['P3'] })),
      ).toEqual([bobs.ref]);
      expect(refs(await invoke('list-incidents', { query: 'SEARCH' }))).toEqual(
        [search.ref],
      );
      const page = await invoke('list-incidents', { limit: 2 });
      expect(page.items).toHaveLength(2);
      const rest = await invoke('list-incidents', {
        limit: 2,
        cursor: page.nextCursor,
      });
      expect(rest.items).toHaveLength(1);
    });

    it("lists my, my teams' and overdue action items, and exports a postmortem", async () => {
      const { invoke, server, http } = await start();
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
      );
      const item = async (ownerRef: string, dueAt?: string) => {
        const res = await http().post('/action-items', {
          incidentId: incident.ref,
          title: `Follow-up for ${ownerRef}`,
          ownerRef,
          ...(dueAt && { dueAt }),
        });
        expect(res.status).toBe(201);
        return res.body.id as number;
      };
      const past = new Date(Date.now() - 24 * 3600_000).toISOString();
      const future = new Date(Date.now() + WEEK_MS).toISOString();
      const alices = await item(alice, past);
      const bobs = await item(bob, future);
      const teams = await item(PAYMENTS);
      const graces = await item(grace);
      const ids = (out: { items: { id: number }[] }) =>
        out.items.map(i => i.id).sort((a, b) => a - b);

      expect(ids(await invoke('list-action-items', {}))).toEqual([alices]);
      expect(
        ids(await invoke('list-action-items', { view: 'my-teams' })),
      ).toEqual([alices, bobs, teams]);
      expect(
        ids(await invoke('list-action-items', { view: 'all', overdue: true })),
      ).toEqual([alices]);
      expect(ids(await invoke('list-action-items', { view: 'all' }))).toEqual([
        alices,
        bobs,
        teams,
        graces,
      ]);

      await expect(
        invoke('get-postmortem', { incident: incident.ref }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(
        (await http().post(`/incidents/${incident.id}/postmortem`, {})).status,
      ).toBe(201);
      const postmortem = await invoke('get-postmortem', {
        incident: incident.ref,
      });
      expect(postmortem).toMatchObject({
        incidentId: incident.id,
        status: 'draft',
        markdown: expect.stringContaining(incident.ref),
      });
      expect(postmortem.markdown).toContain('Payments failing');
    });

    it('refuses what the policy denies, and lists only what the caller may read', async () => {
      const { invoke, server, audits } = await start('team-scoped');
      const ours = await declareIncident(
        server,
        mockCredentials.user.header(alice),
      );
      const theirs = await declareIncident(
        server,
        mockCredentials.user.header(grace),
        { entityRef: 'component:search-api' },
      );
      const denied = { name: 'NotAllowedError' };
      const before = await invoke(
        'get-incident',
        { incident: theirs.ref },
        grace,
      );

      // Alice, of payments, neither reads nor changes the search team's incident.
      await expect(
        invoke('get-incident', { incident: theirs.ref }),
      ).rejects.toMatchObject(denied);
      for (const [name, input] of [
        ['acknowledge-incident', {}],
        ['transition-incident', { to: 'declined' }],
        ['add-timeline-note', { message: 'mine now' }],
        ['post-status-update', { message: 'all good' }],
      ] as const) {
        await expect(
          invoke(name, { incident: theirs.ref, ...input }),
        ).rejects.toMatchObject(denied);
      }
      await expect(
        invoke('get-alert-runbook', {
          entityRef: 'component:search-api',
          alert: 'HighErrorRate',
        }),
      ).rejects.toMatchObject(denied);
      expect(
        (await invoke('list-incidents', {})).items.map(
          (i: { ref: string }) => i.ref,
        ),
      ).toEqual([ours.ref]);
      // Grace's incident is untouched: still triggered, no timeline entry added.
      const after = await invoke(
        'get-incident',
        { incident: theirs.ref },
        grace,
      );
      expect(after).toEqual(before);
      expect(after.incident).toMatchObject({ status: 'triggered', version: 1 });
      // The refusals are audited as failures.
      expect(
        audits
          .filter(a => a.meta?.actor === alice && a.outcome === 'fail')
          .map(a => a.error),
      ).toEqual(Array(6).fill('NotAllowedError'));

      // A user without a team may not even declare, nor read who is on call.
      const outsider = 'user:default/mallory';
      await expect(
        invoke(
          'declare-incident',
          { title: 'x', severity: 'P1', entityRef: 'component:payments-api' },
          outsider,
        ),
      ).rejects.toMatchObject(denied);
      await expect(
        invoke(
          'who-is-on-call',
          { entityRef: 'component:payments-api' },
          outsider,
        ),
      ).rejects.toMatchObject(denied);
      await expect(
        invoke('list-action-items', { view: 'all' }, outsider),
      ).rejects.toMatchObject(denied);
      expect((await invoke('list-incidents', {}, grace)).items).toHaveLength(1);
    });

    it('reads change nothing', async () => {
      const { invoke, server, registry } = await start();
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
      );
      const before = await invoke('get-incident', { incident: incident.ref });
      const inputs: Record<string, JsonObject> = {
        'get-incident': { incident: incident.ref },
        'list-incidents': { view: 'my-teams' },
        'who-is-on-call': { entityRef: 'component:payments-api' },
        'get-alert-runbook': {
          entityRef: 'component:payments-api',
          alert: 'HighErrorRate',
        },
        'list-action-items': { view: 'all' },
      };
      const { actions } = await registry.list();
      const reads = actions.filter(a => a.attributes.readOnly);
      const outcomes: Record<string, string> = {};
      for (const action of reads) {
        outcomes[action.name] = await invoke(
          action.name,
          inputs[action.name] ?? { incident: incident.ref },
        ).then(
          () => 'ok',
          error => error.name,
        );
      }
      expect(outcomes).toEqual({
        'get-incident': 'ok',
        'list-incidents': 'ok',
        'who-is-on-call': 'ok',
        'get-alert-runbook': 'ok',
        'list-action-items': 'ok',
        // No postmortem before the incident resolves.
        'get-postmortem': 'NotFoundError',
      });
      expect(reads).toHaveLength(6);
      expect(await invoke('get-incident', { incident: incident.ref })).toEqual(
        before,
      );
    });

    it('refuses bad input with an error naming it, never a database failure', async () => {
      const { invoke } = await start();
      const declared = await invoke('declare-incident', {
        title: 'Checkout failing',
        severity: 'P2',
        entityRef: 'component:payments-api',
      });
      const ref = declared.incident.ref;
      const cases: [string, JsonObject, RegExp | string][] = [
        // The registry's schema check
        [
          'declare-incident',
          { severity: 'P2', entityRef: 'component:payments-api' },
          'Invalid input to action "test:declare-incident"',
        ],
        ['transition-incident', { incident: ref, to: 'merged' }, 'Invalid'],
        ['list-incidents', { limit: 1000 }, 'Invalid'],
        // NUL cannot be stored by PostgreSQL: refused by name on every engine.
        [
          'declare-incident',
          {
            title: 'bad\u0000title',
            severity: 'P2',
            entityRef: 'component:payments-api',
          },
          /^input\.title must not contain the NUL character/,
        ],
        [
          'add-timeline-note',
          { incident: ref, message: 'lone \ud800 surrogate' },
          /^input\.message must be valid Unicode/,
        ],
        // The services' rules
        [
          'declare-incident',
          {
            title: 'x',
            severity: 'P9',
            entityRef: 'component:payments-api',
          },
          /P9/,
        ],
        [
          'declare-incident',
          { title: 'x', severity: 'P2', entityRef: 'not a ref!' },
          /entityRef/,
        ],
        ['get-incident', { incident: 'INC-99999999999' }, /INC-99999999999/],
        ['get-incident', { incident: 'twelve' }, /twelve/],
        ['who-is-on-call', {}, 'Give either entityRef or groupRef'],
        [
          'who-is-on-call',
          { entityRef: 'component:payments-api', groupRef: 'payments' },
          'Give either entityRef or groupRef',
        ],
        ['who-is-on-call', { groupRef: 'payments', at: 'yesterday' }, /^at /],
        ['list-incidents', { from: 'soon' }, /^from /],
      ];
      for (const [name, input, message] of cases) {
        const error = await invoke(name, input).then(
          () => undefined,
          e => e,
        );
        // The action's name in the comparison says which case failed.
        expect([name, error?.name, error?.message]).toEqual([
          name,
          'InputError',
          expect.stringMatching(message),
        ]);
      }
      await expect(
        invoke('get-incident', { incident: 'INC-424242' }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        invoke('transition-incident', { incident: ref, to: 'triggered' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await expect(
        invoke('transition-incident', {
          incident: ref,
          to: 'acknowledged',
          version: 99,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      // "Mine" belongs to a person; a service has none.
      await expect(invoke('list-action-items', {}, null)).rejects.toMatchObject(
        {
          name: 'InputError',
          message: "view 'mine' needs a signed-in user, not a service",
        },
      );
    });
  });
});
