import { PublicStage } from '../StatusPageService';
import { StatuspageSettings } from './statuspageSettings';

/** A component's status as Statuspage's API names it. */
export type StatuspageComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage';

/** The `incident` object of a create or update call. */
export interface StatuspageIncidentInput {
  /** Only sent when creating, or when the affected components changed. */
  name?: string;
  status: PublicStage;
  /** The text of the incident update this call makes. */
  body: string;
  component_ids?: string[];
  components?: Record<string, StatuspageComponentStatus>;
}

/** What the sender keeps of Statuspage's answer. */
export interface StatuspageIncident {
  id: string;
  /** Id of the incident update the call made, when Statuspage listed one. */
  incidentUpdateId?: string;
}

/** A failed Statuspage call, as the sender decides about retrying it. */
export interface StatuspageFailure {
  /** `http_401`, `http_500`, `timeout`, `request_failed` or `bad_response`. */
  code: string;
  /** Retrying cannot help: the key, the page or a component id must be fixed first. */
  permanent: boolean;
  /** Statuspage's `Retry-After`, in ms, when it gave one. */
  retryAfterMs?: number;
  /** One line for logs and the timeline; never the API key. */
  detail: string;
}

/** A Statuspage call failed; see {@link StatuspageFailure}. */
export class StatuspageCallError extends Error {
  constructor(readonly failure: StatuspageFailure) {
    super(failure.detail);
  }
}

const CALL_TIMEOUT_MS = 10_000;
// Statuspage answers these the same way however often the request is repeated.
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 422]);
const MAX_DETAIL = 300;

/**
 * The calls Firebreak makes to Atlassian Statuspage's REST API v1 (create and update an
 * incident of one page), with `Authorization: OAuth <api key>` and a timeout each.
 * Failures are thrown as {@link StatuspageCallError}; it does not retry by itself.
 */
export class StatuspageClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly settings: StatuspageSettings,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS;
  }

  /** `POST /v1/pages/{page_id}/incidents`. */
  async createIncident(
    incident: StatuspageIncidentInput,
  ): Promise<StatuspageIncident> {
    return this.send('POST', this.incidentsPath(), { incident });
  }

  /** `PATCH /v1/pages/{page_id}/incidents/{incident_id}`. */
  async updateIncident(
    id: string,
    incident: StatuspageIncidentInput,
  ): Promise<StatuspageIncident> {
    return this.send(
      'PATCH',
      `${this.incidentsPath()}/${encodeURIComponent(id)}`,
      { incident },
    );
  }

  private incidentsPath(): string {
    return `/v1/pages/${encodeURIComponent(this.settings.pageId)}/incidents`;
  }

  private async send(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
  ): Promise<StatuspageIncident> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `OAuth ${this.settings.apiKey}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new StatuspageCallError(requestFailure(error, this.timeoutMs));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      throw new StatuspageCallError(httpFailure(res, text));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const incident = parsed as
      | { id?: unknown; incident_updates?: Array<{ id?: unknown }> }
      | undefined;
    if (typeof incident?.id !== 'string' || !incident.id) {
      throw new StatuspageCallError({
        code: 'bad_response',
        permanent: false,
        detail: `HTTP ${res.status} without an incident id`,
      });
    }
    // Statuspage lists an incident's updates newest first.
    const latest = incident.incident_updates?.[0]?.id;
    return {
      id: incident.id,
      ...(typeof latest === 'string' && { incidentUpdateId: latest }),
    };
  }
}

function httpFailure(res: Response, text: string): StatuspageFailure {
  const status = res.status;
  // 420 is Statuspage's own "rate limited", beside 429.
  const retryAfterMs =
    status === 420 || status === 429
      ? retryAfterOf(res.headers.get('retry-after'))
      : undefined;
  const said = errorText(text);
  return {
    code: `http_${status}`,
    permanent: PERMANENT_STATUSES.has(status),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    detail: `HTTP ${status}${said ? `: ${said}` : ''}`,
  };
}

/** Statuspage's `error` (a string or a list of them), cut short. */
function errorText(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error =
    (parsed as { error?: unknown; message?: unknown } | null)?.error ??
    (parsed as { message?: unknown } | null)?.message;
  const list = Array.isArray(error) ? error : [error];
  const said = list.filter(e => typeof e === 'string').join('; ');
  return said ? said.replace(/\s+/g, ' ').slice(0, MAX_DETAIL) : undefined;
}

function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return undefined;
}

function requestFailure(error: unknown, timeoutMs: number): StatuspageFailure {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      code: 'timeout',
      permanent: false,
      detail: `no answer within ${timeoutMs} ms`,
    };
  }
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
    ?.code;
  return {
    code: 'request_failed',
    permanent: false,
    detail: `request failed: ${
      error instanceof Error ? error.message : String(error)
    }${cause ? ` (${String(cause)})` : ''}`,
  };
}
