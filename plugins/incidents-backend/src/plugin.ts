import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { Handler } from 'express';
import {
  incidentsPermissions,
  maintenanceManagePermission,
  oncallOverridePermission,
  parseSeverityPolicy,
} from '@firebreak/plugin-incidents-common';
import {
  AlertSource,
  incidentsAlertSourcesExtensionPoint,
  IncidentsSeeder,
  incidentsSeedingExtensionPoint,
} from '@firebreak/plugin-incidents-node';
import { AlertIngestionService } from './alerts/AlertIngestionService';
import { DatabaseEntityGroupLock } from './alerts/EntityGroupLock';
import { AlertQueryService } from './alerts/AlertQueryService';
import { readAlertSettings } from './alerts/alertSettings';
import { createIngestRouter } from './alerts/ingestRouter';
import { IngestionAdmission } from './alerts/IngestionAdmission';
import { AlertRouter } from './alerts/routing/AlertRouter';
import { RunbookResolver } from './alerts/routing/RunbookResolver';
import { builtInAlertSources } from './alerts/sources';
import { DatabaseAlertStore } from './alerts/DatabaseAlertStore';
import { CatalogGateway } from './catalog/CatalogGateway';
import { DatabaseCatalogSnapshotStore } from './catalog/DatabaseCatalogSnapshotStore';
import { migrateDatabase } from './database/migrateDatabase';
import { DatabaseHeartbeatStore } from './heartbeats/DatabaseHeartbeatStore';
import { createHeartbeatRouter } from './heartbeats/heartbeatRouter';
import { HeartbeatService } from './heartbeats/HeartbeatService';
import { DatabaseIncidentStore } from './incidents/DatabaseIncidentStore';
import { DatabaseMaintenanceWindowStore } from './maintenance/DatabaseMaintenanceWindowStore';
import { MaintenanceNotifier } from './maintenance/MaintenanceNotifier';
import { MaintenanceService } from './maintenance/MaintenanceService';
import { DatabaseMetricsStore } from './metrics/DatabaseMetricsStore';
import { MetricsService } from './metrics/MetricsService';
import { IncidentNotifier } from './notifications/IncidentNotifier';
import { DatabasePageOutbox } from './notifications/DatabasePageOutbox';
import { PageOutboxSender } from './notifications/PageOutboxSender';
import { createCalendarFeedRouter } from './oncall/calendarFeedRouter';
import { CoverRequestService } from './oncall/CoverRequestService';
import { DatabaseRunbookLinkStore } from './runbooks/DatabaseRunbookLinkStore';
import {
  readRunbookLinkSettings,
  RunbookLinkService,
} from './runbooks/RunbookLinkService';
import { RunbookFollowUpService } from './postmortems/RunbookFollowUpService';
import { createStatusPageRouter } from './statuspage/statusPageRouter';
import { StatusPageService } from './statuspage/StatusPageService';
import { DatabaseStatuspagePushStore } from './statuspage/atlassian/DatabaseStatuspagePushStore';
import { StatuspagePushService } from './statuspage/atlassian/StatuspagePushService';
import { DatabaseCoverRequestStore } from './oncall/DatabaseCoverRequestStore';
import { CalendarFeedService } from './oncall/CalendarFeedService';
import { DatabaseCalendarFeedStore } from './oncall/DatabaseCalendarFeedStore';
import { DatabaseHandoffNoticeStore } from './oncall/DatabaseHandoffNoticeStore';
import { DatabaseOncallOverrideStore } from './oncall/DatabaseOncallOverrideStore';
import { HandoffNotifier, readHandoffLead } from './oncall/HandoffNotifier';
import { OncallService } from './oncall/OncallService';
import { IncidentAuthorizer } from './permissions/IncidentAuthorizer';
import { readJiraSettings } from './jira/jiraSettings';
import { JiraService } from './jira/JiraService';
import { loadIncidentResources } from './permissions/incidentResources';
import { DatabasePostmortemStore } from './postmortems/DatabasePostmortemStore';
import { PostmortemReminder } from './postmortems/PostmortemReminder';
import { PostmortemService } from './postmortems/PostmortemService';
import {
  incidentPermissionRules,
  incidentResourceRef,
  maintenanceEntityPermissionRules,
  maintenanceEntityResourceRef,
  oncallGroupPermissionRules,
  oncallGroupResourceRef,
} from './permissions/rules';
import { IncidentEscalator } from './scheduler/IncidentEscalator';
import { createSeedContext } from './seeding/createSeedContext';
import { DatabaseSlackMessageStore } from './slack/DatabaseSlackMessageStore';
import { SlackService } from './slack/SlackService';
import {
  allPublishers,
  EventsAndSignalsPublisher,
} from './incidents/ChangePublisher';
import { IncidentService } from './incidents/IncidentService';
import { databaseUnavailableHandler } from './http/databaseUnavailable';
import { createRouter } from './router';
import { registerActions } from './actions/registerActions';

