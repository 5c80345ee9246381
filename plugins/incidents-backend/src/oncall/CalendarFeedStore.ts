/** The one writer of `oncall_calendar_feeds`: each user's calendar feed token (hashed). */
export interface CalendarFeedStore {
  /** Sets the user's token, replacing (so revoking) any earlier one. */
  replace(userRef: string, tokenHash: string, at: Date): Promise<void>;
  /** Deletes the user's token; false when there was none. */
  revoke(userRef: string): Promise<boolean>;
  /** The user a token belongs to. */
  userFor(tokenHash: string): Promise<string | undefined>;
}
