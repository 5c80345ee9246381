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
