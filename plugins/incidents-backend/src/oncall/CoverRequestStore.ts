import {
  CoverRequest,
  CoverRequestStatus,
} from '@firebreak/plugin-incidents-common';

/** A cover request as {@link CoverRequestStore.create} takes it. */
export type NewCoverRequest = {
  groupRef: string;
  requesterRef: string;
  coverRef: string;
  startsAt: Date;
  endsAt: Date;
  reason?: string;
};

/** The one writer of `oncall_cover_requests`. */
export interface CoverRequestStore {
  create(request: NewCoverRequest, at: Date): Promise<CoverRequest>;
  get(id: number): Promise<CoverRequest | undefined>;
  /** The user's requests, asked by or of them, newest first, at most `limit`. */
  listFor(userRef: string, limit: number): Promise<CoverRequest[]>;
  /**
   * Decides a pending request: true when it was pending and now has `status`, false when
   * someone decided it first.
   */
  decide(
    id: number,
    status: Exclude<CoverRequestStatus, 'pending'>,
    at: Date,
  ): Promise<boolean>;
  /** Makes an accepted request pending again (its override could not be stored). */
  reopen(id: number): Promise<void>;
  /** Records the override an acceptance created. */
  setOverride(id: number, overrideId: number): Promise<void>;
}
