import {
  coreServices,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { incidentsPlugin } from '../plugin';

/** What {@link startIncidentsBackend} started, and the notifications it sent. */
export type IncidentsTestBackend = {
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  sent: NotificationSendOptions[];
  /** Stops the backend, running its shutdown hooks. */
  stop: () => Promise<void>;
};

/**
 * The real incidents plugin on a test database, with an in-memory catalog of `entities`
 * (or a replacement `catalog` factory), scheduled tasks not run on startup, and
 * notifications recorded in `sent`.
 */
export async function startIncidentsBackend(options: {
  knex: Knex;
  entities?: Entity[];
  /** Replaces the in-memory catalog, e.g. with one that fails. */
  catalog?:
    | ReturnType<typeof catalogServiceMock.factory>
    | ReturnType<typeof createServiceFactory>;
  /** `incidents.*` app-config. */
  incidentsConfig?: JsonObject;
  /** More features or service factories (a permissions mock, ...). */
  extra?: Parameters<typeof startTestBackend>[0]['features'];
  /**
   * The scheduler, e.g. `mockServices.scheduler()` kept by the test to run a task with
   * `triggerTask(id)` (nothing runs by itself); by default one that runs nothing on
   * startup.
   */
  scheduler?: SchedulerService;
}): Promise<IncidentsTestBackend> {
  const sent: NotificationSendOptions[] = [];
  const backend = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex: options.knex }),
      options.scheduler
        ? createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => options.scheduler!,
          })
        : mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          ...(options.incidentsConfig && {
            incidents: options.incidentsConfig,
          }),
        },
      }),
      options.catalog ??
        catalogServiceMock.factory({ entities: options.entities ?? [] }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            sent.push(notification);
          },
        }),
      }),
      ...(options.extra ?? []),
    ],
  });
  return { server: backend.server, sent, stop: () => backend.stop() };
}

/**
 * Declares an incident through the API as `authorization` and expects 201. `body` is
 * merged over a P1 "Payments failing" on `component:payments-api`.
 */
export async function declareIncident(
  server: IncidentsTestBackend['server'],
  authorization: string,
  body: Record<string, unknown> = {},
) {
  const res = await request(server)
    .post('/api/incidents/incidents')
    .set('Authorization', authorization)
    .send({
      title: 'Payments failing',
      severity: 'P1',
      entityRef: 'component:payments-api',
      ...body,
    });
  expect(res.status).toBe(201);
  return res.body;
}
