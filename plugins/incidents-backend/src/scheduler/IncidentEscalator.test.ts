import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Incident,
  parseSeverityPolicy,
} from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabaseOncallOverrideStore } from '../oncall/DatabaseOncallOverrideStore';
import { OncallService } from '../oncall/OncallService';
import { IncidentService } from '../incidents/IncidentService';
import { DatabasePageOutbox } from '../notifications/DatabasePageOutbox';
import { PageDelivery, PageNotice } from '../notifications/PageOutbox';
import {
  PageDeliverer,
  PageOutboxSender,
} from '../notifications/PageOutboxSender';
import {
  EscalationRecorder,
  EscalationRunResult,
  IncidentEscalator,
} from './IncidentEscalator';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

/** Within the first P7D shift of the rotation: alice is primary, bob secondary. */
const T = new Date('2026-01-07T12:00:00.000Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const DANA = 'user:default/dana';
const ERIN = 'user:default/erin';
const PAYMENTS = 'group:default/payments';
const PAYMENTS_API = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout';
const LEDGER = 'component:default/ledger';
const SEARCH = 'group:default/search';
const SEARCH_API = 'component:default/search-api';
const SEARCH_LEADS = 'group:default/search-leads';

const severities = parseSeverityPolicy(undefined);

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bob' },
    spec: { profile: { displayName: 'Bob Brown' }, memberOf: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: {
        'firebreak.dev/oncall': [
          'rotation: [user:alice, user:bob]',
          'start: 2026-01-05T09:00:00Z',
          'shift: P7D',
          'escalation: [user:carol, user:dana]',
        ].join('\n'),
      },
    },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: ALICE },
      { type: 'hasMember', targetRef: BOB },
    ],
  },
  component('payments-api'),
  component('checkout'),
  component('ledger'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'search',
      annotations: {
        'firebreak.dev/oncall': [
          'rotation: [user:alice, user:bob]',
          'start: 2026-01-05T09:00:00Z',
          'shift: P7D',
          'escalation:',
          '  - after: PT2M',
          '    notify: [secondary]',
          '  - after: PT3M',
          '    notify: [group:search-leads, user:dana]',
          'escalationBySeverity:',
          '  P1:',
          '    - after: PT1M',
          '      notify: [secondary, user:dana]',
        ].join('\n'),
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'search-api' },
    spec: { type: 'service', lifecycle: 'production', owner: 'search' },
    relations: [{ type: 'ownedBy', targetRef: SEARCH }],
  },
];

interface EscalationNotice {
  incidentId: number;
  severity: string;
  recipients: string[];
  level: number;
}

interface ReminderNotice {
  incidentId: number;
  recipients: string[];
  overdueSince: string;
}

/** Records what the page outbox delivered. */
class RecordingAlerting implements PageDeliverer {
  readonly escalations: EscalationNotice[] = [];
  readonly reminders: ReminderNotice[] = [];
  readonly declarations: number[] = [];

  async deliverPage(notice: PageNotice): Promise<PageDelivery> {
    if (notice.kind === 'escalated') {
      this.escalations.push({
        incidentId: notice.incident.id,
        severity: notice.severity.id,
        recipients: notice.recipients,
        level: notice.level,
      });
    } else if (notice.kind === 'reminder') {
      this.reminders.push({
        incidentId: notice.incident.id,
        recipients: notice.recipients,
        overdueSince: notice.overdueSince,
      });
    } else {
      this.declarations.push(notice.incident.id);
    }
    return { failed: [] };
  }
}

function sum(results: EscalationRunResult[]): EscalationRunResult {
  return results.reduce(
    (total, r) => ({
      escalated: total.escalated + r.escalated,
      reminded: total.reminded + r.reminded,
    }),
    { escalated: 0, reminded: 0 },
  );
}

