import { ServiceUnavailableError } from '@backstage/errors';

/** Jira Cloud (REST v3, Basic `email:apiToken`) or Data Center (REST v2, Bearer PAT). */
export type JiraFlavor = 'cloud' | 'datacenter';

/** How the client reaches and signs in to Jira. */
export type JiraConnection = {
  /** Without a trailing slash, e.g. `https://example.atlassian.net`. */
  baseUrl: string;
  flavor: JiraFlavor;
  /** The value of the `Authorization` header. */
  authorization: string;
  timeoutMs: number;
};

/** What an issue is made of; `description` is plain paragraphs, links as URLs. */
export type NewJiraIssue = {
  project: string;
  issueType: string;
  summary: string;
  /** Paragraphs; a paragraph's parts are text or links. */
  description: Array<Array<string | { text: string; href: string }>>;
  labels: string[];
};

/** An issue as Firebreak reads it back. */
export type JiraIssueStatus = {
  key: string;
  /** Status name, e.g. `In Progress`. */
  status: string;
  /** Status category key: `new`, `indeterminate` or `done`. */
  categoryKey: string;
};

/** A failure talking to Jira; answered as 503 with a message saying what Jira said. */
export class JiraError extends ServiceUnavailableError {
  /**
   * Jira's HTTP status; absent when Jira did not answer. Not `status`: the error
   * handler would answer with that instead of 503.
   */
  readonly jiraStatus?: number;

  constructor(message: string, jiraStatus?: number) {
    super(message);
    this.jiraStatus = jiraStatus;
  }
}

/**
 * A thin client over Jira's REST API (v3 on Cloud, v2 on Data Center), with a timeout
 * and Jira's error bodies (`errorMessages`, `errors`) turned into one readable message.
 */
export class JiraClient {
  constructor(private readonly connection: JiraConnection) {}

  /** Where people open an issue. */
  browseUrl(key: string): string {
    return `${this.connection.baseUrl}/browse/${encodeURIComponent(key)}`;
  }

  /** Creates an issue and returns its key. */
  async createIssue(issue: NewJiraIssue): Promise<{ id: string; key: string }> {
    const body = {
      fields: {
        project: { key: issue.project },
        issuetype: { name: issue.issueType },
        summary: issue.summary,
        description:
          this.connection.flavor === 'cloud'
            ? toAdf(issue.description)
            : toPlainText(issue.description),
        labels: issue.labels,
      },
    };
    const created = (await this.request('POST', 'issue', body)) as {
      id?: unknown;
      key?: unknown;
    };
    if (typeof created?.key !== 'string') {
      throw new JiraError(
        `Jira at ${this.connection.baseUrl} answered the new issue without a key`,
      );
    }
    return { id: String(created.id ?? ''), key: created.key };
  }

  /**
   * The statuses of the issues with these keys. Issues that no longer exist (or that
   * the credentials cannot see) are left out.
   */
  async getStatuses(keys: string[]): Promise<JiraIssueStatus[]> {
    if (!keys.length) return [];
    const jql = `key in (${keys.map(k => `"${k}"`).join(', ')})`;
    // Cloud retired GET /rest/api/3/search for /search/jql; Data Center keeps /search.
    const path = this.connection.flavor === 'cloud' ? 'search/jql' : 'search';
    const params = new URLSearchParams({
      jql,
      fields: 'status',
      maxResults: String(keys.length),
    });
    try {
      const found = (await this.request('GET', `${path}?${params}`)) as {
        issues?: unknown[];
      };
      return (found?.issues ?? []).flatMap(toStatus);
    } catch (error) {
      // JQL refuses the whole search when one key does not exist (a deleted or moved
      // issue); then each issue on its own, so one gone issue stops no other.
      if (!(error instanceof JiraError) || error.jiraStatus !== 400)
        throw error;
      const each = await Promise.all(keys.map(key => this.getStatus(key)));
      return each.flatMap(status => (status ? [status] : []));
    }
  }

