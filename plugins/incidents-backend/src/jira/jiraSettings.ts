import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Duration } from 'luxon';
import { JiraConnection, JiraFlavor } from './JiraClient';

/** Where a team's issues go. */
export type JiraTarget = { project: string; issueType: string };

/** `incidents.jira`, read and checked. */
export type JiraSettings = {
  connection: JiraConnection;
  /** The default project and issue type. */
  target: JiraTarget;
  /** By full group ref. */
  teams: Map<string, Partial<JiraTarget>>;
  /** Status category key that counts as done; default `done`. */
  doneStatusCategory: string;
};

const DEFAULT_TIMEOUT = 'PT10S';

/**
 * Reads `incidents.jira`; `undefined` when it is not set. A setting that is there but
 * wrong stops the backend with an error naming the key, like the severity policy does.
 */
export function readJiraSettings(config: Config): JiraSettings | undefined {
  const jira = config.getOptionalConfig('incidents.jira');
  if (!jira) return undefined;
  const key = (name: string) => `incidents.jira.${name}`;

  const rawBase = jira.getString('baseUrl');
  let base: URL;
  try {
    base = new URL(rawBase);
  } catch {
    throw new Error(`${key('baseUrl')} '${rawBase}' is not a URL`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`${key('baseUrl')} must be an http(s) URL`);
  }
  const baseUrl = base.toString().replace(/\/+$/, '');

  const flavor = (jira.getOptionalString('flavor') ?? 'cloud') as JiraFlavor;
  if (flavor !== 'cloud' && flavor !== 'datacenter') {
    throw new Error(
      `${key('flavor')} must be cloud or datacenter, not '${flavor}'`,
    );
  }
  let authorization: string;
  if (flavor === 'cloud') {
    const email = jira.getOptionalString('email');
    const apiToken = jira.getOptionalString('apiToken');
    if (!email || !apiToken) {
      throw new Error(
        `Jira Cloud needs ${key('email')} and ${key(
          'apiToken',
        )} (an API token of that Atlassian account)`,
      );
    }
    authorization = `Basic ${Buffer.from(`${email}:${apiToken}`).toString(
      'base64',
    )}`;
  } else {
    const token = jira.getOptionalString('personalAccessToken');
    if (!token) {
      throw new Error(
        `Jira Data Center needs ${key(
          'personalAccessToken',
        )} (a personal access token)`,
      );
    }
    authorization = `Bearer ${token}`;
  }

  const timeoutText = jira.getOptionalString('timeout') ?? DEFAULT_TIMEOUT;
  const timeout = Duration.fromISO(timeoutText);
  if (!timeout.isValid || timeout.toMillis() <= 0) {
    throw new Error(
      `${key(
        'timeout',
      )} '${timeoutText}' is not an ISO-8601 duration, e.g. PT10S`,
    );
  }

  const target = {
    project: projectKey(jira.getString('project'), key('project')),
    issueType: jira.getOptionalString('issueType') ?? 'Task',
  };
  const teams = new Map<string, Partial<JiraTarget>>();
  // Read raw: group refs (`group:default/payments`) are not valid config key segments.
  const rawTeams = jira.getOptional('teams') ?? {};
  if (typeof rawTeams !== 'object' || Array.isArray(rawTeams)) {
    throw new Error(
      `${key('teams')} must map group refs to { project, issueType }`,
    );
  }
  for (const [ref, value] of Object.entries(rawTeams)) {
    const at = `${key('teams')}['${ref}']`;
    let groupRef: string;
    try {
      groupRef = stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new Error(`${at}: '${ref}' is not a group ref`);
    }
    const team = (value ?? {}) as { project?: unknown; issueType?: unknown };
    if (team.project !== undefined && typeof team.project !== 'string') {
      throw new Error(`${at}.project must be a project key`);
    }
    if (team.issueType !== undefined && typeof team.issueType !== 'string') {
      throw new Error(`${at}.issueType must be an issue type name`);
    }
    teams.set(groupRef.toLocaleLowerCase('en-US'), {
      ...(team.project && {
        project: projectKey(team.project, `${at}.project`),
      }),
      ...(team.issueType && { issueType: team.issueType }),
    });
  }

  return {
    connection: {
      baseUrl,
      flavor,
      authorization,
      timeoutMs: timeout.toMillis(),
    },
    target,
    teams,
    doneStatusCategory: jira.getOptionalString('doneStatusCategory') ?? 'done',
  };
}

function projectKey(value: string, at: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(value)) {
    throw new Error(`${at} '${value}' is not a Jira project key, e.g. PAY`);
  }
  return value;
}
