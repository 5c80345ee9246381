import { Config } from '@backstage/config';

const CONFIG_KEY = 'incidents.statusPage.atlassian';
/** Atlassian Statuspage's REST API; tests point `baseUrl` at a stand-in. */
export const DEFAULT_STATUSPAGE_BASE_URL = 'https://api.statuspage.io';

// Statuspage page ids are short tokens of letters and digits (`kctbh9vrtdwd`).
const PAGE_ID = /^[A-Za-z0-9]{1,64}$/;

/** `incidents.statusPage.atlassian`, read and checked. */
export interface StatuspageSettings {
  apiKey: string;
  pageId: string;
  /** Without a trailing slash; paths start with `/v1/`. */
  baseUrl: string;
}

/**
 * Reads `incidents.statusPage.atlassian`; undefined when it is absent (no push). Throws
 * an Error naming the key when a value is invalid, so a typo stops startup instead of
 * silently pushing nothing.
 */
export function readStatuspageSettings(
  config: Config,
): StatuspageSettings | undefined {
  const atlassian = config.getOptionalConfig(CONFIG_KEY);
  if (!atlassian) return undefined;
  const apiKey = atlassian.getString('apiKey').trim();
  if (!apiKey) {
    throw new Error(`Invalid config ${CONFIG_KEY}.apiKey: must not be empty`);
  }
  const pageId = atlassian.getString('pageId').trim();
  if (!PAGE_ID.test(pageId)) {
    throw new Error(
      `Invalid config ${CONFIG_KEY}.pageId: '${pageId}' is not a Statuspage page id (letters and digits, e.g. kctbh9vrtdwd)`,
    );
  }
  const baseUrl =
    atlassian.getOptionalString('baseUrl') ?? DEFAULT_STATUSPAGE_BASE_URL;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(
      `Invalid config ${CONFIG_KEY}.baseUrl: '${baseUrl}' is not a URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `Invalid config ${CONFIG_KEY}.baseUrl: must be an http(s) URL, got ${url.protocol}`,
    );
  }
  return { apiKey, pageId, baseUrl: baseUrl.replace(/\/+$/, '') };
}
