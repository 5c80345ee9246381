import {
  Incident,
  IncidentImpact,
  IncidentLink,
  IncidentStatus,
  Page,
  StatusUpdate,
  TimelineEvent,
  TimelineEventType,
} from '@firebreak/plugin-incidents-common';
import { StoreTransaction } from '../database/transaction';

/** What the service stores when an incident is declared. */
export interface NewIncident {
  title: string;
  description: string;
  status: IncidentStatus;
  severity: string;
  entityRef: string;
  affectedEntityRefs: string[];
  ownerRef?: string;
  source: string;
  impact: IncidentImpact;
  links: IncidentLink[];
  createdBy: string;
  /** When the problem started, if known; never after `detectedAt`. */
  startedAt?: Date;
  detectedAt: Date;
  /** Set together with the incident (e.g. the declarer as commander). */
  roles?: Array<{ role: string; userRef: string; assignedBy: string }>;
}

/** Fields the service may change on an incident; omitted fields stay as they are. */
export interface IncidentPatch {
  title?: string;
  description?: string;
  status?: IncidentStatus;
  severity?: string;
  affectedEntityRefs?: string[];
  ownerRef?: string | null;
  impact?: IncidentImpact;
  links?: IncidentLink[];
  startedAt?: Date | null;
  detectedAt?: Date;
  acknowledgedAt?: Date | null;
  mitigatedAt?: Date | null;
  resolvedAt?: Date | null;
  mergedIntoId?: number | null;
}

/** Filters for listing incidents; every given filter must match. */
export interface IncidentFilter {
  /** The incident's primary or an affected entity is one of these refs. */
  entityRefs?: string[];
  ownerRefs?: string[];
  /** One of these users holds a role in the incident or declared it ("mine"). */
  participantRefs?: string[];
  /** One of these users holds a role in the incident. */
  roleHolderRefs?: string[];
  statuses?: IncidentStatus[];
  severities?: string[];
  /** Case-insensitive substring of title, description or ref. */
  text?: string;
  /** detectedAt >= from */
  from?: Date;
  /** detectedAt < to */
  to?: Date;
  /** Restricts to these incident ids (used by permission conditions). */
  ids?: number[];
}

/**
 * Keyset pagination: newest `detectedAt` first, ties broken by id descending; or, with
 * `severityOrder`, most severe first (in that order, unlisted severities last), then
 * oldest first, then id ascending.
 */
export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`, of the same order. */
  cursor?: string;
  /** Severity ids, most severe first: sorts by severity, then age. */
  severityOrder?: string[];
}

/** A timeline entry to append. */
export interface NewTimelineEvent {
  incidentId: number;
  type: TimelineEventType;
  actorRef?: string;
  message: string;
  data?: Record<string, unknown>;
  pinned?: boolean;
  /** Defaults to now. */
  at?: Date;
}

/**
 * Persistence of incidents and everything hanging off them. Holds SQL only; the rules
 * (lifecycle, timestamps ordering, who may do what) live in the services.
 */
export interface IncidentStore extends TimelineStore, PagingClaimStore {
  /**
   * Runs `fn` in one database transaction; the store passed to `fn` uses it, and `tx`
   * lets another feature's store (the page outbox) write in the same transaction.
   */
  transaction<T>(
    fn: (store: IncidentStore, tx: StoreTransaction) => Promise<T>,
  ): Promise<T>;

  createIncident(incident: NewIncident): Promise<Incident>;
  getIncident(id: number): Promise<Incident | undefined>;
  getIncidents(ids: number[]): Promise<Incident[]>;
  listIncidents(
    filter: IncidentFilter,
    page: PageRequest,
  ): Promise<Page<Incident>>;
  countIncidents(filter?: IncidentFilter): Promise<number>;
  /**
   * Applies `patch` when the stored version equals `expectedVersion`, bumping the version
   * and `updatedAt`. Returns the updated incident, or `undefined` when the version did not
   * match (someone else changed it first) or the incident does not exist.
   */
  updateIncident(
    id: number,
    expectedVersion: number,
    patch: IncidentPatch,
  ): Promise<Incident | undefined>;

  /** Assigns `userRef` to `role` (several people may hold one role). No-op when already held. */
  assignRole(
    incidentId: number,
    role: string,
    userRef: string,
    assignedBy: string,
  ): Promise<void>;
  /** Returns whether anything was removed. */
  unassignRole(
    incidentId: number,
    role: string,
    userRef: string,
  ): Promise<boolean>;

  /**
   * Links an alert to the incident it opened or joined. Here rather than in the alert
   * store so that it commits in one transaction with the incident and its timeline.
   */
  linkAlert(alertId: number, incidentId: number): Promise<void>;
}

/** An incident's timeline and its status updates, in the incident's transaction. */
export interface TimelineStore {
  addTimelineEvent(event: NewTimelineEvent): Promise<TimelineEvent>;
  /** Oldest first. */
  listTimeline(incidentId: number): Promise<TimelineEvent[]>;
  /** Returns the updated entry, or `undefined` when it does not belong to the incident. */
  setTimelineEventPinned(
    incidentId: number,
    eventId: number,
    pinned: boolean,
  ): Promise<TimelineEvent | undefined>;

  addStatusUpdate(update: {
    incidentId: number;
    status: IncidentStatus;
    message: string;
    postedBy: string;
    /** Defaults to now. */
    postedAt?: Date;
    /** Shown on the public status page; default false. */
    public?: boolean;
  }): Promise<StatusUpdate>;
  /** Newest first. */
  listStatusUpdates(incidentId: number): Promise<StatusUpdate[]>;
  /** Public status updates of these incidents, newest first. */
  listPublicStatusUpdates(incidentIds: number[]): Promise<StatusUpdate[]>;
  /** Latest status update time per incident, for cadence reminders. */
  getLastStatusUpdateTimes(incidentIds: number[]): Promise<Map<number, Date>>;
}

/** The claims that let exactly one scheduler run send an escalation or a reminder. */
export interface PagingClaimStore {
  /**
   * Atomically moves an incident's escalation level from `fromLevel` to `fromLevel + 1`,
   * only while the incident is still open and unacknowledged. Returns false when another
   * run (or instance) already did, or the incident was acknowledged or closed since it
   * was read: exactly one caller wins, and nobody after an acknowledgement.
   */
  claimEscalation(incidentId: number, fromLevel: number): Promise<boolean>;
  /** Current escalation level per incident (0 when never escalated). */
  getEscalationLevels(incidentIds: number[]): Promise<Map<number, number>>;
  /**
   * Atomically records that a status-update reminder was sent at `now`, unless one was
   * already recorded at or after `notBefore` or the incident is no longer open. Returns
   * whether this caller should send it.
   */
  claimReminder(
    incidentId: number,
    notBefore: Date,
    now: Date,
  ): Promise<boolean>;
}
