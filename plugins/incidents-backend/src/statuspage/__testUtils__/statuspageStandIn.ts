import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the stand-in answered. */
export interface StatuspageCall {
  method: string;
  path: string;
  /** The parsed JSON body. */
  body: any;
  status: number;
  /** What it answered. */
  response: any;
}

/** How the stand-in should fail a request. */
export type StatuspageFault =
  | { status: 420 | 429; retryAfter?: number }
  | { status: 401 | 403 | 404 | 422 | 500 | 502 | 503 };

/** An incident as the stand-in keeps it. */
export interface StandInIncident {
  id: string;
  name: string;
  status: string;
  componentIds: string[];
  updates: Array<{ id: string; status: string; body: string }>;
}

const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
];
const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];
const INCIDENT_FIELDS = new Set([
  'name',
  'status',
  'body',
  'component_ids',
  'components',
  'impact_override',
  'deliver_notifications',
  'metadata',
]);

/**
 * A local stand-in of Atlassian Statuspage's REST API v1 for tests: a real HTTP server
 * on 127.0.0.1 that checks `Authorization: OAuth <key>`, the page id in the path and the
 * `{ incident: {...} }` body of `POST /v1/pages/{page_id}/incidents` and
 * `PATCH /v1/pages/{page_id}/incidents/{incident_id}` (statuses, component ids of the
 * page and their states), answers with Statuspage's incident object, records every
 * request and can be told to fail.
 */
export class StatuspageStandIn {
  /** Starts it on an ephemeral port with a page holding `componentIds`. */
  static async start(options: {
    apiKey: string;
    pageId: string;
    componentIds: string[];
  }): Promise<StatuspageStandIn> {
    const standIn = new StatuspageStandIn(options);
    await new Promise<void>(resolve =>
      standIn.server.listen(0, '127.0.0.1', resolve),
    );
    return standIn;
  }

