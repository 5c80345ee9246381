import { IncidentStatus } from './types';

/** Statuses from which an incident can still change as an open incident. */
export const OPEN_STATUSES: readonly IncidentStatus[] = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
];

/**
 * The incident state machine: for each status, the statuses it may move to.
 * `merged` is reached only through the merge operation, never a plain transition.
 */
export const INCIDENT_TRANSITIONS: Readonly<
  Record<IncidentStatus, readonly IncidentStatus[]>
> = {
  triggered: [
    'acknowledged',
    'investigating',
    'identified',
    'monitoring',
    'resolved',
    'declined',
  ],
  acknowledged: [
    'investigating',
    'identified',
    'monitoring',
    'resolved',
    'declined',
  ],
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['investigating'],
  declined: [],
  merged: [],
};

/** Whether an incident in `status` is still open. */
export function isOpenStatus(status: IncidentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The statuses an incident in `from` may move to. */
export function allowedTransitions(
  from: IncidentStatus,
): readonly IncidentStatus[] {
  return INCIDENT_TRANSITIONS[from] ?? [];
}

/** Whether moving from `from` to `to` is a legal transition. */
export function canTransition(
  from: IncidentStatus,
  to: IncidentStatus,
): boolean {
  return allowedTransitions(from).includes(to);
}

const WORKING_STATUSES: readonly IncidentStatus[] = [
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
];

/** The lifecycle instants a transition sets (a Date) or clears (null). */
export type TransitionTimestamps = {
  acknowledgedAt?: Date;
  mitigatedAt?: Date | null;
  resolvedAt?: Date | null;
};

/**
 * The instants moving an incident from its current state to `to` at `now` stamps.
 * Only a move that `acknowledges` (someone took the incident on: a responder, or the
 * alert's sender reporting an acknowledgement) sets `acknowledgedAt`; a move automation
 * makes on its own, such as to monitoring when all alerts resolved, does not, so MTTA
 * counts real acknowledgements only. Reopening a resolved incident clears mitigation
 * and resolution.
 */
export function transitionTimestamps(
  current: {
    status: IncidentStatus;
    acknowledgedAt?: string;
    mitigatedAt?: string;
  },
  to: IncidentStatus,
  now: Date,
  options: { acknowledges: boolean },
): TransitionTimestamps {
  const stamps: TransitionTimestamps = {};
  const reopening = current.status === 'resolved';
  if (reopening) {
    stamps.resolvedAt = null;
    stamps.mitigatedAt = null;
  }
  if (
    options.acknowledges &&
    WORKING_STATUSES.includes(to) &&
    !current.acknowledgedAt
  ) {
    stamps.acknowledgedAt = now;
  }
  if (to === 'monitoring' && (!current.mitigatedAt || reopening)) {
    stamps.mitigatedAt = now;
  }
  if (to === 'resolved') {
    stamps.resolvedAt = now;
    if (!current.mitigatedAt) stamps.mitigatedAt = now;
  }
  return stamps;
}
