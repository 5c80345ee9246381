import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  DEFAULT_SEVERITY_POLICY,
  Incident,
  OncallNow,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { AddressInfo } from 'node:net';
import http from 'node:http';
import { IncidentNotifier } from './IncidentNotifier';

const P1 = DEFAULT_SEVERITY_POLICY[0] as SeverityLevel;
const P3 = DEFAULT_SEVERITY_POLICY[2] as SeverityLevel;
const FRONTEND = 'https://backstage.example.com';

function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 12,
    ref: 'INC-12',
    title: 'Checkout is down',
    description: 'Payments API returns 503 for every checkout request.',
    status: 'triggered',
    severity: 'P1',
    entityRef: 'component:default/checkout',
    affectedEntityRefs: [],
    ownerRef: 'group:default/payments',
    source: 'manual',
    impact: {},
    roles: [],
    links: [],
    createdBy: 'user:default/alice',
    detectedAt: '2026-01-05T10:00:00.000Z',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

function makeOncall(overrides: Partial<OncallNow> = {}): OncallNow {
  return {
    groupRef: 'group:default/payments',
    source: 'rotation',
    primary: 'user:default/bob',
    secondary: 'user:default/carol',
    escalation: ['user:default/dana'],
    members: ['user:default/alice', 'user:default/bob', 'user:default/carol'],
    ...overrides,
  };
}

/** Fake notification service: records every send, optionally failing. */
class FakeNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  failWith?: Error;
  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
    if (this.failWith) {
      throw this.failWith;
    }
  }
}

type LogLine = { level: string; message: string };

/** Logger that keeps what was logged, so tests can check the warnings. */
function recordingLogger(lines: LogLine[] = []): LoggerService & {
  lines: LogLine[];
} {
  const log = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => recordingLogger(lines),
  };
}

type Received = { path: string; contentType?: string; body: unknown };

