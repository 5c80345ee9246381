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

    /** How Firebreak tells people about incidents, besides Backstage notifications. */
    notifications?: {
      /**
       * Optional Slack incoming webhooks. Every incident notification (declared,
       * escalated, status update overdue, resolved) is also posted to the webhook of the
       * incident's owner team, or to `defaultWebhook` when the team has none.
       */
      slack?: {
        /**
         * Incoming webhook URL per owner team, keyed by group entity ref, for example
         * `group:default/payments: https://hooks.slack.com/services/...`.
         * A ref without kind or namespace is read as `group:default/<name>`.
         * @deepVisibility secret
         */
        webhooks?: {
          [groupRef: string]: string;
        };
        /**
         * Incoming webhook URL for incidents whose owner team has no webhook of its own.
         * @visibility secret
         */
        defaultWebhook?: string;
      };
    };

    /** Incident roles that can be assigned; defaults to commander, operations-lead, communications-lead, scribe, subject-matter-expert. */
    roles?: string[];

    /** Alert ingestion (`POST /api/incidents/alerts/<source>`). */
    alerts?: {
      /** Label names whose value is matched to entity names when routing; default [service, app]. */
      routingLabels?: string[];
      /** An open incident on the entity detected or changed this recently is joined (ISO-8601); default PT30M. */
      groupingWindow?: string;
      /** Status an incident moves to when all its alerts resolve, or `none`; default monitoring. */
      resolveIncidentTo?: string;
      /** Severity for alerts nothing else maps; default P3. */
      defaultSeverity?: string;
      /** Sender severities (critical, warning...) to policy severity ids. */
      severityMap?: { [senderSeverity: string]: string };
      /** Largest accepted request body in bytes (larger: 413); default 1 MiB. */
      maxBodyBytes?: number;
      /** Optional HMAC-SHA256 body signatures (header x-firebreak-signature: t=...,v1=...). */
      signing?: {
        /**
         * Shared secret senders sign with.
         * @visibility secret
         */
        secret?: string;
        /** Accepted clock difference for the signature timestamp, in seconds; default 300. */
        toleranceSeconds?: number;
      };
    };

    /** On-call rotations (`firebreak.dev/oncall` on Groups). */
    oncall?: {
      /**
       * How long before a primary shift starts its "you are on call" notification goes
       * to the person taking it (ISO-8601), or `off`; default PT1H.
       */
      handoffNoticeBefore?: string;
    };
  };
}
