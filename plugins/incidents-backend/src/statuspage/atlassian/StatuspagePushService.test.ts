import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SEVERITY_POLICY,
  StatusUpdate,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { createPerTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseIncidentStore } from '../../incidents/DatabaseIncidentStore';
import { IncidentService } from '../../incidents/IncidentService';
import { IncidentChangePublisher } from '../../incidents/types';
import { StatuspageStandIn } from '../__testUtils__/statuspageStandIn';
import { DatabaseStatuspagePushStore } from './DatabaseStatuspagePushStore';
import { RESOLVED_BODY, StatuspagePushService } from './StatuspagePushService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const API_KEY = 'sp-test-key';
const PAGE_ID = 'kctbh9vrtdwd';
const PAYMENTS_COMPONENT = '8kbf7d35c070';
const CHECKOUT_COMPONENT = 'x1y2z3w4v5u6';
const ALICE = 'user:default/alice';
const PAYMENTS = 'component:default/card-payments';
const CHECKOUT = 'component:default/checkout';
const LEDGER = 'component:default/ledger';
const LEGACY = 'component:default/legacy';
const TITLE = 'Acquirer TLS cert expired on pay-gw-3';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  };
}

describe.each(databases.eachSupportedId())(
  'StatuspagePushService on %s',
  databaseId => {
    let knex: Knex;
    let statuspage: StatuspageStandIn;
    let now: Date;
    const clock = () => now;
    const advance = (ms: number) => {
      now = new Date(now.getTime() + ms);
    };

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
      now = new Date('2026-12-15T10:00:00.000Z');
      statuspage = await StatuspageStandIn.start({
        apiKey: API_KEY,
        pageId: PAGE_ID,
        componentIds: [PAYMENTS_COMPONENT, CHECKOUT_COMPONENT],
      });
    });

    afterEach(async () => {
      await statuspage?.stop();
    });

    /** The real incident rules and Statuspage sender on the test database. */
    function setUp(
      options: {
        atlassian?: Record<string, unknown> | null;
        maxAttempts?: number;
        catalogDown?: () => boolean;
        hideUpdate?: () => number | undefined;
      } = {},
    ) {
      const entities: Record<string, Entity> = {
        [PAYMENTS]: component('card-payments', {
          'firebreak.dev/status-page': 'Card payments',
          'firebreak.dev/statuspage-component': PAYMENTS_COMPONENT,
        }),
        [CHECKOUT]: component('checkout', {
          'firebreak.dev/status-page': 'Checkout',
          'firebreak.dev/statuspage-component': CHECKOUT_COMPONENT,
        }),
        [LEDGER]: component('ledger', {}),
        [LEGACY]: component('legacy', {
          'firebreak.dev/statuspage-component': 'notonthepage1',
        }),
      };
      const catalog = {
        getOwnerRef: async () => ({
          available: true as const,
          value: 'group:default/payments',
        }),
        getDependencies: async () => ({ available: true as const, value: [] }),
        displayName: async (ref: string) => ref,
        getEntity: async (ref: string) =>
          options.catalogDown?.()
            ? { available: false as const }
            : { available: true as const, value: entities[ref] },
      };
      const oncall = {
        getOncallForEntity: async (entityRef: string) => ({
          entityRef,
          catalogAvailable: true,
        }),
      };
      const store = DatabaseStatuspagePushStore.fromKnex(knex, { clock });
      let changes: IncidentChangePublisher = { publish: async () => {} };
      const incidents: IncidentService = new IncidentService({
        store: DatabaseIncidentStore.fromKnex(knex, { clock }),
        severities: [...DEFAULT_SEVERITY_POLICY],
        catalog,
        oncall,
        alerting: { incidentResolved: async () => {} },
        publisher: { publish: (...args) => changes.publish(...args) },
        clock,
      });
      const newSender = () => {
        const created = StatuspagePushService.fromConfig(
          new ConfigReader(
            options.atlassian === null
              ? {}
              : {
                  incidents: {
                    statusPage: {
                      atlassian: {
                        apiKey: API_KEY,
                        pageId: PAGE_ID,
                        baseUrl: statuspage.url,
                        ...options.atlassian,
                      },
                    },
                  },
                },
          ),
          {
            store,
            catalog,
            severities: [...DEFAULT_SEVERITY_POLICY],
            logger: mockServices.logger.mock(),
            clock,
            sendOnChange: false,
            maxAttempts: options.maxAttempts,
          },
        );
        created?.connect({
          get: id => incidents.get(id),
          listPublicUpdates: async ids => {
            const hidden = options.hideUpdate?.();
            return (await incidents.timeline.listPublicUpdates(ids)).filter(
              (u: StatusUpdate) => u.id !== hidden,
            );
          },
          recordNotificationFailure: (id, failure) =>
            incidents.recordNotificationFailure(id, failure),
        });
        return created;
      };
      const sender = newSender();
      if (sender) changes = sender.changes;
      return { sender, newSender, incidents, store };
    }

    const declare = (
      incidents: IncidentService,
      options: {
        severity?: string;
        entityRef?: string;
        affected?: string[];
      } = {},
    ) =>
      incidents.declare(
        {
          title: TITLE,
          severity: options.severity ?? 'P3',
          entityRef: options.entityRef ?? PAYMENTS,
          affectedEntityRefs: options.affected,
        },
        ALICE,
      );

    const post = (
      incidents: IncidentService,
      id: number,
      message: string,
      isPublic = true,
    ) =>
      incidents.timeline.postStatusUpdate(
        id,
        { message, public: isPublic },
        ALICE,
      );

    const notes = async (incidents: IncidentService, id: number) =>
      (await incidents.timeline.getTimeline(id)).filter(
        e => e.type === 'note' && e.data?.statuspage,
      );

    const nothing = { synced: 0, retrying: 0, abandoned: 0 };

    it('creates a Statuspage incident from the first public update, with public facts only', async () => {
      const { sender, incidents, store } = setUp();
      const incident = await declare(incidents, {
        severity: 'P2',
        affected: [CHECKOUT, LEDGER],
      });
      await incidents.transition(incident.id, 'investigating', ALICE);
      await post(
        incidents,
        incident.id,
        'Some card payments fail; we are on it.',
      );

      expect(await sender!.run()).toEqual({ ...nothing, synced: 1 });
      expect(statuspage.calls).toHaveLength(1);
      const [call] = statuspage.calls;
      expect(call).toMatchObject({
        method: 'POST',
        path: `/v1/pages/${PAGE_ID}/incidents`,
        status: 201,
      });
      expect(call.body).toEqual({
        incident: {
          name: 'Service disruption: Card payments, Checkout',
          status: 'investigating',
          body: 'Some card payments fail; we are on it.',
          component_ids: [PAYMENTS_COMPONENT, CHECKOUT_COMPONENT].sort(),
          components: {
            [PAYMENTS_COMPONENT]: 'partial_outage',
            [CHECKOUT_COMPONENT]: 'partial_outage',
          },
        },
      });
      const sent = JSON.stringify(call.body);
      for (const internal of [TITLE, incident.ref, ALICE, 'alice', PAYMENTS]) {
        expect(sent).not.toContain(internal);
      }
      expect(statuspage.components.get(PAYMENTS_COMPONENT)).toBe(
        'partial_outage',
      );
      const entry = await store.get(incident.id);
      expect(entry).toMatchObject({
        statuspageIncidentId: call.response.id,
        pushedStage: 'investigating',
        wantedSeq: 1,
        syncedSeq: 1,
      });
      expect(entry!.pushedUpdates).toEqual([
        expect.objectContaining({
          statuspageUpdateId: call.response.incident_updates[0].id,
        }),
      ]);
      // Nothing more to say: a second run sends nothing.
      expect(await sender!.run()).toEqual(nothing);
      expect(statuspage.calls).toHaveLength(1);
    });

    it('never pushes internal updates, and starts nothing from them', async () => {
      const { sender, incidents } = setUp();
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Internal: cert on pay-gw-3', false);
      await sender!.run();
      expect(statuspage.calls).toEqual([]);

      await post(incidents, incident.id, 'Card payments are slow.');
      await post(incidents, incident.id, 'Internal: rotating certs', false);
      await sender!.run();
      expect(statuspage.calls.map(c => c.body.incident.body)).toEqual([
        'Card payments are slow.',
      ]);
    });

    it('updates the Statuspage incident on later public updates and resolves it with the components operational', async () => {
      const { sender, incidents } = setUp();
      const incident = await declare(incidents, { severity: 'P1' });
      await post(incidents, incident.id, 'Card payments fail.');
      await sender!.run();
      const id = statuspage.calls[0].response.id;
      expect(statuspage.calls[0].body.incident).toMatchObject({
        status: 'investigating',
        components: { [PAYMENTS_COMPONENT]: 'major_outage' },
      });

      await incidents.transition(incident.id, 'identified', ALICE);
      // A transition alone pushes nothing: only public words and the resolution do.
      await sender!.run();
      expect(statuspage.calls).toHaveLength(1);

      await post(incidents, incident.id, 'We found the cause.');
      await sender!.run();
      await incidents.transition(incident.id, 'resolved', ALICE);
      await sender!.run();

      const patches = statuspage.succeeded('PATCH');
      expect(patches.map(c => [c.path, c.body])).toEqual([
        [
          `/v1/pages/${PAGE_ID}/incidents/${id}`,
          {
            incident: {
              status: 'identified',
              body: 'We found the cause.',
              component_ids: [PAYMENTS_COMPONENT],
              components: { [PAYMENTS_COMPONENT]: 'major_outage' },
            },
          },
        ],
        [
          `/v1/pages/${PAGE_ID}/incidents/${id}`,
          {
            incident: {
              status: 'resolved',
              body: RESOLVED_BODY,
              component_ids: [PAYMENTS_COMPONENT],
              components: { [PAYMENTS_COMPONENT]: 'operational' },
            },
          },
        ],
      ]);
      expect(statuspage.incidents.get(id)!.status).toBe('resolved');
      expect(statuspage.components.get(PAYMENTS_COMPONENT)).toBe('operational');
      expect(statuspage.succeeded('POST')).toHaveLength(1);
    });

    it('resolves with the public resolution update itself, not a second call', async () => {
      const { sender, incidents } = setUp();
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Card payments are slow.');
      await sender!.run();
      await incidents.transition(incident.id, 'resolved', ALICE);
      await post(incidents, incident.id, 'All card payments work again.');
      await sender!.run();

      expect(statuspage.succeeded('PATCH').map(c => c.body.incident)).toEqual([
        {
          status: 'resolved',
          body: 'All card payments work again.',
          component_ids: [PAYMENTS_COMPONENT],
          components: { [PAYMENTS_COMPONENT]: 'operational' },
        },
      ]);
    });

    it('does not start a Statuspage incident from a resolution alone', async () => {
      const { sender, incidents, store } = setUp();
      const incident = await declare(incidents);
      await incidents.transition(incident.id, 'resolved', ALICE);
      expect(await sender!.run()).toEqual(nothing);
      expect(await store.get(incident.id)).toBeUndefined();
      expect(statuspage.calls).toEqual([]);
    });

    it('pushes nothing for incidents on entities without the annotation', async () => {
      const { sender, incidents, store } = setUp();
      const incident = await declare(incidents, { entityRef: LEDGER });
      await post(incidents, incident.id, 'Ledger exports are late.');
      expect(await sender!.run()).toEqual({ ...nothing, synced: 1 });
      expect(statuspage.calls).toEqual([]);
      expect((await store.get(incident.id))!.pushedUpdates).toEqual([]);
    });

    it('pushes the updates posted while Statuspage was down in order, with backoff', async () => {
      const { sender, incidents, store } = setUp();
      statuspage.goDown({ status: 500 });
      const incident = await declare(incidents);
      const first = await post(
        incidents,
        incident.id,
        'Card payments are slow.',
      );
      expect(first.public).toBe(true);
      expect(await sender!.run()).toEqual({ ...nothing, retrying: 1 });
      expect((await store.get(incident.id))!.lastError).toBe(
        'creating the Statuspage incident: HTTP 500: Internal Server Error',
      );
      await post(incidents, incident.id, 'Still slow; a fix is being tested.');

      statuspage.recover();
      // Backing off: not retried before its time.
      advance(20_000);
      expect(await sender!.run()).toEqual(nothing);
      expect(statuspage.calls).toHaveLength(1);

      advance(11_000);
      expect(await sender!.run()).toEqual({ ...nothing, synced: 1 });
      expect(
        statuspage.succeeded('POST').map(c => c.body.incident.body),
      ).toEqual(['Card payments are slow.']);
      expect(
        statuspage.succeeded('PATCH').map(c => c.body.incident.body),
      ).toEqual(['Still slow; a fix is being tested.']);
      expect(await notes(incidents, incident.id)).toEqual([]);
    });

    it('resumes after a failed update without creating or repeating anything', async () => {
      const { sender, incidents } = setUp();
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'One');
      await post(incidents, incident.id, 'Two');
      await post(incidents, incident.id, 'Three');
      // The create and the first update land; the second update is refused.
      statuspage.failWhen((_method, body) => body?.incident?.body === 'Three', {
        status: 503,
      });
      expect(await sender!.run()).toEqual({ ...nothing, retrying: 1 });
      advance(31_000);
      expect(await sender!.run()).toEqual({ ...nothing, synced: 1 });
      expect(statuspage.succeeded('POST')).toHaveLength(1);
      expect(
        statuspage.calls.map(c => [c.method, c.status, c.body.incident.body]),
      ).toEqual([
        ['POST', 201, 'One'],
        ['PATCH', 200, 'Two'],
        ['PATCH', 503, 'Three'],
        ['PATCH', 200, 'Three'],
      ]);
    });

    it('waits as long as a 429 Retry-After says before trying again', async () => {
      const { sender, incidents } = setUp();
      statuspage.failNext({ status: 429, retryAfter: 120 });
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Card payments are slow.');
      expect((await sender!.run()).retrying).toBe(1);

      advance(31_000);
      expect((await sender!.run()).synced).toBe(0);
      advance(90_000);
      expect((await sender!.run()).synced).toBe(1);
      expect(statuspage.succeeded('POST')).toHaveLength(1);
    });

    it('names the API key on the timeline on a 401, once, and tries again on the next update', async () => {
      const { sender, incidents } = setUp({ atlassian: { apiKey: 'revoked' } });
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Card payments are slow.');
      expect(await sender!.run()).toEqual({ ...nothing, abandoned: 1 });
      expect(statuspage.calls.map(c => c.status)).toEqual([401]);
      const written = await notes(incidents, incident.id);
      expect(written.map(n => n.message)).toEqual([
        'Statuspage not updated: creating the Statuspage incident failed with http_401 (check incidents.statusPage.atlassian.apiKey); not retried. The incident itself is unaffected; its next public status update or resolution tries Statuspage again.',
      ]);
      expect(written[0].actorRef).toBeUndefined();
      expect(written[0].data).toMatchObject({
        statuspage: { error: 'http_401', attempts: 1 },
      });
      expect(JSON.stringify(written)).not.toContain('revoked');

      // Given up until the next change; that tries again, and the same failure is
      // not written twice.
      advance(60 * 60_000);
      expect(await sender!.run()).toEqual(nothing);
      await post(incidents, incident.id, 'Still slow.');
      expect((await sender!.run()).abandoned).toBe(1);
      expect(statuspage.calls).toHaveLength(2);
      expect(await notes(incidents, incident.id)).toHaveLength(1);
      // The incident itself moved on.
      await incidents.transition(incident.id, 'resolved', ALICE);
      expect((await incidents.get(incident.id)).status).toBe('resolved');
    });

    it('names the annotation on the timeline when a component is not on the page', async () => {
      const { sender, incidents } = setUp();
      const incident = await declare(incidents, { affected: [LEGACY] });
      await post(incidents, incident.id, 'Card payments are slow.');
      expect(await sender!.run()).toEqual({ ...nothing, abandoned: 1 });
      expect(statuspage.calls.map(c => c.status)).toEqual([422]);
      expect((await notes(incidents, incident.id)).map(n => n.message)).toEqual(
        [
          'Statuspage not updated: creating the Statuspage incident failed with http_422 (check that each firebreak.dev/statuspage-component is a component of incidents.statusPage.atlassian.pageId); not retried. The incident itself is unaffected; its next public status update or resolution tries Statuspage again.',
        ],
      );
      expect((await notes(incidents, incident.id))[0].data).toMatchObject({
        statuspage: { detail: 'HTTP 422: Component notonthepage1 not found' },
      });
    });

    it('gives up after the last attempt with one timeline entry', async () => {
      const { sender, incidents } = setUp({ maxAttempts: 3 });
      statuspage.goDown({ status: 502 });
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Card payments are slow.');
      const outcomes = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(await sender!.run());
        advance(60 * 60_000);
      }
      expect(outcomes.map(o => [o.retrying, o.abandoned])).toEqual([
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ]);
      expect((await notes(incidents, incident.id)).map(n => n.message)).toEqual(
        [
          'Statuspage not updated: creating the Statuspage incident failed with http_502; gave up after 3 attempts. The incident itself is unaffected; its next public status update or resolution tries Statuspage again.',
        ],
      );
    });

    it('retries while the catalog cannot say which components are affected', async () => {
      let catalogDown = true;
      const { sender, incidents } = setUp({ catalogDown: () => catalogDown });
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Card payments are slow.');
      expect((await sender!.run()).retrying).toBe(1);
      expect(statuspage.calls).toEqual([]);
      catalogDown = false;
      advance(31_000);
      expect((await sender!.run()).synced).toBe(1);
      expect(statuspage.succeeded('POST')).toHaveLength(1);
    });

    it('creates one Statuspage incident when two instances push at the same time', async () => {
      const { sender, newSender, incidents } = setUp();
      const other = newSender()!;
      const incident = await declare(incidents);
      await post(incidents, incident.id, 'Card payments are slow.');
      const results = await Promise.all([sender!.run(), other.run()]);
      expect(results.map(r => r.synced).sort()).toEqual([0, 1]);
      expect(statuspage.succeeded('POST')).toHaveLength(1);
      expect(statuspage.calls).toHaveLength(1);
    });

    it('pushes an update that became visible after a later one was pushed', async () => {
      let hidden: number | undefined;
      const { sender, incidents } = setUp({ hideUpdate: () => hidden });
      const incident = await declare(incidents);
      const first = await post(
        incidents,
        incident.id,
        'Card payments are slow.',
      );
      // As if its transaction committed after the next one's.
      hidden = first.id;
      await post(incidents, incident.id, 'A fix is being tested.');
      await sender!.run();
      hidden = undefined;
      await post(incidents, incident.id, 'The fix is rolling out.');
      await sender!.run();
      expect(
        statuspage.calls.map(c => [c.method, c.body.incident.body]),
      ).toEqual([
        ['POST', 'A fix is being tested.'],
        ['PATCH', 'Card payments are slow.'],
        ['PATCH', 'The fix is rolling out.'],
      ]);
    });

    it('sets a component no longer affected back to operational', async () => {
      const { sender, incidents } = setUp();
      const incident = await declare(incidents, { affected: [CHECKOUT] });
      await post(incidents, incident.id, 'Payments and checkout are slow.');
      await sender!.run();
      await incidents.update(incident.id, { affectedEntityRefs: [] }, ALICE);
      await post(incidents, incident.id, 'Checkout is fine again.');
      await sender!.run();
      expect(statuspage.succeeded('PATCH').at(-1)!.body.incident).toEqual({
        status: 'investigating',
        body: 'Checkout is fine again.',
        component_ids: [PAYMENTS_COMPONENT],
        components: {
          [PAYMENTS_COMPONENT]: 'degraded_performance',
          [CHECKOUT_COMPONENT]: 'operational',
        },
      });
    });

    it('is off without incidents.statusPage.atlassian', () => {
      expect(setUp({ atlassian: null }).sender).toBeUndefined();
    });

    it.each([
      [
        { apiKey: ' ' },
        'Invalid config incidents.statusPage.atlassian.apiKey: must not be empty',
      ],
      [
        { pageId: 'my page' },
        "Invalid config incidents.statusPage.atlassian.pageId: 'my page' is not a Statuspage page id",
      ],
      [
        { baseUrl: 'ftp://statuspage.example.com' },
        'Invalid config incidents.statusPage.atlassian.baseUrl: must be an http(s) URL, got ftp:',
      ],
    ])('refuses invalid config %j', (atlassian, message) => {
      expect(() => setUp({ atlassian })).toThrow(message);
    });
  },
);
