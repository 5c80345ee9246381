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
       * Optional Slack incoming webhooks, the simpler legacy option beside the Slack app
       * (`incidents.slack`). Every incident notification (declared,
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

    /**
     * The scheduled runbook link check: runbook URLs in the catalog on these hosts are
     * requested (HEAD, then GET) and flagged dead on 4xx, 5xx, timeouts and TLS or
     * connection errors. No host outside `allowedHosts` is ever asked; without it,
     * nothing is checked.
     */
    runbookLinks?: {
      /** `wiki.example.com` for that host, `.example.com` for it and its subdomains. */
      allowedHosts?: string[];
      /** How often, ISO-8601; default PT1H. */
      checkEvery?: string;
      /** Per request, ISO-8601; default PT5S. */
      timeout?: string;
      /** Requests at once; default 4. */
      concurrency?: number;
      /**
       * How often open *add runbook* follow-ups are checked against the catalog (they
       * close once the alert's row names a runbook), ISO-8601; default PT5M. Runs
       * whatever `allowedHosts` says.
       */
      followUpCheckEvery?: string;
    };

    /** The public status page at `/api/incidents/status-page` (no sign-in). */
    statusPage?: {
      /** Its heading and browser title; default `Service status`. */
      title?: string;
      /**
       * Optional push of public status updates to Atlassian Statuspage (REST API v1):
       * an incident on entities with `firebreak.dev/statuspage-component` gets a
       * Statuspage incident from its first public status update, updated by later ones
       * and resolved with it. Internal updates are never pushed.
       */
      atlassian?: {
        /**
         * Statuspage API key (user menu > API info), sent as `Authorization: OAuth <key>`.
         * @visibility secret
         */
        apiKey: string;
        /** Id of the Statuspage page the incidents go to, e.g. `kctbh9vrtdwd`. */
        pageId: string;
        /** Base URL of the Statuspage API; default `https://api.statuspage.io`. */
        baseUrl?: string;
      };
    };

    /**
     * The Slack app (bot token): one message per incident in the owner team's channel
     * (Group annotation `firebreak.dev/slack-channel`, else `defaultChannel`), changes
     * in its thread, and a channel of its own for the severities in `incidentChannels`.
     * See the README's Slack section for the bot scopes.
     */
    slack?: {
      /**
       * Bot User OAuth Token of the Slack app (`xoxb-...`).
       * @visibility secret
       */
      botToken: string;
      /** Base URL of the Slack Web API; default `https://slack.com/api/`. */
      apiUrl?: string;
      /** Severities whose incidents get a channel of their own, e.g. [P1, P2]; default none. */
      incidentChannels?: string[];
      /** Channel id (`C0123456789`) or `#name` for teams without the annotation. */
      defaultChannel?: string;
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
      /**
       * When ingestion falls behind: requests beyond these are answered 503 with
       * Retry-After before anything is stored (senders retry), instead of every
       * request slowing down and the backend's memory growing.
       */
      backpressure?: {
        /** Ingest requests processed at once per backend instance; default 16. */
        maxConcurrent?: number;
        /** Requests that may wait for their turn; default 256. */
        maxQueued?: number;
        /** How long one may wait, ISO-8601; default PT10S. */
        maxWait?: string;
      };
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

    /**
     * Jira issues for action items (off when absent). Cloud uses REST v3 with Basic
     * `email:apiToken`; Data Center uses REST v2 with a personal access token.
     */
    jira?: {
      /** e.g. `https://example.atlassian.net` or `https://jira.example.com`. */
      baseUrl: string;
      /** `cloud` (default) or `datacenter`. */
      flavor?: 'cloud' | 'datacenter';
      /** Cloud: the Atlassian account the API token belongs to. */
      email?: string;
      /**
       * Cloud: an API token of `email` (id.atlassian.com → Security → API tokens).
       * @visibility secret
       */
      apiToken?: string;
      /**
       * Data Center: a personal access token (Profile → Personal Access Tokens).
       * @visibility secret
       */
      personalAccessToken?: string;
      /** Default project key, e.g. `OPS`. */
      project: string;
      /** Default issue type name; default `Task`. */
      issueType?: string;
      /**
       * Per team, by group ref (`group:default/payments` or `payments`); a Group's
       * `firebreak.dev/jira-project` annotation takes precedence.
       */
      teams?: {
        [groupRef: string]: { project?: string; issueType?: string };
      };
      /** Jira status category key that makes an item done; default `done`. */
      doneStatusCategory?: string;
      /** How long to wait for Jira (ISO-8601 duration); default PT10S. */
      timeout?: string;
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
