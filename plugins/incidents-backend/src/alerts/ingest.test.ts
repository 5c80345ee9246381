import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { signBody } from './ingestRouter';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/alice' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'firebreak.dev/alerts':
          '- alert: HighErrorRate\n  description: 5xx above 2%\n  runbook: https://wiki.example.com/5xx\n  severity: P2\n',
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

function alertmanagerPayload(
  alerts: Array<{
    status?: 'firing' | 'resolved';
    fingerprint: string;
    name?: string;
    service?: string;
  }>,
) {
  return {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    status: alerts.every(a => a.status === 'resolved') ? 'resolved' : 'firing',
    receiver: 'firebreak',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com',
    alerts: alerts.map(a => ({
      status: a.status ?? 'firing',
      labels: {
        alertname: a.name ?? 'HighErrorRate',
        service: a.service ?? 'payments-api',
      },
      annotations: { summary: 'Too many 5xx' },
      startsAt: '2026-11-23T01:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'alert ingestion on %p',
  databaseId => {
    let knex: Knex;
    let sent: NotificationSendOptions[];
    const sender = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('external:alertmanager'),
    } as any);

    async function startBackend(config: JsonObject = {}) {
      knex = await databases.init(databaseId);
      const started = await startIncidentsBackend({
        knex,
        entities,
        incidentsConfig: config,
      });
      sent = started.sent;
      return started.server;
    }

    const post = (server: any, path: string, body: unknown) =>
      request(server)
        .post(`/api/incidents/alerts/${path}`)
        .set('Authorization', sender)
        .send(body as object);

    it('opens one alert and one incident for 200 identical alerts sent at once', async () => {
      const server = await startBackend();
      const responses = await Promise.all(
        Array.from({ length: 200 }, () =>
          post(
            server,
            'alertmanager',
            alertmanagerPayload([{ fingerprint: 'fp-1' }]),
          ),
        ),
      );
      expect(responses.map(r => r.status).filter(s => s !== 202)).toEqual([]);
      const alerts = await knex('alerts').select('*');
      expect(alerts).toHaveLength(1);
      expect(Number(alerts[0].count)).toBe(200);
      const incidents = await knex('incidents').select('*');
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({
        severity: 'P2',
        entity_ref: 'component:default/payments-api',
        source: 'alertmanager',
      });
      expect(alerts[0].incident_id).toBe(incidents[0].id);
      expect(alerts[0].runbook_url).toBe('https://wiki.example.com/5xx');
      // P2 pages the on-call: the team's only member, once
      expect(sent.filter(n => n.payload.severity === 'critical')).toHaveLength(
        1,
      );
    });

    it('links a repeat of an alert that a crashed process stored but never linked', async () => {
      const server = await startBackend();
      await post(
        server,
        'alertmanager',
        alertmanagerPayload([{ fingerprint: 'fp-crash' }]),
      ).expect(202);
      // What a kill between storing the alert and linking it leaves behind
      await knex('alerts').update({ incident_id: null });

      const retry = await post(
        server,
        'alertmanager',
        alertmanagerPayload([{ fingerprint: 'fp-crash' }]),
      ).expect(202);
      const [alert] = await knex('alerts').select('*');
      expect(Number(alert.count)).toBe(2);
      expect(alert.incident_id).not.toBeNull();
      expect(retry.body.results[0]).toMatchObject({
        outcome: 'repeated',
        incidentId: alert.incident_id,
      });
    });

    it('groups, dedupes and moves the incident to monitoring when all alerts resolve', async () => {
      const server = await startBackend();
      await post(
        server,
        'alertmanager',
        alertmanagerPayload([
          { fingerprint: 'a' },
          { fingerprint: 'b', name: 'LatencyHigh' },
        ]),
      );
      const [incident] = await knex('incidents').select('*');
      expect(await knex('incidents').select('id')).toHaveLength(1);
      expect(
        (await knex('alerts').where({ incident_id: incident.id })).length,
      ).toBe(2);

      await post(
        server,
        'alertmanager',
        alertmanagerPayload([{ fingerprint: 'a', status: 'resolved' }]),
      );
      expect(
        (await knex('incidents').where({ id: incident.id }).first()).status,
      ).toBe('triggered');
      await post(
        server,
        'alertmanager',
        alertmanagerPayload([
          { fingerprint: 'b', status: 'resolved', name: 'LatencyHigh' },
        ]),
      );
      expect(
        (await knex('incidents').where({ id: incident.id }).first()).status,
      ).toBe('monitoring');

      const timeline = await request(server)
        .get(`/api/incidents/incidents/${incident.id}/timeline`)
        .set('Authorization', mockCredentials.user.header());
      expect(
        timeline.body.items
          .filter((e: any) => e.type === 'alert')
          .map((e: any) => e.message),
      ).toEqual([
        expect.stringMatching(/^Opened by alert HighErrorRate/),
        expect.stringMatching(/^Alert LatencyHigh joined/),
        'Alert HighErrorRate resolved at its source',
        'Alert LatencyHigh resolved at its source',
      ]);

      // After the resolution the same fingerprint opens a new alert
      await post(
        server,
        'alertmanager',
        alertmanagerPayload([{ fingerprint: 'a' }]),
      );
      expect(await knex('alerts').where({ dedup_key: 'a' })).toHaveLength(2);
    });

    it('keeps unroutable alerts in the unrouted inbox', async () => {
      const server = await startBackend();
      const res = await post(
        server,
        'alertmanager',
        alertmanagerPayload([{ fingerprint: 'x', service: 'nobody' }]),
      );
      expect(res.status).toBe(202);
      expect(await knex('incidents').select('id')).toHaveLength(0);
      const inbox = await request(server)
        .get('/api/incidents/alerts')
        .query({ unrouted: 'true' })
        .set('Authorization', mockCredentials.user.header());
      expect(inbox.body.items).toEqual([
        expect.objectContaining({
          dedupKey: 'x',
          name: 'HighErrorRate',
          status: 'firing',
        }),
      ]);
      expect(inbox.body.items[0].entityRef).toBeUndefined();
    });

    it('speaks the Events API v2', async () => {
      const server = await startBackend();
      const trigger = await post(server, 'events/v2', {
        routing_key: 'ignored',
        event_action: 'trigger',
        dedup_key: 'disk-1',
        payload: {
          summary: 'Disk full',
          source: 'db-1',
          severity: 'critical',
          custom_details: { backstage_entity: 'component:payments-api' },
        },
      });
      expect(trigger.status).toBe(202);
      expect(trigger.body).toEqual({
        status: 'success',
        message: 'Event processed',
        dedup_key: 'disk-1',
      });
      const [incident] = await knex('incidents').select('*');
      expect(incident).toMatchObject({ severity: 'P1', status: 'triggered' });

      const ack = await post(server, 'events/v2', {
        event_action: 'acknowledge',
        dedup_key: 'disk-1',
      });
      expect(ack.status).toBe(202);
      expect((await knex('incidents').first()).status).toBe('acknowledged');

      const unknown = await post(server, 'events/v2', {
        event_action: 'resolve',
        dedup_key: 'nope',
      });
      expect(unknown.status).toBe(202);
      expect(unknown.body.message).toMatch(/dropped/i);

      const bad = await post(server, 'events/v2', {
        event_action: 'explode',
        dedup_key: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/event_action/);
    });

    it('routes an Events API v2 event by the service named in component or source', async () => {
      const server = await startBackend();
      // As a PagerDuty integration sends it: no backstage_entity, the service as component
      const byComponent = await post(server, 'events/v2', {
        event_action: 'trigger',
        dedup_key: 'pd-1',
        payload: {
          summary: 'Error rate above 5%',
          source: 'ip-10-0-3-7.ec2.internal',
          component: 'payments-api',
          severity: 'error',
        },
      });
      expect(byComponent.status).toBe(202);
      const bySource = await post(server, 'events/v2', {
        event_action: 'trigger',
        dedup_key: 'pd-2',
        payload: {
          summary: 'Latency above 1 s',
          source: 'payments-api',
          severity: 'warning',
        },
      });
      expect(bySource.status).toBe(202);
      const alerts = await knex('alerts')
        .select('dedup_key', 'entity_ref')
        .orderBy('dedup_key');
      expect(alerts).toEqual([
        { dedup_key: 'pd-1', entity_ref: 'component:default/payments-api' },
        { dedup_key: 'pd-2', entity_ref: 'component:default/payments-api' },
      ]);
    });

    it('refuses malformed payloads with 4xx and stores nothing', async () => {
      const server = await startBackend({ alerts: { maxBodyBytes: 10_000 } });
      const cases: Array<[string, unknown, number]> = [
        [
          'alertmanager',
          {
            version: '4',
            alerts: [{ status: 'firing', labels: { alertname: 5 } }],
          },
          400,
        ],
        ['alertmanager', { version: '3', alerts: [] }, 400],
        ['alertmanager', [], 400],
        ['generic', { alerts: [{ summary: 'no name' }] }, 400],
        [
          'events/v2',
          { event_action: 'trigger', payload: { summary: 'x' } },
          400,
        ],
        [
          'alertmanager',
          alertmanagerPayload(
            Array.from({ length: 200 }, (_, i) => ({ fingerprint: `f${i}` })),
          ),
          413,
        ],
      ];
      for (const [path, body, status] of cases) {
        const res = await post(server, path, body);
        expect({
          path,
          status: res.status,
          hasMessage: !!res.body.error?.message,
        }).toEqual({ path, status, hasMessage: true });
      }
      const invalidJson = await request(server)
        .post('/api/incidents/alerts/generic')
        .set('Authorization', sender)
        .set('Content-Type', 'application/json')
        .send('{"alerts": [');
      expect(invalidJson.status).toBe(400);
      expect(invalidJson.body.error.message).toMatch(/not valid JSON/);
      expect(await knex('alerts').select('id')).toHaveLength(0);
      expect(await knex('incidents').select('id')).toHaveLength(0);
      // and it keeps serving
      expect(
        (
          await post(server, 'generic', {
            name: 'Ok',
            labels: { service: 'payments-api' },
          })
        ).status,
      ).toBe(202);
    });

    it('refuses wrong or missing credentials and bad signatures', async () => {
      const server = await startBackend({
        alerts: { signing: { secret: 's3cret' } },
      });
      const body = JSON.stringify({
        name: 'Signed',
        labels: { service: 'payments-api' },
      });
      const send = (headers: Record<string, string>) => {
        const req = request(server)
          .post('/api/incidents/alerts/generic')
          .set('Content-Type', 'application/json');
        for (const [k, v] of Object.entries(headers)) req.set(k, v);
        return req.send(body);
      };
      expect(
        (await send({ Authorization: mockCredentials.none.header() })).status,
      ).toBe(401);
      expect((await send({ Authorization: 'Bearer not-a-token' })).status).toBe(
        401,
      );
      expect(
        (await send({ Authorization: mockCredentials.user.header() })).status,
      ).toBe(403);
      expect((await send({ Authorization: sender })).status).toBe(401);
      expect(
        (
          await send({
            Authorization: sender,
            'x-firebreak-signature': signBody(body, 'wrong'),
          })
        ).status,
      ).toBe(401);
      const old = signBody(body, 's3cret', new Date(Date.now() - 3600_000));
      const replay = await send({
        Authorization: sender,
        'x-firebreak-signature': old,
      });
      expect(replay.status).toBe(401);
      expect(replay.body.error.message).toMatch(/replay window/);
      expect(await knex('alerts').select('id')).toHaveLength(0);
      const signed = await send({
        Authorization: sender,
        'x-firebreak-signature': signBody(body, 's3cret'),
      });
      expect(signed.status).toBe(202);
      expect(await knex('alerts').select('id')).toHaveLength(1);
    });

    it('serves the runbook table merged with what fired, and the incident alerts', async () => {
      const server = await startBackend();
      await post(
        server,
        'alertmanager',
        alertmanagerPayload([
          { fingerprint: 'a' },
          { fingerprint: 'b', name: 'Disk: full #1' },
        ]),
      );
      const table = await request(server)
        .get('/api/incidents/runbooks')
        .query({ entityRef: 'component:default/payments-api' })
        .set('Authorization', mockCredentials.user.header());
      expect(table.status).toBe(200);
      expect(table.body.rows).toEqual([
        expect.objectContaining({
          alert: 'HighErrorRate',
          runbook: 'https://wiki.example.com/5xx',
          inTable: true,
          firedCount: 1,
          openNow: true,
        }),
        expect.objectContaining({
          alert: 'Disk: full #1',
          inTable: false,
          firedCount: 1,
          snippet: expect.stringContaining('Disk: full #1'),
        }),
      ]);
      expect(table.body.coverage).toEqual({
        fired: 2,
        own: 1,
        fallback: 0,
        none: 1,
        withRunbook: 1,
        ratio: 0.5,
      });

      const [incident] = await knex('incidents').select('id');
      const alerts = await request(server)
        .get(`/api/incidents/incidents/${incident.id}/alerts`)
        .set('Authorization', mockCredentials.user.header());
      expect(
        alerts.body.items
          .map((a: any) => [a.name, a.runbookUrl ?? null, !!a.snippet])
          .sort(),
      ).toEqual([
        ['Disk: full #1', null, true],
        ['HighErrorRate', 'https://wiki.example.com/5xx', false],
      ]);
    });
  },
);