describe.each(databases.eachSupportedId())(
  'IncidentEscalator on %s',
  databaseId => {
    let knex: Knex;
    let now: Date;
    const clock = () => now;
    const setNow = (date: Date) => {
      now = date;
    };

    /** One backend instance: its own store object, catalog gateway, on-call and escalator. */
    async function instance(
      options: {
        oncall?: (
          real: OncallService,
        ) => Pick<OncallService, 'getOncallForEntity'>;
        /** Stands between the escalator and the service, to interleave other writes. */
        recorder?: (real: IncidentService) => EscalationRecorder;
      } = {},
    ) {
      const store = await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
        clock,
      });
      const catalog = new CatalogGateway({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        clock,
      });
      const oncall = new OncallService({
        catalog,
        store: DatabaseOncallOverrideStore.fromKnex(knex, { clock }),
        clock,
      });
      const outbox = DatabasePageOutbox.fromKnex(knex, { clock });
      const publisher = { publish: jest.fn(async () => {}) };
      const incidents = new IncidentService({
        store,
        severities,
        catalog,
        oncall,
        alerting: {
          incidentResolved: async () => {},
        },
        publisher,
        pages: outbox,
        clock,
      });
      const alerting = new RecordingAlerting();
      const logger: jest.Mocked<LoggerService> = mockServices.logger.mock();
      const sender = new PageOutboxSender({
        outbox,
        deliverer: alerting,
        logger: mockServices.logger.mock(),
        clock,
      });
      const duty = new IncidentEscalator({
        store,
        incidents: options.recorder
          ? options.recorder(incidents)
          : incidents.pager,
        severities,
        oncall: options.oncall ? options.oncall(oncall) : oncall,
        catalog,
        logger,
        clock,
      });
      // One scheduled round: the escalation duty, then the outbox sender delivering.
      const escalator = {
        run: async () => {
          const result = await duty.run();
          await sender.run();
          return result;
        },
      };
      return {
        store,
        oncall,
        incidents,
        alerting,
        logger,
        escalator,
        duty,
        sender,
        outbox,
        publisher,
      };
    }

    type Instance = Awaited<ReturnType<typeof instance>>;

    function declare(
      { incidents }: Instance,
      severity: string,
      options: {
        entityRef?: string;
        actor?: string;
        status?: 'triggered' | 'acknowledged' | 'investigating';
      } = {},
    ): Promise<Incident> {
      return incidents.declare(
        {
          title: `${severity} on ${options.entityRef ?? PAYMENTS_API}`,
          severity,
          entityRef: options.entityRef ?? PAYMENTS_API,
          status: options.status,
        },
        options.actor ?? ERIN,
      );
    }

    async function escalatedEntries(store: DatabaseIncidentStore, id: number) {
      return (await store.listTimeline(id))
        .filter(e => e.type === 'escalated')
        .map(e => ({ at: e.at, data: e.data }));
    }

    async function reminderEntries(store: DatabaseIncidentStore, id: number) {
      return (await store.listTimeline(id))
        .filter(e => e.type === 'reminder')
        .map(e => ({ at: e.at, data: e.data }));
    }

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      now = T;
    });

    describe('escalation of unacknowledged incidents', () => {
      it('walks a P1 up the chain one level per acknowledgement target', async () => {
        const a = await instance();
        const incident = await declare(a, 'P1');
        const run = async (minutes: number) => {
          setNow(at(minutes));
          return a.escalator.run();
        };

        expect(await run(4)).toEqual({ escalated: 0, reminded: 0 });
        expect(a.alerting.escalations).toEqual([]);

        expect(await run(5)).toEqual({ escalated: 1, reminded: 0 });
        expect(a.alerting.escalations).toEqual([
          {
            incidentId: incident.id,
            severity: 'P1',
            recipients: [BOB],
            level: 1,
          },
        ]);

        expect(await run(6)).toEqual({ escalated: 0, reminded: 0 });
        expect(await run(9)).toEqual({ escalated: 0, reminded: 0 });
        expect(a.alerting.escalations).toHaveLength(1);

        expect(await run(10)).toEqual({ escalated: 1, reminded: 0 });
        expect(a.alerting.escalations[1]).toEqual({
          incidentId: incident.id,
          severity: 'P1',
          recipients: [CAROL],
          level: 2,
        });

        expect(await run(15)).toEqual({ escalated: 1, reminded: 0 });
        expect(a.alerting.escalations[2]).toEqual({
          incidentId: incident.id,
          severity: 'P1',
          recipients: [DANA],
          level: 3,
        });

        // The chain (secondary, then the two escalation contacts) is exhausted.
        expect(await run(20)).toEqual({ escalated: 0, reminded: 0 });
        expect(await run(60)).toEqual({ escalated: 0, reminded: 0 });
        expect(a.alerting.escalations).toHaveLength(3);

        expect(await a.store.getEscalationLevels([incident.id])).toEqual(
          new Map([[incident.id, 3]]),
        );
        expect(await escalatedEntries(a.store, incident.id)).toEqual([
          { at: iso(5), data: { level: 1, recipients: [BOB] } },
          { at: iso(10), data: { level: 2, recipients: [CAROL] } },
          { at: iso(15), data: { level: 3, recipients: [DANA] } },
        ]);
        const [first] = (await a.store.listTimeline(incident.id)).filter(
          e => e.type === 'escalated',
        );
        expect(first.message).toBe(
          'Not acknowledged within PT5M: escalated to Bob Brown (level 1 of 3)',
        );
        // Escalating is not an edit: the incident's version is untouched.
        expect((await a.store.getIncident(incident.id))?.version).toBe(
          incident.version,
        );
      });

      it('never escalates acknowledged, closed or target-less incidents', async () => {
        const a = await instance();
        const acknowledged = await declare(a, 'P1');
        const investigating = await declare(a, 'P1', {
          status: 'investigating',
        });
        const declined = await declare(a, 'P1');
        const informational = await declare(a, 'P5');
        setNow(at(1));
        await a.incidents.transition(declined.id, 'declined', ERIN);
        setNow(at(2));
        await a.incidents.transition(acknowledged.id, 'acknowledged', ERIN);

        for (const minutes of [5, 10, 15, 20, 29]) {
          setNow(at(minutes));
          expect(await a.escalator.run()).toEqual({
            escalated: 0,
            reminded: 0,
          });
        }
        // A day later the acknowledged P1s are only reminded about status updates;
        // P5 has neither an acknowledgement target nor an update cadence.
        setNow(at(24 * 60));
        expect(await a.escalator.run()).toEqual({ escalated: 0, reminded: 2 });
        expect(a.alerting.escalations).toEqual([]);
        expect(a.alerting.reminders.map(r => r.incidentId).sort()).toEqual(
          [acknowledged.id, investigating.id].sort(),
        );

        const ids = [acknowledged, investigating, declined, informational].map(
          i => i.id,
        );
        expect(await a.store.getEscalationLevels(ids)).toEqual(
          new Map(ids.map(id => [id, 0])),
        );
        for (const id of ids) {
          expect(await escalatedEntries(a.store, id)).toEqual([]);
        }
      });

      it('pages level 2 of a two-level policy after its delay, then stops', async () => {
        const a = await instance();
        const incident = await declare(a, 'P3', { entityRef: SEARCH_API });
        const run = async (minutes: number) => {
          setNow(at(minutes));
          return (await a.escalator.run()).escalated;
        };
        expect(await run(1)).toBe(0);
        expect(await run(2)).toBe(1);
        expect(await run(4)).toBe(0);
        expect(await run(5)).toBe(1);
        for (const minutes of [6, 30, 24 * 60])
          expect(await run(minutes)).toBe(0);
        expect(a.alerting.escalations).toEqual([
          {
            incidentId: incident.id,
            severity: 'P3',
            recipients: [BOB],
            level: 1,
          },
          {
            incidentId: incident.id,
            severity: 'P3',
            recipients: [SEARCH_LEADS, DANA],
            level: 2,
          },
        ]);
        expect(
          (await a.store.listTimeline(incident.id))
            .filter(e => e.type === 'escalated')
            .map(e => [e.at, e.message]),
        ).toEqual([
          [
            iso(2),
            'Not acknowledged PT2M after the first page: escalated to Bob Brown (level 1 of 2)',
          ],
          [
            iso(5),
            'Not acknowledged PT3M after level 1: escalated to group:default/search-leads, user:default/dana (level 2 of 2)',
          ],
        ]);
      });

      it('never pages level 2 after an acknowledgement', async () => {
        const a = await instance();
        const incident = await declare(a, 'P3', { entityRef: SEARCH_API });
        setNow(at(2));
        await a.escalator.run();
        setNow(at(3));
        await a.incidents.transition(incident.id, 'acknowledged', ERIN);
        for (const minutes of [5, 10, 24 * 60]) {
          setNow(at(minutes));
          expect((await a.escalator.run()).escalated).toBe(0);
        }
        expect(a.alerting.escalations.map(e => e.level)).toEqual([1]);
        expect(await a.store.getEscalationLevels([incident.id])).toEqual(
          new Map([[incident.id, 1]]),
        );
      });

      it("follows the severity's own levels: a P1 reaches the secondary and dana after a minute", async () => {
        const a = await instance();
        const incident = await declare(a, 'P1', { entityRef: SEARCH_API });
        setNow(at(1));
        expect((await a.escalator.run()).escalated).toBe(1);
        setNow(at(60));
        expect((await a.escalator.run()).escalated).toBe(0);
        expect(a.alerting.escalations).toEqual([
          {
            incidentId: incident.id,
            severity: 'P1',
            recipients: [BOB, DANA],
            level: 1,
          },
        ]);
      });

      it('sends each level exactly once when instances run concurrently', async () => {
        const a = await instance();
        const b = await instance();
        const incidents = [
          await declare(a, 'P1'),
          await declare(b, 'P1', { entityRef: CHECKOUT }),
          await declare(a, 'P1', { entityRef: LEDGER }),
        ];

        const concurrentRounds = async (minutes: number, rounds: number) => {
          setNow(at(minutes));
          const results: EscalationRunResult[] = [];
          for (let i = 0; i < rounds; i++) {
            results.push(
              ...(await Promise.all([a.escalator.run(), b.escalator.run()])),
            );
          }
          return sum(results);
        };

        // Past the first target: only level 1 is due, however often both run.
        expect(await concurrentRounds(6, 4)).toEqual({
          escalated: 3,
          reminded: 0,
        });
        // Past the second and third targets: levels 2 and 3 are both due.
        expect(await concurrentRounds(16, 4)).toEqual({
          escalated: 6,
          reminded: 0,
        });
        expect(await concurrentRounds(30, 3)).toEqual({
          escalated: 0,
          reminded: 0,
        });

        const notices = [...a.alerting.escalations, ...b.alerting.escalations];
        expect(notices).toHaveLength(9);
        for (const incident of incidents) {
          const sent = notices
            .filter(n => n.incidentId === incident.id)
            .sort((x, y) => x.level - y.level);
          expect(sent).toEqual([
            {
              incidentId: incident.id,
              severity: 'P1',
              recipients: [BOB],
              level: 1,
            },
            {
              incidentId: incident.id,
              severity: 'P1',
              recipients: [CAROL],
              level: 2,
            },
            {
              incidentId: incident.id,
              severity: 'P1',
              recipients: [DANA],
              level: 3,
            },
          ]);
          expect(
            (await escalatedEntries(a.store, incident.id)).map(e => e.data),
          ).toEqual([
            { level: 1, recipients: [BOB] },
            { level: 2, recipients: [CAROL] },
            { level: 3, recipients: [DANA] },
          ]);
        }
        expect(
          await a.store.getEscalationLevels(incidents.map(i => i.id)),
        ).toEqual(new Map(incidents.map(i => [i.id, 3])));
      });
    });

    describe('acknowledgement racing the escalation', () => {
      it('does not page or write a timeline entry when the incident is acknowledged between the read and the claim', async () => {
        const a = await instance({
          // The duty has read the incident as unacknowledged; the acknowledgement
          // commits before its claim runs.
          recorder: real => ({
            recordEscalation: async step => {
              await real.transition(step.incidentId, 'acknowledged', ALICE);
              return real.pager.recordEscalation(step);
            },
            recordReminder: step => real.pager.recordReminder(step),
          }),
        });
        const incident = await declare(a, 'P1');

        setNow(at(5));
        expect(await a.escalator.run()).toEqual({ escalated: 0, reminded: 0 });

        expect(a.alerting.escalations).toEqual([]);
        expect(await escalatedEntries(a.store, incident.id)).toEqual([]);
        expect(await a.store.getEscalationLevels([incident.id])).toEqual(
          new Map([[incident.id, 0]]),
        );
        expect(
          (await a.outbox.listForIncident(incident.id)).map(p => p.key),
        ).toEqual([`incident:${incident.id}:declared`]);
      });

      it('does not remind when the incident is resolved between the read and the claim', async () => {
        const a = await instance({
          recorder: real => ({
            recordEscalation: step => real.pager.recordEscalation(step),
            recordReminder: async step => {
              await real.transition(step.incidentId, 'resolved', ERIN);
              return real.pager.recordReminder(step);
            },
          }),
        });
        const incident = await declare(a, 'P1', { status: 'investigating' });

        setNow(at(30));
        expect(await a.escalator.run()).toEqual({ escalated: 0, reminded: 0 });
        expect(a.alerting.reminders).toEqual([]);
        expect(await reminderEntries(a.store, incident.id)).toEqual([]);
      });

      it('commits the claim, the timeline entry and the queued page together, and publishes the change', async () => {
        const a = await instance();
        const incident = await declare(a, 'P1');
        a.publisher.publish.mockClear();

        setNow(at(5));
        // The duty alone, as if the instance died before its sender ran.
        expect(await a.duty.run()).toEqual({ escalated: 1, reminded: 0 });
        expect(a.alerting.escalations).toEqual([]);
        expect(await escalatedEntries(a.store, incident.id)).toHaveLength(1);
        expect(await a.outbox.listForIncident(incident.id)).toMatchObject([
          { key: `incident:${incident.id}:declared`, kind: 'declared' },
          {
            key: `incident:${incident.id}:escalation:1`,
            kind: 'escalated',
            deliveredAt: undefined,
          },
        ]);
        expect(a.publisher.publish).toHaveBeenCalledWith(
          'timeline_changed',
          expect.objectContaining({ id: incident.id }),
        );

        // Another instance's sender delivers what the dead one queued, once.
        const b = await instance();
        setNow(at(6));
        await b.sender.run();
        await b.sender.run();
        expect(b.alerting.escalations).toEqual([
          {
            incidentId: incident.id,
            severity: 'P1',
            recipients: [BOB],
            level: 1,
          },
        ]);
      });
    });

    describe('status-update reminders', () => {
      it('reminds the commander once per period, counting from the latest update', async () => {
        const a = await instance();
        setNow(at(-3));
        const incident = await declare(a, 'P1', { actor: ERIN });
        setNow(T);
        await a.incidents.transition(incident.id, 'acknowledged', ERIN);
        const run = async (minutes: number) => {
          setNow(at(minutes));
          return a.escalator.run();
        };

        // Counted from the acknowledgement (T), not from detection (T-3m).
        expect(await run(27)).toEqual({ escalated: 0, reminded: 0 });
        expect(await run(29)).toEqual({ escalated: 0, reminded: 0 });
        expect(await run(30)).toEqual({ escalated: 0, reminded: 1 });
        expect(a.alerting.reminders).toEqual([
          {
            incidentId: incident.id,
            recipients: [ERIN],
            overdueSince: iso(30),
          },
        ]);
        expect(await run(31)).toEqual({ escalated: 0, reminded: 0 });
        expect(a.alerting.reminders).toHaveLength(1);

        setNow(at(40));
        const update = await a.incidents.timeline.postStatusUpdate(
          incident.id,
          { message: 'Rolling back the deploy' },
          ERIN,
        );
        expect(update.postedAt).toBe(iso(40));

        for (const minutes of [41, 60, 69]) {
          expect(await run(minutes)).toEqual({ escalated: 0, reminded: 0 });
        }
        expect(await run(70)).toEqual({ escalated: 0, reminded: 1 });
        expect(await run(71)).toEqual({ escalated: 0, reminded: 0 });
        expect(a.alerting.reminders).toEqual([
          {
            incidentId: incident.id,
            recipients: [ERIN],
            overdueSince: iso(30),
          },
          {
            incidentId: incident.id,
            recipients: [ERIN],
            overdueSince: iso(70),
          },
        ]);
        expect(await reminderEntries(a.store, incident.id)).toEqual([
          {
            at: iso(30),
            data: { overdueSince: iso(30), recipients: [ERIN] },
          },
          {
            at: iso(70),
            data: { overdueSince: iso(70), recipients: [ERIN] },
          },
        ]);
        expect(a.alerting.escalations).toEqual([]);
      });

      it('keeps reminding every period while no update is posted', async () => {
        const a = await instance();
        const incident = await declare(a, 'P1', { status: 'investigating' });
        const run = async (minutes: number) => {
          setNow(at(minutes));
          return (await a.escalator.run()).reminded;
        };

        expect(await run(30)).toBe(1);
        expect(await run(31)).toBe(0);
        expect(await run(59)).toBe(0);
        expect(await run(60)).toBe(1);
        expect(await run(61)).toBe(0);
        // A run that was late by more than a period still sends one reminder, not two.
        expect(await run(125)).toBe(1);
        expect(await run(126)).toBe(0);
        expect(await run(150)).toBe(1);
        expect(a.alerting.reminders).toEqual(
          [30, 60, 125, 150].map(() => ({
            incidentId: incident.id,
            recipients: [ERIN],
            overdueSince: iso(30),
          })),
        );
        expect(
          (await reminderEntries(a.store, incident.id)).map(e => e.at),
        ).toEqual([iso(30), iso(60), iso(125), iso(150)]);
      });

      it('reminds the primary on-call when nobody is commander', async () => {
        const a = await instance();
        // Declared by a service (an alert source), so nobody becomes commander.
        const incident = await declare(a, 'P1', {
          actor: 'component:default/alertmanager',
          status: 'acknowledged',
        });
        expect(incident.roles).toEqual([]);

        setNow(at(30));
        expect(await a.escalator.run()).toEqual({ escalated: 0, reminded: 1 });
        expect(a.alerting.reminders).toEqual([
          {
            incidentId: incident.id,
            recipients: [ALICE],
            overdueSince: iso(30),
          },
        ]);
      });

      it('sends one reminder when instances run concurrently', async () => {
        const a = await instance();
        const b = await instance();
        const incidents = [
          await declare(a, 'P1', { status: 'acknowledged' }),
          await declare(b, 'P2', {
            entityRef: CHECKOUT,
            status: 'acknowledged',
          }),
        ];

        const concurrentRounds = async (minutes: number, rounds: number) => {
          setNow(at(minutes));
          const results: EscalationRunResult[] = [];
          for (let i = 0; i < rounds; i++) {
            results.push(
              ...(await Promise.all([a.escalator.run(), b.escalator.run()])),
            );
          }
          return sum(results);
        };

        expect(await concurrentRounds(29, 2)).toEqual({
          escalated: 0,
          reminded: 0,
        });
        expect(await concurrentRounds(30, 4)).toEqual({
          escalated: 0,
          reminded: 2,
        });
        expect(await concurrentRounds(45, 2)).toEqual({
          escalated: 0,
          reminded: 0,
        });

        const reminders = [...a.alerting.reminders, ...b.alerting.reminders];
        expect(reminders.sort((x, y) => x.incidentId - y.incidentId)).toEqual(
          incidents.map(i => ({
            incidentId: i.id,
            recipients: [ERIN],
            overdueSince: iso(30),
          })),
        );
        for (const incident of incidents) {
          expect(
            (await reminderEntries(a.store, incident.id)).map(e => e.at),
          ).toEqual([iso(30)]);
        }
      });
    });

    describe('failures', () => {
      it('keeps going when one incident cannot be checked, and logs it', async () => {
        const failure = new Error('on-call lookup exploded');
        const a = await instance({
          oncall: real => ({
            getOncallForEntity: async (entityRef, when) => {
              if (entityRef === CHECKOUT) throw failure;
              return real.getOncallForEntity(entityRef, when);
            },
          }),
        });
        // Same detection time, so the run sees them newest id first: the failing one
        // sits between the two others.
        const first = await declare(a, 'P1');
        const broken = await declare(a, 'P1', { entityRef: CHECKOUT });
        const last = await declare(a, 'P1', { entityRef: LEDGER });

        setNow(at(5));
        expect(await a.escalator.run()).toEqual({ escalated: 2, reminded: 0 });
        expect(
          [...a.alerting.escalations].sort(
            (x, y) => x.incidentId - y.incidentId,
          ),
        ).toEqual([
          { incidentId: first.id, severity: 'P1', recipients: [BOB], level: 1 },
          { incidentId: last.id, severity: 'P1', recipients: [BOB], level: 1 },
        ]);
        expect(a.logger.warn).toHaveBeenCalledTimes(1);
        expect(a.logger.warn).toHaveBeenCalledWith(
          `Escalation check of ${broken.ref} failed: Error: on-call lookup exploded`,
          failure,
        );
        // Nothing was claimed for the broken one, so it is escalated once the fault clears.
        expect(
          await a.store.getEscalationLevels([first.id, broken.id, last.id]),
        ).toEqual(
          new Map([
            [first.id, 1],
            [broken.id, 0],
            [last.id, 1],
          ]),
        );
        expect(await escalatedEntries(a.store, broken.id)).toEqual([]);

        const healthy = await instance();
        setNow(at(6));
        expect(await healthy.escalator.run()).toEqual({
          escalated: 1,
          reminded: 0,
        });
        expect(healthy.alerting.escalations).toEqual([
          {
            incidentId: broken.id,
            severity: 'P1',
            recipients: [BOB],
            level: 1,
          },
        ]);
      });
    });
  },
);
