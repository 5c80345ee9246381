import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { CoverRequestNotice, CoverRequestService } from './CoverRequestService';
import { DatabaseCoverRequestStore } from './DatabaseCoverRequestStore';
import { DatabaseOncallOverrideStore } from './DatabaseOncallOverrideStore';
import { OncallService } from './OncallService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const NOW = new Date('2026-03-25T10:00:00.000Z');
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ERIN = 'user:default/erin';
const PAYMENTS = 'group:default/payments';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      title: 'Payments',
      annotations: {
        // alice is primary all week from Monday 23 March, 09:00 Berlin.
        'firebreak.dev/oncall':
          'rotation: [user:alice, user:bob]\nstart: 2026-03-23T09:00:00\nshift: P7D\ntimezone: Europe/Berlin\n',
      },
    },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: ALICE },
      { type: 'hasMember', targetRef: BOB },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice' },
    spec: { profile: { displayName: 'Alice Adams' } },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bob' },
    spec: { profile: { displayName: 'Bob Brown' } },
  },
];

const ask = {
  groupRef: 'group:payments',
  coverRef: 'user:bob',
  startsAt: '2026-03-26T08:00:00Z',
  endsAt: '2026-03-27T08:00:00Z',
  reason: 'dentist',
};

describe.each(databases.eachSupportedId())(
  'CoverRequestService on %s',
  databaseId => {
    let knex: Knex;

    async function setup() {
      knex = await databases.init(databaseId);
      const clock = () => NOW;
      await DatabaseIncidentStore.create({
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
      const notices: CoverRequestNotice[] = [];
      const accepted = jest.fn(async () => {});
      const service = new CoverRequestService({
        store: DatabaseCoverRequestStore.fromKnex(knex),
        oncall,
        catalog,
        notify: async notice => {
          notices.push(notice);
        },
        onAccepted: accepted,
        scheduleLink: group => `/incidents/oncall?group=${group}`,
        logger: mockServices.logger.mock(),
        clock,
      });
      return { service, oncall, notices, accepted };
    }

    it('request → accept → the teammate is on call for the window, and both are told', async () => {
      const { service, oncall, notices, accepted } = await setup();
      const during = new Date('2026-03-26T12:00:00Z');
      expect((await oncall.getOncallForGroup(PAYMENTS, during)).primary).toBe(
        ALICE,
      );

      const request = await service.request(ask, ALICE);
      expect(request).toMatchObject({
        groupRef: PAYMENTS,
        requesterRef: ALICE,
        coverRef: BOB,
        status: 'pending',
        reason: 'dentist',
      });
      expect(notices).toEqual([
        {
          userRef: BOB,
          title: 'Alice Adams asks you to cover Payments on call',
          description:
            'From Thu 26 Mar 2026, 09:00 to Fri 27 Mar 2026, 09:00 GMT+1: dentist. Accept or decline on the on-call page.',
          link: `/incidents/oncall?group=${PAYMENTS}`,
          scope: `cover-request:${request.id}:asked`,
        },
      ]);
      // Asking changes nothing yet.
      expect((await oncall.getOncallForGroup(PAYMENTS, during)).primary).toBe(
        ALICE,
      );

      const done = await service.accept(request.id, BOB);
      expect(done).toMatchObject({
        status: 'accepted',
        decidedAt: NOW.toISOString(),
      });
      const now = await oncall.getOncallForGroup(PAYMENTS, during);
      expect(now).toMatchObject({ primary: BOB, secondary: ALICE });
      expect(now.override).toMatchObject({
        id: done.overrideId,
        userRef: BOB,
        createdBy: BOB,
        reason: 'Covering for Alice Adams: dentist',
      });
      // Outside the window alice is back.
      expect(
        (
          await oncall.getOncallForGroup(
            PAYMENTS,
            new Date('2026-03-27T09:00:00Z'),
          )
        ).primary,
      ).toBe(ALICE);
      expect(accepted).toHaveBeenCalledWith(
        done,
        now.override,
        'On-call changed: Bob Brown covers Alice Adams. From Thu 26 Mar 2026, 09:00 to Fri 27 Mar 2026, 09:00 GMT+1 (cover request accepted)',
      );
      expect(notices[1]).toMatchObject({
        userRef: ALICE,
        title: 'Bob Brown accepted to cover Payments on call',
        scope: `cover-request:${request.id}:accepted`,
      });
      expect(await service.listFor(BOB)).toEqual([done]);
      expect(await service.listFor(ALICE)).toEqual([done]);
      expect(await service.listFor(ERIN)).toEqual([]);
    });

    it('decides a request once: a second accept is a conflict and creates no override', async () => {
      const { service, oncall } = await setup();
      const request = await service.request(ask, ALICE);
      const results = await Promise.allSettled([
        service.accept(request.id, BOB),
        service.accept(request.id, BOB),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find(
        r => r.status === 'rejected',
      ) as PromiseRejectedResult;
      expect(failed.reason).toBeInstanceOf(ConflictError);
      expect(await oncall.listOverrides({ groupRef: PAYMENTS })).toHaveLength(
        1,
      );
    });

    it('lets only the teammate accept or decline, and only the requester cancel', async () => {
      const { service, notices } = await setup();
      const request = await service.request(ask, ALICE);
      await expect(service.accept(request.id, ALICE)).rejects.toThrow(
        NotAllowedError,
      );
      await expect(service.accept(request.id, ERIN)).rejects.toThrow(
        NotFoundError,
      );
      await expect(service.cancel(request.id, BOB)).rejects.toThrow(
        NotAllowedError,
      );
      expect(await service.decline(request.id, BOB)).toMatchObject({
        status: 'declined',
      });
      expect(notices.at(-1)).toMatchObject({
        userRef: ALICE,
        title: 'Bob Brown declined to cover Payments on call',
      });
      await expect(service.accept(request.id, BOB)).rejects.toThrow(
        'Cover request 1 is declined',
      );
      const other = await service.request(ask, ALICE);
      expect(await service.cancel(other.id, ALICE)).toMatchObject({
        status: 'cancelled',
      });
      await expect(service.accept(999, BOB)).rejects.toThrow(NotFoundError);
    });

    it('names what is wrong with a request', async () => {
      const { service } = await setup();
      const refused = async (input: object, message: string) => {
        const attempt = service.request({ ...ask, ...input }, ALICE);
        await expect(attempt).rejects.toThrow(InputError);
        await expect(attempt).rejects.toThrow(message);
      };
      await refused(
        { coverRef: 'group:payments' },
        'coverRef must be a user entity ref',
      );
      await refused(
        { coverRef: 'user:alice' },
        'coverRef must be someone other than you',
      );
      await refused(
        { coverRef: 'user:erin' },
        'coverRef user:default/erin is not a member of group:default/payments',
      );
      await refused(
        { endsAt: '2026-03-26T07:00:00Z' },
        'endsAt must be after startsAt',
      );
      await refused({ startsAt: 'tomorrow' }, 'startsAt');
    });

    it('leaves the request pending when its window has passed by the acceptance', async () => {
      const { service } = await setup();
      const request = await service.request(ask, ALICE);
      const late = new CoverRequestService({
        ...(service as any).deps,
        oncall: {
          ...(service as any).deps.oncall,
          checkOverride: (service as any).deps.oncall.checkOverride.bind(
            (service as any).deps.oncall,
          ),
          createOverride: async () => {
            throw new InputError(
              'Invalid on-call override: endsAt must be in the future',
            );
          },
        },
      });
      await expect(late.accept(request.id, BOB)).rejects.toThrow(
        'endsAt must be in the future',
      );
      expect((await service.listFor(BOB))[0].status).toBe('pending');
    });
  },
);
