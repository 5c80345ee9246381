export interface Config {
  /** Firebreak incident management. */
  incidents?: {
    /**
     * The severity policy, most severe first. Defaults to P1-P5 (P1/P2 page the on-call
     * and require a postmortem). Durations are ISO-8601 (PT30M, P7D).
     */
    severities?: Array<{
      /** Stable id stored on incidents, e.g. P1. */
      id: string;
      /** Short label, e.g. Critical. */
      label: string;
      /** When to use this level. */
      description?: string;
      /** Whether this level pages the on-call (otherwise notifies the owner team). */
      pages?: boolean;
      /** Whether resolving an incident at this level requires a postmortem. */
      postmortemRequired?: boolean;
      /** Acknowledgement target. */
      acknowledgeWithin?: string;
      /** Resolution target. */
      resolveWithin?: string;
      /** Expected status-update cadence while open. */
      updateEvery?: string;
      /** How long after resolution the postmortem is due. */
      postmortemDueWithin?: string;
    }>;
  };
}
