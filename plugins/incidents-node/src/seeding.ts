import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** What a seeder gets: the plugin's own write paths, so it can only store what the plugin can. */
export interface IncidentsSeedContext {
  logger: LoggerService;
}

/** Writes initial data (for example a demo history) into an empty incidents database. */
export interface IncidentsSeeder {
  /** Shown in logs. */
  name: string;
  seed(context: IncidentsSeedContext): Promise<void>;
}

/** Lets a backend module register seeders that run once, on first start against an empty database. */
export interface IncidentsSeedingExtensionPoint {
  addSeeder(seeder: IncidentsSeeder): void;
}

/** Extension point for {@link IncidentsSeeder}s. */
export const incidentsSeedingExtensionPoint =
  createExtensionPoint<IncidentsSeedingExtensionPoint>({
    id: 'incidents.seeding',
  });