  readonly calls: StatuspageCall[] = [];
  /** Component id → status, as the last request set it. */
  readonly components = new Map<string, string>();
  readonly incidents = new Map<string, StandInIncident>();
  private readonly server: http.Server;
  private readonly apiKey: string;
  private readonly pageId: string;
  private readonly faults: Array<{
    fault: StatuspageFault;
    when?: (method: string, body: any) => boolean;
  }> = [];
  private downWith?: StatuspageFault;
  private nextId = 1;
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  private constructor(options: {
    apiKey: string;
    pageId: string;
    componentIds: string[];
  }) {
    this.apiKey = options.apiKey;
    this.pageId = options.pageId;
    for (const id of options.componentIds)
      this.components.set(id, 'operational');
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => this.answer(req, body, res));
    });
  }

  /** Base URL to give as `incidents.statusPage.atlassian.baseUrl`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Fails the next requests, one per fault given. */
  failNext(...faults: StatuspageFault[]) {
    for (const fault of faults) this.faults.push({ fault });
  }

  /** Fails the first request whose method and JSON body satisfy `when`, once. */
  failWhen(
    when: (method: string, body: any) => boolean,
    fault: StatuspageFault,
  ) {
    this.faults.push({ fault, when });
  }

  /** Fails every request until {@link StatuspageStandIn.recover}. */
  goDown(fault: StatuspageFault = { status: 500 }) {
    this.downWith = fault;
  }

  recover() {
    this.downWith = undefined;
  }

  /** Successful requests of `method` (`POST`, `PATCH`). */
  succeeded(method: string): StatuspageCall[] {
    return this.calls.filter(
      c => c.method === method && c.status >= 200 && c.status < 300,
    );
  }

  /** Resolves once a request satisfies `test` (default: a successful one). */
  waitFor(
    test: (call: StatuspageCall) => boolean = call =>
      call.status >= 200 && call.status < 300,
  ): Promise<StatuspageCall> {
    const find = () => this.calls.find(test);
    return new Promise(resolve => {
      const found = find();
      if (found) {
        resolve(found);
        return;
      }
      this.waiters.push({
        test: () => !!find(),
        resolve: () => resolve(find()!),
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private newId(): string {
    return `sp${String(this.nextId++).padStart(10, '0')}`;
  }

  private answer(
    req: http.IncomingMessage,
    text: string,
    res: http.ServerResponse,
  ) {
    const method = req.method ?? '';
    const path = (req.url ?? '').split('?')[0];
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const send = (
      status: number,
      response: unknown,
      headers: Record<string, string> = {},
    ) => {
      this.calls.push({ method, path, body, status, response });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(response));
      this.waiters = this.waiters.filter(w => {
        if (!w.test()) return true;
        w.resolve();
        return false;
      });
    };
    const fault = this.takeFault(method, body);
    if (fault) {
      if (fault.status === 420 || fault.status === 429) {
        send(
          fault.status,
          { error: 'Rate limit exceeded' },
          fault.retryAfter !== undefined
            ? { 'retry-after': String(fault.retryAfter) }
            : {},
        );
      } else {
        send(fault.status, { error: faultText(fault.status) });
      }
      return;
    }
    // As Statuspage: the key as an OAuth token, nothing else.
    if (req.headers.authorization !== `OAuth ${this.apiKey}`) {
      send(401, { error: 'Could not authenticate' });
      return;
    }
    const match = /^\/v1\/pages\/([^/]+)\/incidents(?:\/([^/]+))?$/.exec(path);
    if (!match || match[1] !== this.pageId) {
      send(404, { error: 'Not found' });
      return;
    }
    if (!String(req.headers['content-type']).includes('application/json')) {
      send(415, { error: 'Content-Type must be application/json' });
      return;
    }
    const problems = this.problemsOf(body, method === 'POST');
    if (problems.length) {
      send(422, { error: [...new Set(problems)] });
      return;
    }
    const incidentId = match[2];
    if (method === 'POST' && !incidentId) {
      const incident: StandInIncident = {
        id: this.newId(),
        name: body.incident.name,
        status: body.incident.status ?? 'investigating',
        componentIds: body.incident.component_ids ?? [],
        updates: [],
      };
      this.incidents.set(incident.id, incident);
      send(201, this.apply(incident, body.incident));
      return;
    }
    if (method === 'PATCH' && incidentId) {
      const incident = this.incidents.get(incidentId);
      if (!incident) {
        send(404, { error: 'Not found' });
        return;
      }
      send(200, this.apply(incident, body.incident));
      return;
    }
    send(405, { error: 'Method not allowed' });
  }

  private takeFault(method: string, body: any): StatuspageFault | undefined {
    if (this.downWith) return this.downWith;
    const index = this.faults.findIndex(f => !f.when || f.when(method, body));
    return index < 0 ? undefined : this.faults.splice(index, 1)[0].fault;
  }

  private problemsOf(body: any, creating: boolean): string[] {
    const incident = body?.incident;
    if (typeof incident !== 'object' || incident === null) {
      return ['incident is missing'];
    }
    const problems: string[] = [];
    for (const key of Object.keys(incident)) {
      if (!INCIDENT_FIELDS.has(key)) problems.push(`unknown field ${key}`);
    }
    if (creating && (typeof incident.name !== 'string' || !incident.name)) {
      problems.push("Name can't be blank");
    }
    if (incident.name !== undefined && typeof incident.name !== 'string') {
      problems.push('name must be a string');
    }
    if (
      incident.status !== undefined &&
      !INCIDENT_STATUSES.includes(incident.status)
    ) {
      problems.push(`Status ${incident.status} is not included in the list`);
    }
    if (incident.body !== undefined && typeof incident.body !== 'string') {
      problems.push('body must be a string');
    }
    if (incident.component_ids !== undefined) {
      if (!Array.isArray(incident.component_ids)) {
        problems.push('component_ids must be a list');
      } else {
        for (const id of incident.component_ids) {
          if (!this.components.has(id))
            problems.push(`Component ${id} not found`);
        }
      }
    }
    if (incident.components !== undefined) {
      if (
        typeof incident.components !== 'object' ||
        incident.components === null
      ) {
        problems.push('components must be an object');
      } else {
        for (const [id, status] of Object.entries(incident.components)) {
          if (!this.components.has(id))
            problems.push(`Component ${id} not found`);
          if (!COMPONENT_STATUSES.includes(status as string)) {
            problems.push(`Component status ${String(status)} is invalid`);
          }
        }
      }
    }
    return problems;
  }

  /** Applies a create or update and answers with Statuspage's incident object. */
  private apply(incident: StandInIncident, input: any) {
    if (input.name !== undefined) incident.name = input.name;
    if (input.status !== undefined) incident.status = input.status;
    if (input.component_ids !== undefined) {
      incident.componentIds = input.component_ids;
    }
    const affected = Object.entries(
      (input.components ?? {}) as Record<string, string>,
    ).map(([code, status]) => {
      const old = this.components.get(code);
      this.components.set(code, status);
      return { code, name: code, old_status: old, new_status: status };
    });
    incident.updates.unshift({
      id: this.newId(),
      status: incident.status,
      body: input.body ?? '',
    });
    const at = '2026-12-15T10:00:00.000Z';
    return {
      id: incident.id,
      name: incident.name,
      status: incident.status,
      page_id: this.pageId,
      impact: 'minor',
      shortlink: `https://stspg.io/${incident.id}`,
      created_at: at,
      updated_at: at,
      resolved_at: incident.status === 'resolved' ? at : null,
      components: incident.componentIds.map(id => ({
        id,
        page_id: this.pageId,
        name: id,
        status: this.components.get(id),
      })),
      incident_updates: incident.updates.map((update, index) => ({
        id: update.id,
        incident_id: incident.id,
        status: update.status,
        body: update.body,
        created_at: at,
        display_at: at,
        affected_components: index === 0 ? affected : [],
      })),
    };
  }
}

function faultText(status: number): string {
  switch (status) {
    case 401:
      return 'Could not authenticate';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 422:
      return 'Unprocessable';
    default:
      return 'Internal Server Error';
  }
}
