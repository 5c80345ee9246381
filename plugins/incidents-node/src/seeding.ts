import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ActionItem,
  FiveWhy,
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentStatus,
  Postmortem,
  PostmortemSections,
  PostmortemStatus,
  StatusUpdate,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { AlertIngestResult, NormalizedAlert } from './alertSources';

/** An incident to declare through the plugin's rules. */
export type SeedIncident = {
  title: string;
  description?: string;
  severity: string;
  entityRef: string;
  affectedEntityRefs?: string[];
  impact?: IncidentImpact;
  links?: IncidentLink[];
  detectedAt?: string;
  source?: string;
  status?: 'triggered' | 'acknowledged' | 'investigating';
};

/**
 * The plugin's own write paths, acting as if the clock read a given instant. Everything a
 * seeder writes passes the same rules as the API (severity policy, state machine,
 * timestamp order); nobody is notified, because seeded history is not happening now.
 */
export interface IncidentsSeedWriter {
  declare(incident: SeedIncident, actorRef: string): Promise<Incident>;
  transition(
    id: number,
    to: IncidentStatus,
    actorRef: string,
    message?: string,
  ): Promise<Incident>;
  assignRole(
    id: number,
    role: string,
    userRef: string,
    actorRef: string,
  ): Promise<Incident>;
  addNote(
    id: number,
    message: string,
    actorRef: string,
    pinned?: boolean,
  ): Promise<TimelineEvent>;
  postStatusUpdate(
    id: number,
    message: string | undefined,
    actorRef: string,
  ): Promise<StatusUpdate>;
  /** The incident's postmortem (resolving a P1/P2 starts one), if it has one. */
  postmortemFor(incidentId: number): Promise<Postmortem | undefined>;
  editPostmortem(
    postmortemId: number,
    changes: { sections?: Partial<PostmortemSections>; fiveWhys?: FiveWhy[] },
  ): Promise<Postmortem>;
  addPostmortemReviewer(
    postmortemId: number,
    userRef: string,
  ): Promise<Postmortem>;
  approvePostmortem(
    postmortemId: number,
    reviewerRef: string,
  ): Promise<Postmortem>;
  transitionPostmortem(
    postmortemId: number,
    to: PostmortemStatus,
  ): Promise<Postmortem>;
  createActionItem(
    item: {
      incidentId: number;
      postmortemId?: number;
      title: string;
      ownerRef: string;
      priority?: string;
      dueAt?: string;
      ticketUrl?: string;
    },
    actorRef: string,
  ): Promise<ActionItem>;
  updateActionItem(
    itemId: number,
    changes: { status?: string },
  ): Promise<ActionItem>;
  /** Ingests alerts as if `sourceId` had sent them (routing, dedup, incidents, runbooks). */
  ingestAlerts(
    sourceId: string,
    alerts: NormalizedAlert[],
    actorRef: string,
  ): Promise<AlertIngestResult[]>;
}

/** What a seeder gets. */
export interface IncidentsSeedContext {
  logger: LoggerService;
  /** The severity ids of the policy in force, most severe first. */
  severities: string[];
  /** Writes as of `instant` (which must not be in the future). */
  at(instant: Date): IncidentsSeedWriter;
  /**
   * Resolves true once the catalog knows every one of these entities (so owners and
   * on-call resolve while seeding), or false after `timeoutMs`.
   */
  waitForCatalog(entityRefs: string[], timeoutMs: number): Promise<boolean>;
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
