import http from 'node:http';
import { AddressInfo } from 'node:net';
import { JiraFlavor } from '../JiraClient';

/** An issue the stand-in keeps. */
export type StandInIssue = {
  id: string;
  key: string;
  /** The `fields` of the create request, as sent. */
  fields: Record<string, any>;
  status: string;
  categoryKey: string;
};

/** A running stand-in Jira; see {@link startJiraStandIn}. */
export type JiraStandIn = {
  baseUrl: string;
  issues: Map<string, StandInIssue>;
  /** Every request, as `METHOD path?query`. */
  requests: string[];
  /** Changes an issue's status, as someone working in Jira would. */
  setStatus(key: string, status: string, categoryKey: string): void;
  /** Makes creates wait (after their checks) until {@link JiraStandIn.release}. */
  hold(): void;
  release(): void;
  /** Resolves once `count` creates are waiting on {@link JiraStandIn.hold}. */
  whenWaiting(count: number): Promise<void>;
  /** Answers every request with this HTTP status from now on (e.g. 502), or stops. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
};

/**
 * A local stand-in for Jira's REST API, real HTTP on 127.0.0.1 with an ephemeral port,
 * for one flavor: Cloud answers `/rest/api/3/...` with Basic `email:apiToken`, Data
 * Center `/rest/api/2/...` with `Bearer <token>`; anything else is 401 or 404. Creates
 * are checked like Jira does (project, issue type, summary; an ADF document as
 * description on v3, a string on v2) and refused with Jira's error shape.
 */
export async function startJiraStandIn(options: {
  flavor: JiraFlavor;
  /** Cloud. */
  email?: string;
  apiToken?: string;
  /** Data Center. */
  personalAccessToken?: string;
  /** Project key → its issue type names. */
  projects: Record<string, string[]>;
}): Promise<JiraStandIn> {
  const version = options.flavor === 'cloud' ? 3 : 2;
  const expectedAuth =
    options.flavor === 'cloud'
      ? `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString(
          'base64',
        )}`
      : `Bearer ${options.personalAccessToken}`;
  const issues = new Map<string, StandInIssue>();
  const requests: string[] = [];
  const counters = new Map<string, number>();
  let held = false;
  let waiting: Array<() => void> = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  let failure: number | undefined;

  const notifyWaiters = () => {
    waiters = waiters.filter(w => {
      if (waiting.length >= w.count) w.resolve();
      return waiting.length < w.count;
    });
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const jiraError = (
    res: http.ServerResponse,
    status: number,
    errorMessages: string[],
    errors: Record<string, string> = {},
  ) => send(res, status, { errorMessages, errors });

  const toJson = (issue: StandInIssue, base: string) => ({
    id: issue.id,
    key: issue.key,
    self: `${base}/rest/api/${version}/issue/${issue.id}`,
    fields: {
      status: {
        name: issue.status,
        statusCategory: { key: issue.categoryKey },
      },
    },
  });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (failure !== undefined) {
      jiraError(res, failure, ['Jira is having a bad day']);
      return;
    }
    if (req.headers.authorization !== expectedAuth) {
      jiraError(res, 401, [
        'You are not authenticated. Authentication required to perform this operation.',
      ]);
      return;
    }
    const prefix = `/rest/api/${version}/`;
    if (!url.pathname.startsWith(prefix)) {
      jiraError(res, 404, [`No such resource: ${url.pathname}`]);
      return;
    }
    const path = url.pathname.slice(prefix.length);

    if (req.method === 'POST' && path === 'issue') {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        jiraError(res, 400, ['Unexpected character: the body is not JSON']);
        return;
      }
      const fields = body?.fields ?? {};
      const errors: Record<string, string> = {};
      const types = options.projects[fields.project?.key];
      if (!types) errors.project = 'valid project is required';
      else if (!types.includes(fields.issuetype?.name)) {
        errors.issuetype = 'Specify a valid issue type';
      }
      if (typeof fields.summary !== 'string' || !fields.summary.trim()) {
        errors.summary = 'You must specify a summary of the issue.';
      }
      const description = fields.description;
      const validDescription =
        version === 3
          ? description?.type === 'doc' &&
            description?.version === 1 &&
            Array.isArray(description?.content)
          : typeof description === 'string';
      if (description !== undefined && !validDescription) {
        errors.description =
          version === 3
            ? 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'
            : 'Operation value must be a string';
      }
      if (
        fields.labels !== undefined &&
        (!Array.isArray(fields.labels) ||
          fields.labels.some(
            (l: unknown) => typeof l !== 'string' || /\s/.test(l),
          ))
      ) {
        errors.labels = 'Labels must be strings without spaces';
      }
      if (Object.keys(errors).length) {
        jiraError(res, 400, [], errors);
        return;
      }
      if (held) {
        await new Promise<void>(resolve => {
          waiting.push(resolve);
          notifyWaiters();
        });
      }
      const project = fields.project.key as string;
      const n = (counters.get(project) ?? 0) + 1;
      counters.set(project, n);
      const issue: StandInIssue = {
        id: String(10000 + issues.size + 1),
        key: `${project}-${n}`,
        fields,
        status: 'To Do',
        categoryKey: 'new',
      };
      issues.set(issue.key, issue);
      const { id, key, self } = toJson(issue, base);
      send(res, 201, { id, key, self });
      return;
    }

    const searchPath = version === 3 ? 'search/jql' : 'search';
    if (req.method === 'GET' && path === searchPath) {
      const jql = url.searchParams.get('jql') ?? '';
      const match = /^key in \((.*)\)$/.exec(jql.trim());
      if (!match) {
        jiraError(res, 400, [`The stand-in only knows 'key in (...)': ${jql}`]);
        return;
      }
      const keys = match[1]
        .split(',')
        .map(k => k.trim().replace(/^"(.*)"$/, '$1'))
        .filter(Boolean);
      const missing = keys.find(k => !issues.has(k));
      if (missing) {
        jiraError(res, 400, [
          `An issue with key '${missing}' does not exist for field 'key'.`,
        ]);
        return;
      }
      send(res, 200, {
        issues: keys.map(k => toJson(issues.get(k)!, base)),
      });
      return;
    }

    const get = /^issue\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && get) {
      const issue = issues.get(decodeURIComponent(get[1]));
      if (!issue) {
        jiraError(res, 404, [
          'Issue does not exist or you do not have permission to see it.',
        ]);
        return;
      }
      send(res, 200, toJson(issue, base));
      return;
    }
    jiraError(res, 404, [`No such resource: ${url.pathname}`]);
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    issues,
    requests,
    setStatus(key, status, categoryKey) {
      const issue = issues.get(key);
      if (!issue) throw new Error(`The stand-in has no issue ${key}`);
      issue.status = status;
      issue.categoryKey = categoryKey;
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
      const go = waiting;
      waiting = [];
      go.forEach(resolve => resolve());
    },
    whenWaiting(count) {
      return new Promise<void>(resolve => {
        waiters.push({ count, resolve });
        notifyWaiters();
      });
    },
    failWith(status) {
      failure = status;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      });
    },
  };
}
