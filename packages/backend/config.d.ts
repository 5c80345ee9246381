export interface Config {
  /** Settings of the demo backend's own modules. */
  firebreak?: {
    /**
     * The permission policy the backend runs: `allow-all` (the default) or
     * `team-scoped` (see `src/modules/permissionPolicy.ts`).
     */
    permissionPolicy?: 'allow-all' | 'team-scoped';
    /** Options of the `team-scoped` policy. */
    teamScoped?: {
      /** What users outside an incident's owner team may do with it: read (default) or nothing. */
      others?: 'read' | 'deny';
      /** Ownership refs (users or groups) that may read everything and change nothing. */
      readers?: string[];
    };
  };
  /** The demo data seeder. */
  firebreakDemo?: {
    /** Seeds a history of incidents into an empty database (off in production config). */
    enabled?: boolean;
  };
}