  private async getStatus(key: string): Promise<JiraIssueStatus | undefined> {
    try {
      const issue = await this.request(
        'GET',
        `issue/${encodeURIComponent(key)}?fields=status`,
      );
      return toStatus(issue)[0];
    } catch (error) {
      if (error instanceof JiraError && error.jiraStatus === 404)
        return undefined;
      throw error;
    }
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const { baseUrl, flavor, authorization, timeoutMs } = this.connection;
    const url = `${baseUrl}/rest/api/${flavor === 'cloud' ? 3 : 2}/${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw new JiraError(
        timedOut
          ? `Jira at ${baseUrl} did not answer within ${timeoutMs} ms`
          : `Jira at ${baseUrl} could not be reached: ${describe(error)}`,
      );
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      try {
        return text ? JSON.parse(text) : undefined;
      } catch {
        throw new JiraError(
          `Jira at ${baseUrl} answered ${method} ${path} with non-JSON`,
          res.status,
        );
      }
    }
    throw new JiraError(
      errorMessage(res.status, text, this.connection),
      res.status,
    );
  }
}

function errorMessage(
  status: number,
  text: string,
  connection: JiraConnection,
): string {
  const said = jiraSays(text);
  const suffix = said ? `: ${said}` : '';
  if (status === 401 || status === 403) {
    const keys =
      connection.flavor === 'cloud'
        ? 'incidents.jira.email and incidents.jira.apiToken'
        : 'incidents.jira.personalAccessToken';
    return `Jira at ${connection.baseUrl} refused Firebreak's credentials (HTTP ${status}); check ${keys}${suffix}`;
  }
  if (status === 404) {
    return `Jira at ${connection.baseUrl} answered 404 Not Found${suffix}`;
  }
  return `Jira at ${connection.baseUrl} answered HTTP ${status}${suffix}`;
}

/** Jira's error shape: `{ errorMessages: string[], errors: { field: message } }`. */
function jiraSays(text: string): string {
  try {
    const body = JSON.parse(text) as {
      errorMessages?: unknown;
      errors?: unknown;
    };
    const messages = Array.isArray(body.errorMessages)
      ? body.errorMessages.filter(m => typeof m === 'string')
      : [];
    const fields =
      body.errors && typeof body.errors === 'object'
        ? Object.entries(body.errors as Record<string, unknown>).map(
            ([field, message]) => `${field}: ${String(message)}`,
          )
        : [];
    return [...messages, ...fields].join('; ');
  } catch {
    return '';
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return cause?.code ?? cause?.message ?? String(error);
}

function toStatus(issue: unknown): JiraIssueStatus[] {
  const value = issue as {
    key?: unknown;
    fields?: {
      status?: { name?: unknown; statusCategory?: { key?: unknown } };
    };
  };
  const status = value?.fields?.status;
  if (typeof value?.key !== 'string' || typeof status?.name !== 'string') {
    return [];
  }
  return [
    {
      key: value.key,
      status: status.name,
      categoryKey: String(status.statusCategory?.key ?? ''),
    },
  ];
}

/** Atlassian Document Format, which REST v3 requires for rich-text fields. */
function toAdf(paragraphs: NewJiraIssue['description']) {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map(parts => ({
      type: 'paragraph',
      content: parts
        .filter(part => (typeof part === 'string' ? part : part.text))
        .map(part =>
          typeof part === 'string'
            ? { type: 'text', text: part }
            : {
                type: 'text',
                text: part.text,
                marks: [{ type: 'link', attrs: { href: part.href } }],
              },
        ),
    })),
  };
}

/** REST v2 takes wiki-markup text; links are written as bare URLs, which it links. */
function toPlainText(paragraphs: NewJiraIssue['description']): string {
  return paragraphs
    .map(parts =>
      parts
        .map(part => {
          if (typeof part === 'string') return part;
          return part.text === part.href
            ? part.href
            : `${part.text} (${part.href})`;
        })
        .join(''),
    )
    .join('\n\n');
}
