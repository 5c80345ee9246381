import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../../__testUtils__/testDatabases';
import { StatuspageStandIn } from '../__testUtils__/statuspageStandIn';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const API_KEY = 'sp-plugin-test';
const PAGE_ID = 'kctbh9vrtdwd';
const COMPONENT_ID = '8kbf7d35c070';
const alice = 'user:default/alice';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'firebreak.dev/status-page': 'Card payments',
        'firebreak.dev/statuspage-component': COMPONENT_ID,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      lifecycle: 'production',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  },
];

describe.each(databases.eachSupportedId())(
  'Statuspage in the incidents backend on %p',
  databaseId => {
    let knex: Knex;
    let statuspage: StatuspageStandIn;
    let stopBackend: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      statuspage = await StatuspageStandIn.start({
        apiKey: API_KEY,
        pageId: PAGE_ID,
        componentIds: [COMPONENT_ID],
      });
    });

    afterEach(async () => {
      // Waits for the pushes started by the test's changes before the database goes.
      await stopBackend?.();
      stopBackend = undefined;
      await statuspage?.stop();
    });

    const start = async (atlassian?: JsonObject) => {
      const started = await startIncidentsBackend({
        knex,
        entities,
        ...(atlassian && {
          incidentsConfig: { statusPage: { atlassian } },
        }),
      });
      stopBackend = started.stop;
      return started;
    };

    const postUpdate = (
      server: Awaited<ReturnType<typeof start>>['server'],
      id: number,
      body: Record<string, unknown>,
    ) =>
      request(server)
        .post(`/api/incidents/incidents/${id}/status-updates`)
        .set('Authorization', mockCredentials.user.header(alice))
        .send(body);

    it('pushes a public status update right after the 201, and not an internal one', async () => {
      const { server } = await start({
        apiKey: API_KEY,
        pageId: PAGE_ID,
        baseUrl: statuspage.url,
      });
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
        { severity: 'P3' },
      );
      expect(
        (await postUpdate(server, incident.id, { message: 'Internal only' }))
          .status,
      ).toBe(201);
      expect(
        (
          await postUpdate(server, incident.id, {
            message: 'Card payments are slow.',
            public: true,
          })
        ).status,
      ).toBe(201);
      const created = await statuspage.waitFor();
      expect(created.body.incident).toMatchObject({
        name: 'Service disruption: Card payments',
        body: 'Card payments are slow.',
        component_ids: [COMPONENT_ID],
      });
      await stopBackend!();
      stopBackend = undefined;
      expect(statuspage.calls.map(c => c.body.incident.body)).toEqual([
        'Card payments are slow.',
      ]);
    });

    it('answers 201 while Statuspage answers 500, and keeps the push queued', async () => {
      statuspage.goDown({ status: 500 });
      const { server } = await start({
        apiKey: API_KEY,
        pageId: PAGE_ID,
        baseUrl: statuspage.url,
      });
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
        { severity: 'P3' },
      );
      const res = await postUpdate(server, incident.id, {
        message: 'Card payments are slow.',
        public: true,
      });
      expect(res.status).toBe(201);
      await statuspage.waitFor(call => call.status === 500);
      await stopBackend!();
      stopBackend = undefined;
      const row = await knex('incident_statuspage_incidents')
        .where({ incident_id: incident.id })
        .first();
      expect(row).toMatchObject({ wanted_seq: 1, synced_seq: 0 });
      expect(row.abandoned_at).toBeNull();
      expect(row.statuspage_incident_id).toBeNull();
    });

    it('pushes nothing and queues nothing without incidents.statusPage.atlassian', async () => {
      const { server } = await start();
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
        { severity: 'P3' },
      );
      await postUpdate(server, incident.id, {
        message: 'Card payments are slow.',
        public: true,
      });
      expect(await knex('incident_statuspage_incidents')).toEqual([]);
      expect(statuspage.calls).toEqual([]);
    });

    it('refuses to start with an invalid page id', async () => {
      await expect(
        start({ apiKey: API_KEY, pageId: 'not a page' }),
      ).rejects.toThrow(
        "Invalid config incidents.statusPage.atlassian.pageId: 'not a page' is not a Statuspage page id",
      );
    });
  },
);
