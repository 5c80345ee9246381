import { IndexableDocument } from '@backstage/plugin-search-common';
import { PostmortemStatus } from './postmortems';
import { IncidentStatus } from './types';

/** The search document type (collator `type`) of incidents and their postmortems. */
export const INCIDENT_SEARCH_TYPE = 'incident';

/**
 * An incident as Backstage search indexes it: `title` is the incident's title, `text`
 * its summary, timeline notes and postmortem sections, `location` its page, and
 * `authorization.resourceRef` its id, so each result is checked against
 * `incidents.incident.read` for the searching user.
 */
export type IncidentSearchDocument = IndexableDocument & {
  /** Human reference, `INC-<id>`. */
  ref: string;
  /** A severity id of the policy, e.g. `P2`. */
  severity: string;
  status: IncidentStatus;
  /** The primary entity (ref). */
  entityRef: string;
  /** Owner of the primary entity when the incident was declared. */
  ownerRef?: string;
  /** The postmortem's status, when the incident has one. */
  postmortemStatus?: PostmortemStatus;
  detectedAt: string;
};
