import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { IncidentCollatorFactory } from './IncidentCollatorFactory';

const SCHEDULE_KEY = 'search.collators.incidents.schedule';

/** Rebuilt every 10 minutes; the first run waits until the incidents backend is up. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 10 },
};

/** Reads `search.collators.incidents.schedule`, or the default schedule. */
export function readIncidentCollatorSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig(SCHEDULE_KEY);
  if (!schedule) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw new InputError(`Invalid ${SCHEDULE_KEY}: ${error}`);
  }
}

/**
 * Search backend module indexing Firebreak incidents and postmortems (document type
 * `incident`), each result authorized for the searching user with
 * `incidents.incident.read`.
 *
 * @public
 */
export const searchModuleIncidentsCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'incidents',
  register(reg) {
    reg.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        auth,
        config,
        discovery,
        logger,
        scheduler,
        indexRegistry,
      }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            readIncidentCollatorSchedule(config),
          ),
          factory: IncidentCollatorFactory.fromConfig(config, {
            auth,
            discovery,
            logger,
          }),
        });
      },
    });
  },
});
