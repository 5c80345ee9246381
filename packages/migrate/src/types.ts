/** The `firebreak.dev/oncall` value the importer proposes for one Group. */
export interface OncallProposal {
  /** Entity refs taking the primary shift in turn. */
  rotation: string[];
  /** ISO-8601 date-time: with an offset, or local time read in `timezone`. */
  start: string;
  /** ISO-8601 duration of one shift. */
  shift: string;
  /** Entity refs escalated to in order; may be empty. */
  escalation: string[];
  /** IANA zone the shifts are counted in. */
  timezone?: string;
}

/** One Group and the on-call the importer mapped for it. */
export interface MappedGroup {
  /** Group entity ref, e.g. `group:payments`. */
  ref: string;
  /** Where it came from, e.g. `Opsgenie schedule "Payments" rotation "Primary"`. */
  from: string[];
  oncall: OncallProposal;
  /** How the mapping reads, printed as comments beside the snippet. */
  notes: string[];
}

/** The Firebreak alert endpoints (`POST /api/incidents/alerts/<source>`). */
export type FirebreakSource =
  | 'alertmanager'
  | 'grafana'
  | 'generic'
  | 'events/v2'
  | 'datadog'
  | 'checkly';

/** Where a sender that used to post to the old product should post now. */
export interface RoutingHint {
  /** The integration's name in the old product. */
  integration: string;
  /** Its type there, e.g. `alertmanager`, `Prometheus`. */
  type: string;
  /** The Firebreak endpoint; absent when there is none for this type. */
  source?: FirebreakSource;
  /** The Group whose on-call its alerts page, when known. */
  group?: string;
  /** The old URL the sender posted to, to replace. */
  replaces?: string;
  /** The `firebreak.dev/alert-match` value that catches this integration's alerts. */
  alertMatch?: string;
  /** The label the sender should add so `alertMatch` catches its alerts. */
  catchAllLabel?: { name: string; value: string };
}

/**
 * Something the importer could not carry over as it was:
 * - `unmapped`: left out entirely;
 * - `approximated`: mapped, but Firebreak behaves differently;
 * - `guessed`: mapped from a guess the owner should check (user or team names).
 */
export interface Problem {
  kind: 'unmapped' | 'approximated' | 'guessed';
  /** What it is about, e.g. `Opsgenie rotation "Backup" of schedule "Payments"`. */
  where: string;
  message: string;
}

/** What a mapper makes of an export. */
export interface MigrationResult {
  product: 'Opsgenie' | 'Grafana OnCall';
  groups: MappedGroup[];
  routing: RoutingHint[];
  problems: Problem[];
}

/** Optional maps from the old product's identities to catalog entity refs. */
export interface IdentityMaps {
  /** E-mail, username or id → entity ref (`user:alice`, or just `alice`). */
  users?: Record<string, string>;
  /** Team id or name (or Slack user group id) → entity ref (`group:payments`, or `payments`). */
  teams?: Record<string, string>;
}

/** An export that is not what the product's API answers; the message says what was expected. */
export class ExportShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportShapeError';
  }
}
