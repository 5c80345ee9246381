import type { AlertSource } from '@firebreak/plugin-incidents-node';
import { alertmanagerSource } from './alertmanager';
import { eventsV2Source } from './eventsV2';
import { genericSource } from './generic';

export { alertmanagerSource, eventsV2Source, genericSource };

/** The sources the incidents backend always serves; modules add more. */
export const builtInAlertSources: AlertSource[] = [
  alertmanagerSource,
  eventsV2Source,
  genericSource,
];
