import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { SlackStandIn } from './__testUtils__/slackStandIn';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const TOKEN = 'xoxb-plugin-test';
const alice = 'user:default/alice';

function entities(channel: string): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'payments',
        annotations: { 'firebreak.dev/slack-channel': channel },
      },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api' },
      spec: {
        type: 'service',
        owner: 'group:default/payments',
        lifecycle: 'production',
      },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
    },
  ];
}

describe.each(databases.eachSupportedId())(
  'Slack in the incidents backend on %p',
  databaseId => {
    let knex: Knex;
    let slack: SlackStandIn;
    let channel: string;
    let stopBackend: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      slack = await SlackStandIn.start({ token: TOKEN });
      channel = slack.addChannel('payments-incidents');
    });

    afterEach(async () => {
      // Waits for the sends started by the test's changes before the database goes.
      await stopBackend?.();
      stopBackend = undefined;
      await slack?.stop();
    });

    const start = async (slackConfig?: JsonObject) => {
      const started = await startIncidentsBackend({
        knex,
        entities: entities(channel),
        ...(slackConfig && { incidentsConfig: { slack: slackConfig } }),
      });
      stopBackend = started.stop;
      return started;
    };

    it('posts the declaration to the team channel right after the 201', async () => {
      const { server } = await start({ botToken: TOKEN, apiUrl: slack.url });
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
        { severity: 'P3' },
      );
      const posted = await slack.waitFor('chat.postMessage');
      expect(posted.args.channel).toBe(channel);
      expect(posted.args.text).toContain(`${incident.ref} Payments failing`);
      expect(posted.args.blocks[2].elements[0].text).toContain(
        `http://localhost:3000/incidents/${incident.ref}`,
      );
    });

    it('declares with 201 while Slack answers 500, and keeps the message queued', async () => {
      slack.goDown({ status: 500 });
      const { server } = await start({ botToken: TOKEN, apiUrl: slack.url });
      const incident = await declareIncident(
        server,
        mockCredentials.user.header(alice),
        { severity: 'P3' },
      );
      await slack.waitFor('chat.postMessage', call => call.status === 500);
      const res = await request(server)
        .get(`/api/incidents/incidents/${incident.id}`)
        .set('Authorization', mockCredentials.user.header(alice));
      expect(res.status).toBe(200);
      const row = await knex('incident_slack_messages')
        .where({ incident_id: incident.id })
        .first();
      expect(row).toMatchObject({ wanted_seq: 1, synced_seq: 0 });
      expect(row.abandoned_at).toBeNull();
    });

    it('sends nothing and queues nothing without incidents.slack', async () => {
      const { server } = await start();
      await declareIncident(server, mockCredentials.user.header(alice), {
        severity: 'P3',
      });
      expect(await knex('incident_slack_messages')).toEqual([]);
      expect(slack.calls).toEqual([]);
    });

    it('refuses to start with an unknown severity in incidentChannels', async () => {
      await expect(
        start({ botToken: TOKEN, incidentChannels: ['P9'] }),
      ).rejects.toThrow(
        "Invalid config incidents.slack.incidentChannels: 'P9' is not a severity",
      );
    });
  },
);
