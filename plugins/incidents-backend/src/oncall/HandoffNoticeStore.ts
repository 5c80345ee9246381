/** The one writer of `oncall_handoff_notices`: which shifts were announced. */
export interface HandoffNoticeStore {
  /**
   * Claims the notice of one shift: true for the one caller that should send it, false
   * when it was claimed before (by an earlier run or another instance).
   */
  claim(
    notice: { groupRef: string; userRef: string; shiftStart: string },
    at: Date,
  ): Promise<boolean>;
}
