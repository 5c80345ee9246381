import { createOpenApiRouter } from '../schema/openapi.generated';

/** The typed `/api/incidents` router every feature adds its routes to. */
export type IncidentsApiRouter = Awaited<
  ReturnType<typeof createOpenApiRouter>
>;
