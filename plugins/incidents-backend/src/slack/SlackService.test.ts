import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SEVERITY_POLICY,
  Incident,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import { IncidentChangePublisher } from '../incidents/types';
import { DatabaseSlackMessageStore } from './DatabaseSlackMessageStore';
import { SlackService } from './SlackService';
import { SlackStandIn } from './__testUtils__/slackStandIn';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const TOKEN = 'xoxb-test-token';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const PAYMENTS = 'group:default/payments';
const ENTITY = 'component:default/card-payments';

function user(name: string, email?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { profile: { displayName: name, ...(email && { email }) } },
  };
}

describe.each(databases.eachSupportedId())('SlackService on %s', databaseId => {
  let knex: Knex;
  let slack: SlackStandIn;
  let teamChannel: string;
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
    now = new Date('2026-03-02T10:00:00.000Z');
    slack = await SlackStandIn.start({ token: TOKEN });
    teamChannel = slack.addChannel('payments-incidents');
    slack.addUser('alice@example.com', 'UALICE0001');
    slack.addUser('bob@example.com', 'UBOB000001');
  });

  afterEach(async () => {
    await slack?.stop();
  });

  /** The real incident rules and Slack sender on the test database. */
  function setUp(
    options: {
      slackConfig?: Record<string, unknown> | null;
      channelAnnotation?: string;
      maxAttempts?: number;
    } = {},
  ) {
    const entities: Record<string, Entity> = {
      [PAYMENTS]: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: 'payments',
          annotations:
            options.channelAnnotation === ''
              ? {}
              : {
                  'firebreak.dev/slack-channel':
                    options.channelAnnotation ?? teamChannel,
                },
        },
        spec: { type: 'team', children: [] },
      },
      [ALICE]: user('alice', 'alice@example.com'),
      [BOB]: user('bob', 'bob@example.com'),
    };
    const names: Record<string, string> = {
      [ALICE]: 'Alice Ahn',
      [BOB]: 'Bob Berg',
      [ENTITY]: 'Card payments',
    };
    const catalog = {
      getOwnerRef: async () => ({ available: true as const, value: PAYMENTS }),
      getDependencies: async () => ({ available: true as const, value: [] }),
      displayName: async (ref: string) => names[ref] ?? ref,
      getEntity: async (ref: string) => ({
        available: true as const,
        value: entities[ref],
      }),
    };
    const oncall = {
      getOncallForEntity: async (entityRef: string) => ({
        entityRef,
        catalogAvailable: true,
        oncall: {
          groupRef: PAYMENTS,
          source: 'rotation' as const,
          primary: BOB,
          members: [ALICE, BOB],
          escalation: [],
        },
      }),
    };
    const store = DatabaseSlackMessageStore.fromKnex(knex, { clock });
    const newSender = () =>
      SlackService.fromConfig(
        new ConfigReader(
          options.slackConfig === null
            ? {}
            : {
                incidents: {
                  slack: {
                    botToken: TOKEN,
                    apiUrl: slack.url,
                    ...options.slackConfig,
                  },
                },
              },
        ),
        {
          store,
          catalog,
          oncall,
          severities: [...DEFAULT_SEVERITY_POLICY],
          logger: mockServices.logger.mock(),
          appBaseUrl: 'http://backstage.example.com/',
          clock,
          sendOnChange: false,
          retryConfig: { retries: 0 },
          maxAttempts: options.maxAttempts,
        },
      );
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
    const connected = () => {
      const created = newSender();
      created?.connect({
        get: id => incidents.get(id),
        getTimeline: id => incidents.timeline.getTimeline(id),
        recordNotificationFailure: (id, failure) =>
          incidents.recordNotificationFailure(id, failure),
      });
      return created;
    };
    const sender = connected();
    if (sender) changes = sender.changes;
    return { sender, newSender: connected, incidents, store };
  }

  const declare = (incidents: IncidentService, severity = 'P3') =>
    incidents.declare(
      { title: 'Card payments failing', severity, entityRef: ENTITY },
      ALICE,
    );

  const slackNotes = async (incidents: IncidentService, id: number) =>
    (await incidents.timeline.getTimeline(id)).filter(
      e => e.type === 'note' && e.data?.slack,
    );

  it('posts one message to the team channel with severity, status, commander and links', async () => {
    const { sender, incidents } = setUp();
    const incident = await declare(incidents, 'P2');

    expect(await sender!.run()).toEqual({
      synced: 1,
      retrying: 0,
      abandoned: 0,
    });

    const posts = slack.succeeded('chat.postMessage');
    expect(posts).toHaveLength(1);
    const { args, response } = posts[0];
    expect(args.channel).toBe(teamChannel);
    expect(args.thread_ts).toBeUndefined();
    expect(args.text).toContain(`[P2] ${incident.ref} Card payments failing`);
    expect(args.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: `${incident.ref} Card payments failing`,
      },
    });
    const fields = args.blocks[1].fields.map((f: { text: string }) => f.text);
    expect(fields).toEqual([
      '*Severity*\n:large_orange_circle: P2 (High)',
      '*Status*\ntriggered',
      '*Commander*\nAlice Ahn',
      '*Entity*\n<http://backstage.example.com/catalog/default/component/card-payments|Card payments>',
    ]);
    expect(args.blocks[2].elements[0].text).toBe(
      `<http://backstage.example.com/incidents/${incident.ref}|Open ${incident.ref} in Backstage>`,
    );
    expect(response.ts).toMatch(/^\d+\.\d+$/);
    // Nothing more to say: a second run sends nothing.
    expect(await sender!.run()).toEqual({
      synced: 0,
      retrying: 0,
      abandoned: 0,
    });
    expect(slack.calls).toHaveLength(1);
  });

  it('updates the message and replies in its thread for a transition, a status update and a role change', async () => {
    const { sender, incidents } = setUp();
    const incident = await declare(incidents);
    await sender!.run();
    const root = slack.succeeded('chat.postMessage')[0].response;

    await incidents.transition(incident.id, 'investigating', ALICE, {
      message: 'looking at the card processor',
    });
    await incidents.timeline.postStatusUpdate(
      incident.id,
      { message: 'Card payments fail for 20% of customers' },
      ALICE,
    );
    await incidents.assignRole(incident.id, 'scribe', BOB, ALICE);
    await incidents.timeline.addNote(incident.id, 'internal note', ALICE);
    await sender!.run();

    const updates = slack.succeeded('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.at(-1)!.args).toMatchObject({
      channel: root.channel,
      ts: root.ts,
    });
    expect(
      updates.at(-1)!.args.blocks[1].fields.map((f: any) => f.text),
    ).toContain('*Status*\ninvestigating');

    const replies = slack
      .succeeded('chat.postMessage')
      .slice(1)
      .map(c => ({
        channel: c.args.channel,
        thread: c.args.thread_ts,
        text: c.args.text,
      }));
    expect(replies).toEqual([
      {
        channel: root.channel,
        thread: root.ts,
        text: ':arrows_counterclockwise: Status triggered → investigating: looking at the card processor (Alice Ahn)',
      },
      {
        channel: root.channel,
        thread: root.ts,
        text: ':loudspeaker: *Status update:* Card payments fail for 20% of customers (Alice Ahn)',
      },
      {
        channel: root.channel,
        thread: root.ts,
        text: ':bust_in_silhouette: Bob Berg is scribe (Alice Ahn)',
      },
    ]);
  });

  it('opens a channel for a P1, invites the on-call and the commander by their Slack ids and links it in the thread', async () => {
    const { sender, incidents } = setUp({
      slackConfig: { incidentChannels: ['P1', 'P2'] },
    });
    const incident = await declare(incidents, 'P1');
    await sender!.run();

    const created = slack.succeeded('conversations.create');
    expect(created.map(c => c.args.name)).toEqual([
      `inc-${incident.id}-card-payments-failing`,
    ]);
    const channelId = created[0].response.channel.id;
    expect(
      slack
        .succeeded('users.lookupByEmail')
        .map(c => c.args.email)
        .sort(),
    ).toEqual(['alice@example.com', 'bob@example.com']);
    expect(
      slack
        .succeeded('conversations.invite')
        .map(c => [c.args.channel, c.args.users]),
    ).toEqual([
      [channelId, 'UBOB000001'],
      [channelId, 'UALICE0001'],
    ]);
    expect(slack.membersOf(channelId).sort()).toEqual([
      'UALICE0001',
      'UBOB000001',
    ]);
    const [root, link] = slack.succeeded('chat.postMessage');
    expect(link.args).toMatchObject({
      channel: root.response.channel,
      thread_ts: root.response.ts,
      text: `:hash: ${incident.ref} has its own channel: <#${channelId}>`,
    });
    expect(
      slack.succeeded('chat.update').at(-1)!.args.blocks[2].elements[0].text,
    ).toContain(`Incident channel: <#${channelId}>`);

    // A role holder added later is invited then; nobody twice.
    await incidents.unassignRole(incident.id, 'commander', ALICE, ALICE);
    await incidents.assignRole(incident.id, 'commander', ALICE, BOB);
    await sender!.run();
    expect(slack.succeeded('conversations.create')).toHaveLength(1);
    expect(slack.succeeded('conversations.invite')).toHaveLength(2);
  });

  it('leaves lower severities without a channel of their own', async () => {
    const { sender, incidents } = setUp({
      slackConfig: { incidentChannels: ['P1'] },
    });
    await declare(incidents, 'P3');
    await sender!.run();
    expect(slack.calls.map(c => c.method)).toEqual(['chat.postMessage']);
  });

  it('declares while Slack is down and delivers the message with backoff once it recovers', async () => {
    const { sender, incidents, store } = setUp();
    slack.goDown({ status: 500 });
    const incident = await declare(incidents);
    expect(incident.ref).toMatch(/^INC-/);

    expect(await sender!.run()).toEqual({
      synced: 0,
      retrying: 1,
      abandoned: 0,
    });
    expect(slack.succeeded('chat.postMessage')).toHaveLength(0);
    expect((await store.get(incident.id))?.lastError).toBe(
      'posting the incident message: HTTP 500',
    );

    slack.recover();
    // Backing off: not retried before its time.
    advance(20_000);
    expect(await sender!.run()).toEqual({
      synced: 0,
      retrying: 0,
      abandoned: 0,
    });
    expect(slack.calls).toHaveLength(1);

    advance(11_000);
    expect((await sender!.run()).synced).toBe(1);
    expect(slack.succeeded('chat.postMessage')).toHaveLength(1);
    expect(await slackNotes(incidents, incident.id)).toEqual([]);
  });

  it('waits as long as a 429 Retry-After says before trying again', async () => {
    const { sender, incidents } = setUp();
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 120 });
    await declare(incidents);
    expect((await sender!.run()).retrying).toBe(1);

    advance(31_000);
    expect((await sender!.run()).synced).toBe(0);
    advance(90_000);
    expect((await sender!.run()).synced).toBe(1);
    expect(slack.succeeded('chat.postMessage')).toHaveLength(1);
  });

  it('retries a `ratelimited` answer and resumes the thread where it stopped', async () => {
    const { sender, incidents } = setUp();
    const incident = await declare(incidents);
    await sender!.run();
    await incidents.transition(incident.id, 'acknowledged', ALICE);
    await incidents.transition(incident.id, 'investigating', ALICE);
    slack.failNext('chat.update', { error: 'ratelimited' });
    // Then the update and the first reply go through and the second is refused.
    slack.failWhen(
      'chat.postMessage',
      args => String(args.text).includes('→ investigating'),
      { status: 500 },
    );
    expect((await sender!.run()).retrying).toBe(1);
    advance(31_000);
    expect((await sender!.run()).retrying).toBe(1);
    advance(61_000);
    expect((await sender!.run()).synced).toBe(1);

    const replies = slack
      .succeeded('chat.postMessage')
      .filter(c => c.args.thread_ts)
      .map(c => c.args.text);
    expect(replies).toEqual([
      ':arrows_counterclockwise: Status triggered → acknowledged (Alice Ahn)',
      ':arrows_counterclockwise: Status acknowledged → investigating (Alice Ahn)',
    ]);
  });

  it('writes one timeline entry for a permanent failure, however many changes follow', async () => {
    const { sender, incidents } = setUp({ channelAnnotation: 'C9999999999' });
    const incident = await declare(incidents);
    expect(await sender!.run()).toEqual({
      synced: 0,
      retrying: 0,
      abandoned: 1,
    });
    const notes = await slackNotes(incidents, incident.id);
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain(
      'posting the incident message failed with channel_not_found',
    );
    expect(notes[0].actorRef).toBeUndefined();
    expect(notes[0].data).toMatchObject({
      slack: { error: 'channel_not_found' },
    });

    // The next change tries again (someone may have fixed the annotation); the same
    // failure is not written twice.
    await incidents.transition(incident.id, 'acknowledged', ALICE);
    expect((await sender!.run()).abandoned).toBe(1);
    expect(
      slack.calls.filter(c => c.method === 'chat.postMessage'),
    ).toHaveLength(2);
    expect(await slackNotes(incidents, incident.id)).toHaveLength(1);
    // The incident itself moved on.
    expect((await incidents.get(incident.id)).status).toBe('acknowledged');
  });

  it('names invalid_auth on the timeline when the bot token is wrong', async () => {
    const { sender, incidents } = setUp({
      slackConfig: { botToken: 'xoxb-revoked' },
    });
    const incident = await declare(incidents);
    expect((await sender!.run()).abandoned).toBe(1);
    expect(slack.calls.map(c => c.response)).toEqual([
      { ok: false, error: 'invalid_auth' },
    ]);
    const notes = await slackNotes(incidents, incident.id);
    expect(notes.map(n => n.message)).toEqual([
      'Slack message not delivered: posting the incident message failed with invalid_auth (check incidents.slack.botToken); not retried. The incident itself is unaffected; its next change tries Slack again.',
    ]);
  });

  it('gives up after the last attempt with one timeline entry', async () => {
    const { sender, incidents } = setUp({ maxAttempts: 3 });
    slack.goDown({ status: 500 });
    const incident = await declare(incidents);
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
    const notes = await slackNotes(incidents, incident.id);
    expect(notes.map(n => n.message)).toEqual([
      'Slack message not delivered: posting the incident message failed with http_500; gave up after 3 attempts. The incident itself is unaffected; its next change tries Slack again.',
    ]);
  });

  it('posts once when two instances run the sender at the same time', async () => {
    const { sender, newSender, incidents } = setUp();
    const other = newSender()!;
    await declare(incidents);
    const results = await Promise.all([sender!.run(), other.run()]);
    expect(results.map(r => r.synced).sort()).toEqual([0, 1]);
    expect(slack.succeeded('chat.postMessage')).toHaveLength(1);
  });

  it('uses the default channel for teams without the annotation, and sends nothing without either', async () => {
    const fallback = slack.addChannel('incidents');
    const withDefault = setUp({
      channelAnnotation: '',
      slackConfig: { defaultChannel: '#incidents' },
    });
    await declare(withDefault.incidents);
    await withDefault.sender!.run();
    expect(slack.succeeded('chat.postMessage')[0].response.channel).toBe(
      fallback,
    );

    const without = setUp({ channelAnnotation: '' });
    const quiet: Incident = await declare(without.incidents);
    expect((await without.sender!.run()).synced).toBe(1);
    expect(slack.calls).toHaveLength(1);
    expect(await slackNotes(without.incidents, quiet.id)).toEqual([]);
  });

  it('is off without incidents.slack', () => {
    expect(setUp({ slackConfig: null }).sender).toBeUndefined();
  });
});