/**
 * Firebreak's incidents backend: plugin id `incidents`, REST API at `/api/incidents`.
 *
 * @public
 */
export const incidentsPlugin = createBackendPlugin({
  pluginId: 'incidents',
  register(env) {
    const seeders: IncidentsSeeder[] = [];
    env.registerExtensionPoint(incidentsSeedingExtensionPoint, {
      addSeeder(seeder) {
        seeders.push(seeder);
      },
    });
    const alertSources: AlertSource[] = [...builtInAlertSources];
    env.registerExtensionPoint(incidentsAlertSourcesExtensionPoint, {
      addAlertSource(source) {
        if (alertSources.some(s => s.id === source.id)) {
          throw new Error(`Alert source '${source.id}' is already registered`);
        }
        alertSources.push(source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, lifecycle } = deps;
        const severities = parseSeverityPolicy(
          config.getOptional('incidents.severities'),
        );
        const roles = config.getOptionalStringArray('incidents.roles');

        const alertSettings = readAlertSettings(config, severities);
        // Migrations run once, here; every store then shares the migrated client.
        const knex = await migrateDatabase(deps.database);
        // One clock for the services and the row timestamps the stores stamp themselves.
        const clock = () => new Date();
        const store = DatabaseIncidentStore.fromKnex(knex, { clock });
        const alertStore = DatabaseAlertStore.fromKnex(knex);
        const catalogSnapshots = DatabaseCatalogSnapshotStore.fromKnex(knex);
        const catalog = CatalogGateway.create({
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          snapshots: catalogSnapshots,
        });
        const oncall = new OncallService({
          catalog,
          clock,
          store: DatabaseOncallOverrideStore.fromKnex(knex, { clock }),
        });
        const notifier = IncidentNotifier.fromConfig(config, {
          notifications: deps.notifications,
          logger,
          frontendBaseUrl: config.getString('app.baseUrl'),
        });
        const pageOutbox = DatabasePageOutbox.fromKnex(knex);
        const pageSender = new PageOutboxSender({
          outbox: pageOutbox,
          deliverer: notifier,
          logger,
        });
        // Delivers what a change just queued right after its commit, as the direct
        // calls did before, instead of waiting for the schedule; the lease makes this
        // safe beside the scheduled run and other instances.
        const sendPagesNow = async (keys: string[]) => {
          await pageSender
            .run({ keys })
            .catch(error =>
              logger.warn(`Delivering queued pages failed: ${error}`),
            );
        };
        const postmortemStore = DatabasePostmortemStore.fromKnex(knex, {
          clock,
        });
        const postmortems = new PostmortemService({
          store: postmortemStore,
          incidents: store,
          severities,
          clock,
        });
        // Slack (incidents.slack): a change only marks the incident; the sender posts.
        const slack = SlackService.fromConfig(config, {
          store: DatabaseSlackMessageStore.fromKnex(knex, { clock }),
          catalog,
          oncall,
          severities,
          logger,
          appBaseUrl: config.getString('app.baseUrl'),
          clock,
        });
        // Statuspage (incidents.statusPage.atlassian): public updates only mark the
        // incident; the sender pushes.
        const statuspagePush = StatuspagePushService.fromConfig(config, {
          store: DatabaseStatuspagePushStore.fromKnex(knex, { clock }),
          catalog,
          severities,
          logger,
          clock,
        });
        const incidents = new IncidentService({
          store,
          severities,
          roles,
          clock,
          // The resolution already stands; a failed postmortem start is logged, not undone.
          onResolved: incident =>
            postmortems.onIncidentResolved(incident).then(
              () => undefined,
              error =>
                logger.error(
                  `Could not start the postmortem of ${incident.ref}: ${error}`,
                ),
            ),
          catalog,
          oncall,
          alerting: notifier,
          pages: pageOutbox,
          onPagesQueued: sendPagesNow,
          publisher: allPublishers(
            new EventsAndSignalsPublisher({
              events: deps.events,
              signals: deps.signals,
              logger,
            }),
            slack?.changes,
            statuspagePush?.changes,
          ),
        });
        slack?.connect({
          get: id => incidents.get(id),
          getTimeline: id => incidents.timeline.getTimeline(id),
          recordNotificationFailure: (id, failure) =>
            incidents.recordNotificationFailure(id, failure),
        });
        statuspagePush?.connect({
          get: id => incidents.get(id),
          listPublicUpdates: ids => incidents.timeline.listPublicUpdates(ids),
          recordNotificationFailure: (id, failure) =>
            incidents.recordNotificationFailure(id, failure),
        });

        deps.permissionsRegistry.addResourceType({
          resourceRef: incidentResourceRef,
          permissions: incidentsPermissions,
          rules: Object.values(incidentPermissionRules),
          getResources: refs =>
            loadIncidentResources(refs, ids => store.getIncidents(ids)),
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: oncallGroupResourceRef,
          permissions: [oncallOverridePermission],
          rules: Object.values(oncallGroupPermissionRules),
          getResources: async groupRefs =>
            groupRefs.map(groupRef => ({ groupRef })),
        });
        const maintenanceStore = DatabaseMaintenanceWindowStore.fromKnex(knex);
        const maintenance = new MaintenanceService({
          store: maintenanceStore,
          catalog,
          severities: severities.map(level => level.id),
          logger,
          clock,
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: maintenanceEntityResourceRef,
          permissions: [maintenanceManagePermission],
          rules: Object.values(maintenanceEntityPermissionRules),
          getResources: refs => maintenance.entityResources(refs),
        });
        deps.permissionsRegistry.addPermissions(incidentsPermissions);
        const authorizer = new IncidentAuthorizer(
          deps.permissions,
          deps.permissionsRegistry,
        );

        const runbooks = new RunbookResolver({ gateway: catalog, logger });
        const alertRouting = new AlertRouter({
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          routingLabels: alertSettings.routingLabels,
          snapshots: catalogSnapshots,
        });
        const ingestion = new AlertIngestionService({
          alerts: alertStore,
          incidents,
          routing: alertRouting,
          runbooks,
          severities,
          settings: alertSettings,
          logger,
          groupLock: DatabaseEntityGroupLock.fromKnex(knex),
          maintenance,
          clock,
        });
        // Alert senders first: they bring their own payload formats and raw-body signatures.
        deps.httpRouter.use(
          createIngestRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            authorizer,
            sources: alertSources,
            ingestion,
            admission: new IngestionAdmission(alertSettings.backpressure),
            maxBodyBytes: alertSettings.maxBodyBytes,
            signing: alertSettings.signing,
          }),
        );
        const heartbeats = new HeartbeatService({
          store: DatabaseHeartbeatStore.fromKnex(knex),
          catalog,
          ingest: (sourceId, alerts, actorRef) =>
            ingestion.ingest(sourceId, alerts, actorRef),
          severities: severities.map(level => level.id),
          logger,
          clock,
        });
        deps.httpRouter.use(
          createHeartbeatRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            authorizer,
            heartbeats,
          }),
        );
        // Absolute links for clients outside Backstage (calendar apps, feed readers).
        const externalBaseUrl = await deps.discovery.getExternalBaseUrl(
          'incidents',
        );
        const calendarFeeds = new CalendarFeedService({
          store: DatabaseCalendarFeedStore.fromKnex(knex),
          oncall,
          catalog,
          baseUrl: externalBaseUrl,
          clock,
        });
        // Calendar clients cannot sign in: the feed URL's secret token stands in for it.
        deps.httpRouter.addAuthPolicy({
          path: '/oncall-calendar',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(createCalendarFeedRouter({ calendarFeeds }));
        // The public status page: read-only, for people who cannot sign in.
        deps.httpRouter.addAuthPolicy({
          path: '/status-page',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          createStatusPageRouter({
            statusPage: new StatusPageService({
              catalog,
              incidents,
              severities,
              clock,
            }),
            title:
              config.getOptionalString('incidents.statusPage.title') ??
              'Service status',
            baseUrl: externalBaseUrl,
          }),
        );
        // Notices (handoffs, reminders, cover requests): normal severity, one topic each.
        const sendNotice = async (
          topic: string,
          entityRef: string | string[],
          notice: {
            title: string;
            description: string;
            link: string;
            scope: string;
          },
        ) => {
          await deps.notifications.send({
            recipients: { type: 'entity', entityRef },
            payload: {
              title: notice.title,
              description: notice.description,
              link: notice.link,
              scope: notice.scope,
              severity: 'normal',
              topic,
            },
          });
        };
        const appBaseUrl = config.getString('app.baseUrl');
        const coverRequests = new CoverRequestService({
          store: DatabaseCoverRequestStore.fromKnex(knex),
          oncall,
          catalog,
          notify: notice => sendNotice('oncall', notice.userRef, notice),
          // An accepted cover changes who is paged: the team's open incidents say so.
          onAccepted: async (request, override, message) => {
            await incidents.timeline.noteOncallChange({
              groupRef: request.groupRef,
              actor: request.coverRef,
              message,
              data: {
                overrideId: override.id,
                coverRequestId: request.id,
                userRef: request.coverRef,
                startsAt: override.startsAt,
                endsAt: override.endsAt,
              },
            });
          },
          scheduleLink: groupRef =>
            `${appBaseUrl}/incidents/oncall?group=${encodeURIComponent(
              groupRef,
            )}`,
          logger,
          clock,
        });
        const jira = new JiraService({
          settings: readJiraSettings(config),
          postmortems,
          catalog,
          auditor: deps.auditor,
          logger,
          appBaseUrl,
        });
        const runbookLinkSettings = readRunbookLinkSettings(config);
        const runbookLinks = new RunbookLinkService({
          store: DatabaseRunbookLinkStore.fromKnex(knex),
          catalog,
          settings: runbookLinkSettings,
          logger,
          clock,
        });
        const alertQueries = new AlertQueryService({
          alerts: alertStore,
          resolver: runbooks,
          owners: catalog,
          linkHealth: runbookLinks,
        });
        const runbookFollowUps = new RunbookFollowUpService({
          postmortems,
          incidentAlerts: id => alertQueries.getIncidentAlerts(id),
          resolver: runbooks,
          catalog,
          linkHealth: runbookLinks,
          timeline: incidents.timeline,
          logger,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            auditor: deps.auditor,
            authorizer,
            incidents,
            oncall,
            alertQueries,
            postmortems,
            heartbeats,
            calendarFeeds,
            coverRequests,
            maintenance,
            jira,
            runbookFollowUps,
            metrics: new MetricsService({
              store: DatabaseMetricsStore.fromKnex(knex),
              severities,
              clock,
            }),
          }),
        );
        // The same services and checks as the routes, for MCP clients and the CLI.
        registerActions({
          actionsRegistry: deps.actionsRegistry,
          auditor: deps.auditor,
          authorizer,
          userInfo: deps.userInfo,
          incidents,
          oncall,
          alertQueries,
          postmortems,
          teams: catalog,
        });
        // Last, so it sees the errors of both routers above: an unreachable database
        // answers 503 (senders retry) instead of 500. `use` is typed for plain handlers;
        // express recognises error middleware by its four parameters.
        deps.httpRouter.use(databaseUnavailableHandler as unknown as Handler);

        const escalator = new IncidentEscalator({
          store,
          incidents: incidents.pager,
          severities,
          oncall,
          catalog,
          logger,
          clock,
        });
        await scheduler.scheduleTask({
          id: 'incidents-escalation',
          // `global`: one instance at a time runs it; the store's claims make each step once-only anyway.
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const result = await escalator.run();
            if (result.escalated || result.reminded) {
              logger.info(
                `Escalated ${result.escalated} and reminded ${result.reminded} incidents`,
              );
            }
          },
        });

        await scheduler.scheduleTask({
          id: 'incidents-heartbeats',
          // `global`, and each missed spell is claimed in the database: one alert each.
          // The period adds to a heartbeat's interval and grace before it counts as missed.
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 45 },
          fn: async () => {
            const result = await heartbeats.check();
            if (result.missed) {
              logger.info(
                `Heartbeats: ${result.missed} of ${result.heartbeats} missed`,
              );
            }
          },
        });

        if (runbookLinkSettings.allowedHosts.length) {
          await scheduler.scheduleTask({
            id: 'incidents-runbook-links',
            // `global`: one instance asks the wiki, every instance reads the results.
            scope: 'global',
            frequency: { milliseconds: runbookLinkSettings.checkEveryMs },
            timeout: { minutes: 15 },
            initialDelay: { minutes: 1 },
            fn: async () => {
              const result = await runbookLinks.check();
              logger.info(
                `Runbook links: ${result.checked} checked, ${result.dead} dead, ${result.skipped} outside the allow-list`,
              );
            },
          });
        }

        await scheduler.scheduleTask({
          id: 'incidents-runbook-follow-ups',
          // `global`, and an item closes only while outstanding: noted once.
          scope: 'global',
          frequency: { milliseconds: runbookLinkSettings.followUpCheckEveryMs },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 40 },
          fn: async () => {
            const result = await runbookFollowUps.closeAddressed();
            if (result.closed) {
              logger.info(
                `Runbook follow-ups: ${result.closed} of ${result.checked} closed, the catalog has their runbooks`,
              );
            }
          },
        });

        await scheduler.scheduleTask({
          id: 'incidents-catalog-snapshot',
          // `global` to spare the catalog; the upserts would make a second run harmless.
          scope: 'global',
          frequency: { minutes: 5 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            const result = await catalog.refreshSnapshot();
            logger.debug(
              `Catalog snapshot refreshed: ${result.entities} entities, ${result.removed} removed`,
            );
          },
        });

        await scheduler.scheduleTask({
          id: 'incidents-page-outbox',
          // `global` keeps one scheduled sender at a time; the outbox lease also keeps
          // the immediate sends after a commit from delivering a page twice.
          scope: 'global',
          frequency: { seconds: 15 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            const result = await pageSender.run();
            if (result.delivered || result.retrying || result.abandoned) {
              logger.info(
                `Pages: ${result.delivered} delivered, ${result.retrying} to retry, ${result.abandoned} abandoned`,
              );
            }
          },
        });

        if (slack) {
          await scheduler.scheduleTask({
            id: 'incidents-slack',
            // `global` keeps one scheduled sender; the rows' leases keep the sends right
            // after a change from posting anything twice beside it or other instances.
            scope: 'global',
            frequency: { seconds: 15 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
            fn: async () => {
              const result = await slack.run();
              if (result.synced || result.retrying || result.abandoned) {
                logger.info(
                  `Slack: ${result.synced} incidents synced, ${result.retrying} to retry, ${result.abandoned} given up`,
                );
              }
            },
          });
          // What is half sent stays queued anyway; waiting just spares a repeat.
          lifecycle.addShutdownHook(() => slack.idle());
        }

        if (statuspagePush) {
          await scheduler.scheduleTask({
            id: 'incidents-statuspage-push',
            // `global` keeps one scheduled sender; the rows' leases keep the pushes right
            // after a change from creating a Statuspage incident twice beside it.
            scope: 'global',
            frequency: { seconds: 15 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 20 },
            fn: async () => {
              const result = await statuspagePush.run();
              if (result.synced || result.retrying || result.abandoned) {
                logger.info(
                  `Statuspage: ${result.synced} incidents pushed, ${result.retrying} to retry, ${result.abandoned} given up`,
                );
              }
            },
          });
          // What is half pushed stays queued anyway; waiting just spares a repeat.
          lifecycle.addShutdownHook(() => statuspagePush.idle());
        }

        const maintenanceNotices = new MaintenanceNotifier({
          store: maintenanceStore,
          logger,
          clock,
          notify: notice => sendNotice('maintenance', notice.ownerRef, notice),
        });
        await scheduler.scheduleTask({
          id: 'incidents-maintenance-notices',
          // `global`, and each notice is claimed in the database: sent once.
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 50 },
          fn: async () => {
            const result = await maintenanceNotices.run();
            if (result.started || result.ended) {
              logger.info(
                `Maintenance: told owners of ${result.started} windows starting and ${result.ended} ending`,
              );
            }
          },
        });

        const handoffLeadMs = readHandoffLead(config);
        if (handoffLeadMs !== undefined) {
          const handoffs = new HandoffNotifier({
            catalog,
            oncall,
            store: DatabaseHandoffNoticeStore.fromKnex(knex),
            leadMs: handoffLeadMs,
            logger,
            clock,
            notify: notice => sendNotice('oncall', notice.userRef, notice),
          });
          await scheduler.scheduleTask({
            id: 'incidents-oncall-handoffs',
            // `global`, and each shift's notice is claimed in the database: sent once.
            scope: 'global',
            frequency: { minutes: 5 },
            timeout: { minutes: 5 },
            initialDelay: { minutes: 1 },
            fn: async () => {
              const result = await handoffs.run();
              if (result.notified) {
                logger.info(`Told ${result.notified} people of their shift`);
              }
            },
          });
        }

        if (jira.info().configured) {
          await scheduler.scheduleTask({
            id: 'incidents-jira-sync',
            // `global` spares Jira; completing an item is conditional on it being
            // outstanding, so a second run would complete nothing twice anyway.
            scope: 'global',
            frequency: { minutes: 5 },
            timeout: { minutes: 5 },
            initialDelay: { minutes: 1 },
            fn: async () => {
              const result = await jira.sync();
              if (result.completed) {
                logger.info(
                  `Jira: ${result.completed} of ${result.checked} linked action items done in Jira`,
                );
              }
            },
          });
        }

        const reminder = new PostmortemReminder({
          store: postmortemStore,
          incidents: store,
          logger,
          clock,
          notify: notice =>
            sendNotice('postmortems', notice.recipients, notice),
        });
        await scheduler.scheduleTask({
          id: 'incidents-postmortem-reminders',
          // `global`, and each reminder is claimed in the database: sent once per day.
          scope: 'global',
          frequency: { minutes: 15 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const result = await reminder.run();
            if (result.postmortems || result.actionItems) {
              logger.info(
                `Reminded about ${result.postmortems} postmortems and ${result.actionItems} action items`,
              );
            }
          },
        });

        lifecycle.addStartupHook(async () => {
          if (!seeders.length || (await store.countIncidents()) > 0) return;
          const context = createSeedContext({
            knex,
            clock,
            severities,
            catalog,
            oncall,
            logger,
            entityExists: async ref =>
              !!(await deps.catalog.getEntityByRef(ref, {
                credentials: await deps.auth.getOwnServiceCredentials(),
              })),
            alerting: {
              alerts: alertStore,
              routing: alertRouting,
              runbooks,
              settings: alertSettings,
            },
          });
          // In the background: seeders may wait for the catalog, which fills after startup.
          void (async () => {
            for (const seeder of seeders) {
              logger.info(
                `Running incidents seeder '${seeder.name}' on the empty database`,
              );
              await seeder.seed(context);
            }
          })().catch(error =>
            logger.error(`Incidents seeding failed: ${error}`),
          );
        });
      },
    });
  },
});
