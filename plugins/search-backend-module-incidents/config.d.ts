import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The incidents collator (`@firebreak/plugin-search-backend-module-incidents`). */
      incidents?: {
        /**
         * How often the incident index is rebuilt. Default: every 10 minutes, first 10
         * seconds after startup, at most 15 minutes a run.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Where a result links to; `:ref` becomes the incident's reference (`INC-12`).
         * Default `/incidents/:ref`, the incident page of Firebreak's frontend plugin.
         */
        locationTemplate?: string;
      };
    };
  };
}