/** A real HTTP server on 127.0.0.1 standing in for Slack incoming webhooks. */
async function startWebhookServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (
    _req,
    res,
  ) => res.end('ok'),
) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      handler(req, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

function slackConfig(slack?: JsonObject) {
  return new ConfigReader(
    slack ? { incidents: { notifications: { slack } } } : {},
  );
}

function setup(slack?: JsonObject, slackTimeoutMs?: number) {
  const notifications = new FakeNotifications();
  const logger = recordingLogger();
  const notifier = IncidentNotifier.fromConfig(slackConfig(slack), {
    notifications,
    logger,
    frontendBaseUrl: `${FRONTEND}/`,
    slackTimeoutMs,
  });
  return { notifier, notifications, logger };
}

describe('IncidentNotifier', () => {
  describe('incidentDeclared', () => {
    it('pages the on-call primary with critical severity', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentDeclared({
        incident: makeIncident(),
        severity: P1,
        oncall: makeOncall(),
      });
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: ['user:default/bob'] },
          payload: {
            title: '[P1] INC-12 Checkout is down',
            description:
              'Status: triggered. Entity: component:default/checkout. Payments API returns 503 for every checkout request.',
            link: '/incidents/12',
            severity: 'critical',
            topic: 'INC-12',
            scope: 'incident:12:declared',
          },
        },
      ]);
    });

    it('pages every team member when the team has no rotation', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentDeclared({
        incident: makeIncident(),
        severity: P1,
        oncall: makeOncall({
          source: 'members',
          primary: undefined,
          secondary: undefined,
          // Short refs and duplicates as an annotation might list them.
          members: ['user:alice', 'user:default/bob', 'User:default/Alice'],
        }),
      });
      expect(notifications.sent).toHaveLength(1);
      expect(notifications.sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['user:default/alice', 'user:default/bob'],
      });
      expect(notifications.sent[0].payload.severity).toBe('critical');
    });

    it('pages the owner group when no on-call is known', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentDeclared({
        incident: makeIncident({ ownerRef: undefined }),
        severity: P1,
        oncall: makeOncall({
          source: 'unknown',
          primary: undefined,
          secondary: undefined,
          members: [],
        }),
        ownerRef: 'group:default/payments',
      });
      expect(notifications.sent.map(s => s.recipients)).toEqual([
        { type: 'entity', entityRef: ['group:default/payments'] },
      ]);
      expect(notifications.sent[0].payload.severity).toBe('critical');
    });

    it('notifies the owner team with normal severity when the level does not page', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentDeclared({
        incident: makeIncident({ severity: 'P3' }),
        severity: P3,
        // The on-call is known but must not be paged for P3.
        oncall: makeOncall(),
      });
      expect(notifications.sent).toHaveLength(1);
      expect(notifications.sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/payments'],
      });
      expect(notifications.sent[0].payload).toMatchObject({
        title: '[P3] INC-12 Checkout is down',
        severity: 'normal',
        link: '/incidents/12',
        scope: 'incident:12:declared',
      });
    });

    it('skips and logs at debug when nobody can be notified', async () => {
      const { notifier, notifications, logger } = setup();
      await notifier.incidentDeclared({
        incident: makeIncident({ ownerRef: undefined }),
        severity: P3,
      });
      expect(notifications.sent).toEqual([]);
      expect(logger.lines).toEqual([
        {
          level: 'debug',
          message:
            'No notification recipients for INC-12 (incident:12:declared); skipping Backstage notification',
        },
      ]);
    });

    it('shortens long descriptions', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentDeclared({
        incident: makeIncident({ description: 'x'.repeat(1000) }),
        severity: P3,
      });
      const description = notifications.sent[0].payload.description!;
      expect(description).toBe(
        `Status: triggered. Entity: component:default/checkout. ${'x'.repeat(
          279,
        )}…`,
      );
    });

    it('resolves and logs a warning when the notification service fails', async () => {
      const { notifier, notifications, logger } = setup();
      notifications.failWith = new Error('notifications backend unavailable');
      await expect(
        notifier.incidentDeclared({
          incident: makeIncident(),
          severity: P1,
          oncall: makeOncall(),
        }),
      ).resolves.toEqual({ failed: ['backstage'] });
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          message:
            'Failed to send Backstage notification for INC-12 (incident:12:declared): Error: notifications backend unavailable',
        },
      ]);
    });
  });

  describe('other notifications', () => {
    it('escalates with critical severity when the level pages, else high', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentEscalated({
        incident: makeIncident(),
        severity: P1,
        recipients: ['group:default/payments-leads', 'user:default/dana'],
        level: 1,
      });
      await notifier.incidentEscalated({
        incident: makeIncident({ severity: 'P3' }),
        severity: P3,
        recipients: ['user:default/dana', 'user:default/dana'],
        level: 2,
      });
      expect(notifications.sent).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/payments-leads', 'user:default/dana'],
          },
          payload: expect.objectContaining({
            title: '[P1] INC-12 escalated to level 1: Checkout is down',
            severity: 'critical',
            scope: 'incident:12:escalation:1',
            link: '/incidents/12',
            topic: 'INC-12',
          }),
        },
        {
          recipients: { type: 'entity', entityRef: ['user:default/dana'] },
          payload: expect.objectContaining({
            title: '[P3] INC-12 escalated to level 2: Checkout is down',
            severity: 'high',
            scope: 'incident:12:escalation:2',
          }),
        },
      ]);
    });

    it('reminds about an overdue status update with high severity', async () => {
      const { notifier, notifications } = setup();
      await notifier.statusUpdateOverdue({
        incident: makeIncident({ status: 'investigating' }),
        recipients: ['user:default/alice'],
        overdueSince: new Date('2026-01-05T10:30:00Z'),
      });
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: ['user:default/alice'] },
          payload: {
            title: '[P1] INC-12 status update overdue: Checkout is down',
            description:
              'A status update has been due since 2026-01-05T10:30:00.000Z. Status: investigating. Entity: component:default/checkout. Payments API returns 503 for every checkout request.',
            link: '/incidents/12',
            severity: 'high',
            topic: 'INC-12',
            scope: 'incident:12:update-reminder',
          },
        },
      ]);
    });

    it('announces resolution with low severity', async () => {
      const { notifier, notifications } = setup();
      await notifier.incidentResolved({
        incident: makeIncident({ status: 'resolved' }),
        recipients: ['group:default/payments', 'user:default/alice'],
      });
      expect(notifications.sent).toHaveLength(1);
      expect(notifications.sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/payments', 'user:default/alice'],
      });
      expect(notifications.sent[0].payload).toMatchObject({
        title: '[P1] INC-12 resolved: Checkout is down',
        severity: 'low',
        scope: 'incident:12:resolved',
      });
    });

    it('drops recipients that are not entity refs and notifies the rest', async () => {
      const { notifier, notifications, logger } = setup();
      await notifier.incidentResolved({
        incident: makeIncident(),
        recipients: ['alice', 'user:default/bob'],
      });
      expect(notifications.sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['user:default/bob'],
      });
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          message: "Ignoring invalid notification recipient 'alice' for INC-12",
        },
      ]);
    });
  });

  describe('Slack webhooks', () => {
    let slack: Awaited<ReturnType<typeof startWebhookServer>>;
    afterEach(async () => {
      await slack?.close();
    });

    it("posts to the owner team's webhook", async () => {
      slack = await startWebhookServer();
      const { notifier, notifications, logger } = setup({
        webhooks: {
          'group:default/payments': `${slack.url}/payments`,
          'group:default/search': `${slack.url}/search`,
        },
        defaultWebhook: `${slack.url}/default`,
      });
      await notifier.incidentDeclared({
        incident: makeIncident({ title: 'Checkout <down> & out' }),
        severity: P1,
        oncall: makeOncall(),
      });
      expect(slack.received).toEqual([
        {
          path: '/payments',
          contentType: 'application/json',
          body: {
            text: ':rotating_light: *Incident declared, on-call paged* <https://backstage.example.com/incidents/12|INC-12> [P1, critical] Checkout &lt;down&gt; &amp; out (status: triggered)',
          },
        },
      ]);
      expect(notifications.sent).toHaveLength(1);
      expect(logger.lines).toEqual([]);
    });

    it('matches the owner case-insensitively and with the short group ref', async () => {
      slack = await startWebhookServer();
      const { notifier } = setup({
        webhooks: { payments: `${slack.url}/payments` },
      });
      await notifier.incidentResolved({
        incident: makeIncident({
          ownerRef: 'Group:default/Payments',
          status: 'resolved',
        }),
        recipients: ['user:default/alice'],
      });
      expect(slack.received.map(r => r.path)).toEqual(['/payments']);
      expect(slack.received[0].body).toEqual({
        text: ':white_check_mark: *Resolved* <https://backstage.example.com/incidents/12|INC-12> [P1, low] Checkout is down (status: resolved)',
      });
    });

    it('falls back to the default webhook for teams without one', async () => {
      slack = await startWebhookServer();
      const { notifier } = setup({
        webhooks: { 'group:default/search': `${slack.url}/search` },
        defaultWebhook: `${slack.url}/default`,
      });
      await notifier.incidentEscalated({
        incident: makeIncident(),
        severity: P1,
        recipients: ['user:default/dana'],
        level: 2,
      });
      expect(slack.received).toEqual([
        {
          path: '/default',
          contentType: 'application/json',
          body: {
            text: ':arrow_double_up: *Escalated to level 2* <https://backstage.example.com/incidents/12|INC-12> [P1, critical] Checkout is down (status: triggered)',
          },
        },
      ]);
    });

    it('posts to the team channel even when no Backstage recipient is known', async () => {
      slack = await startWebhookServer();
      const { notifier, notifications } = setup({
        webhooks: { 'group:default/payments': `${slack.url}/payments` },
      });
      await notifier.statusUpdateOverdue({
        incident: makeIncident(),
        recipients: [],
        overdueSince: new Date('2026-01-05T10:30:00Z'),
      });
      expect(notifications.sent).toEqual([]);
      expect(slack.received.map(r => r.body)).toEqual([
        {
          text: ':hourglass: *Status update overdue since 2026-01-05T10:30:00.000Z* <https://backstage.example.com/incidents/12|INC-12> [P1, high] Checkout is down (status: triggered)',
        },
      ]);
    });

    it('posts nothing when neither the team nor a default has a webhook', async () => {
      slack = await startWebhookServer();
      const { notifier, notifications } = setup({
        webhooks: { 'group:default/search': `${slack.url}/search` },
      });
      await notifier.incidentDeclared({
        incident: makeIncident(),
        severity: P1,
        oncall: makeOncall(),
      });
      expect(slack.received).toEqual([]);
      expect(notifications.sent).toHaveLength(1);
    });

    it('still notifies Backstage and resolves when Slack answers 500', async () => {
      slack = await startWebhookServer((_req, res) => {
        res.statusCode = 500;
        res.end('internal_error');
      });
      const { notifier, notifications, logger } = setup({
        webhooks: { 'group:default/payments': `${slack.url}/payments` },
      });
      await expect(
        notifier.incidentDeclared({
          incident: makeIncident(),
          severity: P1,
          oncall: makeOncall(),
        }),
      ).resolves.toEqual({ failed: ['slack'] });
      expect(slack.received).toHaveLength(1);
      expect(notifications.sent.map(s => s.recipients)).toEqual([
        { type: 'entity', entityRef: ['user:default/bob'] },
      ]);
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          message:
            'Slack webhook for group:default/payments refused notification for INC-12 (incident:12:declared): HTTP 500 internal_error',
        },
      ]);
    });

    it('still notifies Backstage and resolves when the connection is refused', async () => {
      // Start and stop a server so the port is known to be closed.
      slack = await startWebhookServer();
      const deadUrl = slack.url;
      await slack.close();
      const { notifier, notifications, logger } = setup({
        defaultWebhook: `${deadUrl}/default`,
      });
      await expect(
        notifier.incidentEscalated({
          incident: makeIncident(),
          severity: P1,
          recipients: ['user:default/dana'],
          level: 1,
        }),
      ).resolves.toEqual({ failed: ['slack'] });
      expect(notifications.sent).toHaveLength(1);
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          message:
            'Slack webhook for the default team failed for INC-12 (incident:12:escalation:1): TypeError: fetch failed: ECONNREFUSED',
        },
      ]);
      // The webhook URL is a secret and must not leak into logs.
      expect(logger.lines[0].message).not.toContain(deadUrl);
    });

    it('gives up on a slow webhook after the timeout', async () => {
      // Never answers; the connection is closed by slack.close() after the test.
      slack = await startWebhookServer(() => {});
      const { notifier, notifications, logger } = setup(
        { webhooks: { 'group:default/payments': `${slack.url}/payments` } },
        100,
      );
      // The test fires the configured timeout itself once the webhook holds the request:
      // a real 100 ms could run out before a loaded machine even sent it.
      const timedOut = new AbortController();
      const timeout = jest
        .spyOn(AbortSignal, 'timeout')
        .mockReturnValue(timedOut.signal);
      const delivered = notifier.incidentResolved({
        incident: makeIncident(),
        recipients: ['user:default/alice'],
      });
      while (!slack.received.length) await new Promise(r => setImmediate(r));
      expect(timeout).toHaveBeenCalledWith(100);
      timedOut.abort(
        new DOMException(
          'The operation was aborted due to timeout',
          'TimeoutError',
        ),
      );
      await expect(delivered).resolves.toEqual({ failed: ['slack'] });
      timeout.mockRestore();
      expect(slack.received).toHaveLength(1);
      expect(notifications.sent).toHaveLength(1);
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          message:
            'Slack webhook for group:default/payments failed for INC-12 (incident:12:resolved): TimeoutError: The operation was aborted due to timeout',
        },
      ]);
    });

    it('delivers an outbox page on the channels still owed only', async () => {
      slack = await startWebhookServer();
      const { notifier, notifications } = setup({
        webhooks: { 'group:default/payments': `${slack.url}/payments` },
      });
      const notice = {
        kind: 'escalated' as const,
        incident: makeIncident(),
        severity: P1,
        recipients: ['user:default/dana'],
        level: 2,
      };
      // A retry after Slack already posted it: Backstage only, with the same scope.
      await expect(
        notifier.deliverPage(notice, { channels: ['backstage'] }),
      ).resolves.toEqual({ failed: [] });
      expect(slack.received).toEqual([]);
      expect(notifications.sent).toMatchObject([
        {
          recipients: { type: 'entity', entityRef: ['user:default/dana'] },
          payload: { scope: 'incident:12:escalation:2', severity: 'critical' },
        },
      ]);

      await notifier.deliverPage(
        {
          kind: 'reminder',
          incident: makeIncident(),
          recipients: ['user:default/alice'],
          overdueSince: '2026-01-05T10:30:00.000Z',
        },
        { channels: ['slack'] },
      );
      expect(notifications.sent).toHaveLength(1);
      expect(slack.received).toHaveLength(1);
      expect((slack.received[0].body as { text: string }).text).toContain(
        'Status update overdue since 2026-01-05T10:30:00.000Z',
      );
    });

    it('uses an injected fetch', async () => {
      const calls: Array<{ url: string; body: unknown }> = [];
      const fakeFetch: typeof fetch = async (input, init) => {
        calls.push({
          url: String(input),
          body: JSON.parse(String(init?.body)),
        });
        return new Response('ok', { status: 200 });
      };
      const notifier = IncidentNotifier.fromConfig(
        slackConfig({
          defaultWebhook: 'https://hooks.slack.com/services/T/B/x',
        }),
        {
          notifications: new FakeNotifications(),
          logger: recordingLogger(),
          frontendBaseUrl: FRONTEND,
          fetch: fakeFetch,
        },
      );
      await notifier.incidentDeclared({
        incident: makeIncident({ severity: 'P3' }),
        severity: P3,
      });
      expect(calls).toEqual([
        {
          url: 'https://hooks.slack.com/services/T/B/x',
          body: {
            text: ':warning: *Incident declared* <https://backstage.example.com/incidents/12|INC-12> [P3, normal] Checkout is down (status: triggered)',
          },
        },
      ]);
    });
  });

  describe('config validation', () => {
    const deps = () => ({
      notifications: new FakeNotifications(),
      logger: recordingLogger(),
      frontendBaseUrl: FRONTEND,
    });

    it('accepts no slack config at all', () => {
      expect(() =>
        IncidentNotifier.fromConfig(slackConfig(), deps()),
      ).not.toThrow();
    });

    it('names the team key whose webhook is not http(s)', () => {
      expect(() =>
        IncidentNotifier.fromConfig(
          slackConfig({
            webhooks: { 'group:default/payments': 'ftp://hooks.example.com/x' },
          }),
          deps(),
        ),
      ).toThrow(
        'Invalid config incidents.notifications.slack.webhooks["group:default/payments"]: must be an http(s) URL, got ftp:',
      );
    });

    it('names the team key whose webhook is not a URL', () => {
      expect(() =>
        IncidentNotifier.fromConfig(
          slackConfig({ webhooks: { 'group:default/payments': 'not a url' } }),
          deps(),
        ),
      ).toThrow(
        'Invalid config incidents.notifications.slack.webhooks["group:default/payments"]: not a valid URL',
      );
    });

    it('names the default webhook key', () => {
      expect(() =>
        IncidentNotifier.fromConfig(
          slackConfig({ defaultWebhook: 'hooks.slack.com/services/x' }),
          deps(),
        ),
      ).toThrow(
        'Invalid config incidents.notifications.slack.defaultWebhook: not a valid URL',
      );
    });

    it('refuses keys that are not entity refs and duplicate teams', () => {
      expect(() =>
        IncidentNotifier.fromConfig(
          slackConfig({ webhooks: { 'group:default/': 'https://a.example' } }),
          deps(),
        ),
      ).toThrow(
        'Invalid config incidents.notifications.slack.webhooks["group:default/"]: key must be an entity ref such as group:default/payments',
      );
      expect(() =>
        IncidentNotifier.fromConfig(
          slackConfig({
            webhooks: {
              'group:default/payments': 'https://a.example',
              'group:payments': 'https://b.example',
            },
          }),
          deps(),
        ),
      ).toThrow(
        'Invalid config incidents.notifications.slack.webhooks["group:payments"]: another key already names group:default/payments',
      );
    });

    it('refuses a webhooks value that is not a map', () => {
      expect(() =>
        IncidentNotifier.fromConfig(
          slackConfig({ webhooks: ['https://a.example'] }),
          deps(),
        ),
      ).toThrow(
        'Invalid config incidents.notifications.slack.webhooks: must be a map from group entity ref to webhook URL',
      );
    });
  });
});
