import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** What an alert sender asks for. */
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';

/** One alert, in the shape every source is turned into before Firebreak stores it. */
export type NormalizedAlert = {
  action: AlertAction;
  /**
   * Stable identity of the alert at its source (Alertmanager fingerprint, PagerDuty
   * dedup_key...). Required for acknowledge/resolve; on a trigger without one, Firebreak
   * derives one from the alert name and labels.
   */
  dedupKey?: string;
  /** Alert name as the source sends it (any characters), e.g. `HighErrorRate`. */
  name: string;
  summary?: string;
  /** Severity as the source says it (`critical`, `warning`, `P2`...); mapped by config. */
  severity?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO-8601 instant the source saw it start. */
  startsAt?: string;
  /**
   * ISO-8601 instant the source saw it end, on a resolve; the alert's resolution time
   * when given (Firebreak's receipt time otherwise).
   */
  endsAt?: string;
  /** Link back to where the alert is defined or graphed. */
  sourceUrl?: string;
  /** An entity ref when the source names one outright. */
  entityRef?: string;
  /**
   * Names the source's own fields give the affected service (PagerDuty's
   * `payload.component` and `payload.source`), tried in order as entity names after the
   * routing labels.
   */
  entityNames?: string[];
};

/** What Firebreak did with one alert of a batch. */
export type AlertIngestOutcome =
  | 'opened'
  | 'repeated'
  | 'acknowledged'
  | 'resolved'
  | 'ignored';

/** The result for one alert, for the source to shape its HTTP answer from. */
export type AlertIngestResult = {
  outcome: AlertIngestOutcome;
  dedupKey: string;
  alertId?: number;
  incidentId?: number;
  /** Routed entity, or undefined when the alert landed in the unrouted inbox. */
  entityRef?: string;
  message: string;
};

/** A kind of alert sender: parses its payloads and shapes its answers. */
export interface AlertSource {
  /** URL segment and source name: alerts arrive at `POST /api/incidents/alerts/<id>`. */
  id: string;
  /**
   * Turns a parsed JSON body into alerts. Throw `InputError` (from @backstage/errors)
   * naming what was wrong; nothing of a refused payload is stored.
   */
  parse(body: unknown): NormalizedAlert[];
  /** The HTTP answer; defaults to `202 { results }`. */
  respond?(results: AlertIngestResult[]): { status: number; body: unknown };
}

/** Lets backend modules add alert sources (Datadog, Grafana...) without touching the plugin. */
export interface IncidentsAlertSourcesExtensionPoint {
  addAlertSource(source: AlertSource): void;
}

/** Extension point for {@link AlertSource}s. */
export const incidentsAlertSourcesExtensionPoint =
  createExtensionPoint<IncidentsAlertSourcesExtensionPoint>({
    id: 'incidents.alert-sources',
  });
