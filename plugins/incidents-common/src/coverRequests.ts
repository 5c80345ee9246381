/** Where a "cover me" request stands. */
export type CoverRequestStatus =
  | 'pending'
  | 'accepted'
  | 'declined'
  | 'cancelled';

/**
 * A member's request that a teammate take their on-call for a while ("cover me"). When
 * the teammate accepts, it becomes an on-call override (`overrideId`).
 */
export type CoverRequest = {
  id: number;
  groupRef: string;
  /** Who asked. */
  requesterRef: string;
  /** The teammate asked to take the on-call. */
  coverRef: string;
  startsAt: string;
  endsAt: string;
  reason?: string;
  status: CoverRequestStatus;
  /** The override the acceptance created. */
  overrideId?: number;
  createdAt: string;
  /** When it was accepted, declined or cancelled. */
  decidedAt?: string;
};
